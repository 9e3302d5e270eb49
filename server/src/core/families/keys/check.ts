/**
 * Key checks: every key and value of a values file against the chart version it targets, and the
 * `data` of a cilium-config ConfigMap against the agent version — unknown keys with "did you
 * mean", keys of other versions, deprecated and removed keys with their successors, wrong types
 * and values outside the accepted set. Types, chart enums and unknown keys come from the schema
 * (valuesSchema.ts, configMapSchema.ts); accepted values, lifecycles and suggestions from our
 * overlay (overlay.ts). Findings that the chart rendering or the agent checks already made about
 * the same key are not repeated.
 */
import type { CiliumVersion, Finding, Range, Severity, SourceLocation } from '../../types';
import type { FixIntent, RuleMeta } from '../rule';
import type { ConfigMapInput, ValuesInput } from '../../parse/input';
import { CHART_VERSIONS, chartDefault, chartVersionsWithKey } from '../../chart/chartKeys';
import { BOOL_KEYS } from '../../agent/config';
import { formatVersion, lineAtLeast } from '../../version';
import { materialiseFixes, yamlScalar } from '../../fix';
import { echo } from '../../echo';
import { unknownKey } from './rules/unknownKey';
import { keyNotInVersion } from './rules/keyNotInVersion';
import { removedKey } from './rules/removedKey';
import { deprecatedKey } from './rules/deprecatedKey';
import { valueType } from './rules/valueType';
import { unsupportedValue } from './rules/unsupportedValue';
import { deprecatedValue } from '../chart/rules/deprecatedValue';
import {
  acceptedConfigValues,
  acceptedValues,
  configMapOverlay,
  configMapOverlayKeys,
  describeRange,
  inRange,
  isOtherConfigMapKey,
  isTemplateKey,
  overlayValuePaths,
  scalarText,
  valueOverlay,
  type ValueRange,
} from '../../facts/overlay';
import { closest, SuggestIndex } from '../../schema/suggest';
import {
  BudgetClock,
  DEFAULT_KEY_CHECK_BUDGET,
  elsewhereIndex,
  pathsWithLeaf,
  siblingIndex,
  type KeyCheckBudget,
} from '../../schema/keySuggestions';
import { chartSchemaTypes, validateValues, type SchemaError } from '../../schema/valuesSchema';
import { validateConfigMapData } from '../../schema/configMapSchema';

export interface SchemaTarget {
  input: ValuesInput | ConfigMapInput;
  text: string;
}

/** Rule ids of the key checks (for settings that turn them off together). */
export const SCHEMA_RULE_IDS: readonly string[] = [
  unknownKey.id,
  keyNotInVersion.id,
  removedKey.id,
  deprecatedKey.id,
  valueType.id,
  unsupportedValue.id,
];

/** The rule of an earlier finding (the registry's `ruleMeta`): its `judges` keep the key checks quiet. */
export type RuleLookup = (id: string) => Pick<RuleMeta, 'judges'> | undefined;

/** A key or value in a message (user input is cut: see echo.ts). */
const code = (s: string) => `\`${echo(s)}\``;

/** `1.19.0-dev` → `1.19` */
function lineOfChart(chart: string): string {
  return chart.split('.').slice(0, 2).join('.');
}

