/**
 * Base files named in a modeline (`# cilium-datapath: base=../values.yaml`): resolved relative
 * to the document, read from the open documents first and from disk otherwise (through the
 * bounded reader, read.ts), and merged before the document like `helm -f base.yaml -f document.yaml`.
 * The language server and the CLI both load them here; they differ only in the policy (where
 * base files may come from).
 */
import { promises as fs, realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { echo, MAX_TEXT_BYTES, type Modeline, type Range } from '../core';
import { READ_TIMEOUT_MS, readBounded } from './read';

export interface BaseFile {
  /** as written in the modeline */
  spec: string;
  /** the modeline token, for diagnostics */
  range: Range;
  /** normalised file URI (undefined when it cannot be resolved) */
  uri?: string;
  text?: string;
  /** why it could not be used */
  problem?: string;
}

/** Normalises a file URI so that the same file always gives the same string (`%3A` vs `:` …). */
export function normaliseUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    return uri;
  }
}

/** The URI a base spec points at, relative to the document. */
export function resolveBase(docUri: string, spec: string): { uri: string } | { problem: string } {
  try {
    if (isAbsolute(spec) || /^[A-Za-z]:[\\/]/.test(spec)) return { uri: normaliseUri(pathToFileURL(spec).href) };
    if (/^file:/i.test(spec)) return { uri: normaliseUri(spec) };
    if (!docUri.startsWith('file:')) {
      return {
        problem: `base=${spec}: a relative base file needs a saved document (this one is ${docUri.split(':')[0]}:); save it or give an absolute path`,
      };
    }
    return { uri: normaliseUri(new URL(spec.replace(/\\/g, '/'), docUri).href) };
  } catch (e) {
    return { problem: `base=${spec}: cannot resolve it (${(e as Error).message})` };
  }
}

/** Where base files may come from. */
export interface BasePolicy {
  /** false in an untrusted workspace: no base file is followed at all */
  trusted: boolean;
  /** the workspace folders (paths); none open: the document's own folder and below */
  roots: string[];
  /** how the roots are named in the refusal (default: "the workspace folders") */
  scope?: string;
}

/** Is `path` one of `roots` or below one? (no `..` step out of it) */
export function inside(path: string, roots: string[]): boolean {
  return roots.some((root) => {
    const r = relative(root, path);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r) && !r.startsWith(`..${sep}`));
  });
}

/** The roots a document's bases may come from: the given ones; none: the document's own folder. */
export function effectiveRoots(docUri: string, roots: string[]): string[] {
  if (roots.length > 0) return roots;
  try {
    return docUri.startsWith('file:') ? [dirname(fileURLToPath(docUri))] : [];
  } catch {
    return [];
  }
}

/**
 * May a file a document names be read under the policy (synchronously: the files a wrapper
 * names, read while its releases are planned)? Inside the roots as written and where links point
 * (`asWritten`: as written only, for open documents). The path to read, or undefined.
 */
export function allowedSync(
  docUri: string,
  fileUri: string,
  policy: BasePolicy,
  asWritten = false,
): string | undefined {
  if (!policy.trusted || !fileUri.startsWith('file:')) return undefined;
  try {
    const path = fileURLToPath(fileUri);
    const roots = effectiveRoots(docUri, policy.roots);
    if (!inside(path, roots)) return undefined;
    // an open document: its text is in the editor, the path as written decides
    if (asWritten) return path;
    const real = realpathSync(path);
    const realRoots = roots.map((r) => {
      try {
        return realpathSync(r);
      } catch {
        return r;
      }
    });
    return inside(real, realRoots) ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Would a change of the roots (workspace folders added or removed) change whether one of the
 * modeline's bases is allowed? (as written, and where a link points)
 */
export function basesAffected(docUri: string, modeline: Modeline, oldRoots: string[], newRoots: string[]): boolean {
  const a = effectiveRoots(docUri, oldRoots);
  const b = effectiveRoots(docUri, newRoots);
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  for (const { value } of modeline.bases) {
    const r = resolveBase(docUri, value);
    if ('problem' in r || !r.uri.startsWith('file:')) continue;
    let path: string;
    try {
      path = fileURLToPath(r.uri);
    } catch {
      continue;
    }
    if (inside(path, a) !== inside(path, b)) return true;
    const target = real(path);
    if (target !== path && inside(target, a.map(real)) !== inside(target, b.map(real))) return true;
  }
  return false;
}

/**
 * Loads every base of a modeline. `docUri` is the document's URI (for standard input, the
 * working directory's URI with a trailing slash: relative bases resolve against it). `openText`
 * gives the text of an open document by normalised URI. Only files inside the workspace folders are followed (refused otherwise with a message
 * that does not tell whether the path exists), none in an untrusted workspace. Never throws;
 * problems are reported per base.
 */
export async function loadBases(
  docUri: string,
  modeline: Modeline,
  openText: (uri: string) => string | undefined,
  policy: BasePolicy = { trusted: true, roots: [] },
): Promise<BaseFile[]> {
  const self = normaliseUri(docUri);
  return Promise.all(
    modeline.bases.map(async ({ value, range }): Promise<BaseFile> => {
      const spec = echo(value);
      if (!policy.trusted)
        return {
          spec,
          range,
          problem: `base=${spec}: base files are not read in an untrusted workspace (trust the workspace to use them)`,
        };
      const r = resolveBase(docUri, value);
      if ('problem' in r) return { spec, range, problem: echo(r.problem, 200) };
      const uri = r.uri;
      if (uri === self) return { spec, range, uri, problem: `base=${spec} is this file itself` };
      const outside = {
        spec,
        range,
        problem: `base=${spec}: only files inside ${policy.scope ?? 'the workspace folders'} are read as base files`,
      };
      if (!uri.startsWith('file:')) return outside;
      let path: string;
      try {
        path = fileURLToPath(uri);
      } catch {
        return outside;
      }
      const roots = effectiveRoots(docUri, policy.roots);
      if (!inside(path, roots)) return outside;
      const open = openText(uri);
      if (open !== undefined) return { spec, range, uri, text: open };
      // a link inside the workspace may point outside it
      let real: string;
      try {
        real = await fs.realpath(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT')
          return { spec, range, uri, problem: `base file ${spec} not found` };
        return { spec, range, uri, problem: `base file ${spec} cannot be read` };
      }
      const realRoots = await Promise.all(roots.map((x) => fs.realpath(x).catch(() => x)));
      if (!inside(real, realRoots)) return { ...outside, uri };
      const read = await readBounded(real);
      if ('text' in read) return { spec, range, uri, text: read.text };
      switch (read.problem) {
        case 'not-found':
          return { spec, range, uri, problem: `base file ${spec} not found` };
        case 'directory':
        case 'not-file':
          return { spec, range, uri, problem: `base file ${spec} is not a regular file` };
        case 'too-large':
          return {
            spec,
            range,
            uri,
            problem: `base file ${spec} is larger than ${MAX_TEXT_BYTES / (1024 * 1024)} MiB and is not read`,
          };
        case 'timeout':
          return {
            spec,
            range,
            uri,
            problem: `base file ${spec} could not be read within ${READ_TIMEOUT_MS / 1000} s`,
          };
        default:
          return {
            spec,
            range,
            uri,
            problem: `base file ${spec} cannot be read${read.problem === 'denied' ? ' (permission denied)' : ''}`,
          };
      }
    }),
  );
}
