/** What a CLI command reads and writes: the process in dist/cli.js, a recorder in tests. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => string;
  readStdin: () => string;
  isTty: boolean;
  cwd: string;
}
