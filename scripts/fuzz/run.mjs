#!/usr/bin/env node
// Fuzzing against the built server and CLI (issue 17). Drives one `dist/server.js --stdio` over
// LSP JSON-RPC with generated documents, edits and requests (valid and invalid parameters), and
// `dist/cli.js explain` with generated files; reports crashes, hangs, requests over 5 s,
// Error-level log messages and peak RSS. Seeded: the same seed replays the same inputs.
//
//   npm run fuzz                                100,000 inputs, seed 1
//   node scripts/fuzz/run.mjs --count 5000      a given number of inputs
//   node scripts/fuzz/run.mjs --seconds 300     for a given time
//   options: --seed N  --cli-every K (one CLI run per K server inputs; default 100)
//            --no-build  --json FILE (write the report there)  --quiet
//
// Exit status 0 when nothing was found, 1 otherwise (crashes, hangs, slow requests, Error logs).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { document, edit, prng, request } from './generate.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** A request slower than this is reported. */
export const SLOW_MS = 5_000;
/** A message (diagnostic, CLI line) longer than this repeats input it should have cut. */
export const LONG_MESSAGE = 1_000;
/**
 * Fields of the JSON and SARIF outputs that carry the user's values as data (exact, for tools to
 * compare), not as text for a person: they are not messages and are not held to LONG_MESSAGE.
 */
const DATA_FIELDS = new Set(['value', 'effectiveValue']);

/**
 * The lines of a CLI run that are messages: stderr, and stdout's lines in the text format; in
 * the JSON and SARIF formats, every string field of the document but the data fields.
 */
