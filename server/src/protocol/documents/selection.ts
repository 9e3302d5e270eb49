/**
 * Which documents are ours. A YAML document is analysed when
 *  - its file name matches `ciliumDatapath.files.include` (default `values*.yaml`, `*cilium*.yaml`), or
 *  - its content is Cilium's: a cilium-config ConfigMap (also one document of many), a
 *    `# cilium-datapath:` modeline, or top-level keys of the cilium chart (the core's
 *    `parseInput` decides; "not-cilium" means not ours and nothing is published).
 * Files under a `templates/` folder and texts with Helm actions (`{{ … }}`) are left alone.
 * A name match (or a modeline, or an earlier version that was ours) only decides whether
 * problems that hide the content — malformed YAML, an oversized file — are reported.
 */
import type { AnalyzeErrorKind } from '../../core';

/** Why a document gets no analysis at all. */
export type SkipReason = 'not-yaml' | 'template-path';

/** languageIds of YAML in common editors (VS Code, Neovim's `yaml.helm-values`); other ids count when the name ends in .yaml/.yml. */
const YAML_LANGUAGES = new Set(['yaml', 'yml', 'helm-values', 'yaml.helm-values']);

/** The path part of a URI, decoded (`file:///a/b%20c.yaml` → `/a/b c.yaml`, `untitled:Untitled-1` → `Untitled-1`). */
export function uriPath(uri: string): string {
  try {
    const u = new URL(uri);
    return decodeURIComponent(u.pathname);
  } catch {
    return uri;
  }
}

export function baseName(uri: string): string {
  const p = uriPath(uri);
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

/** First check, before any parsing. */
export function skipReason(uri: string, languageId: string): SkipReason | undefined {
  const path = uriPath(uri).replace(/\\/g, '/');
  const yamlName = /\.ya?ml$/i.test(path);
  if (!YAML_LANGUAGES.has(languageId.toLowerCase()) && !yamlName) return 'not-yaml';
  const dirs = path.split('/').slice(0, -1);
  if (dirs.includes('templates')) return 'template-path';
  return undefined;
}

/** Minimal glob → RegExp: `*`, `**`, `?`, `{a,b}`, `[abc]`. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  let inBraces = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of folders, `**` anything
        if (glob[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 3;
        } else {
          re += '.*';
          i += 2;
        }
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inBraces++;
      re += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      re += ')';
    } else if (c === ',' && inBraces > 0) re += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end > i + 1) {
        re += '[' + glob.slice(i + 1, end).replace(/\\/g, '\\\\') + ']';
        i = end + 1;
        continue;
      }
      re += '\\[';
    } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
    i++;
  }
  while (inBraces-- > 0) re += ')';
  return new RegExp(`^${re}$`, 'i');
}

const globCache = new Map<string, RegExp>();

/**
 * True when the document's name matches one of the include globs. A glob without `/` is matched
 * against the file name, one with `/` against the end of the path.
 */
export function matchesInclude(uri: string, patterns: readonly string[]): boolean {
  const path = uriPath(uri).replace(/\\/g, '/');
  const name = path.slice(path.lastIndexOf('/') + 1);
  for (const p of patterns) {
    let re = globCache.get(p);
    if (!re) {
      try {
        re = globToRegExp(p.includes('/') && !p.startsWith('/') && !p.startsWith('**/') ? `**/${p}` : p);
      } catch {
        continue;
      }
      globCache.set(p, re);
    }
    if (re.test(p.includes('/') ? path : name)) return true;
  }
  return false;
}

/** Why the document may be ours although its content cannot say so right now. */
export interface Claim {
  byName: boolean;
  modeline: boolean;
  /** an earlier version of this open document was analysed as Cilium */
  wasOurs: boolean;
}

export function claimed(c: Claim): boolean {
  return c.byName || c.modeline || c.wasOurs;
}

/** Whether an analysis error of this kind is shown for the document (else the document is not ours). */
export function reportsError(kind: AnalyzeErrorKind, c: Claim): boolean {
  switch (kind) {
    case 'helm-template':
    case 'not-cilium':
      return false;
    case 'malformed':
    case 'too-large':
    case 'not-a-map':
      return claimed(c);
    default:
      // usage (bad version), mixed inputs: the document was recognised, so say what is wrong
      return true;
  }
}
