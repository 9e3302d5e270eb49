/**
 * Builds one values layer of a wrapped release: from a map node of the wrapper, from YAML held in
 * a string (block scalar or quoted), from `--set`-style entries, or from another file. Each layer
 * has a ValuesInput with ranges in the file the user edits, plus the layer's own text and the
 * edit mapping for quick fixes. Pure; never throws.
 */
import { isAlias } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { FixEdit, Range } from '../../types';
import { collectLocations, scalarString, type KeyLocation, type ValuesInput } from '../input';
import type { Modeline } from '../modeline';
import {
  docToJs,
  findPair,
  isMap,
  isScalar,
  isSeq,
  nodeRange,
  nodeToJs,
  parseYamlText,
  rangeOf,
  type ParsedYaml,
} from '../yamlText';
import { mapBlockScalar, mapFlowScalar, mapRegion, toOuterEdit, type PositionMap } from './positionMap';
import type { ValuesLayer, WrapperProblem } from './types';

/** The wrapper's file as the extractors see it. */
export interface OuterContext {
  file: string;
  text: string;
  parsed: ParsedYaml;
  modeline: Modeline;
}

export type LayerResult = { ok: true; layer: ValuesLayer } | { ok: false; problem: WrapperProblem };

const MAX_DEPTH = 64;

/** A layer that cannot be read: one error finding at `range` of `file`. */
function layerError(file: string, kind: WrapperProblem['kind'], message: string, range: Range): LayerResult {
  return { ok: false, problem: { kind, severity: 'error', message, file, range } };
}

function valuesInput(
  file: string,
  values: Record<string, unknown>,
  locations: Map<string, KeyLocation>,
  start: Range,
  modeline: Modeline,
): ValuesInput {
  return { kind: 'values', file, values, locations, start, modeline };
}

/** Helm's merge of values layers: maps merge, anything else replaces, null removes. */
export function mergeValues(layers: Array<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const into = (dst: Record<string, unknown>, src: Record<string, unknown>, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const [k, v] of Object.entries(src)) {
      if (v === null) delete dst[k];
      else if (
        v &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        dst[k] &&
        typeof dst[k] === 'object' &&
        !Array.isArray(dst[k])
      ) {
        into(dst[k] as Record<string, unknown>, v as Record<string, unknown>, depth + 1);
      } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        const c: Record<string, unknown> = {};
        into(c, v as Record<string, unknown>, depth + 1);
        dst[k] = c;
      } else dst[k] = v;
    }
  };
  for (const l of layers) into(out, l, 0);
  return out;
}

/** Edits on a layer's own text → edits on the outer file, through a position map. */
function editMapper(ctx: OuterContext, pm: PositionMap) {
  return (edits: FixEdit[]): FixEdit[] | undefined => {
    const out: FixEdit[] = [];
    for (const e of edits) {
      const o = toOuterEdit(pm, ctx.text, { start: e.range.start.offset, end: e.range.end.offset, newText: e.newText });
      if (!o) return undefined;
      out.push({ file: ctx.file, range: rangeOf(ctx.parsed.lineCounter, o.start, o.end), newText: o.newText });
    }
    return out;
  };
}

/** `{{ … }}` spans (Go templates in a CAPI valuesTemplate), kept at their length so positions do not move. */
function blankTemplates(text: string): { text: string; spans: Array<[number, number]> } {
  const spans: Array<[number, number]> = [];
  const re = /\{\{[\s\S]*?\}\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) spans.push([m.index, m.index + m[0].length]);
  if (spans.length === 0) return { text, spans };
  const chars = text.split('');
  for (const [s, e] of spans) {
    const ls = text.lastIndexOf('\n', s - 1) + 1;
    let le = text.indexOf('\n', e);
    if (le < 0) le = text.length;
    const onlyTemplates =
      text
        .slice(ls, le)
        .replace(/\{\{[\s\S]*?\}\}/g, '')
        .trim() === '';
    for (let i = s; i < e; i++) if (chars[i] !== '\n') chars[i] = onlyTemplates ? ' ' : '_';
    // a line of template actions only (`{{- if … }}`) becomes a comment
    if (onlyTemplates) chars[s] = '#';
  }
  return { text: chars.join(''), spans };
}

function innerValues(doc: Document.Parsed, root: YAMLMap): Record<string, unknown> | undefined {
  const js = nodeToJs(doc, root);
  return js && typeof js === 'object' && !Array.isArray(js) ? (js as Record<string, unknown>) : undefined;
}