function longLines(res, args) {
  const lines = res.err.split('\n');
  const i = args.indexOf('--format');
  const format = i >= 0 ? args[i + 1] : 'text';
  if (format !== 'json' && format !== 'sarif') return [...lines, ...res.out.split('\n')];
  let doc;
  try {
    doc = JSON.parse(res.out);
  } catch {
    return [...lines, ...res.out.split('\n')]; // not JSON: judged as text
  }
  const walk = (v, key) => {
    if (typeof v === 'string') {
      if (!DATA_FIELDS.has(key)) lines.push(`${key}: ${v}`);
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(doc, '');
  return lines;
}

/** A request without an answer after this long is a hang (the server is restarted). */
const HANG_MS = 30_000;
/** Documents open at the same time. */
const MAX_OPEN = 8;
/** Inputs sent before the answers are awaited (the server sees bursts, as from a typing user). */
const BATCH = 12;
/** Stack-trace lines (a crash on the CLI's stderr). */
const STACK = /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m;

/**
 * Runs the fuzzer. `count`: inputs (server actions and CLI files), or `seconds`: a time budget.
 * Resolves with the report; never throws for what the targets do.
 */
export async function fuzz(options = {}) {
  const seed = options.seed ?? 1;
  const r = prng(seed);
  const count = options.count ?? (options.seconds ? Infinity : 100_000);
  const until = options.seconds ? performance.now() + options.seconds * 1000 : Infinity;
  const cliEvery = options.cliEvery ?? 100;
  const log = options.log ?? (() => undefined);
  const serverJs = options.server ?? join(ROOT, 'dist/server.js');
  const cliJs = options.cli ?? join(ROOT, 'dist/cli.js');
  const work = mkdtempSync(join(tmpdir(), 'cilium-datapath-fuzz-'));
  // files a base= modeline may name
  writeFileSync(join(work, 'base.yaml'), 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');
  writeFileSync(join(work, 'values.yaml'), 'routingMode: native\n');
  const preload = join(work, 'rss.cjs');
  writeFileSync(
    preload,
    "process.on('exit', () => { try { const u = process.resourceUsage(); require('fs').writeSync(3, `${u.maxRSS} ${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}`); } catch {} });\n",
  );

  const report = {
    seed,
    inputs: 0,
    server: { documents: 0, edits: 0, requests: 0, invalidRequests: 0, notifications: 0, closes: 0, restarts: 0 },
    cli: { runs: 0, files: 0, exitCodes: {} },
    crashes: [],
    hangs: [],
    slowRequests: [],
    maxRequestMs: 0,
    /** diagnostics and CLI lines longer than LONG_MESSAGE characters (echoed input not cut) */
    longMessageCount: 0,
    longMessages: [],
    errorLogs: 0,
    errorSamples: [],
    warningLogs: 0,
    warningSamples: [],
    stderrLines: 0,
    stderrSamples: [],
    peakRssMB: { server: 0, cli: 0 },
    wallSeconds: 0,
  };
  const sample = (list, m) => {
    const short = String(m).slice(0, 400);
    if (list.length < 10 && !list.includes(short)) list.push(short);
  };
  const started = performance.now();

  let server = startServer(serverJs, work, report, sample);
  await server.ready;
  /** uri → TextDocument (our copy of what the server has) */
  const open = new Map();
  let serial = 0;
  const names = ['values', 'values-prod', 'cilium', 'my-cilium-config', 'deployment', 'config'];

  const restart = async (why) => {
    report.server.restarts++;
    log(`restarting the server: ${why}`);
    server.kill();
    open.clear();
    server = startServer(serverJs, work, report, sample);
    await server.ready;
  };

  let sinceCli = 0;
  while (report.inputs < count && performance.now() < until) {
    const pending = [];
    for (let b = 0; b < BATCH && report.inputs < count; b++) {
      report.inputs++;
      sinceCli++;
      const uris = [...open.keys()];
      const action =
        open.size === 0
          ? 'open'
          : r.weighted([
              [open.size < MAX_OPEN ? 3 : 0, 'open'],
              [10, 'edit'],
              [8, 'request'],
              [1, 'close'],
              [0.3, 'notify'],
            ]);
      if (action === 'open') {
        const name = r.pick(names);
        const uri = r.chance(0.05)
          ? `untitled:Untitled-${++serial}`
          : pathToFileURL(join(work, `${name}-${++serial}.${r.chance(0.9) ? 'yaml' : 'yml'}`)).href;
        const text = document(r);
        open.set(uri, TextDocument.create(uri, 'yaml', 1, text));
        report.server.documents++;
        server.notify('textDocument/didOpen', {
          textDocument: { uri, languageId: r.chance(0.95) ? 'yaml' : 'plaintext', version: 1, text },
        });
      } else if (action === 'edit') {
        const uri = r.pick(uris);
        const doc = open.get(uri);
        const e = edit(r, doc.getText());
        const version = doc.version + 1;
        open.set(uri, TextDocument.update(doc, e.changes, version));
        report.server.edits++;
        server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: e.changes });
      } else if (action === 'request') {
        const uri = r.pick(uris);
        const [method, params] = request(r, uri, open.get(uri).getText(), uris);
        report.server.requests++;
        pending.push(server.request(method, params));
      } else if (action === 'close') {
        const uri = r.pick(uris);
        open.delete(uri);
        report.server.closes++;
        server.notify('textDocument/didClose', { textDocument: { uri } });
      } else {
        report.server.notifications++;
        const [method, params] = r.pick([
          [
            'workspace/didChangeConfiguration',
            {
              settings: {
                ciliumDatapath: {
                  ciliumVersion: r.pick(['1.16', '', 'x', 42]),
                  severity: r.pick([{}, { 'kpr-disabled': 'off' }, 'x']),
                },
              },
            },
          ],
          ['workspace/didChangeConfiguration', null],
          [
            'workspace/didChangeWatchedFiles',
            { changes: [{ uri: pathToFileURL(join(work, 'base.yaml')).href, type: 2 }] },
          ],
          ['workspace/didChangeWatchedFiles', { changes: 'x' }],
          [
            'textDocument/didChange',
            { textDocument: { uri: 'file:///not-open.yaml', version: 3 }, contentChanges: [{ text: 'a: 1' }] },
          ],
          ['textDocument/didClose', { textDocument: { uri: 'file:///not-open.yaml' } }],
          ['$/cancelRequest', { id: 'nope' }],
          // the workspace folder removed and added back (base files and the scan follow), and garbage
          [
            'workspace/didChangeWorkspaceFolders',
            { event: { added: [], removed: [{ uri: pathToFileURL(work).href, name: 'fuzz' }] } },
          ],
          [
            'workspace/didChangeWorkspaceFolders',
            { event: { added: [{ uri: pathToFileURL(work).href, name: 'fuzz' }], removed: [] } },
          ],
          ['workspace/didChangeWorkspaceFolders', { event: { added: 'x', removed: [{ uri: 7 }] } }],
          ['workspace/didChangeWorkspaceFolders', null],
        ]);
        server.notify(method, params);
      }
    }
    const results = await Promise.all(pending);
    for (const x of results) {
      if (x.ms > report.maxRequestMs) report.maxRequestMs = x.ms;
      if (x.invalid) report.server.invalidRequests++;
      if (x.hang) report.hangs.push({ method: x.method, params: JSON.stringify(x.params).slice(0, 300) });
      else if (x.ms > SLOW_MS)
        report.slowRequests.push({
          method: x.method,
          ms: Math.round(x.ms),
          params: JSON.stringify(x.params).slice(0, 300),
        });
    }
    if (server.crashed) {
      report.crashes.push({ target: 'server', what: server.crashed, stderr: server.stderrTail() });
      await restart('it exited');
    } else if (results.some((x) => x.hang)) {
      await restart('a request hung');
    }
    if (sinceCli >= cliEvery && report.inputs < count) {
      sinceCli = 0;
      const files = r.int(1, 3);
      report.inputs += files - 1; // the files are the inputs; this run is one of them
      await runCli(cliJs, preload, work, r, files, report, sample);
    }
    if (report.inputs % 5_000 < BATCH)
      log(
        `${report.inputs} inputs, ${report.errorLogs} Error logs, ${report.crashes.length} crashes, max request ${Math.round(report.maxRequestMs)} ms`,
      );
  }
  report.peakRssMB.server = Math.max(report.peakRssMB.server, server.peakRssMB());
  await server.stop();
  rmSync(work, { recursive: true, force: true });
  report.wallSeconds = Math.round((performance.now() - started) / 100) / 10;
  report.maxRequestMs = Math.round(report.maxRequestMs);
  report.peakRssMB.server = Math.round(report.peakRssMB.server);
  report.peakRssMB.cli = Math.round(report.peakRssMB.cli);
  return report;
}

/** One language server process and a JSON-RPC connection to it. */
function startServer(serverJs, work, report, sample) {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  const s = {
    crashed: undefined,
    stopping: false,
    stderrTail: () => stderr.slice(-2000),
  };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-20_000);
    for (const line of d.split('\n')) {
      if (!line.trim()) continue;
      report.stderrLines++;
      sample(report.stderrSamples, line);
    }
  });
  child.on('exit', (code, signal) => {
    if (!s.stopping) s.crashed = `exit code ${code}, signal ${signal}`;
  });
  child.stdin.on('error', () => undefined);
  const conn = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  const onLog = (p) => {
    if (p?.type === 1) {
      report.errorLogs++;
      sample(report.errorSamples, p.message);
    } else if (p?.type === 2) {
      report.warningLogs++;
      sample(report.warningSamples, p.message);
    }
  };
  conn.onNotification('window/logMessage', onLog);
  conn.onNotification('window/showMessage', onLog);
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    for (const d of p?.diagnostics ?? [])
      if (typeof d.message === 'string' && d.message.length > LONG_MESSAGE) {
        report.longMessageCount++;
        sample(report.longMessages, `diagnostic (${d.message.length} characters): ${d.message}`);
      }
  });
  conn.onNotification(() => undefined);
  conn.onRequest((method, params) => {
    if (method === 'workspace/configuration') return (params?.items ?? []).map(() => null);
    return null;
  });
  conn.onError(() => undefined);
  conn.onClose(() => undefined);
  conn.listen();

  s.notify = (method, params) => {
    if (s.crashed) return;
    conn.sendNotification(method, params).catch(() => undefined);
  };
  s.request = (method, params) => {
    const t0 = performance.now();
    if (s.crashed) return Promise.resolve({ method, params, ms: 0 });
    let timer;
    const answer = conn.sendRequest(method, params).then(
      () => ({ method, params, ms: performance.now() - t0 }),
      (e) => ({
        method,
        params,
        ms: performance.now() - t0,
        invalid: e?.code === rpc.ErrorCodes.InvalidParams,
        error: e,
      }),
    );
    const hang = new Promise((res) => {
      timer = setTimeout(() => res({ method, params, ms: performance.now() - t0, hang: !s.crashed }), HANG_MS);
    });
    return Promise.race([answer, hang]).finally(() => clearTimeout(timer));
  };
  s.peakRssMB = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  };
  s.kill = () => {
    s.stopping = true;
    report.peakRssMB.server = Math.max(report.peakRssMB.server, s.peakRssMB());
    conn.dispose();
    child.kill('SIGKILL');
  };
  s.stop = async () => {
    s.stopping = true;
    const exited = new Promise((res) => (child.exitCode !== null ? res() : child.on('exit', res)));
    try {
      await Promise.race([conn.sendRequest('shutdown'), new Promise((res) => setTimeout(res, 5_000))]);
      conn.sendNotification('exit').catch(() => undefined);
      await Promise.race([exited, new Promise((res) => setTimeout(res, 5_000))]);
    } finally {
      conn.dispose();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
  s.ready = conn
    .sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(work).href,
      workspaceFolders: [{ uri: pathToFileURL(work).href, name: 'fuzz' }],
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: false },
          workspaceFolders: true,
        },
        textDocument: { hover: { contentFormat: ['markdown'] }, publishDiagnostics: { versionSupport: true } },
      },
      initializationOptions: {},
    })
    .then(() => conn.sendNotification('initialized', {}));
  return s;
}

