/**
 * What every CLI command shares: exit codes, reading the FILE arguments (through the bounded
 * reader, files/read.ts) and the base files their modelines name (files/bases.ts, as the
 * language server does), and the exit code of an input error.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { MAX_TEXT_BYTES, parseInput, parseModeline, type AnalyzeErrorKind, type InputFile } from '../core';
import { loadBases, type BasePolicy } from '../files/bases';
import { readBounded, readProblemText, type ReadResult } from '../files/read';
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

/** Where the CLI reads base files from: the file's folder (and below) or the working directory. */
export const CLI_BASE_SCOPE = "the file's folder or the working directory";

export interface ReadOptions {
  /** follow `base=` in the files' modelines (default true; `--no-bases` turns it off) */
  bases?: boolean;
  /** say which base files were merged (stderr) */
  verbose?: boolean;
}

/**
 * The FILE arguments, each preceded by the base files its modeline names. A file that cannot be
 * read (or a base that cannot be used) is reported on stderr and left out; the others are still
 * analysed, and `code` is the exit code the command gives when their analysis is fine.
 * `ok: false` when no FILE could be read.
 */
export type ReadInputs =
  { ok: true; files: InputFile[]; code: number | undefined } | { ok: false; code: number; files?: undefined };

function displayName(path: string, cwd: string): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}

export async function readInputs(names: string[], io: CliIo, options: ReadOptions = {}): Promise<ReadInputs> {
  const files: InputFile[] = [];
  /** absolute paths of what is in `files` (stdin: none) */
  const paths: Array<string | undefined> = [];
  let code: number | undefined;
  const fail = (c: number) => {
    code ??= c;
  };
  for (const f of names) {
    const stdin = f === '-';
    const path = stdin ? undefined : resolve(io.cwd, f);
    const read: ReadResult = stdin ? await io.readStdin() : await readBounded(path!);
    if (!('text' in read)) {
      if (read.problem === 'too-large') {
        io.stderr(
          `cilium-datapath: ${f} is larger than ${MAX_TEXT_BYTES / (1024 * 1024)} MiB; Cilium values files and ConfigMaps are far smaller, so it is not read\n`,
        );
        fail(EXIT.malformed);
      } else {
        io.stderr(`cilium-datapath: cannot read ${f}: ${readProblemText(read)}\n`);
        fail(EXIT.unreadable);
      }
      continue;
    }
    const name = stdin ? '<stdin>' : f;
    if (options.bases !== false && read.text.includes('base=')) {
      const modeline = parseModeline(read.text);
      if (modeline.bases.length > 0) {
        // relative to the file; standard input: relative to the working directory
        const docUri = stdin ? `${pathToFileURL(io.cwd).href.replace(/\/?$/, '/')}` : pathToFileURL(path!).href;
        const policy: BasePolicy = {
          trusted: true,
          roots: stdin ? [io.cwd] : [dirname(path!), io.cwd],
          scope: CLI_BASE_SCOPE,
        };
        const bases = await loadBases(docUri, modeline, () => undefined, policy);
        for (const b of bases) {
          const at = `${name}:${b.range.start.line + 1}:${b.range.start.character + 1}`;
          if (b.problem || b.text === undefined || !b.uri) {
            io.stderr(
              `cilium-datapath: ${at}: ${b.problem ?? `base=${b.spec} cannot be read`}; ${name} is analysed without it\n`,
            );
            fail(EXIT.unreadable);
            continue;
          }
          const basePath = fileURLToPath(b.uri);
          if (paths.includes(basePath)) continue; // already merged before this file
          const baseName = displayName(basePath, io.cwd);
          const p = parseInput(baseName, b.text);
          if (!p.ok && ['not-cilium', 'not-a-map', 'helm-template'].includes(p.problem.kind)) {
            const why = p.problem.message.startsWith(baseName)
              ? p.problem.message.slice(baseName.length).replace(/^:?\s*/, '')
              : p.problem.message;
            io.stderr(`cilium-datapath: ${at}: base file ${b.spec} ${why}; ${name} is analysed without it\n`);
            fail(EXIT.notCilium);
            continue;
          }
          if (options.verbose)
            io.stderr(`cilium-datapath: ${at}: note: base file ${baseName} is merged before ${name}\n`);
          files.push({ name: baseName, text: b.text });
          paths.push(basePath);
        }
      }
    }
    files.push({ name, text: read.text });
    paths.push(path);
  }
  if (files.length === 0) return { ok: false, code: code ?? EXIT.unreadable };
  return { ok: true, files, code };
}

/** The exit code when the analysis went fine: an input problem (a file left out) wins over findings. */
export function withInputProblems(analysisCode: number, inputs: { code: number | undefined }): number {
  if (inputs.code === undefined) return analysisCode;
  return analysisCode === EXIT.ok || analysisCode === EXIT.findings ? inputs.code : analysisCode;
}
