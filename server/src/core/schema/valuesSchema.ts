/**
 * JSON Schemas for Helm values, one per chart version, built from the generated chart key tree
 * (types and keys of the real values.yaml, the chart's own values.schema.json types and enums
 * where it has one) and the free-form maps of our overlay, and checked by walking them
 * (./validate.ts; no compiled validators: they cost the server more memory than the data).
 *
 * Nothing is built up front: the tree is cut into units — every top-level map, and below it
 * every map with more than SPLIT_ABOVE keys under it (hubble.relay, hubble.ui, …) — and the
 * schema of a unit is built the first time a file of that chart version has a value in it, then
 * kept for the life of the process.
 *
 * What a schema says, per key present in the chart version:
 *   - type: the chart schema's types where it lists the key (helm itself enforces them, so a
 *     mismatch makes helm refuse); otherwise a lenient type inferred from the default in
 *     values.yaml (booleans stay booleans, maps stay maps, lists stay lists, other scalars may
 *     be any scalar). `null` is always allowed: in Helm it removes a value.
 *   - enum: the chart schema's enum, where it has one.
 *   - properties + additionalProperties: false for maps with known children, except free-form
 *     maps (overlay), maps without children in the defaults, and everything below them.
 * Keys only present commented out in values.yaml are known keys without a type.
 */
import data from '../../../../schemas/generated/chart-keys.json';
import { isFreeFormRoot, templateKeysUnder } from '../facts/overlay';
import {
  SCHEMA_INDEX,
  VERSION_INDEX,
  type ChartKeysFile,
  type RawNode,
  type Run,
  type SchemaRun,
} from '../chart/chartKeys';
import { checkSchema, type SchemaError } from './validate';

const FILE = data as unknown as ChartKeysFile;
/** chart folder → its version as numbers (`1.19.0-dev` → 1.19.0) */
const CHART_NUMBERS = FILE.versions.map((v) => {
  const [a, b, c] = v.replace(/-.*$/, '').split('.').map(Number);
  return { major: a, minor: b, patch: c };
});

/** Top-level keys Helm accepts in any chart (values shared with subcharts). */
const ALWAYS_ALLOWED_TOP = ['global'];

export interface JsonSchema {
  type?: string[];
  not?: JsonSchema;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: false;
}

function runAt(n: RawNode, vi: number): Run | undefined {
  for (const r of n.r ?? []) if (r[0] <= vi && vi <= r[1]) return r;
  return undefined;
}

function schemaRunAt(n: RawNode, si: number | undefined): SchemaRun | undefined {
  if (si === undefined) return undefined;
  for (const r of n.s ?? []) if (r[0] <= si && si <= r[1]) return r;
  return undefined;
}

/**
 * Types inferred from a default in values.yaml. Strings and numbers take any scalar (templates
 * quote them either way); a map or list there is caught by `not`.
 */
const INFERRED: Record<string, JsonSchema | undefined> = {
  boolean: { type: ['boolean', 'null'] },
  number: { not: { type: ['object', 'array'] } },
  string: { not: { type: ['object', 'array'] } },
  array: { type: ['array', 'null'] },
  object: { type: ['object', 'null'] },
  null: undefined,
};

/** A map with more keys than this below it is validated by a unit of its own. */
const SPLIT_ABOVE = 24;

function descendants(n: RawNode, vi: number): number {
  let count = 0;
  for (const c of Object.values(n.k ?? {})) if (runAt(c, vi)) count += 1 + descendants(c, vi);
  return count;
}

/**
 * Whether a map gets a unit of its own. At the top (limit 0) every map with keys below it does,
 * decided without reading them: the bundle parses a top-level key's subtree only when something
 * reads its `k` (scripts/build.mjs), and building the top unit must not parse them all.
 */
function isSplit(n: RawNode, vi: number, limit: number): boolean {
  if (!('k' in n)) return false;
  return limit === 0 || descendants(n, vi) > limit;
}

/** The type part of a node's schema (chart schema types and enum, or inferred). */
function typeSchema(n: RawNode, run: Run, si: number | undefined): JsonSchema {
  const s: JsonSchema = {};
  const sr = schemaRunAt(n, si);
  if (sr && sr[2].length > 0) {
    s.type = [...new Set([...sr[2], 'null'])];
    if (sr[3] && sr[3].length > 0) s.enum = [...sr[3], null];
  } else if (sr && sr[3] && sr[3].length > 0) {
    s.enum = [...sr[3], null];
  } else if (run[4] !== 'commented') {
    const t = INFERRED[run[2]];
    if (t?.type) s.type = [...t.type];
    else if (t?.not) s.not = t.not;
  }
  return s;
}

/**
 * The schema of one node in one chart version; undefined when the chart does not have it.
 * With `split`, maps below the node that are big enough are left as type-only stubs and their
 * names collected: they are validated by units of their own.
 */