/** One CLI run over `files` generated files (or standard input). */
async function runCli(cliJs, preload, work, r, files, report, sample) {
  const paths = [];
  let stdin;
  for (let i = 0; i < files; i++) {
    const text = document(r);
    if (files === 1 && r.chance(0.2)) {
      stdin = text;
      paths.push('-');
    } else {
      const p = join(work, `${r.pick(['values', 'cilium-config', 'x'])}-cli-${i}.yaml`);
      writeFileSync(p, text);
      paths.push(p);
    }
  }
  const args = [
    '--require',
    preload,
    cliJs,
    'explain',
    ...r.pick([
      [],
      ['--format', 'json'],
      ['--format', 'sarif'],
      ['--cilium-version', r.pick(['1.16', '1.12', 'x', '9'.repeat(300)])],
      ['--kernel', r.pick(['4.19', 'y'])],
      ['--fail-on', 'never'],
      ['--verbose'],
    ]),
    ...paths,
  ];
  const t0 = performance.now();
  const res = await new Promise((resolveRun) => {
    const child = spawn(process.execPath, args, {
      cwd: work,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    let rss = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.stdio[3].on('data', (d) => (rss += d));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const [kb, cpu] = rss.split(' ').map(Number);
      resolveRun({ code, signal, out, err, rssKB: kb || 0, cpuMs: cpu || 0 });
    });
  });
  const ms = performance.now() - t0;
  report.cli.runs++;
  report.cli.files += files;
  report.cli.exitCodes[res.code ?? res.signal] = (report.cli.exitCodes[res.code ?? res.signal] ?? 0) + 1;
  report.peakRssMB.cli = Math.max(report.peakRssMB.cli, res.rssKB / 1024);
  const what = {
    target: 'cli',
    args: args.slice(3).map((a) => a.slice(0, 80)),
    inputs: paths.map((p) => (p === '-' ? stdin : readFileSync(p, 'utf8')).slice(0, 300)),
  };
  if (res.signal === 'SIGKILL' && ms >= HANG_MS) report.hangs.push({ ...what });
  else if (res.signal || res.code === null || res.code > 5 || STACK.test(res.err))
    report.crashes.push({
      ...what,
      what: `exit ${res.code} ${res.signal ?? ''}`.trim(),
      stderr: res.err.slice(0, 2000),
    });
  else if (ms > SLOW_MS)
    report.slowRequests.push({
      method: 'cli explain',
      ms: Math.round(ms),
      cpuMs: res.cpuMs,
      params: `${what.args.join(' ')} ${JSON.stringify(what.inputs).slice(0, 300)}`,
    });
  for (const line of longLines(res, args))
    if (line.length > LONG_MESSAGE) {
      report.longMessageCount++;
      sample(report.longMessages, `cli (${line.length} characters): ${line}`);
    }
  for (const line of res.err.split('\n'))
    if (/warning|Warning:/.test(line) && /stringified|YAMLWarning|\(node:\d+\)/.test(line))
      sample(report.stderrSamples, `cli: ${line}`);
}

