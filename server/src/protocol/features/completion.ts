/**
 * Completion in values files and cilium-config ConfigMaps, per Cilium version:
 *  - keys: the chart keys valid at the cursor's place in the chart version in use (the
 *    ConfigMap keys that matter under `data:`), each with its type, default and a short
 *    description; keys already present are left out, deprecated ones marked and sorted last;
 *  - values: the values the version accepts (our overlay), the chart schema's enum, or
 *    true/false for booleans.
 * The place is read from the text around the cursor (indentation of the lines above), so it
 * works while the file is half-typed and does not parse.
 */
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { CompletionItemKind, CompletionItemTag, MarkupKind } from '../lsp';
import {
  chartChildKeys,
  chartDefault,
  chartKeyInfo,
  resolveChartVersion,
  acceptedConfigValues,
  acceptedValues,
  configMapOverlay,
  configMapOverlayKeys,
  inRange,
  scalarText,
  valueOverlay,
  parseCiliumVersion,
  resolveVersion,
  yamlScalar,
  configKeyDescription,
  configKeyFacts,
  defaultText,
  typeWord,
  valueDescription,
  valueFacts,
  type CiliumVersion,
  type ValueRange,
} from '../../core';
import type { Entry } from '../documents/store';
import { isOurs } from '../documents/store';
import { layerRegionAt, releaseAtLine } from '../documents/releases';
import type { ReleaseEntry } from '../documents/store';

/** The place of the cursor in the YAML structure. */
export interface CursorContext {
  kind: 'key' | 'value';
  /** parent keys, outermost first */
  parents: string[];
  /** the key whose value is being written (kind value) */
  key?: string;
  /** what is typed so far at the cursor */
  partial: string;
  /** column where `partial` starts */
  start: number;
  /** indentation of the key at the cursor */
  indent: number;
}

