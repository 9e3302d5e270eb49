/**
 * Cilium Helm chart keys per chart version: type, default value, JSON-schema types and keys the
 * chart's values.yaml only has commented out. Pure: the data is the generated
 * `schemas/generated/chart-keys.json` (see scripts/generate-chart-data.mjs for its format), bundled
 * at build time; nothing is read or parsed at run time. Indexes are built lazily on first use.
 *
 * Paths are the Helm value paths joined with `.` (`bpf.masquerade`). List items are not keys: a
 * list-valued key has type `array` and the whole list as its default. A map key whose name itself
 * contains dots (only `nodeSelector` entries such as `kubernetes.io/os`) is joined verbatim:
 * `nodeSelector.kubernetes.io/os`.
 */
import data from '../../../../schemas/generated/chart-keys.json';

/** YAML type of a value in values.yaml. */
export type ChartValueType = 'boolean' | 'string' | 'number' | 'null' | 'array' | 'object';

/** [fromIndex, toIndex, type, default?, 'commented'?] over `versions`. */
export type Run = [number, number, ChartValueType, unknown?, 'commented'?];
/** [fromIndex, toIndex, types, enum?] over `schemaVersions`. */
export type SchemaRun = [number, number, string[], unknown[]?];

/** One key of the generated chart data (see scripts/generate-chart-data.mjs). */
export interface RawNode {
  r?: Run[];
  s?: SchemaRun[];
  k?: Record<string, RawNode>;
}

export interface ChartKeysFile {
  formatVersion: number;
  versions: string[];
  schemaVersions: string[];
  keys: Record<string, RawNode>;
}

interface Entry {
  path: string;
  raw: RawNode;
  /** child name -> entry, in the data's (sorted) order; made the first time it is needed */
  children?: Map<string, Entry>;
  /** lazily computed */
  versions?: readonly string[];
  commentedVersions?: readonly string[];
}

const FILE = data as unknown as ChartKeysFile;

/** Compares `1.19.0-dev`-style versions: semver order, a prerelease before its release. */
function compareChartVersions(a: string, b: string): number {
  const pa = splitVersion(a);
  const pb = splitVersion(b);
  for (let i = 0; i < 3; i++) if (pa.nums[i] !== pb.nums[i]) return pa.nums[i] - pb.nums[i];
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === '') return 1;
  if (pb.pre === '') return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

function splitVersion(v: string): { nums: [number, number, number]; pre: string } {
  const [core, ...pre] = v.split('-');
  const [a = 0, b = 0, c = 0] = core.split('.').map(Number);
  return { nums: [a, b, c], pre: pre.join('-') };
}

/**
 * The chart versions the data covers (folder names of the chart values files), oldest first:
 * semver order, a `-dev` snapshot before the release of the same number, so
 * `… 1.18.3 < 1.19.0-dev < 1.20.0-dev`.
 */
export const CHART_VERSIONS: readonly string[] = Object.freeze([...FILE.versions].sort(compareChartVersions));

/** chart version -> its index in the data's `versions` (what runs refer to) */
export const VERSION_INDEX: ReadonlyMap<string, number> = new Map(FILE.versions.map((v, i) => [v, i]));
/** chart version -> its index in `schemaVersions` (what schema runs refer to) */
export const SCHEMA_INDEX: ReadonlyMap<string, number> = new Map(FILE.schemaVersions.map((v, i) => [v, i]));

/*
 * The key tree is indexed as far as lookups reach, not as a whole: an entry for each key looked
 * up and for the children of each map walked through. The whole tree (~1,850 keys) indexed up
 * front held ~0.6 MB of the server's memory for keys no file of the session names.
 */
const ROOT: Entry = { path: '', raw: { k: FILE.keys } };
/** path -> entry, for the paths looked up so far */
const LOOKED_UP = new Map<string, Entry>();

function childrenOf(e: Entry): Map<string, Entry> {
  if (!e.children) {
    e.children = new Map();
    for (const [name, raw] of Object.entries(e.raw.k ?? {}))
      e.children.set(name, { path: e.path === '' ? name : `${e.path}.${name}`, raw });
  }
  return e.children;
}

/**
 * The entry of a dotted path. A key whose own name has dots (`kubernetes.io/os`) is found too:
 * at each level the shortest run of segments naming a child is taken.
 */
function entryFor(path: string): Entry | undefined {
  if (path === '') return ROOT;
  const known = LOOKED_UP.get(path);
  if (known) return known;
  let e = ROOT;
  let rest = path;
  while (rest !== '') {
    const children = childrenOf(e);
    let cut = rest.indexOf('.');
    let next: Entry | undefined;
    for (;;) {
      next = children.get(cut < 0 ? rest : rest.slice(0, cut));
      if (next || cut < 0) break;
      cut = rest.indexOf('.', cut + 1);
    }
    if (!next) return undefined;
    e = next;
    rest = cut < 0 ? '' : rest.slice(cut + 1);
  }
  LOOKED_UP.set(path, e);
  return e;
}

