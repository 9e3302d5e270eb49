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
  /** things the parser reads differently from what it says (a map or list used as a key) */
  warnings: YamlProblem[];
}

/** Parses every document of a YAML text. Syntax errors are collected, not thrown. */
export function parseYamlText(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[] = [];
  const errors: YamlProblem[] = [];
  const warnings: YamlProblem[] = [];
  try {
    // logLevel error: the parser's own warnings would go to the process (stderr, the client's
    // error log); the one that matters is found below and reported by the callers
    const parsed = parseAllDocuments(text, {
      lineCounter,
      keepSourceTokens: false,
      uniqueKeys: false,
      strict: false,
      logLevel: 'error',
    });
    docs = Array.isArray(parsed) ? parsed : [];
    for (const d of docs) {
      for (const e of d.errors) {
        errors.push({ message: cleanYamlMessage(e.message), range: rangeOf(lineCounter, e.pos[0], e.pos[1]) });
      }
      const key = errors.length === 0 ? collectionKey(d) : undefined;
      if (key) {
        warnings.push({
          message: `a ${isSeq(key) ? 'list' : 'map'} is used as a key; the analysis reads it as the text of that ${isSeq(key) ? 'list' : 'map'}`,
          range: nodeRange(lineCounter, key),
        });
      }
    }
  } catch (e) {
    errors.push({ message: `YAML parser failed: ${(e as Error).message}`, range: rangeOf(lineCounter, 0, 0) });
  }
  return { text, lineCounter, docs, errors, warnings };
}

/** The first key of a document that is a map or a list (`? [a, b]\n: c`), if any. */
function collectionKey(doc: Document.Parsed): Node | undefined {
  const stack: unknown[] = [doc.contents];
  let seen = 0;
  while (stack.length > 0 && seen++ < 2_000_000) {
    const n = stack.pop();
    if (isMap(n)) {
      for (const item of n.items) {
        const k = isAlias(item.key) ? item.key.resolve(doc) : item.key;
        if (isMap(k) || isSeq(k)) return k as Node;
        stack.push(item.value);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) stack.push(item);
    }
  }
  return undefined;
}

/** The yaml library appends a code frame to messages; keep the first line only. */
/**
 * The parser's first line without its position suffix (` at line 1, column 23:`, which introduced a
 * code excerpt we drop; every caller shows the position itself).
 */
export function cleanYamlMessage(m: string): string {
  const line = m
    .split('\n')[0]
    .trim()
    .replace(/\s+at line \d+, column \d+:?$/, '')
    .replace(/:$/, '');
  // the parser's recursion ran out of stack: too deep, whatever the estimate in tooDeep said
  return /Maximum call stack size exceeded/.test(line) ? 'nested too deeply to read' : line;
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

/**
 * Nesting we read at most. Cilium values are about ten levels deep; the parser's recursion runs
 * out of stack somewhere near a thousand, and where exactly depends on the caller.
 */
export const MAX_NESTING = 200;

/**
 * The first place where `text` is nested deeper than `limit` levels, or undefined. An estimate
 * that never counts less than the real depth of block mappings, sequences and flow collections
 * (each level needs more indentation, an indicator or a bracket) and skips block scalars, quoted
 * text and comments; linear in the text.
 */
export function tooDeep(text: string, limit = MAX_NESTING): { offset: number } | undefined {
  const indents: number[] = [];
  let flow = 0;
  let quote: '"' | "'" | '' = '';
  /** indentation of the key or item a block scalar belongs to; -1: not in one */
  let scalarParent = -1;
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let indent = 0;
    while (pos + indent < end && text.charCodeAt(pos + indent) === 32) indent++;
    const first = pos + indent;
    const blank = first >= end || text[first] === '\r';
    if (scalarParent >= 0 && (blank || indent > scalarParent)) {
      pos = end + 1;
      continue;
    }
    scalarParent = -1;
    if (blank || (flow === 0 && !quote && text[first] === '#')) {
      pos = end + 1;
      continue;
    }
    let i = first;
    let block = 0;
    if (flow === 0 && !quote) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      // `- - key:` opens a level per indicator on the same line
      while (i < end && '-?:'.includes(text[i]) && (i + 1 >= end || text[i + 1] === ' ' || text[i + 1] === '\r')) {
        block++;
        i++;
        while (i < end && text[i] === ' ') i++;
      }
      block += indents.length;
      if (block > limit) return { offset: first };
    }
    // characters of the line: flow brackets, quotes, comments, block scalar headers
    let prev = i === first ? '' : '-';
    for (; i < end; i++) {
      const c = text[i];
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') quote = '';
        continue;
      }
      if (quote === "'") {
        if (c === "'") {
          if (text[i + 1] === "'") i++;
          else quote = '';
        }
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        if (text[i + 1] === '#') break;
        continue;
      }
      const opens = prev === '' || ':-?'.includes(prev) || (flow > 0 && '[{,'.includes(prev));
      if ((c === '[' || c === '{') && (opens || (flow > 0 && '[{'.includes(prev)))) {
        flow++;
        if (block + flow > limit) return { offset: i };
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      } else if ((c === '"' || c === "'") && (opens || (flow > 0 && '[{,'.includes(prev)))) {
        quote = c;
      } else if ((c === '|' || c === '>') && flow === 0 && opens) {
        scalarParent = indent;
        break;
      } else if (c === '#' && prev === '') {
        break;
      }
      prev = c;
    }
    pos = end + 1;
  }
  return undefined;
}