const KEY_LINE = /^(\s*)([^\s#:'"-][^:#]*?|"[^"]*"|'[^']*')\s*:(\s.*|)$/;

function unquote(k: string): string {
  return /^["'].*["']$/.test(k) ? k.slice(1, -1) : k;
}

/** Reads the cursor's place from the text; undefined inside lists, comments and block text. */
export function cursorContext(text: string, line: number, character: number): CursorContext | undefined {
  const lines = text.split('\n');
  if (line >= lines.length) return undefined;
  const current = lines[line].replace(/\r$/, '');
  const prefix = current.slice(0, character);
  if (prefix.includes('#')) return undefined;
  let kind: 'key' | 'value';
  let indent: number;
  let key: string | undefined;
  let partial: string;
  let start: number;
  let m: RegExpExecArray | null;
  if ((m = /^(\s*)([^\s:#'"-][^:#]*|)$/.exec(prefix))) {
    kind = 'key';
    indent = m[1].length;
    partial = m[2];
    start = indent;
  } else if ((m = /^(\s*)([^\s#:'"-][^:#]*?|"[^"]*"|'[^']*')\s*:\s+(\S*)$/.exec(prefix))) {
    kind = 'value';
    indent = m[1].length;
    key = unquote(m[2].trim());
    partial = m[3];
    start = character - partial.length;
  } else return undefined;

  // Parents: the nearest less-indented `key:` lines above.
  const parents: string[] = [];
  let level = indent;
  for (let i = line - 1; i >= 0 && level > 0; i--) {
    const l = lines[i].replace(/\r$/, '');
    const t = l.trimStart();
    if (t === '' || t.startsWith('#') || t === '---') continue;
    const ind = l.length - t.length;
    if (ind >= level) continue;
    if (t.startsWith('- ') || t === '-') return undefined; // inside a list
    const km = KEY_LINE.exec(l);
    if (!km) return undefined;
    const rest = km[3].trim();
    if (rest !== '' && !rest.startsWith('#')) return undefined; // `key: value` above: block text or broken YAML
    parents.unshift(unquote(km[2].trim()));
    level = ind;
  }
  if (level > 0) return undefined;
  return { kind, parents, key, partial, start, indent };
}

/** Keys already written at the cursor's level (same parent block). */
function siblingsAt(text: string, line: number, indent: number): Set<string> {
  const lines = text.split('\n');
  const out = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const l = lines[i].replace(/\r$/, '');
      const t = l.trimStart();
      if (t === '' || t.startsWith('#')) continue;
      const ind = l.length - t.length;
      if (ind < indent || t === '---') break;
      if (ind > indent) continue;
      const km = KEY_LINE.exec(l);
      if (km) out.add(unquote(km[2].trim()));
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return out;
}

interface Target {
  kind: 'values' | 'configmap';
  v: CiliumVersion;
  chart: string;
}

/** The version (and chart) the document is analysed at, even when it does not parse. */
function targetOf(entry: Entry): Target {
  const o = entry.outcome;
  if (o.kind === 'ok') {
    const pv = parseCiliumVersion(o.analysis.ciliumVersion.evaluated);
    const v = pv.ok ? pv.value : resolveVersion(undefined).effective;
    return {
      kind: o.analysis.inputKind === 'configmap' ? 'configmap' : 'values',
      v,
      chart: o.analysis.chart?.version ?? resolveChartVersion(v).chart,
    };
  }
  const requested = entry.modeline.version?.value ?? entry.settings.ciliumVersion;
  const pv = requested ? parseCiliumVersion(requested) : undefined;
  const v = resolveVersion(pv?.ok ? pv.value : undefined).effective;
  const kind = /^\s*kind:\s*["']?ConfigMap["']?\s*$/m.test(entry.text) ? 'configmap' : 'values';
  return { kind, v, chart: resolveChartVersion(v).chart };
}

function markdown(lines: Array<string | undefined>): { kind: typeof MarkupKind.Markdown; value: string } {
  return { kind: MarkupKind.Markdown, value: lines.filter((l): l is string => !!l).join('\n\n') };
}

function editRange(ctx: CursorContext, line: number, character: number) {
  return { start: { line, character: ctx.start }, end: { line, character } };
}

function keyItems(entry: Entry, t: Target, ctx: CursorContext, line: number, character: number): CompletionItem[] {
  const present = siblingsAt(entry.text, line, ctx.indent);
  const items: CompletionItem[] = [];
  const childIndent = ' '.repeat(ctx.indent + 2);
  if (t.kind === 'configmap') {
    if (ctx.parents.length !== 1 || ctx.parents[0] !== 'data') return [];
    for (const key of configMapOverlayKeys()) {
      if (present.has(key)) continue;
      const o = configMapOverlay(key)!;
      const gone = (o.range && !inRange(t.v, o.range)) || (o.removed && inRange(t.v, { from: o.removed.in }));
      if (gone) continue;
      const deprecated = !!o.deprecated && inRange(t.v, o.deprecated);
      items.push({
        label: key,
        kind: CompletionItemKind.Property,
        detail: o.type === 'bool' ? 'boolean (string)' : 'string',
        documentation: markdown([configKeyDescription(key), ...configKeyFacts(key, t.v)]),
        tags: deprecated ? [CompletionItemTag.Deprecated] : undefined,
        sortText: `${deprecated ? 'z' : 'a'}${key}`,
        textEdit: { range: editRange(ctx, line, character), newText: `${key}: ` },
      });
    }
    return items;
  }
  const parent = ctx.parents.join('.');
  for (const name of chartChildKeys(t.chart, parent)) {
    if (present.has(name)) continue;
    const path = parent ? `${parent}.${name}` : name;
    const info = chartKeyInfo(t.chart, path);
    if (!info) continue;
    const o = valueOverlay(path);
    const deprecated = !!o?.deprecated && inRange(t.v, o.deprecated);
    const isMap = info.type === 'object';
    const d = chartDefault(t.chart, path);
    const detail = isMap
      ? 'map'
      : `${typeWord(info.type, info.schemaTypes)} = ${d.commented ? 'unset' : defaultText(d.value).replace(/`/g, '')}`;
    const described = valueDescription(path);
    items.push({
      label: name,
      kind: isMap ? CompletionItemKind.Module : CompletionItemKind.Property,
      detail,
      documentation: markdown([described, ...valueFacts(path, t.chart, t.v)]),
      tags: deprecated ? [CompletionItemTag.Deprecated] : undefined,
      // keys we describe (the ones that bear on the datapath) first, deprecated ones last
      sortText: `${deprecated ? 'z' : described ? 'a' : 'm'}${name}`,
      textEdit: { range: editRange(ctx, line, character), newText: isMap ? `${name}:\n${childIndent}` : `${name}: ` },
    });
  }
  return items;
}

function rangeItems(
  r: ValueRange,
  ctx: CursorContext,
  line: number,
  character: number,
  quote: boolean,
  isDefault: (s: string) => boolean,
): CompletionItem[] {
  return r.accept.map((a, i) => {
    const s = scalarText(a);
    const dep = r.deprecated && s in r.deprecated ? r.deprecated[s] : undefined;
    const deprecated = dep !== undefined;
    return {
      label: s,
      kind: CompletionItemKind.EnumMember,
      detail: deprecated
        ? `deprecated${dep !== null ? `: use ${scalarText(dep)}` : ''}`
        : isDefault(s)
          ? 'default'
          : undefined,
      tags: deprecated ? [CompletionItemTag.Deprecated] : undefined,
      sortText: `${deprecated ? 'z' : 'a'}${String(i).padStart(2, '0')}`,
      textEdit: { range: editRange(ctx, line, character), newText: quote ? JSON.stringify(s) : yamlScalar(a) },
    };
  });
}

function valueItems(t: Target, ctx: CursorContext, line: number, character: number): CompletionItem[] {
  if (!ctx.key) return [];
  if (t.kind === 'configmap') {
    if (ctx.parents.length !== 1 || ctx.parents[0] !== 'data') return [];
    const o = configMapOverlay(ctx.key);
    if (!o) return [];
    if (o.type === 'bool')
      return rangeItems({ accept: ['true', 'false'], otherwise: 'unknown' }, ctx, line, character, true, () => false);
    const r = acceptedConfigValues(ctx.key, t.v);
    return r ? rangeItems(r, ctx, line, character, true, () => false) : [];
  }
  const path = [...ctx.parents, ctx.key].join('.');
  const d = chartDefault(t.chart, path);
  const isDefault = (s: string) => d.found && !d.commented && scalarText(d.value) === s;
  const r = acceptedValues(path, t.v);
  if (r) return rangeItems(r, ctx, line, character, false, isDefault);
  const info = chartKeyInfo(t.chart, path);
  if (!info?.present) return [];
  if (info.schemaEnum && info.schemaEnum.length > 0) {
    const accept = info.schemaEnum.filter((x): x is string | number | boolean => x !== null && typeof x !== 'object');
    return rangeItems({ accept, otherwise: 'chart-refuses' }, ctx, line, character, false, isDefault);
  }
  const boolean = info.schemaTypes ? info.schemaTypes.includes('boolean') : info.type === 'boolean' && !info.commented;
  return boolean
    ? rangeItems({ accept: [true, false], otherwise: 'unknown' }, ctx, line, character, false, isDefault)
    : [];
}

/** Completion at a position of a document version; null when there is nothing to offer. */
export function completion(entry: Entry, line: number, character: number): CompletionList | null {
  if (!isOurs(entry)) return null;
  if (entry.releases) return releaseCompletion(entry, entry.releases, line, character);
  // An empty YAML file is only ours when its name or a modeline says so.
  if (!entry.claim.byName && !entry.claim.modeline && entry.text.trim() === '') return null;
  const ctx = cursorContext(entry.text, line, character);
  if (!ctx) return null;
  if (!stripWrapperParents(ctx, entry.text)) return null;
  const t = targetOf(entry);
  const items = ctx.kind === 'key' ? keyItems(entry, t, ctx, line, character) : valueItems(t, ctx, line, character);
  return items.length > 0 ? { isIncomplete: false, items } : null;
}

/**
 * Completion inside a wrapped release's values written as indented lines (a map such as
 * `spec.values`, or a literal block such as `valuesContent: |`): the region is read as a values
 * file of its own, at the release's version, and the items are moved back to the document.
 */
function releaseCompletion(
  entry: Entry,
  releases: ReleaseEntry[],
  line: number,
  character: number,
): CompletionList | null {
  const r = releaseAtLine(releases, line);
  if (!r || r.view.outcome.kind !== 'ok') return null;
  const region = layerRegionAt(r, entry.text, line);
  if (!region || character < region.indent) return null;
  const lines = entry.text.split('\n');
  let end = line;
  for (let i = line + 1; i < lines.length; i++) {
    const s = lines[i].replace(/\r$/, '');
    if (s.trim() !== '' && s.length - s.trimStart().length < region.indent) break;
    end = i;
  }
  const inner = lines
    .slice(region.first, end + 1)
    .map((l) => {
      const lead = l.length - l.trimStart().length;
      return l.slice(Math.min(lead, region.indent));
    })
    .join('\n');
  const list = completion(
    { ...r.view, text: inner, releases: undefined },
    line - region.first,
    character - region.indent,
  );
  if (!list) return null;
  const pad = ' '.repeat(region.indent);
  for (const item of list.items) {
    const te = item.textEdit;
    if (te && 'range' in te) {
      te.range = {
        start: { line: te.range.start.line + region.first, character: te.range.start.character + region.indent },
        end: { line: te.range.end.line + region.first, character: te.range.end.character + region.indent },
      };
      te.newText = te.newText.replace(/\n/g, `\n${pad}`);
    }
  }
  return list;
}

/** Where wrappers keep values as a map (while a half-typed file does not parse, its releases are unknown). */
const WRAPPER_VALUES: Array<{ kind: RegExp; parents: string[] }> = [
  { kind: /^kind:\s*["']?HelmRelease["']?\s*$/m, parents: ['spec', 'values'] },
  { kind: /^kind:\s*["']?Application["']?\s*$/m, parents: ['spec', 'source', 'helm', 'valuesObject'] },
];

/** Drops the wrapper's own keys from the cursor's parents; false when the cursor is elsewhere in a wrapper. */
function stripWrapperParents(ctx: CursorContext, text: string): boolean {
  for (const w of WRAPPER_VALUES) {
    if (!w.kind.test(text)) continue;
    const inside =
      w.parents.every((p, i) => ctx.parents[i] === p) &&
      (ctx.parents.length > w.parents.length || ctx.kind === 'key' || ctx.parents.length === w.parents.length);
    if (!inside) return false;
    ctx.parents = ctx.parents.slice(w.parents.length);
    return true;
  }
  return true;
}