function jsonKind(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const KIND_WORDS: Record<string, string> = {
  object: 'a map',
  array: 'a list',
  boolean: 'a boolean',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
};

function describeKinds(types: readonly string[]): string {
  if (
    ['string', 'number', 'boolean'].every((t) => types.includes(t)) &&
    !types.includes('object') &&
    !types.includes('array')
  )
    return 'a single value (text, number or boolean)';
  const words = [...new Set(types.filter((t) => t !== 'null').map((t) => KIND_WORDS[t] ?? t))];
  return words.length <= 1 ? (words[0] ?? 'empty') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function describeValue(v: unknown): string {
  const k = jsonKind(v);
  if (k === 'string') return `the string ${echo(JSON.stringify(v))}`;
  if (k === 'object') return 'a map';
  if (k === 'array') return 'a list';
  return `${KIND_WORDS[k] ?? k} (${echo(String(v))})`;
}

function pointerToSegments(p: string): string[] {
  if (p === '') return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(values: Record<string, unknown>, segments: string[]): unknown {
  let node: unknown = values;
  for (const s of segments) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** A value from the accepted list, typed as the overlay wrote it. */
function typedAccepted(r: ValueRange, text: string): string | number | boolean | undefined {
  return r.accept.find((a) => scalarText(a) === text);
}

interface Draft {
  meta: RuleMeta;
  severity: Severity;
  message: string;
  /** Helm value path or ConfigMap key */
  path: string;
  range: Range;
  fixes: FixIntent[];
  /** the configuration does not run: helm refuses to render it, or the agent refuses to start */
  stops?: 'helm' | 'agent';
}

/** An unknown key left over when the budget was spent: summarised, not reported one by one. */
interface Unreported {
  path: string;
  range: Range;
}

class Checker {
  readonly drafts: Draft[] = [];
  readonly unreported: Unreported[] = [];
  private readonly coveredLifecycle = new Set<string>();
  private readonly coveredValue = new Set<string>();

  constructor(
    readonly target: SchemaTarget,
    readonly v: CiliumVersion,
    existing: Finding[],
    rule: RuleLookup,
    readonly clock: BudgetClock,
  ) {
    const file = target.input.file;
    for (const f of existing) {
      for (const e of f.evidence) {
        if (e.origin.kind !== 'explicit') continue;
        const where = e.origin.location?.file ?? f.location?.file;
        if (where !== file) continue;
        const paths = [e.key, e.origin.valuePath].filter((x): x is string => !!x);
        for (const p of paths) {
          const judges = rule(f.ruleId)?.judges ?? [];
          if (judges.includes('presence')) this.coveredLifecycle.add(p);
          if (judges.includes('value')) this.coveredValue.add(p);
        }
      }
    }
  }

  add(d: Draft): void {
    this.drafts.push(d);
  }

  lifecycleCovered(path: string): boolean {
    return this.coveredLifecycle.has(path);
  }

  valueCovered(path: string): boolean {
    return this.coveredValue.has(path);
  }

  /** Enterprise builds ship a chart with keys of their own: unknown keys are only a hint there. */
  get enterprise(): boolean {
    return /(^|\.)cee(\.|$)/.test(this.v.prerelease ?? '');
  }
}

// ---------------------------------------------------------------------------------------------
// values files

function relocateIntent(from: string, to: string, value: unknown, title: string): FixIntent | undefined {
  const fromParent = from.includes('.') ? from.slice(0, from.lastIndexOf('.')) : '';
  const toParent = to.includes('.') ? to.slice(0, to.lastIndexOf('.')) : '';
  if (fromParent === toParent)
    return { title, rename: [{ path: from, to: to.slice(to.lastIndexOf('.') + 1), in: 'values' }] };
  if (isScalar(value))
    return {
      title,
      values: [
        { path: from, value: null },
        { path: to, value },
      ],
    };
  return undefined;
}

/** Where a key is in its lifecycle relative to the target chart: older-only, newer-only, or other. */
function crossVersion(
  path: string,
  chart: string,
): { kind: 'older' | 'newer' | 'other'; versions: string[]; next?: string } | undefined {
  const vs = chartVersionsWithKey(path);
  if (vs.length === 0) return undefined;
  const ci = CHART_VERSIONS.indexOf(chart);
  const idx = vs.map((x) => CHART_VERSIONS.indexOf(x));
  if (idx.every((i) => i < ci)) {
    const last = Math.max(...idx);
    return { kind: 'older', versions: vs, next: CHART_VERSIONS[last + 1] };
  }
  if (idx.every((i) => i > ci)) return { kind: 'newer', versions: vs };
  return { kind: 'other', versions: vs };
}

function checkValues(c: Checker, input: ValuesInput, chart: string): void {
  const v = c.v;
  const line = v.line;
  const errors = validateValues(chart, input.values);
  const typeErrorPaths = new Set<string>();
  const keyRange = (path: string, segments: string[]): Range => {
    const loc = input.locations.get(path);
    if (loc) return loc.key;
    for (let k = segments.length - 1; k > 0; k--) {
      const l = input.locations.get(segments.slice(0, k).join('.'));
      if (l) return l.key;
    }
    return input.start;
  };
  const valueRange = (path: string, segments: string[]): Range =>
    input.locations.get(path)?.value ?? keyRange(path, segments);

  for (const e of errors) {
    if (e.keyword === 'additionalProperties') {
      const parentSegs = pointerToSegments(e.instancePath);
      const key = String(e.params.additionalProperty);
      if (key === '<<') continue;
      const segs = [...parentSegs, key];
      unknownKeyIssue(c, input, chart, parentSegs.join('.'), key, segs, keyRange(segs.join('.'), segs));
    } else if (e.keyword === 'type' || e.keyword === 'not') {
      const segs = pointerToSegments(e.instancePath);
      const path = segs.join('.');
      typeErrorPaths.add(path);
      typeIssue(c, input, chart, path, segs, e, valueRange(path, segs));
    } else if (e.keyword === 'enum') {
      const segs = pointerToSegments(e.instancePath);
      const path = segs.join('.');
      const value = valueAt(input.values, segs);
      const allowed = ((e.params.allowedValues as unknown[]) ?? []).filter((x) => x !== null);
      const suggestions = isScalar(value) ? closest(scalarText(value), allowed.map(scalarText)) : [];
      c.add({
        meta: unsupportedValue,
        severity: 'error',
        message: `${code(path)}: chart ${chart} accepts ${allowed.map((a) => code(scalarText(a))).join(', ')}; helm refuses ${describeValue(value)} (the chart's values.schema.json).${suggestions.length ? ` Did you mean ${code(suggestions[0])}?` : ''}`,
        path,
        range: valueRange(path, segs),
        fixes: suggestions.map((s) => ({
          title: `Change to ${s}`,
          values: [{ path, value: allowed.find((a) => scalarText(a) === s) }],
        })),
        stops: 'helm',
      });
    }
  }

  summariseUnreported(c, `chart ${chart}`, 'values');

  // Accepted values, deprecated values (our overlay).
  for (const path of overlayValuePaths()) {
    const o = valueOverlay(path)!;
    const loc = input.locations.get(path);
    if (!loc) continue;
    const segs = path.split('.');
    const value = valueAt(input.values, segs);

    if (o.values && isScalar(value) && scalarText(value) !== '' && !typeErrorPaths.has(path)) {
      const r = acceptedValues(path, v);
      if (r) valueIssue(c, path, value, r, o.valuesCheckedBy, loc.value, `Cilium ${line}`);
    }

    // A deprecated key left at its default changes nothing now and nothing when it goes away.
    if (
      o.deprecated &&
      inRange(v, o.deprecated) &&
      !c.lifecycleCovered(path) &&
      (chartDefault(chart, path).found || isTemplateKey(path, v)) &&
      !sameAsDefault(chart, path, value)
    ) {
      const removed = o.removed ? `; chart ${o.removed.in} removes it` : '';
      const use = o.deprecated.use ? `; use ${code(o.deprecated.use)}` : '';
      const note = o.deprecated.note ? ` (${o.deprecated.note})` : '';
      const fix = o.deprecated.use
        ? relocateIntent(path, o.deprecated.use, value, `Use ${o.deprecated.use}`)
        : undefined;
      c.add({
        meta: deprecatedKey,
        severity: 'warning',
        message: `${code(path)} is deprecated in chart ${describeRange(o.deprecated)}${removed}${use}${note}.`,
        path,
        range: loc.key,
        fixes: fix ? [fix] : [],
      });
    }
  }
}

/** One finding for the unknown keys the budget left unreported. */
function summariseUnreported(c: Checker, where: string, kind: 'values' | 'configMap'): void {
  const rest = c.unreported;
  if (rest.length === 0) return;
  const shown = rest.slice(0, 3).map((u) => code(echo(u.path, 40)));
  const more = rest.length - shown.length;
  const names = more > 0 ? `${shown.join(', ')} and ${more.toLocaleString('en-US')} more` : shown.join(', ');
  const message =
    kind === 'values'
      ? `${names} are not values in ${where} either; helm accepts them and the chart ignores them. They are not reported one by one: an analysis reports at most ${c.clock.budget.unknownKeyFindings} unknown keys, within ${c.clock.budget.milliseconds / 1000} s.`
      : `${names} were not checked for near misses of the keys ${where} reads: an analysis checks at most ${c.clock.budget.unknownKeyFindings} unknown keys, within ${c.clock.budget.milliseconds / 1000} s.`;
  c.add({
    meta: unknownKey,
    severity: kind === 'values' && !c.enterprise ? 'warning' : 'info',
    message,
    path: rest[0].path,
    range: rest[0].range,
    fixes: [],
  });
  rest.length = 0;
}

function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function sameAsDefault(chart: string, path: string, value: unknown): boolean {
  const d = chartDefault(chart, path);
  return d.found && !d.commented && canonical(d.value) === canonical(value);
}

function unknownKeyIssue(
  c: Checker,
  input: ValuesInput,
  chart: string,
  parent: string,
  key: string,
  segs: string[],
  range: Range,
): void {
  const v = c.v;
  const path = segs.join('.');
  const value = valueAt(input.values, segs);
  const o = valueOverlay(path);
  const chartLine = lineOfChart(chart);
  const ignores = `chart ${chart} ignores it`;

  // Removed, with our successor.
  const cross = crossVersion(path, chart);
  if (cross) {
    if (c.lifecycleCovered(path)) return;
    const use = cross.kind === 'older' && o?.removed?.use ? o.removed.use : undefined;
    const note = cross.kind === 'older' && o?.removed?.note ? ` (${o.removed.note})` : '';
    const first = cross.versions[0];
    const last = cross.versions[cross.versions.length - 1];
    let message: string;
    let meta: RuleMeta;
    if (cross.kind === 'older') {
      meta = removedKey;
      const removedIn = o?.removed?.in ?? (cross.next ? lineOfChart(cross.next) : chartLine);
      message = `${code(path)} was removed in chart ${removedIn} (last in ${lineOfChart(last)}); ${ignores}${use ? `. Use ${code(use)}` : ''}${note}.`;
    } else if (cross.kind === 'newer') {
      meta = keyNotInVersion;
      message = `${code(path)} exists from chart ${lineOfChart(first)}; you target ${v.line}, and ${ignores}.`;
    } else {
      meta = keyNotInVersion;
      message = `${code(path)} is a value of charts ${lineOfChart(first)}–${lineOfChart(last)} but not of chart ${chart}, which ignores it.`;
    }
    const fix = use ? relocateIntent(path, use, value, `Use ${use}`) : undefined;
    c.add({ meta, severity: 'warning', message, path, range, fixes: fix ? [fix] : [] });
    return;
  }

  // Never a key: the closest siblings in this chart, then in other charts, then the same name elsewhere.
  if (!c.clock.take()) {
    c.unreported.push({ path, range });
    return;
  }
  const near = siblingIndex(chart, parent).closest(key);
  const fixes: FixIntent[] = near.map((n) => ({
    title: `Rename to ${n}`,
    rename: [{ path, to: n, in: 'values' as const }],
  }));
  let hint = '';
  if (near.length > 0) {
    hint = ` Did you mean ${near.map((n) => code(parent ? `${parent}.${n}` : n)).join(' or ')}?`;
  } else {
    const farther = elsewhereIndex(chart, parent).closest(key, 1);
    if (farther.length > 0) {
      const full = parent ? `${parent}.${farther[0]}` : farther[0];
      const vs = chartVersionsWithKey(full);
      hint = ` Did you mean ${code(full)}? It is a value of charts ${lineOfChart(vs[0])}–${lineOfChart(vs[vs.length - 1])}, not of ${chartLine}.`;
    } else {
      const moved = pathsWithLeaf(chart, key).filter((p) => p !== path);
      if (moved.length > 0 && moved.length <= 3) {
        hint = ` Did you mean ${moved.map(code).join(' or ')}?`;
        for (const m of moved) {
          const f = relocateIntent(path, m, value, `Move to ${m}`);
          if (f) fixes.push(f);
        }
      }
    }
  }
  const where = parent ? `under ${code(parent)} ` : '';
  c.add({
    meta: unknownKey,
    severity: c.enterprise ? 'info' : 'warning',
    message: `${code(key)} is not a value ${where}in chart ${chart}; helm accepts it and the chart ignores it.${hint}${c.enterprise ? ' (Enterprise charts have values of their own; this compares with the open-source chart.)' : ''}`,
    path,
    range,
    fixes,
  });
}

function typeIssue(
  c: Checker,
  input: ValuesInput,
  chart: string,
  path: string,
  segs: string[],
  e: SchemaError,
  range: Range,
): void {
  const value = valueAt(input.values, segs);
  // `not` guards inferred scalars: a map or a list where the chart has a single value
  const t = e.params.type;
  const expected =
    e.keyword === 'not' ? ['string', 'number', 'boolean'] : Array.isArray(t) ? (t as string[]) : String(t).split(',');
  const fromChart = !!chartSchemaTypes(chart, path)?.types;
  const o = valueOverlay(path);

  // A plain value where the chart now has a map (bandwidthManager: true).
  if (o?.scalarForm && isScalar(value)) {
    const sf = o.scalarForm;
    const nest: FixIntent = {
      title: `Write ${sf.use}: ${yamlScalar(value)}`,
      nest: [{ path, child: sf.use.slice(sf.use.lastIndexOf('.') + 1) }],
    };
    if (sf.deprecatedIn && inRange(c.v, sf.deprecatedIn)) {
      c.add({
        meta: deprecatedKey,
        severity: 'warning',
        message: `${code(`${path}: ${yamlScalar(value)}`)} is the old form: chart ${c.v.line} still reads it, later charts only read ${code(sf.use)}.`,
        path,
        range,
        fixes: [nest],
      });
      return;
    }
    c.add({
      meta: valueType,
      severity: fromChart ? 'error' : 'warning',
      message: `${code(path)} is a map from chart ${nextLine(sf.until)}; the plain value ${echo(yamlScalar(value))} is the form of charts up to ${sf.until}${fromChart ? ', and helm refuses it' : ' and is ignored'}. Write ${code(`${sf.use}: ${yamlScalar(value)}`)}.`,
      path,
      range,
      fixes: [nest],
      stops: fromChart ? 'helm' : undefined,
    });
    return;
  }
  if (!fromChart && c.valueCovered(path)) return;

  const fixes: FixIntent[] = [];
  if (typeof value === 'string') {
    const t = value.trim();
    if (expected.includes('boolean') && /^(true|false)$/i.test(t))
      fixes.push({
        title: `Use the boolean ${t.toLowerCase()}`,
        values: [{ path, value: t.toLowerCase() === 'true' }],
      });
    else if ((expected.includes('integer') || expected.includes('number')) && /^[-+]?\d+(\.\d+)?$/.test(t))
      fixes.push({ title: `Use the number ${t}`, values: [{ path, value: Number(t) }] });
  } else if ((typeof value === 'number' || typeof value === 'boolean') && expected.includes('string')) {
    fixes.push({ title: `Quote it: "${String(value)}"`, values: [{ path, value: String(value) }] });
  }
  let why: string;
  if (fromChart) why = `helm refuses values that break the chart's values.schema.json`;
  else {
    const d = chartDefault(chart, path);
    why = `the chart's default is ${d.found && !d.commented ? describeValue(d.value) : describeKinds(expected)}`;
    if (expected.includes('boolean') && typeof value === 'string' && value.trim() !== '')
      why += `; the templates read any non-empty string as true`;
  }
  c.add({
    meta: valueType,
    severity: fromChart ? 'error' : 'warning',
    message: `${code(path)} takes ${describeKinds(expected)} in chart ${chart}, not ${describeValue(value)}: ${why}.`,
    path,
    range,
    fixes,
    stops: fromChart ? 'helm' : undefined,
  });
}

function nextLine(line: string): string {
  const [a, b] = line.split('.').map(Number);
  return `${a}.${b + 1}`;
}

/** A scalar against the accepted values of its key (values files and ConfigMaps). */
function valueIssue(
  c: Checker,
  path: string,
  value: string | number | boolean,
  r: ValueRange,
  checkedBy: string[] | undefined,
  range: Range,
  who: string,
  configMap = false,
): void {
  const text = scalarText(value);
  const accepted = r.accept.map(scalarText);
  const setIntent = (title: string, to: string | number | boolean | null): FixIntent =>
    configMap
      ? { title, configMap: [{ key: path, value: to === null ? null : String(to) }] }
      : { title, values: [{ path, value: to }] };
  if (accepted.includes(text)) {
    if (!r.deprecated || !(text in r.deprecated) || c.valueCovered(path)) return;
    const repl = r.deprecated[text];
    c.add({
      meta: deprecatedValue,
      severity: 'warning',
      message: `${code(`${path}: ${text}`)} is deprecated in ${who}${repl !== null ? `; use ${code(scalarText(repl))}` : ''}.`,
      path,
      range,
      fixes: repl !== null ? [setIntent(`Change to ${scalarText(repl)}`, repl)] : [],
    });
    return;
  }
  if (checkedBy && checkedBy.length > 0) return;
  if (c.valueCovered(path)) return;
  const current = accepted.filter((a) => !(r.deprecated && a in r.deprecated));
  const near = closest(text, current);
  const consequence =
    r.otherwise === 'agent-refuses'
      ? 'the agent refuses to start with anything else'
      : r.otherwise === 'chart-refuses'
        ? 'helm refuses to render anything else'
        : 'it does not know other values';
  c.add({
    meta: unsupportedValue,
    severity: r.otherwise === 'unknown' ? 'warning' : 'error',
    message: `${code(`${path}: ${text}`)}: ${who} accepts ${current.map(code).join(', ')}; ${consequence}.${near.length ? ` Did you mean ${code(near[0])}?` : ''}`,
    path,
    range,
    fixes: near.map((n) => setIntent(`Change to ${n}`, typedAccepted(r, n) ?? n)),
    stops: r.otherwise === 'agent-refuses' ? 'agent' : r.otherwise === 'chart-refuses' ? 'helm' : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// ConfigMaps

function checkConfigMap(c: Checker, cm: ConfigMapInput): void {
  const v = c.v;
  const who = `Cilium ${formatVersion(v)}`;
  const errors = validateConfigMapData(cm, v);
  const reported = new Set<string>();
  for (const e of errors) {
    const key = pointerToSegments(e.instancePath)[0];
    const entry = key !== undefined ? cm.data.get(key) : undefined;
    if (!entry || reported.has(key)) continue;
    if (e.keyword === 'type') {
      reported.add(key);
      c.add({
        meta: valueType,
        severity: 'error',
        message: `${code(key)}: ConfigMap data values are strings, and ${entry.value === '' ? 'this one is not' : `${code(entry.value)} is not one`}: the API server refuses the ConfigMap. Quote it.`,
        path: key,
        range: entry.location.value,
        fixes: [{ title: `Quote it: "${echo(entry.value)}"`, configMap: [{ key, value: entry.value }] }],
      });
    } else if (e.keyword === 'pattern') {
      reported.add(key);
      if (BOOL_KEYS.has(key) || c.valueCovered(key)) continue; // invalid-boolean reports these
      const refuses = lineAtLeast(v, '1.11');
      const near = /^(yes|on|enabled?)$/i.test(entry.value.trim())
        ? 'true'
        : /^(no|off|disabled?)$/i.test(entry.value.trim())
          ? 'false'
          : undefined;
      c.add({
        meta: valueType,
        severity: refuses ? 'error' : 'warning',
        message: `${code(key)}: ${echo(JSON.stringify(entry.value))} is not a Go boolean (true, false, 1, 0, …); ${refuses ? 'this agent checks its ConfigMap and refuses to start' : `Cilium ${v.line} reads it as false`}.`,
        path: key,
        range: entry.location.value,
        fixes: near ? [{ title: `Change to "${near}"`, configMap: [{ key, value: near }] }] : [],
        stops: refuses ? 'agent' : undefined,
      });
    } else if (e.keyword === 'enum') {
      reported.add(key);
      const o = configMapOverlay(key);
      const r = acceptedConfigValues(key, v);
      if (r) valueIssue(c, key, entry.value, r, o?.valuesCheckedBy, entry.location.value, who, true);
    }
  }
  // Deprecated values (accepted, so the schema check is silent about them).
  for (const [key, entry] of cm.data) {
    if (reported.has(key)) continue;
    const r = acceptedConfigValues(key, v);
    if (r?.deprecated && entry.value in r.deprecated)
      valueIssue(c, key, entry.value, r, configMapOverlay(key)?.valuesCheckedBy, entry.location.value, who, true);
  }

  // Lifecycle and typos.
  let candidates: SuggestIndex | undefined;
  for (const [key, entry] of cm.data) {
    const o = configMapOverlay(key);
    const range = entry.location.key;
    if (o) {
      if (o.checkedBy && o.checkedBy.length > 0) continue;
      const renameTo = (to: string): FixIntent => ({
        title: `Rename to ${to}`,
        rename: [{ path: key, to, in: 'configMap' }],
      });
      if (o.removed && inRange(v, { from: o.removed.in })) {
        c.add({
          meta: removedKey,
          severity: 'warning',
          message: `${code(key)} was removed in Cilium ${o.removed.in}; the ${v.line} agent ignores it${o.removed.use ? `. Use ${code(o.removed.use)}` : ''}${o.removed.note ? ` (${o.removed.note})` : ''}.`,
          path: key,
          range,
          fixes: o.removed.use && !o.removed.note ? [renameTo(o.removed.use)] : [],
        });
        continue;
      }
      if (o.range && !inRange(v, o.range)) {
        const newer = o.range.from && !inRange(v, { from: o.range.from });
        c.add({
          meta: newer ? keyNotInVersion : removedKey,
          severity: 'warning',
          message: newer
            ? `${code(key)} exists from Cilium ${o.range.from}; you target ${v.line}, and that agent ignores it.`
            : `${code(key)} is read by Cilium ${describeRange(o.range)} only; the ${v.line} agent ignores it.`,
          path: key,
          range,
          fixes: [],
        });
        continue;
      }
      if (o.deprecated && inRange(v, o.deprecated)) {
        c.add({
          meta: deprecatedKey,
          severity: 'warning',
          message: `${code(key)} is deprecated in Cilium ${describeRange(o.deprecated)}${o.removed ? ` and removed in ${o.removed.in}` : ''}${o.deprecated.use ? `; use ${code(o.deprecated.use)}` : ''}${o.deprecated.note ? ` (${o.deprecated.note})` : ''}.`,
          path: key,
          range,
          fixes: o.deprecated.use && !o.deprecated.note ? [renameTo(o.deprecated.use)] : [],
        });
      }
      continue;
    }
    if (isOtherConfigMapKey(key) || cm.data.size === 0) continue;
    candidates ??= new SuggestIndex(
      configMapOverlayKeys().filter((k) => {
        const x = configMapOverlay(k)!;
        return (
          !cm.data.has(k) && (!x.range || inRange(v, x.range)) && !(x.removed && inRange(v, { from: x.removed.in }))
        );
      }),
    );
    // only near misses are findings here, so the budget counts those (and the time)
    if (c.clock.spent()) {
      c.unreported.push({ path: key, range });
      continue;
    }
    const near = candidates.closest(key);
    if (near.length === 0 || !c.clock.take()) continue;
    c.add({
      meta: unknownKey,
      severity: 'warning',
      message: `${code(key)} is not a key ${who} reads; did you mean ${near.map(code).join(' or ')}? The agent ignores keys it does not know.`,
      path: key,
      range,
      fixes: near.map((n) => ({ title: `Rename to ${n}`, rename: [{ path: key, to: n, in: 'configMap' as const }] })),
    });
  }
  summariseUnreported(c, who, 'configMap');
}

// ---------------------------------------------------------------------------------------------

export interface KeyCheckResult {
  findings: Finding[];
  /** the findings (also in `findings`) that stop the configuration: helm or the agent refuses it */
  stops: Array<{ finding: Finding; stage: 'helm' | 'agent' }>;
}

/**
 * Key checks for the inputs of one analysis. `chart` is the chart version the values files are
 * compared with (undefined for a ConfigMap); `existing` are the findings made so far (chart
 * rendering and agent checks), used to avoid saying the same thing twice. `budget` bounds the
 * unknown-key work (see keySuggestions.ts).
 */
export function checkKeys(
  targets: SchemaTarget[],
  v: CiliumVersion,
  chart: string | undefined,
  existing: Finding[],
  rule: RuleLookup,
  budget: KeyCheckBudget = DEFAULT_KEY_CHECK_BUDGET,
): KeyCheckResult {
  const out: KeyCheckResult = { findings: [], stops: [] };
  // one budget for the whole analysis, whatever the number of files
  const clock = new BudgetClock(budget);
  for (const t of targets) {
    const c = new Checker(t, v, existing, rule, clock);
    if (t.input.kind === 'values') {
      if (!chart) continue;
      checkValues(c, t.input, chart);
    } else {
      checkConfigMap(c, t.input);
    }
    const seen = new Set<string>();
    // what stops the configuration first, then in the order of the file
    const drafts = [...c.drafts].sort(
      (a, b) =>
        (a.stops && a.severity === 'error' ? 0 : 1) - (b.stops && b.severity === 'error' ? 0 : 1) ||
        a.range.start.offset - b.range.start.offset,
    );
    for (const d of drafts) {
      const id = `${d.meta.id}\u0000${d.range.start.offset}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const location: SourceLocation = { file: t.input.file, range: d.range };
      const finding: Finding = {
        ruleId: d.meta.id,
        severity: d.severity,
        message: d.message,
        agentLog: null,
        location,
        related: [],
        evidence: [
          {
            key: d.path,
            value: writtenValue(t.input, d.path),
            origin: { kind: 'explicit', valuePath: t.input.kind === 'values' ? d.path : undefined, location },
          },
        ],
        fixes: materialiseFixes(d.fixes, t),
      };
      out.findings.push(finding);
      if (d.stops && d.severity === 'error') out.stops.push({ finding, stage: d.stops });
    }
  }
  return out;
}

/** The value as written (scalars as text), for the finding's evidence. */
function writtenValue(input: ValuesInput | ConfigMapInput, path: string): string | null {
  if (input.kind === 'configmap') return input.data.get(path)?.value ?? null;
  const v = valueAt(input.values, path.split('.'));
  return v === undefined || v === null ? null : isScalar(v) ? String(v) : JSON.stringify(v);
}
