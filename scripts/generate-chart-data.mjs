#!/usr/bin/env node
// Generates schemas/generated/chart-keys.json: every Helm value path of every Cilium chart version
// we know (chart folders under ../shared/cilium/charts by default), with its YAML type, its default,
// the JSON-schema type list (where values.schema.json exists) and keys that values.yaml only has
// commented out (`# key: value` at a map's indentation). Facts only: no chart comment prose.
//
// Usage:
//   node scripts/generate-chart-data.mjs [--check] [--charts DIR | DIR] [--out FILE] [--list-commented]
//     --check           regenerate in memory and exit 1 if the committed file differs
//     --charts          folder holding one sub-folder per chart version (each with values.yaml);
//                       default $CILIUM_DATAPATH_DATA/cilium/charts, else ../shared/cilium/charts beside the repository
//     --out             output file (default schemas/generated/chart-keys.json)
//     --list-commented  also print every commented-out key found (version, line, path)
//
// Output format (formatVersion 1):
//   versions        chart folder names sorted by semver; "runs" refer to them by index
//   schemaVersions  the subset of versions that have values.schema.json; "s" runs index this list
//   keys            tree: { "<key>": { "r": [run...], "s": [schemaRun...], "k": { children } } }
//     run        [from, to, type, default?, "commented"?]  inclusive version-index range sharing
//                type/default/commented. type: boolean|string|number|null|array|object. For maps
//                the default is {} when the map has no real children in those versions, else it is
//                omitted (null when "commented" follows) and the children carry the data. A default
//                over 2 KB would be stored as the string "…" (none is, in the known charts).
//                "commented": values.yaml only has the key as a comment; default = commented value.
//     schemaRun  [from, to, types, enum?]  inclusive schemaVersions-index range; types is the
//                schema's `type` list (or the types of its oneOf/anyOf alternatives)
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

const scriptDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(scriptDir, '..');
// $CILIUM_DATAPATH_DATA (a directory laid out like ../shared, as the real-data tests read it) or ../shared
const DEFAULT_CHARTS_DIR = path.resolve(
  process.env.CILIUM_DATAPATH_DATA || path.resolve(repoRoot, '..', 'shared'),
  'cilium',
  'charts',
);
const DEFAULT_OUT = path.join(repoRoot, 'schemas', 'generated', 'chart-keys.json');
const FORMAT_VERSION = 1;
const MAX_DEFAULT_CHARS = 2048;
const ELIDED = '…';

/** Words that start prose lines shaped like `# word: text` (links, notes), never chart keys. */
const PROSE_WORDS = new Set([
  'ref',
  'refs',
  'ex',
  'eg',
  'ie',
  'note',
  'notes',
  'see',
  'example',
  'examples',
  'warning',
  'todo',
  'fixme',
  'deprecated',
  'important',
  'caution',
  'http',
  'https',
]);
/**
 * Commented examples that the chart writes at the column of the key *before* them although they
 * belong inside it (e.g. 1.16+ `maglev: {}` followed by `# tableSize:` at column 0, which 1.9–1.15
 * indent under `maglev`). When such a commented key follows (only comments/blank lines between)
 * the real sibling named here, it is filed under that sibling. sibling -> commented keys.
 */
const MISINDENTED_CHILDREN = new Map([
  ['maglev', ['tableSize', 'hashSeed']], // 1.16+
  ['tmpVolume', ['emptyDir']], // 1.19+ (agent and hubble.ui)
  ['ipMasqAgent', ['config']], // 1.13+
  ['securityContext', ['runAsUser']], // operator 1.16+
  ['format_json', ['date', 'thread_id', 'source_line', 'level', 'logger', 'message']], // envoy.log 1.17+
]);
const SCHEMA_MARKER_RE = /^#\s*@schema@?\s*$/;
const COMMENTED_KEY_RE = /^#( ?)([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$/;

// ---------------------------------------------------------------------------------------------
// versions

/** Parses `1.19.0-dev` into comparable parts; null when the folder name is not a version. */
export function parseVersion(name) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(name);
  if (!m) return null;
  return { major: +m[1], minor: +m[2], patch: +m[3], prerelease: m[4] ?? '' };
}

