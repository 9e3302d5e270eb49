/**
 * Base files named in a modeline (`# cilium-datapath: base=../values.yaml`): resolved relative
 * to the document, read from the open documents first and from disk otherwise (asynchronously,
 * at most 5 MiB), and merged before the document like `helm -f base.yaml -f document.yaml`.
 */
import { promises as fs, constants as fsConstants } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { echo, MAX_TEXT_BYTES, type Modeline, type Range } from '../../core';

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
}

/** How long reading one base file may take (ms). */
const READ_TIMEOUT_MS = 2_000;

function inside(path: string, roots: string[]): boolean {
  return roots.some((root) => {
    const r = relative(root, path);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r) && !r.startsWith(`..${sep}`));
  });
}

/**
 * Reads a regular file of at most MAX_TEXT_BYTES within READ_TIMEOUT_MS. Files such as those in
 * /proc report a size of 0, so the limit is on what is read, not on what stat says.
 */
async function readBounded(
  path: string,
): Promise<{ text: string } | { problem: 'not-file' | 'too-large' | 'timeout' | 'unreadable'; detail?: string }> {
  let handle: fs.FileHandle | undefined;
  let timer: NodeJS.Timeout | undefined;
  const work = (async () => {
    handle = await fs.open(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const st = await handle.stat();
    if (!st.isFile()) return { problem: 'not-file' as const };
    if (st.size > MAX_TEXT_BYTES) return { problem: 'too-large' as const };
    const buf = Buffer.alloc(MAX_TEXT_BYTES + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n > MAX_TEXT_BYTES) return { problem: 'too-large' as const };
    }
    return { text: buf.subarray(0, n).toString('utf8') };
  })();
  const late = new Promise<{ problem: 'timeout' }>((resolve) => {
    timer = setTimeout(() => resolve({ problem: 'timeout' }), READ_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, late]);
  } catch (e) {
    return { problem: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  } finally {
    clearTimeout(timer);
    void work.catch(() => undefined).finally(() => void handle?.close().catch(() => undefined));
  }
}

/**
 * Loads every base of a modeline. `openText` gives the text of an open document by normalised
 * URI. Only files inside the workspace folders are followed (refused otherwise with a message
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
        problem: `base=${spec}: only files inside the workspace folders are read as base files`,
      };
      if (!uri.startsWith('file:')) return outside;
      let path: string;
      try {
        path = fileURLToPath(uri);
      } catch {
        return outside;
      }
      const roots =
        policy.roots.length > 0 ? policy.roots : docUri.startsWith('file:') ? [dirname(fileURLToPath(docUri))] : [];
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
            problem: `base file ${spec} cannot be read${read.detail === 'EACCES' ? ' (permission denied)' : ''}`,
          };
      }
    }),
  );
}