/** One line per figure, for people. */
export function summary(rep) {
  const lines = [
    `seed ${rep.seed}: ${rep.inputs} inputs in ${rep.wallSeconds} s`,
    `  server: ${rep.server.documents} documents, ${rep.server.edits} edits, ${rep.server.requests} requests (${rep.server.invalidRequests} answered InvalidParams), ${rep.server.notifications} other notifications, ${rep.server.closes} closes, ${rep.server.restarts} restarts`,
    `  cli: ${rep.cli.runs} runs over ${rep.cli.files} files; exit codes ${JSON.stringify(rep.cli.exitCodes)}`,
    `  crashes: ${rep.crashes.length}`,
    `  hangs (no answer in ${HANG_MS / 1000} s): ${rep.hangs.length}`,
    `  requests over ${SLOW_MS / 1000} s: ${rep.slowRequests.length} (slowest server request ${rep.maxRequestMs} ms)`,
    `  Error-level log messages: ${rep.errorLogs}; server stderr lines: ${rep.stderrLines}; Warning-level: ${rep.warningLogs}`,
    `  messages over ${LONG_MESSAGE} characters: ${rep.longMessageCount}`,
    `  peak RSS: server ${rep.peakRssMB.server} MB, CLI ${rep.peakRssMB.cli} MB`,
  ];
  const show = (title, list, f) => {
    if (list.length === 0) return;
    lines.push(`${title}:`);
    for (const x of list.slice(0, 10)) lines.push(`  - ${f(x)}`);
  };
  show(
    'crashes',
    rep.crashes,
    (c) =>
      `${c.target} ${c.what}: ${JSON.stringify(c.inputs ?? '').slice(0, 200)}\n    ${(c.stderr ?? '').split('\n').slice(0, 6).join('\n    ')}`,
  );
  show(
    'hangs',
    rep.hangs,
    (h) => `${h.method ?? h.target} ${h.params ?? JSON.stringify(h.inputs ?? '').slice(0, 200)}`,
  );
  show(
    'slow',
    rep.slowRequests,
    (s) => `${s.method} ${s.ms} ms${s.cpuMs !== undefined ? ` (CPU ${s.cpuMs} ms)` : ''} ${s.params}`,
  );
  show('long messages (samples)', rep.longMessages, (m) => m.slice(0, 200));
  show('Error logs (samples)', rep.errorSamples, (m) => m.split('\n').slice(0, 3).join(' | '));
  show('stderr (samples)', rep.stderrSamples, (m) => m);
  show('Warning logs (samples)', rep.warningSamples, (m) => m.split('\n')[0]);
  return lines.join('\n');
}

