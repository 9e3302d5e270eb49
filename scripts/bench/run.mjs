#!/usr/bin/env node
// Typing-speed benchmark: our language server against yaml-language-server (with the chart's
// values.schema.json) and against the parse floor (`yaml` alone), in one run, on the same texts.
//
//   npm run bench                        build, then measure everything (about three minutes)
//   node scripts/bench/run.mjs --quick   fewer repetitions (about a minute and a half; noisier)
//   options: --no-build (measure dist/ as it is)  --only-ours  --out FILE  --baseline FILE (also write the JSON there)
//            --phases latency,startup,memory,cli (default: all)
//            --server FILE  measure another build of our server (before/after comparisons)
//            --no-shared    run as if ../shared were absent (generated files only)
//
// Our server is measured as users get it: the production bundle (built into a private folder, as
// the .vsix packs it), started with the environment and Node options the extension starts it
// with (client/src/serverLaunch.json). The memory phase also prints the figure of the same
// bundle started bare (`node server.js --stdio`, as another editor may start it).
//
// Prints a table with PASS/MISS per budget and writes bench/results/latest.json. Times are wall
// clock at the client (what a user waits for); the server's CPU time per operation is printed
// beside them because it does not grow when other processes compete for the CPUs.
import { spawnSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { parseAllDocuments, parseDocument } from 'yaml';
import { LspServer } from './lsp.mjs';
import {
  USER_VALUES,
  chartSchema,
  chartValues,
  manyUserFiles,
  renderedManifest,
  syntheticValues,
} from './fixtures.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const option = (f) => {
  const i = argv.indexOf(f);
  return i >= 0 ? argv[i + 1] : undefined;
};
if (flag('--help')) {
  console.log(
    'node scripts/bench/run.mjs [--quick] [--no-build] [--only-ours] [--out FILE] [--baseline FILE] [--phases latency,startup,memory,cli] [--server FILE] [--node-flags "FLAGS"] [--no-shared]',
  );
  process.exit(0);
}
const QUICK = flag('--quick');
const scale = (n, min = 3) => (QUICK ? Math.max(min, Math.round(n / 4)) : n);
const OUT = resolve(ROOT, option('--out') ?? 'bench/results/latest.json');
const BASELINE = option('--baseline') ? resolve(ROOT, option('--baseline')) : undefined;
// V8/Node flags for our server's process (what the client passes in execArgv, e.g. to compare memory settings)
const NODE_FLAGS = (option('--node-flags') ?? '').split(' ').filter(Boolean);
const PHASES = new Set((option('--phases') ?? 'latency,startup,memory,cli').split(','));

/** Budgets (issue 6). */
const BUDGET = {
  editFloorFactor: 2,
  editUserMs: 10,
  startMs: 300,
  hoverMs: 10,
  rssMB: 65,
};