function deletePath(values: Record<string, unknown>, path: string[]): void {
  let node: unknown = values;
  for (let i = 0; i < path.length - 1; i++) {
    if (!node || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[path[i]];
  }
  if (node && typeof node === 'object') delete (node as Record<string, unknown>)[path[path.length - 1]];
}

/**
 * Values held as YAML in a string scalar (`valuesContent: |`, `values: "…"`). `keyNode` is the
 * field's key (whole-layer findings go there); `templates` blanks Go-template expressions first.
 */
export function stringLayer(
  ctx: OuterContext,
  keyNode: Node,
  valueNode: Node,
  origin: string,
  opts: { templates?: boolean } = {},
): LayerResult {
  const lc = ctx.parsed.lineCounter;
  const keyRange = nodeRange(lc, keyNode);
  if (!isScalar(valueNode) || !valueNode.range) {
    return layerError(
      ctx.file,
      'not-a-map',
      `${origin} must be a string holding YAML values`,
      nodeRange(lc, valueNode, keyRange.start.offset),
    );
  }
  const [from, to] = valueNode.range;
  const expected = valueNode.value === null || valueNode.value === undefined ? '' : String(valueNode.value);
  const pm =
    valueNode.type === 'BLOCK_LITERAL' || valueNode.type === 'BLOCK_FOLDED'
      ? mapBlockScalar(ctx.text, from, to, expected)
      : mapFlowScalar(ctx.text, from, to, expected);
  const original = pm.text;
  const blanked = opts.templates ? blankTemplates(original) : { text: original, spans: [] };
  const inner = parseYamlText(blanked.text);
  const toOuter = (a: number, b: number): Range => {
    const s = pm.starts[Math.max(0, Math.min(a, pm.text.length))];
    const e = b > a ? pm.ends[Math.min(b, pm.text.length) - 1] : s;
    return rangeOf(lc, s, Math.max(s, e));
  };
  if (inner.errors.length > 0) {
    const first = inner.errors[0];
    return layerError(
      ctx.file,
      'malformed',
      `malformed YAML in ${origin} (line ${first.range.start.line + 1} of the values): ${first.message}`,
      toOuter(first.range.start.offset, Math.max(first.range.end.offset, first.range.start.offset + 1)),
    );
  }
  const docs = inner.docs.filter((d) => d.contents !== null && d.contents !== undefined);
  if (docs.length > 1) {
    return layerError(
      ctx.file,
      'malformed',
      `${origin} holds ${docs.length} YAML documents; Helm reads values from one`,
      keyRange,
    );
  }
  const doc = docs[0];
  const root = doc?.contents;
  if (doc && !isMap(root)) {
    return layerError(
      ctx.file,
      'not-a-map',
      `${origin} holds a ${isSeq(root) ? 'list' : 'single value'}, but Helm values must be a map of keys`,
      toOuter(root?.range?.[0] ?? 0, root?.range?.[1] ?? 0),
    );
  }
  const values = (doc && isMap(root) ? innerValues(doc, root) : {}) ?? {};
  const innerLocs = new Map<string, KeyLocation>();
  if (doc && isMap(root)) collectLocations(root, inner.lineCounter, innerLocs);
  const outerLocs = new Map<string, KeyLocation>();
  for (const [p, l] of innerLocs) {
    outerLocs.set(p, {
      key: toOuter(l.key.start.offset, l.key.end.offset),
      value: toOuter(l.value.start.offset, l.value.end.offset),
    });
  }
  const templated: string[] = [];
  if (blanked.spans.length > 0) {
    for (const [p, l] of innerLocs) {
      const hit = blanked.spans.some(
        ([s, e]) =>
          (l.value.start.offset < e && l.value.end.offset > s) || (l.key.start.offset < e && l.key.end.offset > s),
      );
      if (hit) templated.push(p);
    }
    for (const p of templated) deletePath(values, p.split('.'));
  }
  const innerStart = rangeOf(inner.lineCounter, root?.range?.[0] ?? 0, root?.range?.[0] ?? 0);
  const style = pm.style;
  const firstLine = pm.lineStarts.get(0);
  const region =
    style === 'literal' && pm.exact && firstLine !== undefined
      ? { first: lc.linePos(firstLine).line - 1, indent: pm.indent.length }
      : undefined;
  return {
    ok: true,
    layer: {
      origin,
      style,
      file: ctx.file,
      fileText: ctx.text,
      input: valuesInput(ctx.file, values, outerLocs, keyRange, ctx.modeline),
      exact: pm.exact,
      region,
      inner: {
        input: valuesInput(ctx.file, values, innerLocs, innerStart, ctx.modeline),
        text: original,
      },
      templated,
      mapEdits: editMapper(ctx, pm),
    },
  };
}

/** Values written as a map inside the wrapper (`spec.values:`, `valuesObject:`, `cilium:`). */
/**
 * `absent`: the field does not exist; `keyNode` is then its parent's key, and new values go in a
 * new `field:` at `childCol` (the column of the parent's children).
 */
export function mapLayer(
  ctx: OuterContext,
  doc: Document.Parsed,
  keyNode: Node,
  valueNode: Node | null | undefined,
  origin: string,
  absent?: { field: string; childCol: number },
): LayerResult {
  const lc = ctx.parsed.lineCounter;
  const keyRange = nodeRange(lc, keyNode);
  let node = valueNode;
  if (node && isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
  const empty =
    node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === undefined));
  if (!empty && !isMap(node)) {
    return layerError(
      ctx.file,
      'not-a-map',
      `${origin} must be a map of Helm values`,
      nodeRange(lc, node, keyRange.start.offset),
    );
  }
  const values = !empty && isMap(node) ? (innerValues(doc, node) ?? {}) : {};
  const locations = new Map<string, KeyLocation>();
  if (!empty && isMap(node)) collectLocations(node, lc, locations);
  // The map's own text (dedented) is what quick fixes are computed on.
  let inner: ValuesLayer['inner'];
  let region: ValuesLayer['region'];
  let mapEdits: ValuesLayer['mapEdits'] = () => undefined;
  if (!empty && isMap(node) && node.range && node === valueNode) {
    const [from, to] = node.range;
    const col = from - (ctx.text.lastIndexOf('\n', from - 1) + 1);
    const pm = mapRegion(ctx.text, from, to, col);
    if (node.srcToken?.type !== 'flow-collection' && !node.flow)
      region = { first: lc.linePos(from).line - 1, indent: col };
    const ip = parseYamlText(pm.text);
    const root = ip.docs[0]?.contents;
    if (ip.errors.length === 0 && isMap(root)) {
      const innerLocs = new Map<string, KeyLocation>();
      collectLocations(root, ip.lineCounter, innerLocs);
      inner = {
        input: valuesInput(ctx.file, values, innerLocs, rangeOf(ip.lineCounter, 0, 0), ctx.modeline),
        text: pm.text,
      };
      mapEdits = editMapper(ctx, pm);
    }
  } else if (empty) {
    // `values:` with nothing under it: new keys go on the lines below the key, indented under it
    const keyCol = absent ? absent.childCol - 2 : keyRange.start.character;
    const lineEnd = ctx.text.indexOf('\n', keyRange.end.offset);
    const at = lineEnd < 0 ? ctx.text.length : lineEnd;
    const valueSpan = !absent && node?.range ? [node.range[0], node.range[1]] : undefined;
    inner = {
      input: valuesInput(ctx.file, {}, new Map(), rangeOf(ctx.parsed.lineCounter, 0, 0), ctx.modeline),
      text: '',
    };
    mapEdits = (edits) => {
      const out: FixEdit[] = [];
      const indent = ' '.repeat(keyCol + 2);
      for (const e of edits) {
        if (e.range.start.offset !== 0 || e.range.end.offset !== 0) return undefined;
        const body = e.newText.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
        const lines = body.split('\n').map((l) => (l === '' ? l : indent + (absent ? '  ' : '') + l));
        if (absent) lines.unshift(indent + absent.field + ':');
        // `values: {}` or `values: ~` → replace the empty value; `values:` → add after the key
        const start = valueSpan && valueSpan[1] > valueSpan[0] ? valueSpan[0] : at;
        const end = valueSpan && valueSpan[1] > valueSpan[0] ? valueSpan[1] : at;
        out.push({ file: ctx.file, range: rangeOf(lc, start, end), newText: '\n' + lines.join('\n') });
      }
      return out;
    };
  }
  return {
    ok: true,
    layer: {
      origin,
      style: 'map',
      file: ctx.file,
      fileText: ctx.text,
      input: { kind: 'values', file: ctx.file, values, locations, start: keyRange, modeline: ctx.modeline },
      exact: true,
      inner,
      region,
      templated: [],
      mapEdits,
    },
  };
}