/** Something was found: the run fails. */
export function failed(rep) {
  return (
    rep.crashes.length > 0 ||
    rep.hangs.length > 0 ||
    rep.slowRequests.length > 0 ||
    rep.errorLogs > 0 ||
    rep.stderrLines > 0 ||
    rep.longMessageCount > 0
  );
}

async function main() {
  const argv = process.argv.slice(2);
  const option = (f) => {
    const i = argv.indexOf(f);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv.includes('--help')) {
    console.log(
      'node scripts/fuzz/run.mjs [--count N | --seconds S] [--seed N] [--cli-every K] [--no-build] [--json FILE] [--quiet]',
    );
    return 0;
  }
  if (!argv.includes('--no-build')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) return b.status ?? 1;
  }
  const quiet = argv.includes('--quiet');
  const began = performance.now();
  const rep = await fuzz({
    count: option('--count') ? Number(option('--count')) : undefined,
    seconds: option('--seconds') ? Number(option('--seconds')) : undefined,
    seed: option('--seed') ? Number(option('--seed')) : 1,
    cliEvery: option('--cli-every') ? Number(option('--cli-every')) : undefined,
    log: quiet
      ? undefined
      : (m) => process.stderr.write(`[fuzz ${((performance.now() - began) / 1000).toFixed(0)}s] ${m}\n`),
  });
  if (option('--json')) writeFileSync(resolve(option('--json')), JSON.stringify(rep, null, 2));
  console.log(summary(rep));
  return failed(rep) ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e?.stack ?? e);
      process.exit(2);
    },
  );
}
