/** What every CLI command shares: exit codes, reading the FILE arguments, and the exit code of an input error. */
import type { AnalyzeErrorKind, InputFile } from '../core';
import type { CliIo } from './io';

/** Exit codes (documented in the README). */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  unreadable: 3,
  malformed: 4,
  notCilium: 5,
  internal: 70,
} as const;

export function exitFor(kind: AnalyzeErrorKind): number {
  switch (kind) {
    case 'usage':
    case 'no-input':
      return EXIT.usage;
    case 'malformed':
    case 'helm-template':
    case 'too-large':
      return EXIT.malformed;
    default:
      return EXIT.notCilium;
  }
}

/** Reads the FILE arguments (`-` is standard input); on failure reports it and gives the exit code. */
export function readInputs(names: string[], io: CliIo): { ok: true; files: InputFile[] } | { ok: false; code: number } {
  const files: InputFile[] = [];
  for (const f of names) {
    try {
      files.push({ name: f === '-' ? '<stdin>' : f, text: f === '-' ? io.readStdin() : io.readFile(f) });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why =
        err.code === 'ENOENT'
          ? 'no such file'
          : err.code === 'EISDIR'
            ? 'is a directory'
            : err.code === 'EACCES'
              ? 'permission denied'
              : err.message;
      io.stderr(`cilium-datapath: cannot read ${f}: ${why}\n`);
      return { ok: false, code: EXIT.unreadable };
    }
  }
  return { ok: true, files };
}
