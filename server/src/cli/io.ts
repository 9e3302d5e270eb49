/** What the CLI reads and writes, injected so that tests drive it without a process. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => string;
  readStdin: () => string;
  isTty: boolean;
  cwd: string;
}