/** Semver order; a prerelease sorts before the release of the same major.minor.patch. */
export function compareVersions(a, b) {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (const k of ['major', 'minor', 'patch']) if (x[k] !== y[k]) return x[k] - y[k];
  if (x.prerelease === y.prerelease) return 0;
  if (!x.prerelease) return 1;
  if (!y.prerelease) return -1;
  return x.prerelease < y.prerelease ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// value helpers

function typeOf(v) {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  return 'string';
}

/** JSON-safe copy with object keys sorted (stable output, order-insensitive comparison). */
function canonical(v) {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(canonical);
  if (v instanceof Map) v = Object.fromEntries(v);
  if (typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical(v[k]);
    return out;
  }
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}

function defaultFor(v) {
  const c = canonical(v);
  return JSON.stringify(c).length > MAX_DEFAULT_CHARS ? ELIDED : c;
}

// ---------------------------------------------------------------------------------------------
// per-version tree

function newNode(segments = []) {
  return { segments, children: new Map(), info: undefined, schema: undefined };
}

function child(node, key) {
  let c = node.children.get(key);
  if (!c) {
    c = newNode([...node.segments, key]);
    node.children.set(key, c);
  }
  return c;
}

function lineStarts(src) {
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Real keys from the YAML AST. Returns, per source line that starts a map key reachable through
 * maps only, the tree node and the column its own children use (for commented-key detection),
 * plus the lines that lie inside multi-line scalars or flow collections (never comments).
 */
function readRealKeys(doc, src, root) {
  const starts = lineStarts(src);
  const keyLines = new Map();
  const opaqueLines = new Set();

  YAML.visit(doc, {
    Node(_, n) {
      if (!n.range) return;
      const multi = YAML.isScalar(n) || ((YAML.isMap(n) || YAML.isSeq(n)) && n.flow);
      if (!multi) return;
      const a = lineOf(starts, n.range[0]);
      const b = lineOf(starts, Math.max(n.range[0], n.range[1] - 1));
      for (let l = a + 1; l <= b; l++) opaqueLines.add(l);
    },
  });

  const walk = (map, node) => {
    for (const pair of map.items) {
      const k = pair.key;
      const key = YAML.isScalar(k) ? String(k.value) : String(k);
      const c = child(node, key);
      const v = pair.value;
      let childCol;
      if (YAML.isMap(v)) {
        const realChildren = v.items.length > 0;
        c.info = { type: 'object', value: realChildren ? undefined : {}, commented: false };
        if (!v.flow && realChildren && v.items[0].key?.range) {
          const off = v.items[0].key.range[0];
          childCol = off - starts[lineOf(starts, off)];
        } else if (!realChildren) childCol = 'empty';
        walk(v, c);
      } else if (YAML.isSeq(v)) {
        c.info = { type: 'array', value: defaultFor(v.toJS(doc)), commented: false };
      } else if (v === null || v === undefined || (YAML.isScalar(v) && v.value === null)) {
        c.info = { type: 'null', value: null, commented: false };
        childCol = 'empty';
      } else {
        const js = YAML.isNode(v) ? v.toJS(doc) : v;
        c.info = { type: typeOf(js), value: defaultFor(js), commented: false };
      }
      if (k?.range) {
        const line = lineOf(starts, k.range[0]);
        keyLines.set(line, { col: k.range[0] - starts[line], node: c, childCol });
      }
    }
  };
  if (YAML.isMap(doc.contents)) walk(doc.contents, root);
  return { keyLines, opaqueLines };
}

/** Adds a commented key (and, for commented maps, its children) unless the path is real. */
function addCommented(parent, key, value) {
  const c = child(parent, key);
  if (c.info && !c.info.commented) return null; // a real key wins
  if (c.info) return c; // first commented occurrence wins
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    c.info = { type: 'object', value: Object.keys(value).length ? undefined : {}, commented: true };
    for (const [k, v] of Object.entries(value)) addCommented(c, k, v);
  } else {
    c.info = { type: typeOf(value), value: defaultFor(value), commented: true };
  }
  return c;
}

/** Parses `key: value` (one line, or with an indented commented block) as YAML; null if invalid. */
function parseCommentedPair(text, key) {
  try {
    const doc = YAML.parseDocument(text, { prettyErrors: false });
    if (doc.errors.length) return null;
    const js = doc.toJS();
    if (!js || typeof js !== 'object' || Array.isArray(js)) return null;
    const keys = Object.keys(js);
    if (keys.length !== 1 || keys[0] !== key) return null;
    return { value: js[key] };
  } catch {
    return null;
  }
}

/**
 * Keys that values.yaml only has commented out: a comment line `#key: value` / `# key: value`
 * whose `#` sits exactly at the column of its map's keys (the map's real children, or parent
 * column + 2 for an empty map / empty value / commented parent). Lines inside `# @schema` blocks,
 * `# -- ` doc lines, prose (`# ref: …`), keys inside lists and values that are not valid YAML are
 * ignored. A commented key with an empty value followed by more-indented commented lines at the
 * same `#` column (`# logOptions:` / `#   format: json`) takes the block as its value.
 */
function readCommentedKeys(src, root, keyLines, opaqueLines) {
  const lines = src.split('\n').map((l) => l.replace(/\r$/, ''));
  const found = [];
  const stack = []; // { col, node, childCol, commented, opaque }
  let inSchema = false;
  const consumed = new Set();
  const lastReal = new Map(); // column -> node of the last real key at that column (current scope)

  const parentFor = (col) => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i].col < col) return stack[i];
    return { col: -2, node: root, childCol: 0, commented: false, opaque: false };
  };

  for (let i = 0; i < lines.length; i++) {
    if (opaqueLines.has(i) || consumed.has(i)) continue;
    const line = lines[i];
    const trimmed = line.trimStart();
    if (trimmed === '') continue;
    const col = line.length - trimmed.length;
    if (!trimmed.startsWith('#')) {
      inSchema = false;
      while (stack.length && stack[stack.length - 1].col >= col) stack.pop();
      const k = keyLines.get(i);
      for (const c of [...lastReal.keys()]) if (c >= col) lastReal.delete(c);
      if (k) lastReal.set(col, k.node);
      if (k) stack.push({ col, node: k.node, childCol: k.childCol, commented: false, opaque: false });
      else stack.push({ col, opaque: true });
      continue;
    }
    if (SCHEMA_MARKER_RE.test(trimmed)) {
      inSchema = !inSchema;
      continue;
    }
    if (inSchema) continue;
    const m = COMMENTED_KEY_RE.exec(trimmed);
    if (!m) continue;
    const [, pad, key, rest = ''] = m;
    if (PROSE_WORDS.has(key.toLowerCase())) continue;

    let parent = parentFor(col);
    if (parent.opaque) continue;
    const sibling = lastReal.get(col);
    if (sibling && !parent.commented) {
      const name = sibling.segments[sibling.segments.length - 1];
      if (MISINDENTED_CHILDREN.get(name)?.includes(key)) {
        parent = { col: col - 2, node: sibling, childCol: col, commented: false, opaque: false };
      }
    }
    const expected = parent.childCol === 'empty' ? parent.col + 2 : parent.childCol;
    if (expected !== col) continue;
    const pInfo = parent.node.info;
    if (parent.node !== root && pInfo && pInfo.type !== 'object' && pInfo.type !== 'null') continue;

    let parsed = parseCommentedPair(`${key}: ${rest}`, key);
    if (!parsed) continue;
    // prose shaped like a key (`# nodes: Count of nodes at which …`): an unquoted multi-word text
    if (typeof parsed.value === 'string' && /\s/.test(parsed.value) && !/^["']/.test(rest.trim())) continue;
    const blockScalar = /^[|>][-+0-9]*\s*(#.*)?$/.test(rest.trim());
    if (rest.trim() === '' || rest.trim().startsWith('#') || blockScalar) {
      // an indented commented block below an empty commented value (`# key:` / `#   sub: x`)
      // or a commented block scalar (`# content: |` / `#   text`)
      const block = [];
      for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j];
        const t = l.trimStart();
        if (l.length - t.length !== col || !t.startsWith('#' + pad)) break;
        const body = t.slice(1 + pad.length);
        if (!(/^[ \t]+\S/.test(body) || body.startsWith('- '))) break;
        block.push({ j, body });
      }
      if (block.length) {
        const b = parseCommentedPair(`${key}: ${rest}\n${block.map((x) => x.body).join('\n')}`, key);
        if (b && (blockScalar ? typeof b.value === 'string' : b.value !== null && typeof b.value === 'object')) {
          parsed = b;
          for (const x of block) consumed.add(x.j);
        }
      }
    }
    const node = addCommented(parent.node, key, parsed.value);
    if (!node) continue;
    if (parent.commented && pInfo) {
      // `# loadBalancer:` followed by `  # mode: snat`: the commented parent is a map
      pInfo.type = 'object';
      pInfo.value = undefined;
    }
    found.push({ line: i + 1, path: node.segments.join('.') });
    while (stack.length && stack[stack.length - 1].col >= col) stack.pop();
    const info = node.info;
    const childCol = info.type === 'object' || info.type === 'null' ? 'empty' : undefined;
    stack.push({ col, node, childCol: childCol ?? -1, commented: true, opaque: false });
  }
  return found;
}