/** One `--set`-style entry: `name` is a Helm value path (`bpf.masquerade`, `a\.b`, `list[0]`). */
export interface SetEntry {
  name: string;
  /** the value as written (always a string for Argo CD parameters) */
  value: unknown;
  /** Argo CD `forceString`, or a k3s string that Helm receives through --set-string */
  forceString: boolean;
  nameNode: Node;
  valueNode: Node | null;
}

/** Splits a Helm `--set` name on unescaped dots; list indexes are not supported (undefined). */
function setPath(name: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '\\' && i + 1 < name.length) {
      cur += name[++i];
      continue;
    }
    if (c === '.') {
      if (cur === '') return undefined;
      out.push(cur);
      cur = '';
      continue;
    }
    if (c === '[' || c === ']') return undefined;
    cur += c;
  }
  if (cur === '') return undefined;
  out.push(cur);
  return out;
}

/** How `helm --set` types a value: booleans, null, whole numbers; lists in braces. */
export function typedSetValue(raw: string): unknown {
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  if (raw === 'null') return null;
  if (raw === '0') return 0;
  if (/^[-+]?[1-9][0-9]*$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  if (/^\{.*\}$/.test(raw))
    return raw
      .slice(1, -1)
      .split(',')
      .map((s) => typedSetValue(s));
  return raw;
}

/** Values given as `--set` entries (Argo CD parameters, k3s `spec.set`). Edits may only replace a value. */
export function setLayer(
  ctx: OuterContext,
  keyNode: Node,
  entries: SetEntry[],
  origin: string,
  quoteEdits: boolean,
): { layer: ValuesLayer; skipped: SetEntry[] } {
  const lc = ctx.parsed.lineCounter;
  const values: Record<string, unknown> = {};
  const locations = new Map<string, KeyLocation>();
  const skipped: SetEntry[] = [];
  for (const e of entries) {
    const path = setPath(e.name);
    if (!path) {
      skipped.push(e);
      continue;
    }
    const v = e.forceString
      ? e.value === null || e.value === undefined
        ? ''
        : String(e.value)
      : typeof e.value === 'string'
        ? typedSetValue(e.value)
        : e.value;
    let node: Record<string, unknown> = values;
    for (let i = 0; i < path.length - 1; i++) {
      const next = node[path[i]];
      if (!next || typeof next !== 'object' || Array.isArray(next)) node[path[i]] = {};
      node = node[path[i]] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = v;
    const keyRange = nodeRange(lc, e.nameNode);
    locations.set(path.join('.'), {
      key: keyRange,
      value: e.valueNode?.range ? nodeRange(lc, e.valueNode) : { start: keyRange.end, end: keyRange.end },
    });
  }
  const valueRanges = new Set([...locations.values()].map((l) => `${l.value.start.offset}:${l.value.end.offset}`));
  return {
    skipped,
    layer: {
      origin,
      style: 'set',
      file: ctx.file,
      fileText: ctx.text,
      input: valuesInput(ctx.file, values, locations, nodeRange(lc, keyNode), ctx.modeline),
      exact: true,
      // the layer's own text is the file: edits are made in place and may only replace a value
      inner: {
        input: valuesInput(ctx.file, values, locations, nodeRange(lc, keyNode), ctx.modeline),
        text: ctx.text,
      },
      templated: [],
      mapEdits: (edits) => {
        const out: FixEdit[] = [];
        for (const e of edits) {
          if (!valueRanges.has(`${e.range.start.offset}:${e.range.end.offset}`) || e.newText.includes('\n'))
            return undefined;
          const t = e.newText.replace(/^"(.*)"$/, '$1');
          out.push({ ...e, newText: quoteEdits ? JSON.stringify(t) : e.newText });
        }
        return out;
      },
    },
  };
}

/** Values in a file of their own (a Kustomize valuesFile): it is a plain values file. */
export function fileLayer(name: string, text: string, origin: string, modeline: Modeline): LayerResult {
  const parsed = parseYamlText(text);
  const start = rangeOf(parsed.lineCounter, 0, 0);
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    return layerError(name, 'malformed', `malformed YAML in ${origin}: ${first.message}`, first.range);
  }
  const doc = parsed.docs.find((d) => d.contents !== null && d.contents !== undefined);
  const root = doc?.contents;
  if (doc && !isMap(root)) return layerError(name, 'not-a-map', `${origin} is not a map of Helm values`, start);
  let values: Record<string, unknown> = {};
  if (doc) {
    const js = docToJs(doc);
    if (js.ok && js.value && typeof js.value === 'object') values = js.value as Record<string, unknown>;
  }
  const locations = new Map<string, KeyLocation>();
  if (doc && isMap(root)) collectLocations(root, parsed.lineCounter, locations);
  const input = valuesInput(name, values, locations, start, modeline);
  return {
    ok: true,
    layer: {
      origin,
      style: 'file',
      file: name,
      fileText: text,
      input,
      exact: true,
      inner: { input, text },
      templated: [],
      mapEdits: (e) => e,
    },
  };
}

/** `findPair(map, key)?.value` for a path of keys. */
export function dig(node: unknown, ...keys: string[]): unknown {
  let cur = node;
  for (const k of keys) {
    if (!isMap(cur)) return undefined;
    cur = findPair(cur, k)?.value;
  }
  return cur;
}

/** The pair at the end of a key path (for the key's own range). */
export function digPair(node: unknown, ...keys: string[]) {
  let cur = node;
  for (let i = 0; i < keys.length - 1; i++) {
    if (!isMap(cur)) return undefined;
    cur = findPair(cur, keys[i])?.value;
  }
  return isMap(cur) ? findPair(cur, keys[keys.length - 1]) : undefined;
}

export const str = scalarString;
