/**
 * Where each key of a document is, for hovers: built once per document version from the parse
 * the analysis used (no second parse), then looked up by line with a binary search. Kept compact
 * (numbers in one typed array, a `KeyAt` made only for the key asked about): a document stays
 * open all day, and a 20,000-line values file has over 10,000 keys.
 */
import { parseInput, type ConfigMapInput, type Position, type Range, type ValuesInput } from '../../core';

export interface KeyAt {
  /** Helm value path (`bpf.masquerade`) or cilium-config key (`enable-bpf-masquerade`) */
  path: string;
  kind: 'values' | 'configmap';
  key: Range;
  value: Range;
}

/** Numbers per key: key start, key end, value start, value end; each line, character, offset. */
const STRIDE = 12;

export class KeyIndex {
  private readonly paths: string[];
  /** per key, in (line, character) order of the key's start */
  private readonly nums: Int32Array;

  constructor(
    keys: Iterable<{ path: string; key: Range; value: Range }>,
    private readonly kind: KeyAt['kind'],
  ) {
    const list = [...keys];
    list.sort((a, b) => a.key.start.line - b.key.start.line || a.key.start.character - b.key.start.character);
    this.paths = list.map((k) => k.path);
    this.nums = new Int32Array(list.length * STRIDE);
    list.forEach((k, i) => {
      let o = i * STRIDE;
      for (const p of [k.key.start, k.key.end, k.value.start, k.value.end]) {
        this.nums[o++] = p.line;
        this.nums[o++] = p.character;
        this.nums[o++] = p.offset;
      }
    });
  }

  /** The index from what `parts` gave (sent between threads). */
  static fromParts(paths: string[], nums: Int32Array, kind: KeyAt['kind']): KeyIndex {
    const k = Object.create(KeyIndex.prototype) as { paths: string[]; nums: Int32Array; kind: KeyAt['kind'] };
    k.paths = paths;
    k.nums = nums;
    k.kind = kind;
    return k as unknown as KeyIndex;
  }

  /** What the index is made of (structured-clonable; `nums` can be transferred). */
  parts(): { paths: string[]; nums: Int32Array; kind: KeyAt['kind'] } {
    return { paths: this.paths, nums: this.nums, kind: this.kind };
  }

  /** The index of a parsed document. */
  static of(input: ValuesInput | ConfigMapInput): KeyIndex {
    if (input.kind === 'values') {
      return new KeyIndex(
        (function* (locations) {
          for (const [path, loc] of locations) yield { path, key: loc.key, value: loc.value };
        })(input.locations),
        'values',
      );
    }
    return new KeyIndex(
      (function* (data) {
        for (const [path, e] of data) yield { path, key: e.location.key, value: e.location.value };
      })(input.data),
      'configmap',
    );
  }

  get size(): number {
    return this.paths.length;
  }

  /**
   * The key whose line holds the position: the last key starting at or before the character,
   * as long as the position is on the key or on its single-line value.
   */
  at(line: number, character: number): KeyAt | undefined {
    const n = this.paths.length;
    const num = (i: number, field: number) => this.nums[i * STRIDE + field];
    // first key on the line
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (num(mid, 0) < line) lo = mid + 1;
      else hi = mid;
    }
    let found = -1;
    for (let i = lo; i < n && num(i, 0) === line; i++) if (num(i, 1) <= character) found = i;
    if (found < 0) return undefined;
    const keyEnd = num(found, 4);
    const singleLineValue = num(found, 6) === line && num(found, 9) === line;
    const end = singleLineValue ? num(found, 10) : keyEnd + 1;
    return character <= Math.max(end, keyEnd + 1) ? this.keyAt(found) : undefined;
  }

  private keyAt(i: number): KeyAt {
    const o = i * STRIDE;
    const pos = (k: number): Position => ({
      line: this.nums[o + k],
      character: this.nums[o + k + 1],
      offset: this.nums[o + k + 2],
    });
    return {
      path: this.paths[i],
      kind: this.kind,
      key: { start: pos(0), end: pos(3) },
      value: { start: pos(6), end: pos(9) },
    };
  }
}

/** What the key index needs of a document entry (documents.ts `Entry`). */
export interface IndexedEntry {
  uri: string;
  text: string;
  outcome: { kind: string };
  /** the cache: undefined until built */
  keys?: KeyIndex | null;
  /** the parsed document, dropped once the index is built */
  input?: ValuesInput | ConfigMapInput;
}

/** The key index of an entry (null when the text has no keys we can place). Cached on the entry. */
export function keyIndexOf(entry: IndexedEntry): KeyIndex | null {
  if (entry.keys !== undefined) return entry.keys;
  entry.keys = build(entry);
  return entry.keys;
}

function build(entry: IndexedEntry): KeyIndex | null {
  let input = entry.input;
  entry.input = undefined;
  if (entry.outcome.kind !== 'ok') return null;
  if (!input) {
    const p = parseInput(entry.uri, entry.text);
    if (!p.ok) return null;
    input = p.input;
  }
  return KeyIndex.of(input);
}
