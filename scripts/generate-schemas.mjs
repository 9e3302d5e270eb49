#!/usr/bin/env node
// Generates everything under schemas/generated/ that the key checks use:
//
//   chart-keys.json  the full key tree of every chart version in ../shared/cilium/charts, with
//                    types, defaults and the chart's own schema types (scripts/generate-chart-data.mjs)
//   overlay.json     our overlay (schemas/overlay/values.yaml, schemas/overlay/configmap.yaml):
//                    accepted values per version, deprecated and removed keys with their
//                    successors, descriptions, free-form maps, the cilium-config keys that matter.
//                    Every entry is checked against the real charts first; a wrong path, version
//                    or default fails the run with the entry named.
//
// Usage:
//   node scripts/generate-schemas.mjs [--check] [--charts DIR]
//     --check    regenerate in memory and exit 1 if a committed file differs
//     --charts   chart folders (default $CILIUM_DATAPATH_DATA/cilium/charts, else ../shared/cilium/charts)
//
// overlay.json (formatVersion 1):
//   freeForm            value paths whose maps take any keys (the names/suffixes/paths rules of the
//                       overlay applied to every path of every chart version), sorted
//   templateKeys.<path> Range: values the templates read that values.yaml does not list
//   values.<path>       { doc?, values?: [Range & { accept, deprecated?, otherwise }],
//                         valuesCheckedBy?, deprecated?: Range & { use?, note? },
//                         removed?: { in, use?, note? }, scalarForm?: { until, use, deprecatedIn?: Range } }
//   configMap.<key>     { doc?, type: "bool" | "string", range?: Range, values?, valuesCheckedBy?,
//                         checkedBy?, deprecated?, removed? }
//   configMapOtherKeys  sorted
//   Range               { from?: "1.14" | "1.16.2", to?: "1.15" | "1.16.1" }, both inclusive
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { generate as generateChartKeys } from './generate-chart-data.mjs';

const scriptDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(scriptDir, '..');
// $CILIUM_DATAPATH_DATA (a directory laid out like ../shared, as the real-data tests read it) or ../shared
const DEFAULT_CHARTS_DIR = path.resolve(
  process.env.CILIUM_DATAPATH_DATA || path.resolve(repoRoot, '..', 'shared'),
  'cilium',
  'charts',
);
const CHART_KEYS_OUT = path.join(repoRoot, 'schemas', 'generated', 'chart-keys.json');
const OVERLAY_OUT = path.join(repoRoot, 'schemas', 'generated', 'overlay.json');
const VALUES_OVERLAY = path.join(repoRoot, 'schemas', 'overlay', 'values.yaml');
const CONFIGMAP_OVERLAY = path.join(repoRoot, 'schemas', 'overlay', 'configmap.yaml');
const OTHERWISE = new Set(['agent-refuses', 'chart-refuses', 'unknown']);

// ---------------------------------------------------------------------------------------------
// versions and ranges

function parseLineOrPatch(s, where) {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(String(s));
  if (!m) throw new Error(`${where}: "${s}" is not a version (1.14 or 1.16.2)`);
  return { major: +m[1], minor: +m[2], patch: m[3] === undefined ? undefined : +m[3], text: String(s) };
}

/** "1.14+", "1.9-1.12", "1.13", "1.16.2+" → { from?, to? } */
export function parseRange(s, where) {
  const text = String(s).trim();
  let m;
  if ((m = /^([\d.]+)\+$/.exec(text))) return { from: parseLineOrPatch(m[1], where).text };
  if ((m = /^([\d.]+)-([\d.]+)$/.exec(text))) {
    const a = parseLineOrPatch(m[1], where);
    const b = parseLineOrPatch(m[2], where);
    if (cmp(a, b, 'low') > 0) throw new Error(`${where}: range "${text}" runs backwards`);
    return { from: a.text, to: b.text };
  }
  const v = parseLineOrPatch(text, where);
  return { from: v.text, to: v.text };
}