function nodeSchema(
  n: RawNode,
  path: string,
  vi: number,
  si: number | undefined,
  free: boolean,
  split?: { limit: number; names: string[] },
): JsonSchema | undefined {
  const run = runAt(n, vi);
  if (!run) return undefined;
  const s = typeSchema(n, run, si);
  if (run[2] === 'object') {
    const isFree = free || isFreeFormRoot(path);
    const props: Record<string, JsonSchema> = {};
    let any = false;
    for (const [name, child] of Object.entries(n.k ?? {})) {
      const childRun = runAt(child, vi);
      if (!childRun) continue;
      let cs: JsonSchema | undefined;
      if (split && childRun[2] === 'object' && isSplit(child, vi, split.limit)) {
        cs = typeSchema(child, childRun, si);
        split.names.push(name);
      } else {
        cs = nodeSchema(child, path ? `${path}.${name}` : name, vi, si, isFree);
      }
      if (cs) {
        props[name] = cs;
        any = true;
      }
    }
    for (const name of templateKeysUnder(path, CHART_NUMBERS[vi])) {
      if (props[name]) continue;
      props[name] = {};
      any = true;
    }
    if (any) {
      s.properties = props;
      if (!isFree) s.additionalProperties = false;
    }
  }
  return s;
}

/** Whether the chart's own values.schema.json types the key (helm then enforces the type). */
export function chartSchemaTypes(chart: string, path: string): { types?: string[]; enum?: unknown[] } | undefined {
  const si = SCHEMA_INDEX.get(chart);
  if (si === undefined) return undefined;
  let n: RawNode | undefined = { k: FILE.keys };
  for (const part of path.split('.')) {
    n = n?.k?.[part];
    if (!n) return undefined;
  }
  const sr = schemaRunAt(n, si);
  return sr ? { types: sr[2].length ? sr[2] : undefined, enum: sr[3] } : undefined;
}

interface Unit {
  schema: JsonSchema | undefined;
  /** child maps validated by units of their own */
  split: string[];
}

const units = new Map<string, Unit>();

function nodeAt(path: string): RawNode | undefined {
  if (path === '') return { k: FILE.keys };
  let n: RawNode | undefined = { k: FILE.keys };
  for (const part of path.split('\u0000')) {
    n = n?.k?.[part];
    if (!n) return undefined;
  }
  return n;
}

function isFreeBelow(segments: string[]): boolean {
  for (let i = 1; i < segments.length; i++) if (isFreeFormRoot(segments.slice(0, i).join('.'))) return true;
  return false;
}

/** The unit rooted at `segments` in chart `chart`, built on first use. */
function unitFor(chart: string, segments: string[]): Unit {
  const key = `${chart}\u0001${segments.join('\u0000')}`;
  let u = units.get(key);
  if (u) return u;
  const vi = VERSION_INDEX.get(chart)!;
  const si = SCHEMA_INDEX.get(chart);
  const split = { limit: segments.length === 0 ? 0 : SPLIT_ABOVE, names: [] as string[] };
  let schema: JsonSchema | undefined;
  if (segments.length === 0) {
    schema = nodeSchema({ r: [[vi, vi, 'object']], k: FILE.keys }, '', vi, si, false, split);
    if (schema) {
      schema.properties = { ...schema.properties };
      for (const k of ALWAYS_ALLOWED_TOP) schema.properties[k] = {};
    }
  } else {
    const n = nodeAt(segments.join('\u0000'));
    schema = n ? nodeSchema(n, segments.join('.'), vi, si, isFreeBelow(segments), split) : undefined;
  }
  u = { schema, split: split.names };
  units.set(key, u);
  return u;
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validateUnit(chart: string, segments: string[], value: unknown, pointer: string, out: SchemaError[]): void {
  const u = unitFor(chart, segments);
  if (u.schema) checkSchema(u.schema, value, pointer, out);
  if (!isPlainMap(value)) return;
  for (const name of u.split) {
    const child = value[name];
    if (isPlainMap(child)) validateUnit(chart, [...segments, name], child, `${pointer}/${pointerSegment(name)}`, out);
  }
}

/** The whole schema of a top-level key in a chart version, in one piece (for tests). */
export function topLevelSchema(chart: string, key: string): JsonSchema | undefined {
  const vi = VERSION_INDEX.get(chart);
  const n = FILE.keys[key];
  if (vi === undefined || !n) return undefined;
  return nodeSchema(n, key, vi, SCHEMA_INDEX.get(chart), false);
}

export type { SchemaError };

/** JSON-pointer escaping of one segment. */
export function pointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Validates one file's values against chart version `chart`. Unknown charts validate nothing.
 * The units the values reach are built on first use and cached.
 */
export function validateValues(chart: string, values: Record<string, unknown>): SchemaError[] {
  if (!VERSION_INDEX.has(chart)) return [];
  const out: SchemaError[] = [];
  validateUnit(chart, [], values, '', out);
  return out;
}

const pathCache = new Map<string, string[]>();

/** Every value path of a chart version (real or commented), in tree order. Cached per chart. */
export function pathsInChart(chart: string): string[] {
  let out = pathCache.get(chart);
  if (out) return out;
  out = [];
  const vi = VERSION_INDEX.get(chart);
  if (vi !== undefined) {
    const walk = (tree: Record<string, RawNode>, prefix: string) => {
      for (const [k, n] of Object.entries(tree)) {
        if (!runAt(n, vi)) continue;
        const p = prefix ? `${prefix}.${k}` : k;
        out!.push(p);
        if (n.k) walk(n.k, p);
      }
    };
    walk(FILE.keys, '');
  }
  pathCache.set(chart, out);
  return out;
}