function runAt(e: Entry, vi: number | undefined): Run | undefined {
  if (vi === undefined) return undefined;
  for (const r of e.raw.r ?? []) if (r[0] <= vi && vi <= r[1]) return r;
  return undefined;
}

function schemaRunAt(e: Entry, chart: string): SchemaRun | undefined {
  const si = SCHEMA_INDEX.get(chart);
  if (si === undefined) return undefined;
  for (const r of e.raw.s ?? []) if (r[0] <= si && si <= r[1]) return r;
  return undefined;
}

/** Deep copy, so callers cannot change the shared data. */
function copy<T>(v: T): T {
  return v === null || typeof v !== 'object' ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** The default of `e` in version `vi`; maps without a stored default are built from children. */
function valueOf(e: Entry, run: Run, vi: number): unknown {
  const [, , type, value] = run;
  if (type !== 'object' || (value !== undefined && value !== null)) return copy(value ?? null);
  const commented = run[4] === 'commented';
  const out: Record<string, unknown> = {};
  for (const [name, child] of childrenOf(e)) {
    const r = runAt(child, vi);
    if (!r) continue;
    // a real map holds its real children; a commented map holds its (commented) children
    if (!commented && r[4] === 'commented') continue;
    out[name] = valueOf(child, r, vi);
  }
  return out;
}

/** Versions (folder names) present in the runs, split by commented flag. */
function versionsOf(e: Entry): { all: readonly string[]; commented: readonly string[] } {
  if (!e.versions || !e.commentedVersions) {
    const all: string[] = [];
    const commented: string[] = [];
    for (const r of e.raw.r ?? []) {
      for (let i = r[0]; i <= r[1]; i++) {
        all.push(FILE.versions[i]);
        if (r[4] === 'commented') commented.push(FILE.versions[i]);
      }
    }
    const order = (a: string, b: string) => compareChartVersions(a, b);
    e.versions = Object.freeze(all.sort(order));
    e.commentedVersions = Object.freeze(commented.sort(order));
  }
  return { all: e.versions, commented: e.commentedVersions };
}

/** A Cilium version as far as chart selection needs it. */
export interface ChartVersionQuery {
  major: number;
  minor: number;
  patch?: number;
  prerelease?: string;
}

/** Which chart's values stand in for a Cilium version. */
export interface ResolvedChart {
  /** a member of CHART_VERSIONS */
  chart: string;
  /** true when the chart is exactly the requested version (including its prerelease tag) */
  exact: boolean;
  /** why a different chart was chosen, when that matters to the user */
  note?: string;
}

/**
 * For release lines with more than one chart: the highest patch each older chart stands in for
 * (the newest chart of the line covers the rest). 1.9.5 serves 1.9.0–1.9.8; 1.9.18 serves 1.9.9+.
 */
const SERVES_UP_TO_PATCH: Record<string, number> = { '1.9.5': 8 };

/**
 * Picks the known chart for a Cilium version: the chart of the same major.minor (for 1.9: 1.9.5
 * for patches ≤ 8, 1.9.18 for patches ≥ 9 or when no patch is given). For a line outside the
 * known ones (before 1.9, after 1.20) the nearest known chart is used, with a note.
 */
export function resolveChartVersion(v: ChartVersionQuery): ResolvedChart {
  const want = `${v.major}.${v.minor}${v.patch === undefined ? '' : `.${v.patch}`}${v.prerelease ? `-${v.prerelease}` : ''}`;
  const sameLine = CHART_VERSIONS.filter((c) => {
    const p = splitVersion(c);
    return p.nums[0] === v.major && p.nums[1] === v.minor;
  });
  if (sameLine.length > 0) {
    let chart = sameLine[sameLine.length - 1];
    if (v.patch !== undefined) {
      for (const c of sameLine) {
        const limit = SERVES_UP_TO_PATCH[c];
        if (limit !== undefined && v.patch <= limit) {
          chart = c;
          break;
        }
      }
    }
    const p = splitVersion(chart);
    const exact = v.patch !== undefined && p.nums[2] === v.patch && p.pre === (v.prerelease ?? '');
    if (exact) return { chart, exact };
    let note: string;
    if (p.pre !== '' && v.patch !== undefined && !v.prerelease) {
      note = `chart defaults of Cilium ${want} are not known; using the ${chart} development snapshot of the ${v.major}.${v.minor} line`;
    } else if (v.patch === undefined) {
      note = `no patch release given; using the chart defaults of ${chart}`;
    } else {
      note = `chart defaults of Cilium ${want} are not known; using those of ${chart}, the nearest known chart of the ${v.major}.${v.minor} line`;
    }
    return { chart, exact: false, note };
  }
  const oldest = CHART_VERSIONS[0];
  const newest = CHART_VERSIONS[CHART_VERSIONS.length - 1];
  const o = splitVersion(oldest);
  const older = v.major < o.nums[0] || (v.major === o.nums[0] && v.minor < o.nums[1]);
  if (older) {
    return {
      chart: oldest,
      exact: false,
      note: `Cilium ${want} is older than every known chart; using the chart defaults of ${oldest}, the oldest known`,
    };
  }
  // newer than everything, or a gap inside the known range: the newest chart below the request
  let chart = oldest;
  for (const c of CHART_VERSIONS) {
    const p = splitVersion(c);
    if (p.nums[0] < v.major || (p.nums[0] === v.major && p.nums[1] < v.minor)) chart = c;
  }
  const note =
    chart === newest
      ? `Cilium ${want} is newer than every known chart; using the chart defaults of ${newest}, the newest known`
      : `no chart of the ${v.major}.${v.minor} line is known; using the chart defaults of ${chart}`;
  return { chart, exact: false, note };
}

/** The default of one value path in one chart version. */
export interface ChartDefault {
  /** false when the path is not in that chart's values.yaml (not even commented out) */
  found: boolean;
  /**
   * The default (a copy). Maps give the object built from their children; for a commented key
   * the value written in the comment (the chart leaves the key unset).
   */
  value?: unknown;
  /** true when values.yaml only has the key commented out (`# key: value`) */
  commented?: boolean;
}

/**
 * Default of `path` in chart version `chart` (a CHART_VERSIONS member; any other string finds
 * nothing). Commented keys are reported with `found: true, commented: true` and the commented
 * value; callers decide whether it counts. Cheap for scalars; maps are rebuilt from their children.
 */
export function chartDefault(chart: string, path: string): ChartDefault {
  const e = path === '' ? undefined : entryFor(path);
  const vi = VERSION_INDEX.get(chart);
  if (!e || vi === undefined) return { found: false };
  const run = runAt(e, vi);
  if (!run) return { found: false };
  const out: ChartDefault = { found: true, value: valueOf(e, run, vi) };
  if (run[4] === 'commented') out.commented = true;
  return out;
}

/** Everything the data says about one value path, seen from one chart version. */
export interface ChartKeyInfo {
  path: string;
  /** the chart version asked about */
  chart: string;
  /** whether the path is in this chart's values.yaml (real or commented out) */
  present: boolean;
  /** YAML type in this chart (undefined when not present) */
  type?: ChartValueType;
  /** default in this chart, as chartDefault gives it (undefined when not present) */
  default?: unknown;
  /** true when this chart only has the key commented out */
  commented: boolean;
  /**
   * JSON-schema `type` list from this chart's values.schema.json (e.g. `['null', 'boolean']`);
   * undefined when the chart has no schema file or the schema does not list the key. Empty when
   * the schema lists the key with only an enum.
   */
  schemaTypes?: readonly string[];
  /** JSON-schema `enum`, when the schema has one */
  schemaEnum?: readonly unknown[];
  /** chart versions whose values.yaml has the path, real or commented, oldest first */
  versions: readonly string[];
  /** the subset of `versions` where it is only commented out */
  commentedVersions: readonly string[];
}

/**
 * Type, default, schema types, commented flag and the versions having `path`, seen from chart
 * `chart`. Undefined if no chart version knows the path (values.yaml or values.schema.json; the
 * schema-only `global` key gives info with empty `versions`).
 */
export function chartKeyInfo(chart: string, path: string): ChartKeyInfo | undefined {
  const e = path === '' ? undefined : entryFor(path);
  if (!e || (!e.raw.r && !e.raw.s)) return undefined;
  const vi = VERSION_INDEX.get(chart);
  const run = runAt(e, vi);
  const { all, commented } = versionsOf(e);
  const info: ChartKeyInfo = {
    path,
    chart,
    present: run !== undefined,
    commented: run?.[4] === 'commented',
    versions: all,
    commentedVersions: commented,
  };
  if (run && vi !== undefined) {
    info.type = run[2];
    info.default = valueOf(e, run, vi);
  }
  const s = schemaRunAt(e, chart);
  if (s) {
    info.schemaTypes = Object.freeze([...s[2]]);
    if (s[3]) info.schemaEnum = Object.freeze(copy(s[3]));
  }
  return info;
}

/**
 * Names of the keys directly under `parentPath` in chart `chart` (real or commented), sorted;
 * `''` gives the top-level keys. Empty for unknown parents, non-maps and unknown charts.
 */
export function chartChildKeys(chart: string, parentPath: string): string[] {
  const e = entryFor(parentPath);
  const vi = VERSION_INDEX.get(chart);
  if (!e || vi === undefined) return [];
  const out: string[] = [];
  for (const [name, child] of childrenOf(e)) if (runAt(child, vi)) out.push(name);
  return out;
}

/** Chart versions (oldest first) whose values.yaml has `path`, real or commented out. */
export function chartVersionsWithKey(path: string): string[] {
  const e = path === '' ? undefined : entryFor(path);
  return e ? [...versionsOf(e).all] : [];
}