function readSchema(schema, node) {
  const props = schema && typeof schema === 'object' ? schema.properties : undefined;
  if (!props || typeof props !== 'object') return;
  for (const key of Object.keys(props)) {
    const s = props[key];
    const c = child(node, key);
    const types = new Set();
    const enums = [];
    const collect = (x) => {
      if (!x || typeof x !== 'object') return;
      if (typeof x.type === 'string') types.add(x.type);
      else if (Array.isArray(x.type)) for (const t of x.type) types.add(t);
      if (Array.isArray(x.enum)) enums.push(...x.enum);
    };
    collect(s);
    if (types.size === 0) for (const alt of [...(s?.oneOf ?? []), ...(s?.anyOf ?? [])]) collect(alt);
    c.schema = { types: [...types], enum: enums.length ? canonical(enums) : undefined };
    readSchema(s, c);
  }
}

/** Reads one chart folder into a tree of nodes. */
export function readChart(dir) {
  const src = readFileSync(path.join(dir, 'values.yaml'), 'utf8');
  const doc = YAML.parseDocument(src, { prettyErrors: false });
  if (doc.errors.length) throw new Error(`${dir}/values.yaml: ${doc.errors[0].message}`);
  const root = newNode();
  const { keyLines, opaqueLines } = readRealKeys(doc, src, root);
  const commented = readCommentedKeys(src, root, keyLines, opaqueLines);
  const schemaFile = path.join(dir, 'values.schema.json');
  const hasSchema = existsSync(schemaFile);
  if (hasSchema) readSchema(JSON.parse(readFileSync(schemaFile, 'utf8')), root);
  return { root, hasSchema, commented };
}

