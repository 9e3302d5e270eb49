/**
 * Where each key of a document is, for hovers: built with the core's parser from the cached
 * text once per document version, then looked up by line in constant time.
 */
import { parseInput } from '../core/parse/input';
import type { Range } from '../core/types';
import type { Entry } from './documents';

export interface KeyAt {
  /** Helm value path (`bpf.masquerade`) or cilium-config key (`enable-bpf-masquerade`) */
  path: string;
  kind: 'values' | 'configmap';
  key: Range;
  value: Range;
}

export class KeyIndex {
  private readonly byLine = new Map<number, KeyAt[]>();

  constructor(keys: KeyAt[]) {
    for (const k of keys) {
      const line = k.key.start.line;
      let list = this.byLine.get(line);
      if (!list) this.byLine.set(line, (list = []));
      list.push(k);
    }
    for (const list of this.byLine.values()) list.sort((a, b) => a.key.start.character - b.key.start.character);
  }

  /**
   * The key whose line holds the position: the last key starting at or before the character,
   * as long as the position is on the key or on its single-line value.
   */
  at(line: number, character: number): KeyAt | undefined {
    const list = this.byLine.get(line);
    if (!list) return undefined;
    let found: KeyAt | undefined;
    for (const k of list) if (k.key.start.character <= character) found = k;
    if (!found) return undefined;
    const end = found.value.end.line === line && found.value.start.line === line ? found.value.end.character : found.key.end.character + 1;
    return character <= Math.max(end, found.key.end.character + 1) ? found : undefined;
  }
}

/** The key index of an entry (null when the text has no keys we can place). Cached on the entry. */
export function keyIndexOf(entry: Entry): KeyIndex | null {
  if (entry.keys !== undefined) return entry.keys;
  entry.keys = build(entry);
  return entry.keys;
}

function build(entry: Entry): KeyIndex | null {
  if (entry.outcome.kind !== 'ok') return null;
  const p = parseInput(entry.uri, entry.text);
  if (!p.ok) return null;
  const keys: KeyAt[] = [];
  if (p.input.kind === 'values') {
    for (const [path, loc] of p.input.locations) keys.push({ path, kind: 'values', key: loc.key, value: loc.value });
  } else {
    for (const [key, e] of p.input.data) keys.push({ path: key, kind: 'configmap', key: e.location.key, value: e.location.value });
  }
  return new KeyIndex(keys);
}