/** Compares versions; a line without patch is its first patch ('low') or its last ('high'). */
function cmp(a, b, mode = 'low') {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  const pa = a.patch ?? (mode === 'low' ? 0 : Infinity);
  const pb = b.patch ?? (mode === 'low' ? 0 : Infinity);
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

/** Does chart folder `chart` (e.g. 1.19.0-dev) fall into the range? Lines compare by line. */
function chartInRange(chart, range) {
  const c = parseLineOrPatch(chart.replace(/-.*$/, ''), chart);
  if (range.from) {
    const f = parseLineOrPatch(range.from, 'from');
    if (f.patch === undefined ? lineCmp(c, f) < 0 : cmp(c, f) < 0) return false;
  }
  if (range.to) {
    const t = parseLineOrPatch(range.to, 'to');
    if (t.patch === undefined ? lineCmp(c, t) > 0 : cmp(c, t) > 0) return false;
  }
  return true;
}

function lineCmp(a, b) {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

function rangesOverlap(a, b) {
  const lowA = parseLineOrPatch(a.from ?? '0.0', 'a');
  const lowB = parseLineOrPatch(b.from ?? '0.0', 'b');
  const highA = a.to ? parseLineOrPatch(a.to, 'a') : { major: Infinity, minor: 0 };
  const highB = b.to ? parseLineOrPatch(b.to, 'b') : { major: Infinity, minor: 0 };
  return cmp(lowA, highB, 'high') <= 0 && cmp(lowB, highA, 'high') <= 0;
}

// ---------------------------------------------------------------------------------------------
// chart key tree

function keyIndex(chartKeys) {
  const paths = new Map(); // path -> { real: Set<chart>, commented: Set<chart>, runs }
  const walk = (tree, prefix) => {
    for (const [k, e] of Object.entries(tree)) {
      const p = prefix ? `${prefix}.${k}` : k;
      const real = new Set();
      const commented = new Set();
      const byChart = new Map();
      for (const r of e.r ?? []) {
        for (let i = r[0]; i <= r[1]; i++) {
          const v = chartKeys.versions[i];
          (r[r.length - 1] === 'commented' ? commented : real).add(v);
          byChart.set(v, { type: r[2], value: r[3], commented: r[r.length - 1] === 'commented' });
        }
      }
      paths.set(p, { real, commented, byChart });
      if (e.k) walk(e.k, p);
    }
  };
  walk(chartKeys.keys, '');
  return paths;
}

function present(idx, p, chart) {
  const e = idx.get(p);
  return !!e && (e.real.has(chart) || e.commented.has(chart));
}

// ---------------------------------------------------------------------------------------------
// overlay checks

const scalarText = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function checkFields(obj, allowed, where) {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error(`${where}: expected a map`);
  for (const k of Object.keys(obj))
    if (!allowed.includes(k)) throw new Error(`${where}: unknown field "${k}" (known: ${allowed.join(', ')})`);
}

function normaliseValueRanges(list, where) {
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${where}.values: expected a non-empty list`);
  const out = list.map((r, i) => {
    const w = `${where}.values[${i}]`;
    checkFields(r, ['versions', 'accept', 'deprecated', 'otherwise'], w);
    const range = parseRange(r.versions, w);
    if (!Array.isArray(r.accept) || r.accept.length === 0) throw new Error(`${w}.accept: expected a non-empty list`);
    for (const a of r.accept)
      if (a === null || typeof a === 'object') throw new Error(`${w}.accept: ${JSON.stringify(a)} is not a scalar`);
    const accepted = new Set(r.accept.map(scalarText));
    if (accepted.size !== r.accept.length) throw new Error(`${w}.accept: duplicates`);
    const otherwise = r.otherwise ?? 'unknown';
    if (!OTHERWISE.has(otherwise))
      throw new Error(`${w}.otherwise: "${otherwise}" is not one of ${[...OTHERWISE].join(', ')}`);
    const entry = { ...range, accept: r.accept, otherwise };
    if (r.deprecated !== undefined) {
      if (!r.deprecated || typeof r.deprecated !== 'object') throw new Error(`${w}.deprecated: expected a map`);
      for (const [old, repl] of Object.entries(r.deprecated)) {
        if (!accepted.has(old)) throw new Error(`${w}.deprecated: "${old}" is not in accept`);
        if (repl !== null && !accepted.has(scalarText(repl)))
          throw new Error(`${w}.deprecated: replacement ${JSON.stringify(repl)} is not in accept`);
      }
      entry.deprecated = r.deprecated;
    }
    return entry;
  });
  for (let i = 0; i < out.length; i++)
    for (let j = i + 1; j < out.length; j++)
      if (rangesOverlap(out[i], out[j])) throw new Error(`${where}.values: ranges ${i} and ${j} overlap`);
  return out;
}

function normaliseLifecycle(d, where, kind) {
  if (d === undefined) return undefined;
  if (kind === 'deprecated') {
    checkFields(d, ['versions', 'use', 'note'], where);
    return { ...parseRange(d.versions, where), ...(d.use ? { use: d.use } : {}), ...(d.note ? { note: d.note } : {}) };
  }
  checkFields(d, ['in', 'use', 'note'], where);
  const v = parseLineOrPatch(d.in, where);
  return { in: v.text, ...(d.use ? { use: d.use } : {}), ...(d.note ? { note: d.note } : {}) };
}

function checkValuesOverlay(src, idx, charts) {
  checkFields(src, ['formatVersion', 'freeForm', 'templateKeys', 'keys'], 'values.yaml');
  const templateKeys = {};
  for (const [p, versions] of Object.entries(src.templateKeys ?? {})) {
    const where = `values.yaml templateKeys.${p}`;
    const range = parseRange(versions, where);
    const parent = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '';
    let any = false;
    for (const c of charts) {
      if (!chartInRange(c, range)) continue;
      if (present(idx, p, c)) throw new Error(`${where}: chart ${c} lists it in values.yaml already`);
      if (parent && !present(idx, parent, c)) throw new Error(`${where}: chart ${c} has no ${parent}`);
      any = true;
    }
    if (!any) throw new Error(`${where}: no chart in the range`);
    templateKeys[p] = range;
  }
  // A template key counts as present for the checks below.
  const known = (p, c) => present(idx, p, c) || (templateKeys[p] && chartInRange(c, templateKeys[p]));
  if (src.formatVersion !== 1) throw new Error('values.yaml: formatVersion must be 1');
  checkFields(src.freeForm, ['names', 'suffixes', 'paths'], 'values.yaml freeForm');
  const names = new Set(src.freeForm.names ?? []);
  const suffixes = src.freeForm.suffixes ?? [];
  const extra = new Set(src.freeForm.paths ?? []);
  for (const p of extra) if (!idx.has(p)) throw new Error(`values.yaml freeForm.paths: ${p} is in no chart`);
  const freeForm = [];
  for (const p of idx.keys()) {
    const last = p.slice(p.lastIndexOf('.') + 1);
    const match = names.has(last) || suffixes.some((s) => last.endsWith(s) && last.length > s.length) || extra.has(p);
    if (!match) continue;
    // only the outermost matching map counts (everything below it is free anyway)
    const parts = p.split('.');
    let covered = false;
    for (let k = 1; k < parts.length && !covered; k++) covered = freeForm.includes(parts.slice(0, k).join('.'));
    if (!covered) freeForm.push(p);
  }
  freeForm.sort();

  const keys = {};
  for (const [p, e] of Object.entries(src.keys ?? {})) {
    const where = `values.yaml keys.${p}`;
    checkFields(e, ['doc', 'values', 'valuesCheckedBy', 'deprecated', 'removed', 'scalarForm'], where);
    const info =
      idx.get(p) ?? (templateKeys[p] ? { real: new Set(), commented: new Set(), byChart: new Map() } : undefined);
    if (!info) throw new Error(`${where}: no chart version has this value`);
    const out = {};
    if (e.doc !== undefined) {
      if (typeof e.doc !== 'string' || e.doc.length < 10) throw new Error(`${where}.doc: write a sentence`);
      out.doc = e.doc.trim();
    }
    if (e.values !== undefined) {
      out.values = normaliseValueRanges(e.values, where);
      // The chart's own default must be accepted in every version the range covers.
      for (const r of out.values) {
        for (const c of charts) {
          if (!chartInRange(c, r)) continue;
          const d = info.byChart.get(c);
          if (!d || d.commented || d.type === 'object' || d.type === 'array' || d.value === null || d.value === '')
            continue;
          if (!r.accept.map(scalarText).includes(scalarText(d.value))) {
            throw new Error(
              `${where}: chart ${c} defaults to ${JSON.stringify(d.value)}, which the range ${JSON.stringify(r.from)}–${JSON.stringify(r.to ?? '')} does not accept`,
            );
          }
        }
      }
    }
    if (e.valuesCheckedBy !== undefined) out.valuesCheckedBy = e.valuesCheckedBy;
    out.deprecated = normaliseLifecycle(e.deprecated, `${where}.deprecated`, 'deprecated');
    out.removed = normaliseLifecycle(e.removed, `${where}.removed`, 'removed');
    if (out.deprecated) {
      for (const c of charts) {
        if (chartInRange(c, out.deprecated) && !known(p, c) && lineKnown(c, charts)) {
          throw new Error(`${where}.deprecated: chart ${c} does not have ${p}`);
        }
      }
      if (out.deprecated.use && !charts.some((c) => chartInRange(c, out.deprecated) && known(out.deprecated.use, c))) {
        throw new Error(`${where}.deprecated.use: ${out.deprecated.use} is in no chart of the deprecated range`);
      }
    }
    if (out.removed) {
      const gone = { from: out.removed.in };
      for (const c of charts)
        if (chartInRange(c, gone) && present(idx, p, c)) throw new Error(`${where}.removed: chart ${c} still has ${p}`);
      if (!charts.some((c) => !chartInRange(c, gone) && present(idx, p, c)))
        throw new Error(`${where}.removed: no chart before ${out.removed.in} has ${p}`);
      if (out.removed.use && !charts.some((c) => chartInRange(c, gone) && present(idx, out.removed.use, c))) {
        throw new Error(`${where}.removed.use: ${out.removed.use} is in no chart from ${out.removed.in}`);
      }
    }
    if (e.scalarForm !== undefined) {
      checkFields(e.scalarForm, ['until', 'use', 'deprecatedIn'], `${where}.scalarForm`);
      const until = parseLineOrPatch(e.scalarForm.until, `${where}.scalarForm.until`).text;
      const sf = { until, use: e.scalarForm.use };
      if (e.scalarForm.deprecatedIn !== undefined)
        sf.deprecatedIn = parseRange(e.scalarForm.deprecatedIn, `${where}.scalarForm.deprecatedIn`);
      for (const c of charts) {
        const d = info.byChart.get(c);
        if (!d) continue;
        const old = chartInRange(c, { to: until });
        if (old && d.type === 'object') throw new Error(`${where}.scalarForm: chart ${c} already has a map`);
        if (!old && d.type !== 'object') throw new Error(`${where}.scalarForm: chart ${c} still has a ${d.type}`);
      }
      if (!charts.some((c) => !chartInRange(c, { to: until }) && present(idx, sf.use, c)))
        throw new Error(`${where}.scalarForm.use: ${sf.use} is in no later chart`);
      out.scalarForm = sf;
    }
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    keys[p] = out;
  }
  return { freeForm, keys, templateKeys };
}

/** Is there a chart folder for this chart's line at all (always true here; kept for clarity). */
function lineKnown(chart, charts) {
  return charts.includes(chart);
}

function checkConfigMapOverlay(src) {
  checkFields(src, ['formatVersion', 'keys', 'otherKeys'], 'configmap.yaml');
  if (src.formatVersion !== 1) throw new Error('configmap.yaml: formatVersion must be 1');
  const keys = {};
  for (const [k, e] of Object.entries(src.keys ?? {})) {
    const where = `configmap.yaml keys.${k}`;
    if (!/^[a-z0-9][a-z0-9-]*$/.test(k)) throw new Error(`${where}: not a cilium-config key name`);
    checkFields(
      e,
      ['doc', 'type', 'versions', 'values', 'valuesCheckedBy', 'checkedBy', 'deprecated', 'removed'],
      where,
    );
    const out = { type: e.type ?? 'string' };
    if (out.type !== 'bool' && out.type !== 'string') throw new Error(`${where}.type: bool or string`);
    if (e.doc !== undefined) out.doc = String(e.doc).trim();
    if (e.versions !== undefined) out.range = parseRange(e.versions, `${where}.versions`);
    if (e.values !== undefined) {
      if (out.type === 'bool') throw new Error(`${where}: a bool key has no value list`);
      out.values = normaliseValueRanges(e.values, where);
      for (const r of out.values)
        for (const a of r.accept)
          if (typeof a !== 'string')
            throw new Error(`${where}: ConfigMap values are strings; quote ${JSON.stringify(a)}`);
    }
    if (e.valuesCheckedBy !== undefined) out.valuesCheckedBy = e.valuesCheckedBy;
    if (e.checkedBy !== undefined) out.checkedBy = e.checkedBy;
    const dep = normaliseLifecycle(e.deprecated, `${where}.deprecated`, 'deprecated');
    const rem = normaliseLifecycle(e.removed, `${where}.removed`, 'removed');
    if (dep) out.deprecated = dep;
    if (rem) {
      out.removed = rem;
      if (out.range?.to && lineCmp(parseLineOrPatch(out.range.to, where), parseLineOrPatch(rem.in, where)) >= 0) {
        throw new Error(`${where}: versions reach past removed.in`);
      }
    }
    keys[k] = out;
  }
  for (const [k, e] of Object.entries(keys)) {
    for (const use of [e.deprecated?.use, e.removed?.use].filter(Boolean)) {
      if (!keys[use]) throw new Error(`configmap.yaml keys.${k}: successor ${use} is not a key of this file`);
    }
  }
  const other = [...new Set(src.otherKeys ?? [])].sort();
  for (const k of other) if (keys[k]) throw new Error(`configmap.yaml otherKeys: ${k} is also a key`);
  return { keys, other };
}

// ---------------------------------------------------------------------------------------------
// output

function sortKeys(o) {
  if (Array.isArray(o)) return o.map(sortKeys);
  if (o && typeof o === 'object') {
    const out = {};
    for (const k of Object.keys(o).sort()) out[k] = sortKeys(o[k]);
    return out;
  }
  return o;
}

function serialiseOverlay(data) {
  const lines = ['{'];
  lines.push(`  "$comment": ${JSON.stringify(data.$comment)},`);
  lines.push(`  "formatVersion": ${data.formatVersion},`);
  lines.push(`  "freeForm": ${JSON.stringify(data.freeForm)},`);
  lines.push(`  "templateKeys": ${JSON.stringify(sortKeys(data.templateKeys))},`);
  const block = (name, obj, last) => {
    lines.push(`  ${JSON.stringify(name)}: {`);
    const keys = Object.keys(obj).sort();
    keys.forEach((k, i) =>
      lines.push(`    ${JSON.stringify(k)}: ${JSON.stringify(sortKeys(obj[k]))}${i < keys.length - 1 ? ',' : ''}`),
    );
    lines.push(`  }${last ? '' : ','}`);
  };
  block('values', data.values, false);
  block('configMap', data.configMap, false);
  lines.push(`  "configMapOtherKeys": ${JSON.stringify(data.configMapOtherKeys)}`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Builds both generated texts. */
export function generateAll(chartsDir) {
  const chart = generateChartKeys(chartsDir);
  const chartKeys = JSON.parse(chart.text);
  const idx = keyIndex(chartKeys);
  const values = checkValuesOverlay(YAML.parse(readFileSync(VALUES_OVERLAY, 'utf8')), idx, chartKeys.versions);
  const cm = checkConfigMapOverlay(YAML.parse(readFileSync(CONFIGMAP_OVERLAY, 'utf8')));
  const overlay = serialiseOverlay({
    $comment:
      'Generated by scripts/generate-schemas.mjs from schemas/overlay/*.yaml (our own facts and words), checked against schemas/generated/chart-keys.json; do not edit. Format: see the header of that script.',
    formatVersion: 1,
    freeForm: values.freeForm,
    templateKeys: values.templateKeys,
    values: values.keys,
    configMap: cm.keys,
    configMapOtherKeys: cm.other,
  });
  return { chartKeys: chart.text, overlay, versions: chart.versions };
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  let charts = DEFAULT_CHARTS_DIR;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--charts') charts = path.resolve(args[++i] ?? '');
    else if (args[i].startsWith('--charts=')) charts = path.resolve(args[i].slice(9));
    else if (args[i] !== '--check') {
      console.error(`generate-schemas: unknown option ${args[i]}`);
      process.exit(2);
    }
  }
  let out;
  try {
    out = generateAll(charts);
  } catch (e) {
    console.error(`generate-schemas: ${e instanceof Error ? e.message : e}`);
    process.exit(2);
  }
  let stale = 0;
  for (const [file, text] of [
    [CHART_KEYS_OUT, out.chartKeys],
    [OVERLAY_OUT, out.overlay],
  ]) {
    const rel = path.relative(process.cwd(), file) || file;
    const size = `${Buffer.byteLength(text)} bytes`;
    if (check) {
      const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
      if (current === text) console.log(`generate-schemas: ${rel} is up to date (${size})`);
      else {
        console.error(
          `generate-schemas: ${rel} ${current === null ? 'is missing' : 'is stale'}; run \`npm run generate:schemas\` and commit the result`,
        );
        stale++;
      }
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      console.log(`generate-schemas: wrote ${rel} (${size}, ${out.versions.length} chart versions)`);
    }
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
