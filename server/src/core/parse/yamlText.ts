/**
 * YAML text → documents with source ranges (eemeli/yaml + LineCounter), never throwing.
 */
import { LineCounter, parseAllDocuments, isMap, isScalar, isSeq, isPair, isAlias } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { Position, Range } from '../types';

/** Files above this size are not analysed (a clear message instead of a frozen editor). */
export const MAX_TEXT_BYTES = 5 * 1024 * 1024;

/** Upper bound on alias expansion when turning YAML into values (alias bombs). */
export const MAX_ALIAS_COUNT = 100;

export interface YamlProblem {
  message: string;
  range: Range;
}

export interface ParsedYaml {
  text: string;
  lineCounter: LineCounter;
  docs: Document.Parsed[];
  errors: YamlProblem[];
}

/** Parses every document of a YAML text. Syntax errors are collected, not thrown. */
export function parseYamlText(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[] = [];
  const errors: YamlProblem[] = [];
  try {
    const parsed = parseAllDocuments(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false, strict: false });
    docs = Array.isArray(parsed) ? parsed : [];
    for (const d of docs) {
      for (const e of d.errors) {
        errors.push({ message: cleanYamlMessage(e.message), range: rangeOf(lineCounter, e.pos[0], e.pos[1]) });
      }
    }
  } catch (e) {
    errors.push({ message: `YAML parser failed: ${(e as Error).message}`, range: rangeOf(lineCounter, 0, 0) });
  }
  return { text, lineCounter, docs, errors };
}

/** The yaml library appends a code frame to messages; keep the first line only. */
/**
 * The parser's first line without its position suffix (` at line 1, column 23:`, which introduced a
 * code excerpt we drop; every caller shows the position itself).
 */
export function cleanYamlMessage(m: string): string {
  return m
    .split('\n')[0]
    .trim()
    .replace(/\s+at line \d+, column \d+:?$/, '')
    .replace(/:$/, '');
}

export function positionOf(lc: LineCounter, offset: number): Position {
  const p = lc.linePos(offset);
  return { line: p.line - 1, character: p.col - 1, offset };
}

export function rangeOf(lc: LineCounter, start: number, end: number): Range {
  return { start: positionOf(lc, start), end: positionOf(lc, Math.max(start, end)) };
}

/** Range of a node's value (without trailing comments/newlines). */
export function nodeRange(lc: LineCounter, node: Node | null | undefined, fallback = 0): Range {
  if (node && node.range) return rangeOf(lc, node.range[0], node.range[1]);
  return rangeOf(lc, fallback, fallback);
}

/** Finds the pair for `key` in a map node. */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair;
  }
  return undefined;
}

/** Plain JS value of a node, bounded against alias bombs; undefined when it cannot be built. */
export function nodeToJs(doc: Document.Parsed, node: unknown): unknown {
  try {
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return node.value;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      return target ? nodeToJs(doc, target) : null;
    }
    if (isMap(node) || isSeq(node)) return (node as YAMLMap).toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
    return null;
  } catch {
    return undefined;
  }
}

/** Whole document as plain JS, bounded; returns an error message instead of throwing. */
export function docToJs(doc: Document.Parsed): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    return { ok: false, error: `cannot expand the YAML: ${(e as Error).message}` };
  }
}

/** Start of the document content (for diagnostics about absent keys). */
export function docStartRange(lc: LineCounter, doc: Document.Parsed): Range {
  const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
  return rangeOf(lc, start, start);
}

export { isMap, isScalar, isSeq, isPair, isAlias };