// ---------------------------------------------------------------------------------------------
// merge and serialise

function runs(values, encode) {
  const out = [];
  let cur;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined) {
      cur = undefined;
      continue;
    }
    const sig = JSON.stringify(v);
    if (cur && cur.sig === sig && cur.to === i - 1) cur.to = i;
    else {
      cur = { from: i, to: i, sig, v };
      out.push(cur);
    }
  }
  return out.map((r) => encode(r.from, r.to, r.v));
}

function mergeTrees(charts, schemaIndex) {
  const nSchema = schemaIndex.filter((x) => x >= 0).length;
  const build = (nodes) => {
    const keys = new Set();
    for (const x of nodes) if (x) for (const k of x.children.keys()) keys.add(k);
    const out = {};
    for (const key of [...keys].sort()) {
      const kids = nodes.map((x) => x?.children.get(key));
      const info = kids.map((k) => {
        if (!k?.info) return undefined;
        const r = [k.info.type];
        if (k.info.value !== undefined) r.push(k.info.value);
        if (k.info.commented) {
          if (k.info.value === undefined) r.push(null); // placeholder never read for maps
          r.push('commented');
        }
        return r;
      });
      const schema = new Array(nSchema).fill(undefined);
      kids.forEach((k, i) => {
        if (schemaIndex[i] >= 0 && k?.schema) {
          schema[schemaIndex[i]] = k.schema.enum ? [k.schema.types, k.schema.enum] : [k.schema.types];
        }
      });
      const entry = {};
      const r = runs(info, (from, to, v) => [from, to, ...v]);
      if (r.length) entry.r = r;
      const s = runs(schema, (from, to, v) => [from, to, ...v]);
      if (s.length) entry.s = s;
      const sub = build(kids);
      if (Object.keys(sub).length) entry.k = sub;
      out[key] = entry;
    }
    return out;
  };
  return build(charts.map((c) => c.root));
}