const began = performance.now();
const loadAtStart = loadavg()[0];
const log = (m) => process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(1)}s] ${m}\n`);
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Build and inputs

const SERVER_OVERRIDE = option('--server') ? resolve(option('--server')) : undefined;
const work = mkdtempSync(join(tmpdir(), 'cilium-datapath-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const BUILT = !flag('--no-build') && !SERVER_OVERRIDE;
const bundles = BUILT ? join(work, 'dist') : join(ROOT, 'dist');
if (BUILT) {
  log('production build (node scripts/build.mjs --production, into a private folder)');
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', bundles], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
/** How the extension starts the server: environment defaults (the user's own win) and Node options. */
const LAUNCH = JSON.parse(readFileSync(join(ROOT, 'client', 'src', 'serverLaunch.json'), 'utf8'));
const launchEnv = { ...LAUNCH.env, ...process.env };
// A private copy of the bundles: a rebuild in the tree during the run does not change what is measured.
const ourServer = join(work, 'server.js');
const ourCli = join(work, 'cli.js');
for (const [from, to] of [
  [SERVER_OVERRIDE ?? join(bundles, 'server.js'), ourServer],
  [join(bundles, 'cli.js'), ourCli],
]) {
  if (!existsSync(from)) {
    console.error(`${from} is missing: run node scripts/build.mjs`);
    process.exit(1);
  }
  copyFileSync(from, to);
}
const theirBin = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const runTheirs = !flag('--only-ours') && existsSync(theirBin);
const theirVersion = runTheirs
  ? JSON.parse(readFileSync(join(ROOT, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8')).version
  : null;

const chart = flag('--no-shared') ? undefined : chartValues(ROOT);
const schemaPath = flag('--no-shared') ? undefined : chartSchema(ROOT);
const notes = [];
if (!chart)
  notes.push(
    '../shared is not beside the repository: the 4,572-line chart defaults are not measured (nor its hover budget); generated files only.',
  );
if (!schemaPath && runTheirs)
  notes.push('No chart values.schema.json in ../shared: yaml-language-server runs without a schema.');
if (runTheirs && schemaPath)
  notes.push(
    'yaml-language-server gets the chart schema for values*.yaml; the rendered manifest has no schema (it is not a values file).',
  );

const files = [];
const addFile = (id, label, dir, name, text, kind) => {
  const path = join(work, dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  files.push({
    id,
    label,
    dir,
    name,
    path,
    uri: pathToFileURL(path).href,
    text,
    kind,
    lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
  });
};
addFile('user', 'user values (typical)', 'user', 'values-prod.yaml', USER_VALUES, 'values');
if (chart) addFile('chart', 'chart defaults 1.20-dev', 'chart', 'values.yaml', chart.text, 'values');
addFile('synthetic', 'synthetic values', 'synthetic', 'values.yaml', syntheticValues(20_000), 'values');
addFile(
  'manifest',
  'rendered manifest + ConfigMap',
  'manifest',
  'cilium-rendered.yaml',
  renderedManifest(),
  'manifest',
);

for (const f of files) {
  f.edit = editSite(f.text);
  f.hover = hoverSite(f.text, f.kind);
  f.parse = f.kind === 'manifest' ? (t) => parseAllDocuments(t) : (t) => parseDocument(t);
  if (!f.edit || !f.hover) throw new Error(`no edit or hover site in ${f.id}`);
}

/** A line near the middle holding a quoted string value: typing happens right after the opening quote. */
function editSite(text) {
  const lines = text.split('\n');
  const mid = Math.floor(lines.length / 2);
  for (let d = 0; d < lines.length; d++) {
    for (const i of [mid + d, mid - d]) {
      const m = /^(\s*-?\s*[\w./-]+: )"[^"]*"\s*$/.exec(lines[i] ?? '');
      if (m) return { line: i, character: m[1].length + 1, key: m[1].trim().replace(/^-\s*/, '').replace(/:$/, '') };
    }
  }
  return undefined;
}

/** The nested datapath key: `bpf.masquerade` in values, `data.enable-bpf-masquerade` in the ConfigMap. */
function hoverSite(text, kind) {
  const lines = text.split('\n');
  if (kind === 'manifest') {
    const i = lines.findIndex((l) => /^ {2}enable-bpf-masquerade:/.test(l));
    return i >= 0 ? { line: i, character: 4, key: 'data.enable-bpf-masquerade' } : undefined;
  }
  const bpf = lines.findIndex((l) => /^bpf:/.test(l));
  if (bpf < 0) return undefined;
  for (let i = bpf + 1; i < lines.length && !/^\S/.test(lines[i]); i++) {
    if (/^ {2}masquerade:/.test(lines[i])) return { line: i, character: 4, key: 'bpf.masquerade' };
  }
  return undefined;
}

/** The k-th one-character edit at the edit site: type `x`, then delete it again. */
function oneCharEdit(site, version) {
  const { line, character } = site;
  return version % 2 === 0
    ? { change: { range: { start: { line, character }, end: { line, character } }, text: 'x' } }
    : { change: { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' } };
}

/** The text after an edit (for the paired floor parse). */
function applyEdit(text, site, version) {
  if (version % 2 === 1) return text;
  const lines = text.split('\n');
  const l = lines[site.line];
  lines[site.line] = l.slice(0, site.character) + 'x' + l.slice(site.character);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Statistics

function stats(xs) {
  if (!xs || xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return {
    n: s.length,
    median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2,
    p95: at(0.95),
    min: s[0],
    max: s[s.length - 1],
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}
const round = (x, d = 2) =>
  x === undefined || x === null || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d;
const roundDeep = (o) =>
  o === null || o === undefined
    ? o
    : typeof o === 'number'
      ? round(o)
      : Array.isArray(o)
        ? o.map(roundDeep)
        : typeof o === 'object'
          ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, k === 'n' ? v : roundDeep(v)]))
          : o;

// ---------------------------------------------------------------------------------------------
// 1. The floor on its own: the yaml library's parse of each text, in this process, before any
//    server runs. (The floor the budgets use is measured again between our edits, below.)

const floorAlone = {};
if (PHASES.has('latency')) {
  log('floor: yaml parseDocument on each text');
  for (const f of files) {
    const big = f.lines > 10_000;
    const warm = scale(big ? 5 : 15);
    const n = scale(big ? 25 : 60, 5);
    for (let i = 0; i < warm; i++) f.parse(f.text);
    const wall = [];
    const cpu = [];
    for (let i = 0; i < n; i++) {
      const c0 = cpuNow();
      const t0 = performance.now();
      f.parse(f.text);
      wall.push(performance.now() - t0);
      cpu.push(cpuNow() - c0);
    }
    floorAlone[f.id] = { wall: stats(wall), cpu: stats(cpu) };
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The servers

const yamlSettings = {
  validate: true,
  hover: true,
  completion: true,
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
  ...(schemaPath ? { schemas: { [pathToFileURL(schemaPath).href]: ['values*.yaml'] } } : {}),
};

const SERVERS = [
  {
    id: 'ours',
    label: 'cilium-datapath',
    make: () =>
      new LspServer('ours', [...LAUNCH.execArgv, ...NODE_FLAGS, ourServer, '--stdio'], {
        cwd: ROOT,
        env: launchEnv,
        configuration: () => null,
      }),
  },
];
/** The same bundle started bare, as another editor may start it (memory phase only, for information). */
const BARE = {
  id: 'bare',
  make: () => new LspServer('bare', [...NODE_FLAGS, ourServer, '--stdio'], { cwd: ROOT, configuration: () => null }),
};
if (runTheirs) {
  SERVERS.push({
    id: 'theirs',
    label: `yaml-language-server ${theirVersion}`,
    make: () =>
      new LspServer('theirs', [theirBin, '--stdio'], {
        cwd: ROOT,
        configuration: (section) => (section === 'yaml' ? yamlSettings : section === 'http' ? {} : null),
      }),
  });
}

/** URI of the k-th copy of a file (a fresh document each time, same file name). */
const copyUri = (f, tag, k) => pathToFileURL(join(work, `${tag}-${k}`, f.dir, f.name)).href;

/**
 * One long-lived session per server, every file in turn: didOpen → diagnostics (a new document
 * each time); one-character edits → diagnostics for that version, each followed by the first
 * hover of the version and by one floor parse of the same text in this process (the paired
 * floor: measured within milliseconds of the edit, under the same machine load); then hovers on
 * an unchanged version.
 */
async function latencySession(def) {
  const s = def.make().spawn();
  await s.initialize();
  const out = {};
  for (const f of files) {
    const big = f.lines > 10_000;
    const open = [];
    const openWarm = scale(2, 1);
    const openN = scale(big ? 5 : 10, 3);
    for (let k = 0; k < openWarm + openN; k++) {
      const uri = copyUri(f, 'open', k);
      const { ms } = await s.openTimed(uri, f.text);
      if (k >= openWarm) open.push(ms);
      await s.close(uri);
    }
    const first = await s.openTimed(f.uri, f.text);
    const edit = [];
    const hoverAfterEdit = [];
    const floorWall = [];
    const floorCpu = [];
    const editWarm = scale(big ? 3 : 6, 2);
    const editN = scale(f.id === 'user' ? 60 : f.lines > 10_000 ? 15 : 30, 5);
    let version = 1;
    let serverCpu0 = 0;
    for (let k = 0; k < editWarm + editN; k++) {
      if (k === editWarm) serverCpu0 = s.cpuMs();
      version++;
      const { ms } = await s.changeTimed(f.uri, version, [oneCharEdit(f.edit, version).change]);
      const h = await s.hoverTimed(f.uri, f.hover.line, f.hover.character);
      const text = applyEdit(f.text, f.edit, version);
      const c0 = cpuNow();
      const t0 = performance.now();
      f.parse(text);
      const fw = performance.now() - t0;
      const fc = cpuNow() - c0;
      if (k >= editWarm) {
        edit.push(ms);
        hoverAfterEdit.push(h.ms);
        floorWall.push(fw);
        floorCpu.push(fc);
      }
    }
    const serverCpuPerEdit = (s.cpuMs() - serverCpu0) / editN;
    // Typing bursts: 10 one-character edits 60 ms apart (a fast typist), then the wait from the
    // last edit to the diagnostics of the final version, and how many versions got diagnostics.
    const burstLatency = [];
    const burstPublishes = [];
    for (let b = 0; b < scale(3, 1); b++) {
      const before = s.publishesFor(f.uri).length;
      let wait;
      for (let k = 0; k < 10; k++) {
        version++;
        if (k === 9) wait = s.waitDiagnostics(f.uri, version);
        await s.change(f.uri, version, [oneCharEdit(f.edit, version).change]);
        if (k < 9) await sleep(60);
      }
      const t0 = performance.now();
      const rec = await wait;
      burstLatency.push(rec.at - t0);
      await sleep(250);
      burstPublishes.push(s.publishesFor(f.uri).length - before);
    }
    const hover = [];
    let hoverText = '';
    const hoverWarm = scale(5, 2);
    const hoverN = scale(50, 10);
    for (let k = 0; k < hoverWarm + hoverN; k++) {
      const h = await s.hoverTimed(f.uri, f.hover.line, f.hover.character);
      if (k >= hoverWarm) hover.push(h.ms);
      hoverText = h.text;
    }
    await s.close(f.uri);
    out[f.id] = {
      open: stats(open),
      edit: stats(edit),
      serverCpuPerEdit,
      burst: { lastEditToDiagnostics: stats(burstLatency), publishesPer10Edits: stats(burstPublishes) },
      hoverAfterEdit: stats(hoverAfterEdit),
      hover: stats(hover),
      floor: { wall: stats(floorWall), cpu: stats(floorCpu) },
      firstOpenMs: first.ms,
      diagnostics: first.count,
      hoverChars: hoverText.length,
      hoverFirstLine: hoverText.split('\n').find((l) => l.trim()) ?? '',
    };
    log(
      `${def.id} ${f.id}: open ${out[f.id].open.median.toFixed(1)} ms, edit ${out[f.id].edit.median.toFixed(1)} ms (floor ${out[f.id].floor.wall.median.toFixed(1)}), hover ${out[f.id].hover.median.toFixed(2)} ms`,
    );
  }
  const stderr = s.stderr;
  await s.stop();
  return { files: out, stderr: stderr.slice(0, 2000) };
}

/** Process start → first diagnostics of the user file, in a fresh process each time. */
async function startup(def) {
  const runs = scale(10, 3);
  const wall = [];
  const init = [];
  const cpu = [];
  const user = files.find((f) => f.id === 'user');
  for (let k = 0; k < runs + 1; k++) {
    const s = def.make().spawn();
    await s.initialize();
    const wait = s.waitDiagnostics(user.uri, 1);
    await s.open(user.uri, user.text);
    const rec = await wait;
    const c = s.cpuMs();
    if (k > 0) {
      wall.push(rec.at - s.spawnedAt);
      init.push(s.initializedAt - s.spawnedAt);
      cpu.push(c);
    }
    await s.stop();
  }
  return { firstDiagnostics: stats(wall), initialize: stats(init), cpuToFirstDiagnostics: stats(cpu) };
}

/**
 * 50 open documents: RSS; typing in one of them (no publishes for the others, CPU per edit
 * compared with the same edits while it was the only open document); memory after closing
 * them all and after three more rounds of opening and closing 50 others.
 */
async function memory(def) {
  const s = def.make().spawn();
  await s.initialize();
  await sleep(300);
  const idle = s.memory();
  const texts = manyUserFiles(50);
  const uris = texts.map((_, i) => pathToFileURL(join(work, 'mem', `c${i}`, 'values.yaml')).href);
  const site = editSite(texts[0]);
  let version = 1;
  const type = async (n) => {
    const lat = [];
    const cpu0 = s.cpuMs();
    for (let k = 0; k < n; k++) {
      version++;
      lat.push((await s.changeTimed(uris[0], version, [oneCharEdit(site, version).change])).ms);
    }
    return { latency: stats(lat), cpuPerEditMs: (s.cpuMs() - cpu0) / n };
  };
  // the first document alone
  await s.openTimed(uris[0], texts[0]);
  const one = s.memory();
  const edits = scale(30, 10);
  await type(5);
  const alone = await type(edits);
  // all 50
  await Promise.all(uris.slice(1).map((u, i) => s.openTimed(u, texts[i + 1])));
  await sleep(500);
  const open50 = s.memory();
  const before = new Map(uris.map((u) => [u, s.publishesFor(u).length]));
  await type(5);
  const with50 = await type(edits);
  await sleep(300);
  const otherPublishes = uris.slice(1).reduce((a, u) => a + s.publishesFor(u).length - before.get(u), 0);
  // close all, then churn
  for (const u of uris) await s.close(u);
  await sleep(1000);
  const closed = s.memory();
  const churn = [];
  for (let round = 0; round < 3; round++) {
    const us = texts.map((_, i) => pathToFileURL(join(work, `churn${round}`, `c${i}`, 'values.yaml')).href);
    await Promise.all(us.map((u, i) => s.openTimed(u, texts[i])));
    for (const u of us) await s.close(u);
    await sleep(300);
    churn.push(s.memory());
  }
  await sleep(1000);
  const end = s.memory();
  await s.stop();
  return { idle, one, open50, closed, churn, end, typing: { alone, with50, otherPublishes } };
}

/**
 * Given back on close: the resident size cannot show it (V8 keeps the pages it grew into), so
 * heap.cjs runs our bundle in a child process with --expose-gc and reads the live heap after a
 * full collection, around rounds of 10 large documents opened and closed.
 */
function liveHeap() {
  const big = files.find((f) => f.id === 'chart') ?? files.find((f) => f.id === 'synthetic');
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', join(ROOT, 'scripts', 'bench', 'heap.cjs'), ourServer, big.path, '5'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`heap.cjs failed: ${r.stderr}`);
  return { file: big.id, ...JSON.parse(r.stdout) };
}

/** yaml-language-server really applies the chart schema: a wrong type must be reported. */
async function schemaCheck(def) {
  const s = def.make().spawn();
  await s.initialize();
  const uri = pathToFileURL(join(work, 'schema-check', 'values.yaml')).href;
  const wait = s.waitDiagnostics(uri, 1);
  await s.open(uri, 'debug:\n  enabled: [not, a, boolean]\n');
  const rec = await wait;
  await s.stop();
  return { diagnostics: rec.count, messages: rec.diagnostics.map((d) => d.message).slice(0, 3) };
}

const results = { servers: {} };
for (const def of SERVERS) {
  const entry = { label: def.label };
  if (PHASES.has('latency')) {
    log(`${def.id}: latency session`);
    entry.latency = await latencySession(def);
  }
  if (PHASES.has('startup')) {
    log(`${def.id}: start-up`);
    entry.start = await startup(def);
    log(`${def.id}: ${entry.start.firstDiagnostics.median.toFixed(0)} ms to first diagnostics`);
  }
  if (PHASES.has('memory')) {
    log(`${def.id}: memory with 50 documents`);
    entry.memory = await memory(def);
    if (def.id === 'ours') {
      entry.memory.liveHeap = liveHeap();
      log('ours, started bare: memory with 50 documents');
      entry.memory.bare = await memory(BARE);
    }
  }
  if (def.id === 'theirs' && schemaPath && PHASES.has('latency')) entry.schemaCheck = await schemaCheck(def);
  results.servers[def.id] = entry;
}

// ---------------------------------------------------------------------------------------------
// 3. CLI throughput

async function cliThroughput() {
  const dir = join(work, 'cli');
  mkdirSync(dir, { recursive: true });
  const texts = manyUserFiles(50);
  const paths = [];
  for (let i = 0; i < 1000; i++) {
    const p = join(dir, `values-${String(i).padStart(4, '0')}.yaml`);
    writeFileSync(p, texts[i % texts.length]);
    paths.push(p);
  }
  const run = (args) =>
    new Promise((resolveRun) => {
      const t0 = performance.now();
      const c = spawn(process.execPath, [ourCli, 'explain', '--format', 'json', '--fail-on', 'never', ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      c.stderr.on('data', (d) => (err += d));
      c.on('exit', (code) => resolveRun({ ms: performance.now() - t0, code, err }));
    });
  // (a) one invocation over 1,000 files (the CLI merges them in order, like helm -f)
  const one = [];
  for (let k = 0; k < scale(2, 1); k++) one.push(await run(paths));
  if (one.some((r) => r.code !== 0)) throw new Error(`cli failed: ${one[0].err}`);
  const oneMs = stats(one.map((r) => r.ms)).median;
  // (b) one invocation per file, as many at a time as there are CPUs
  const sample = QUICK ? 12 : 40;
  const parallel = Math.max(1, cpus().length);
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < sample) {
        const p = paths[next++];
        const r = await run([p]);
        if (r.code !== 0) failed++;
      }
    }),
  );
  const perFileMs = performance.now() - t0;
  return {
    oneInvocation: { files: 1000, ms: oneMs, filesPerSecond: 1000 / (oneMs / 1000) },
    perFileInvocations: {
      files: sample,
      parallel,
      ms: perFileMs,
      filesPerSecond: sample / (perFileMs / 1000),
      msPerInvocation: (perFileMs * parallel) / sample,
      failed,
    },
  };
}
if (PHASES.has('cli')) {
  log('CLI throughput');
  results.cli = await cliThroughput();
}

// ---------------------------------------------------------------------------------------------
// 4. Budgets, table, JSON

const ours = results.servers.ours;
const theirs = results.servers.theirs;
const budgets = [];
const budget = (name, value, limit, pass, detail = '') =>
  budgets.push({ name, value: round(value), limit: round(limit), pass, detail });
if (ours.latency) {
  for (const id of ['chart', 'synthetic']) {
    const r = ours.latency.files[id];
    if (!r) continue;
    const v = r.edit.median;
    const lim = BUDGET.editFloorFactor * r.floor.wall.median;
    budget(
      `edit → diagnostics, ${files.find((f) => f.id === id).lines} lines ≤ 2 × floor`,
      v,
      lim,
      v <= lim,
      'median ms; floor measured between the edits',
    );
  }
  {
    const v = ours.latency.files.user.edit.median;
    budget('edit → diagnostics, 80-line user file < 10 ms', v, BUDGET.editUserMs, v < BUDGET.editUserMs, 'median ms');
  }
  if (ours.latency.files.chart) {
    const h = ours.latency.files.chart;
    const v = Math.max(h.hover.median, h.hoverAfterEdit.median);
    const content = h.hoverChars > 100 && /masquerade/i.test(h.hoverFirstLine);
    budget(
      'hover < 10 ms on the 4,572-line file, with real content',
      v,
      BUDGET.hoverMs,
      v < BUDGET.hoverMs && content,
      `median ms, the worse of same-version and first-after-edit; ${h.hoverChars} characters`,
    );
  }
}
if (ours.start) {
  const v = ours.start.firstDiagnostics.median;
  budget(
    'server start → first diagnostics < 300 ms',
    v,
    BUDGET.startMs,
    v < BUDGET.startMs,
    'median ms, fresh process each run',
  );
}
if (ours.memory) {
  const m = ours.memory;
  budget(
    'RSS with 50 open documents < 65 MB',
    m.open50.rssMB,
    BUDGET.rssMB,
    m.open50.rssMB < BUDGET.rssMB,
    `VmRSS MB; peak VmHWM ${round(m.open50.hwmMB, 1)}`,
  );
  {
    // Given back: once warm (the first rounds also fill one-time caches and optimised code),
    // closing returns the live heap to where it was.
    const h = m.liveHeap;
    const r = h.rounds;
    const held = r[r.length - 1].open - r[r.length - 1].before;
    const v = Math.max(...r.slice(2).map((x) => x.closed)) - r[1].closed;
    budget(
      `memory given back on close: live heap after closing 10 × ${h.file}, rounds 3–${r.length} vs round 2`,
      v,
      1,
      v <= 1 && held > 1,
      `MB more; open, the 10 documents held ${round(held, 1)} MB`,
    );
  }
  const t = m.typing;
  const tv = t.with50.cpuPerEditMs;
  const lim = 1.5 * t.alone.cpuPerEditMs + 1;
  budget(
    'typing in one file does no work for the 49 others',
    tv,
    lim,
    t.otherPublishes === 0 && tv <= lim,
    `server CPU ms per edit (alone ${round(t.alone.cpuPerEditMs)}); ${t.otherPublishes} publishes for other documents`,
  );
}

const loadAtEnd = loadavg()[0];
const env = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cpus: cpus().length,
  memoryGB: round(totalmem() / 2 ** 30, 1),
  loadAverage: { start: round(loadAtStart), end: round(loadAtEnd) },
  yaml: require('yaml/package.json').version,
  yamlLanguageServer: theirVersion,
  commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || null,
  uncommittedServerChanges:
    (
      spawnSync('git', ['status', '--porcelain', 'server', 'scripts/build.mjs', 'client/src/serverLaunch.json'], {
        cwd: ROOT,
        encoding: 'utf8',
      }).stdout ?? ''
    ).trim().length > 0,
  quick: QUICK,
  phases: [...PHASES],
  server: SERVER_OVERRIDE ?? (BUILT ? 'production bundle (scripts/build.mjs --production)' : 'dist/server.js'),
  launch: { env: LAUNCH.env, execArgv: LAUNCH.execArgv },
  date: new Date().toISOString(),
};
if (Math.max(loadAtStart, loadAtEnd) > env.cpus) {
  notes.push(
    `The machine was busy (load average ${round(loadAtStart, 1)} at the start, ${round(loadAtEnd, 1)} at the end, ${env.cpus} CPUs): wall-clock figures are inflated; the CPU columns are not.`,
  );
}
const runSeconds = (performance.now() - began) / 1000;

const json = roundDeep({
  formatVersion: 1,
  env,
  runSeconds,
  notes,
  budgets,
  files: files.map((f) => ({
    id: f.id,
    label: f.label,
    lines: f.lines,
    bytes: Buffer.byteLength(f.text),
    edit: f.edit,
    hover: f.hover,
  })),
  floorAlone,
  servers: results.servers,
  cli: results.cli,
});
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(json, null, 2) + '\n');
if (BASELINE) writeFileSync(BASELINE, JSON.stringify(json, null, 2) + '\n');

// Table
const num = (x) =>
  x === undefined || x === null ? '—' : x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0);
const fmt = (s) => (s ? `${num(s.median)} / ${num(s.p95)}` : '—');
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : '—');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const print = (s = '') => process.stdout.write(s + '\n');
print();
print(
  `Cilium Datapath language server vs ${runTheirs ? `yaml-language-server ${theirVersion} (with the chart's values.schema.json)` : '(yaml-language-server not run)'} vs the parse floor`,
);
print(
  `Node ${env.node}, ${env.cpus} × ${env.cpu}, yaml ${env.yaml}${env.quick ? ', --quick' : ''}; load average ${round(loadAtStart, 1)} → ${round(loadAtEnd, 1)}.`,
);
print(
  'Wall ms at the client over stdio, median / p95; "CPU" = the server\'s CPU time per operation (floor: this process\'s).',
);
for (const n of notes) print(`NOTE: ${n}`);
if (ours.latency) {
  const L = (id, sid) => results.servers[sid]?.latency?.files[id];
  print();
  print('One-character edit → publishDiagnostics for that version');
  print(
    `${pad('file', 31)}${lpad('lines', 6)}  ${pad('ours', 15)}${pad('CPU', 7)}${pad('yaml-ls', 15)}${pad('CPU', 7)}${pad('floor', 15)}${pad('CPU', 7)}${pad('ours/theirs', 12)}${pad('ours/floor', 11)}CPU ours/floor`,
  );
  for (const f of files) {
    const o = L(f.id, 'ours');
    const t = L(f.id, 'theirs');
    print(
      `${pad(f.label, 31)}${lpad(f.lines, 6)}  ${pad(fmt(o.edit), 15)}${pad(num(o.serverCpuPerEdit), 7)}${pad(fmt(t?.edit), 15)}${pad(num(t?.serverCpuPerEdit), 7)}${pad(fmt(o.floor.wall), 15)}${pad(num(o.floor.cpu.median), 7)}${pad(ratio(o.edit.median, t?.edit.median), 12)}${pad(ratio(o.edit.median, o.floor.wall.median), 11)}${ratio(o.serverCpuPerEdit, o.floor.cpu.median)}`,
    );
  }
  print(
    `  (server CPU per edit includes the hover that follows each edit; floor = yaml ${f0()} of the same text, parsed between the edits)`,
  );
  print();
  print(
    'Typing bursts: 10 one-character edits 60 ms apart → diagnostics of the last one (ms after the last edit), versions published',
  );
  print(
    `${pad('file', 31)}${lpad('lines', 6)}  ${pad('ours', 15)}${pad('published', 11)}${pad('yaml-ls', 15)}published`,
  );
  for (const f of files) {
    const o = L(f.id, 'ours');
    const t = L(f.id, 'theirs');
    print(
      `${pad(f.label, 31)}${lpad(f.lines, 6)}  ${pad(fmt(o.burst.lastEditToDiagnostics), 15)}${pad(o.burst.publishesPer10Edits.median, 11)}${pad(fmt(t?.burst.lastEditToDiagnostics), 15)}${t ? t.burst.publishesPer10Edits.median : '—'}`,
    );
  }
  print();
  print('didOpen → publishDiagnostics (a new document each time)');
  print(
    `${pad('file', 31)}${lpad('lines', 6)}  ${pad('ours', 15)}${pad('yaml-ls', 15)}${pad('floor (alone)', 15)}${pad('ours/theirs', 12)}ours/floor`,
  );
  for (const f of files) {
    const o = L(f.id, 'ours');
    const t = L(f.id, 'theirs');
    const fl = floorAlone[f.id].wall;
    print(
      `${pad(f.label, 31)}${lpad(f.lines, 6)}  ${pad(fmt(o.open), 15)}${pad(fmt(t?.open), 15)}${pad(fmt(fl), 15)}${pad(ratio(o.open.median, t?.open.median), 12)}${ratio(o.open.median, fl.median)}`,
    );
  }
  print();
  print('Hover on the nested key (bpf.masquerade; data.enable-bpf-masquerade in the manifest)');
  print(
    `${pad('file', 31)}${lpad('lines', 6)}  ${pad('ours, same', 15)}${pad('ours, 1st', 15)}${pad('yaml-ls, same', 15)}${pad('yaml-ls, 1st', 15)}characters (ours / yaml-ls)`,
  );
  for (const f of files) {
    const o = L(f.id, 'ours');
    const t = L(f.id, 'theirs');
    print(
      `${pad(f.label, 31)}${lpad(f.lines, 6)}  ${pad(fmt(o.hover), 15)}${pad(fmt(o.hoverAfterEdit), 15)}${pad(fmt(t?.hover), 15)}${pad(fmt(t?.hoverAfterEdit), 15)}${o.hoverChars} / ${t ? t.hoverChars : '—'}`,
    );
  }
  print(
    '  ("same": repeated on an unchanged version; "1st": the first hover of a version, sent right after its diagnostics)',
  );
  if (theirs?.schemaCheck)
    print(
      `  yaml-language-server schema check: ${theirs.schemaCheck.diagnostics} diagnostic(s) for a wrong type (${JSON.stringify(theirs.schemaCheck.messages[0] ?? '')})`,
    );
}
function f0() {
  return 'parseDocument (parseAllDocuments for the manifest)';
}
if (ours.start) {
  print();
  print('Start-up, a fresh process each run (spawn → …)');
  print(`${pad('', 34)}${pad('ours', 15)}${pad('yaml-ls', 15)}ours/theirs`);
  print(
    `${pad('  initialize result', 34)}${pad(fmt(ours.start.initialize), 15)}${pad(fmt(theirs?.start?.initialize), 15)}${ratio(ours.start.initialize.median, theirs?.start?.initialize.median)}`,
  );
  print(
    `${pad('  first diagnostics (user file)', 34)}${pad(fmt(ours.start.firstDiagnostics), 15)}${pad(fmt(theirs?.start?.firstDiagnostics), 15)}${ratio(ours.start.firstDiagnostics.median, theirs?.start?.firstDiagnostics.median)}`,
  );
  print(
    `${pad('  server CPU until then', 34)}${pad(fmt(ours.start.cpuToFirstDiagnostics), 15)}${pad(fmt(theirs?.start?.cpuToFirstDiagnostics), 15)}${ratio(ours.start.cpuToFirstDiagnostics.median, theirs?.start?.cpuToFirstDiagnostics.median)}`,
  );
}
if (ours.memory) {
  print();
  print('Memory (MB): VmRSS / VmHWM (peak)');
  const mem = (m) => (m ? `${m.rssMB.toFixed(1)} / ${m.hwmMB.toFixed(1)}` : '—');
  print(`${pad('', 44)}${pad('ours', 16)}yaml-ls`);
  print(`${pad('  idle after initialize', 44)}${pad(mem(ours.memory.idle), 16)}${mem(theirs?.memory?.idle)}`);
  print(`${pad('  1 document open', 44)}${pad(mem(ours.memory.one), 16)}${mem(theirs?.memory?.one)}`);
  print(`${pad('  50 documents open', 44)}${pad(mem(ours.memory.open50), 16)}${mem(theirs?.memory?.open50)}`);
  print(`${pad('  all closed (1 s later)', 44)}${pad(mem(ours.memory.closed), 16)}${mem(theirs?.memory?.closed)}`);
  print(
    `${pad('  after 3 more rounds of 50 open/close', 44)}${pad(mem(ours.memory.end), 16)}${mem(theirs?.memory?.end)}`,
  );
  const bare = ours.memory.bare;
  if (bare)
    print(
      `  ours started bare (no launch environment): idle ${mem(bare.idle)}, 50 documents ${mem(bare.open50)}, after the rounds ${mem(bare.end)}`,
    );
  const h = ours.memory.liveHeap;
  print(
    `  ours, live heap after a full GC (MB), 10 × ${h.file} per round: ${h.rounds.map((r, i) => `round ${i + 1} ${r.before.toFixed(1)} → open ${r.open.toFixed(1)} → closed ${r.closed.toFixed(1)}`).join('; ')}`,
  );
  print();
  print('Typing in one file (user values), one edit at a time: wall median / p95, server CPU per edit');
  const ty = (t) => (t ? `${fmt(t.latency)} ms, ${num(t.cpuPerEditMs)} ms CPU` : '—');
  print(
    `${pad('  only that file open', 30)}ours ${pad(ty(ours.memory.typing.alone), 34)}yaml-ls ${ty(theirs?.memory?.typing.alone)}`,
  );
  print(
    `${pad('  49 other files open', 30)}ours ${pad(ty(ours.memory.typing.with50), 34)}yaml-ls ${ty(theirs?.memory?.typing.with50)}`,
  );
  print(
    `${pad('  publishes for the others', 30)}ours ${pad(ours.memory.typing.otherPublishes, 34)}yaml-ls ${theirs?.memory ? theirs.memory.typing.otherPublishes : '—'}`,
  );
}
if (results.cli) {
  const c = results.cli;
  print();
  print('CLI (explain --format json, our bundle)');
  print(
    `  one invocation over 1,000 files (merged like helm -f):  ${num(c.oneInvocation.ms)} ms → ${c.oneInvocation.filesPerSecond.toFixed(0)} files/s`,
  );
  print(
    `  one invocation per file (${c.perFileInvocations.files} files, ${c.perFileInvocations.parallel} at a time):   ${c.perFileInvocations.filesPerSecond.toFixed(1)} files/s (${num(c.perFileInvocations.msPerInvocation)} ms per invocation)`,
  );
}
print();
print('Budgets');
for (const b of budgets)
  print(`  ${b.pass ? 'PASS' : 'MISS'}  ${pad(b.name, 96)} ${lpad(b.value, 8)}  (limit ${b.limit}; ${b.detail})`);
print();
print(
  `Run time ${runSeconds.toFixed(0)} s. JSON: ${OUT.replace(ROOT + '/', '')}${BASELINE ? `, ${BASELINE.replace(ROOT + '/', '')}` : ''}`,
);
