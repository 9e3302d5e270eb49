import type { ReadResult } from '../files/read';

/** What the CLI reads and writes, injected so that tests drive it without a process. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** files a wrapped release names (synchronous: the core plans releases synchronously); throws when refused */
  readFile: (path: string) => string;
  /** standard input, bounded (`-` as a FILE) */
  readStdin: () => Promise<ReadResult>;
  isTty: boolean;
  cwd: string;
}
