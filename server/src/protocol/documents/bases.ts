/**
 * Base files named in a modeline (`# cilium-datapath: base=../values.yaml`): resolved relative
 * to the document, read from the open documents first and from disk otherwise (asynchronously,
 * at most 5 MiB), and merged before the document like `helm -f base.yaml -f document.yaml`.
 */
import { promises as fs } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import { MAX_TEXT_BYTES, type Modeline, type Range } from '../../core';

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
      return { problem: `base=${spec}: a relative base file needs a saved document (this one is ${docUri.split(':')[0]}:); save it or give an absolute path` };
    }
    return { uri: normaliseUri(new URL(spec.replace(/\\/g, '/'), docUri).href) };
  } catch (e) {
    return { problem: `base=${spec}: cannot resolve it (${(e as Error).message})` };
  }
}

/**
 * Loads every base of a modeline. `openText` gives the text of an open document by normalised
 * URI. Never throws; problems are reported per base.
 */
export async function loadBases(docUri: string, modeline: Modeline, openText: (uri: string) => string | undefined): Promise<BaseFile[]> {
  const self = normaliseUri(docUri);
  return Promise.all(
    modeline.bases.map(async ({ value: spec, range }): Promise<BaseFile> => {
      const r = resolveBase(docUri, spec);
      if ('problem' in r) return { spec, range, problem: r.problem };
      const uri = r.uri;
      if (uri === self) return { spec, range, uri, problem: `base=${spec} is this file itself` };
      const open = openText(uri);
      if (open !== undefined) return { spec, range, uri, text: open };
      if (!uri.startsWith('file:')) return { spec, range, uri, problem: `base=${spec}: only files can be read` };
      let path: string;
      try {
        path = fileURLToPath(uri);
      } catch (e) {
        return { spec, range, uri, problem: `base=${spec}: ${(e as Error).message}` };
      }
      try {
        const st = await fs.stat(path);
        if (!st.isFile()) return { spec, range, uri, problem: `base file ${spec} is not a file (${path})` };
        if (st.size > MAX_TEXT_BYTES) {
          return { spec, range, uri, problem: `base file ${spec} is larger than ${MAX_TEXT_BYTES / (1024 * 1024)} MiB and is not read` };
        }
        return { spec, range, uri, text: await fs.readFile(path, 'utf8') };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return { spec, range, uri, problem: `base file ${spec} not found (${path})` };
        return { spec, range, uri, problem: `base file ${spec} cannot be read: ${(e as Error).message}` };
      }
    }),
  );
}