/** Stable, diff-friendly JSON: one key per line, runs inline. */
function serialise(data) {
  const lines = ['{'];
  lines.push(`  "$comment": ${JSON.stringify(data.$comment)},`);
  lines.push(`  "formatVersion": ${data.formatVersion},`);
  lines.push(`  "versions": ${JSON.stringify(data.versions)},`);
  lines.push(`  "schemaVersions": ${JSON.stringify(data.schemaVersions)},`);
  const emit = (tree, indent) => {
    const keys = Object.keys(tree);
    keys.forEach((key, i) => {
      const e = tree[key];
      const comma = i < keys.length - 1 ? ',' : '';
      const head = [];
      if (e.r) head.push(`"r":${JSON.stringify(e.r)}`);
      if (e.s) head.push(`"s":${JSON.stringify(e.s)}`);
      if (e.k) {
        lines.push(`${indent}${JSON.stringify(key)}:{${head.join(',')}${head.length ? ',' : ''}"k":{`);
        emit(e.k, indent + ' ');
        lines.push(`${indent}}}${comma}`);
      } else {
        lines.push(`${indent}${JSON.stringify(key)}:{${head.join(',')}}${comma}`);
      }
    });
  };
  lines.push('  "keys": {');
  emit(data.keys, '   ');
  lines.push('  }');
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Builds the output text from a charts folder. */
export function generate(chartsDir) {
  if (!existsSync(chartsDir)) {
    throw new Error(
      `chart folder not found: ${chartsDir} (expected ../shared/cilium/charts next to the repo or $CILIUM_DATAPATH_DATA/cilium/charts, or pass --charts DIR)`,
    );
  }
  const versions = readdirSync(chartsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && parseVersion(d.name) && existsSync(path.join(chartsDir, d.name, 'values.yaml')))
    .map((d) => d.name)
    .sort(compareVersions);
  if (versions.length === 0) throw new Error(`no chart version folders with values.yaml in ${chartsDir}`);
  const charts = versions.map((v) => readChart(path.join(chartsDir, v)));
  const schemaVersions = versions.filter((_, i) => charts[i].hasSchema);
  let si = 0;
  const schemaIndex = charts.map((c) => (c.hasSchema ? si++ : -1));
  const data = {
    $comment:
      'Generated by scripts/generate-chart-data.mjs from the Cilium Helm chart values.yaml / values.schema.json files (Apache-2.0, the Cilium authors); do not edit. Format: see the header of that script.',
    formatVersion: FORMAT_VERSION,
    versions,
    schemaVersions,
    keys: mergeTrees(charts, schemaIndex),
  };
  return { text: serialise(data), versions, charts };
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const opts = { check: false, charts: DEFAULT_CHARTS_DIR, out: DEFAULT_OUT, listCommented: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--list-commented') opts.listCommented = true;
    else if (a === '--charts') opts.charts = path.resolve(argv[++i] ?? '');
    else if (a.startsWith('--charts=')) opts.charts = path.resolve(a.slice(9));
    else if (a === '--out') opts.out = path.resolve(argv[++i] ?? '');
    else if (a.startsWith('--out=')) opts.out = path.resolve(a.slice(6));
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: node scripts/generate-chart-data.mjs [--check] [--list-commented] [--charts DIR | DIR] [--out FILE]',
      );
      process.exit(0);
    } else if (!a.startsWith('-')) opts.charts = path.resolve(a);
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

function main() {
  let opts;
  let result;
  try {
    opts = parseArgs(process.argv.slice(2));
    result = generate(opts.charts);
  } catch (e) {
    console.error(`generate-chart-data: ${e instanceof Error ? e.message : e}`);
    process.exit(2);
  }
  const rel = path.relative(process.cwd(), opts.out) || opts.out;
  if (opts.listCommented) {
    result.versions.forEach((v, i) => {
      for (const c of result.charts[i].commented) console.log(`${v}\t${c.line}\t${c.path}`);
    });
  }
  if (opts.check) {
    const current = existsSync(opts.out) ? readFileSync(opts.out, 'utf8') : null;
    if (current === result.text) {
      console.log(
        `generate-chart-data: ${rel} is up to date (${result.versions.length} chart versions, ${Buffer.byteLength(result.text)} bytes)`,
      );
      return;
    }
    const why = current === null ? 'is missing' : 'differs from what the charts produce';
    console.error(
      `generate-chart-data: ${rel} ${why}; run \`node scripts/generate-chart-data.mjs\` and commit the result`,
    );
    if (current !== null) {
      const a = current.split('\n');
      const b = result.text.split('\n');
      const i = a.findIndex((l, n) => l !== b[n]);
      const at = i < 0 ? Math.min(a.length, b.length) : i;
      console.error(
        `  first difference at line ${at + 1}:\n  committed: ${(a[at] ?? '<end>').slice(0, 200)}\n  generated: ${(b[at] ?? '<end>').slice(0, 200)}`,
      );
    }
    process.exit(1);
  }
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, result.text);
  console.log(
    `generate-chart-data: wrote ${rel} (${result.versions.length} chart versions, ${Buffer.byteLength(result.text)} bytes)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
