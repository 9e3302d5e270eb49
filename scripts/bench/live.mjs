#!/usr/bin/env node
// Live-check benchmark: wall time and kubectl processes of `cilium-datapath live` against the
// project's fake API server (test/apiserver) with the real kubectl, for a recorded 6-node cluster
// and generated clusters of 1,000 and 5,000 nodes; and, with --faults, the connection-fault table
// (fault, wall time, message) with a short --timeout.
//
//   npm run bench:live                          build, then 6 / 1,000 / 5,000 nodes
//   node --import tsx scripts/bench/live.mjs [--no-build] [--sizes 6,1000] [--faults] [--timeout S]
//                                            [--all] [--out FILE]
//   node --import tsx scripts/bench/live.mjs --sizes none --faults    only the fault table
//
// The check runs as users run it (node dist/cli.js live --format json), the fake API server in a
// process of its own. "kubectl calls" counts the kubectl processes the check starts (the kubectl
// on this machine is a dispatcher that starts the matching kubectl, so each call is two
// processes). Figures are wall clock on a shared machine: the load average is printed beside them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const option = (f) => {
  const i = argv.indexOf(f);
  return i >= 0 ? argv[i + 1] : undefined;
};
// --sizes none: no cluster runs (with --faults: only the fault table)
const SIZES = (option('--sizes') ?? '6,1000,5000')
  .split(',')
  .filter((s) => s && s !== 'none')
  .map(Number);
const TIMEOUT = option('--timeout') ?? '300';
const OUT = resolve(ROOT, option('--out') ?? 'bench/results/live.json');
const cache = mkdtempSync(join(tmpdir(), 'bench-live-kubecache-'));
const env = { ...process.env, KUBECACHEDIR: cache };
const log = (m) => process.stderr.write(`[bench:live] ${m}\n`);

if (!flag('--no-build')) {
  const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: ROOT });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

/** Starts test/apiserver/main.ts in its own process; resolves with its kubeconfig and a stop(). */
function startServer(scenario) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'test', 'apiserver', 'main.ts'), '--scenario', scenario],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      const m = /^KUBECONFIG=(.*)$/m.exec(out);
      if (m)
        resolveStart({
          kubeconfig: m[1].trim(),
          stop: () =>
            new Promise((r) =>
              child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')),
            ),
        });
    });
    child.once('exit', (code) => reject(new Error(`fake API server for ${scenario} exited (${code}): ${out}`)));
  });
}

function runCli(args, runEnv = env) {
  return new Promise((resolveRun) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'live', ...args], {
      cwd: ROOT,
      env: runEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    let err = '';
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => (err += b));
    child.once('exit', (code) =>
      resolveRun({ code, ms: performance.now() - t0, stdout: Buffer.concat(out).toString('utf8'), stderr: err }),
    );
  });
}

const rows = [];
for (const size of SIZES) {
  const scenario = size === 6 ? 'mixed-kernel' : `large-${size}`;
  log(`${scenario}: starting the fake API server`);
  const srv = await startServer(scenario);
  try {
    // one unmeasured call fills kubectl's discovery cache, as on a user's machine
    spawnSync('kubectl', ['--kubeconfig', srv.kubeconfig, 'api-resources', '-o', 'name'], { env, stdio: 'ignore' });
    const load = loadavg()[0];
    log(`${scenario}: checking`);
    const r = await runCli([
      '--kubeconfig',
      srv.kubeconfig,
      '--format',
      'json',
      '--timeout',
      TIMEOUT,
      ...(flag('--all') ? ['--all'] : []),
    ]);
    let report;
    try {
      report = JSON.parse(r.stdout);
    } catch {
      log(`${scenario}: no JSON (exit ${r.code}): ${r.stderr.slice(0, 400)}`);
      continue;
    }
    const calls = report.calls ?? [];
    const count = (re) => calls.filter((c) => re.test(c)).length;
    rows.push({
      scenario,
      nodes: report.counts.nodes,
      groups: report.counts.groups,
      checked: report.counts.checked,
      predicted: report.counts.predicted,
      wallS: Math.round(r.ms / 100) / 10,
      kubectlCalls: calls.length,
      lists: count(/ get --raw '\/api\/v1\/(nodes|namespaces\/[^/]+\/pods)\?/),
      other: count(/ (config current-context|get --raw \/version|get daemonset|get ciliumnodeconfigs)/),
      execs: count(/ exec /),
      logs: count(/ logs /),
      exit: r.code,
      load: Math.round(load * 10) / 10,
      coverage: report.coverage,
    });
    log(`${scenario}: ${report.coverage} ${Math.round(r.ms)} ms, ${calls.length} kubectl calls`);
  } finally {
    await srv.stop();
  }
}

const faults = [];
if (flag('--faults')) {
  const { faultCluster, FAULTS } = await import('../../test/live/faultServers.ts');
  const { startFakeApiServer } = await import('../../test/apiserver/server.ts');
  const ft = option('--fault-timeout') ?? '8';
  for (const kind of [...FAULTS, 'missing-kubectl', 'slow-exec', 'forbidden']) {
    let f;
    let srv;
    // kubectl not installed: a PATH with no kubectl on it (an empty folder), a kubeconfig that would work
    let runEnv = env;
    if (kind === 'missing-kubectl') {
      const empty = mkdtempSync(join(tmpdir(), 'bench-live-nokubectl-'));
      srv = await startFakeApiServer({ scenario: 'mixed-kernel' });
      runEnv = { ...env, PATH: empty };
      f = {
        fault: 'no kubectl on PATH',
        kubeconfig: srv.kubeconfigPath,
        close: async () => {
          await srv.close();
          rmSync(empty, { recursive: true, force: true });
        },
      };
    } else if (kind === 'slow-exec' || kind === 'forbidden') {
      srv = await startFakeApiServer({ scenario: kind === 'slow-exec' ? 'slow' : 'forbidden' });
      f = {
        fault:
          kind === 'slow-exec'
            ? 'exec and logs never answer (fake API "slow")'
            : 'exec and logs forbidden (fake API "forbidden")',
        kubeconfig: srv.kubeconfigPath,
        close: () => srv.close(),
      };
    } else f = await faultCluster(kind);
    try {
      const r = await runCli(['--kubeconfig', f.kubeconfig, '--format', 'json', '--timeout', ft], runEnv);
      let message = r.stderr.trim();
      try {
        const rep = JSON.parse(r.stdout);
        message = rep.fatal ? rep.fatal.message : `${rep.summary} ${rep.coverage}`;
      } catch {
        /* stderr stays the message */
      }
      faults.push({
        fault: `${kind}: ${f.fault}`,
        timeoutS: Number(ft),
        wallS: Math.round(r.ms / 100) / 10,
        exit: r.code,
        message,
      });
      log(`fault ${kind}: ${Math.round(r.ms)} ms`);
    } finally {
      await f.close();
    }
  }
}
rmSync(cache, { recursive: true, force: true });

const pad = (s, n) => String(s).padEnd(n);
if (rows.length) {
  console.log('\nLive check (default: one agent per group)');
  console.log(
    `${pad('scenario', 14)}${pad('nodes', 7)}${pad('groups', 8)}${pad('checked', 9)}${pad('wall s', 8)}${pad('kubectl', 9)}${pad('lists', 7)}${pad('other', 7)}${pad('exec', 6)}${pad('logs', 6)}load`,
  );
  for (const r of rows)
    console.log(
      `${pad(r.scenario, 14)}${pad(r.nodes, 7)}${pad(r.groups, 8)}${pad(r.checked, 9)}${pad(r.wallS, 8)}${pad(r.kubectlCalls, 9)}${pad(r.lists, 7)}${pad(r.other, 7)}${pad(r.execs, 6)}${pad(r.logs, 6)}${r.load}`,
    );
  const big = rows.find((r) => r.nodes === 1000);
  if (big) console.log(`goal: 1,000 nodes under 60 s → ${big.wallS < 60 ? 'PASS' : 'MISS'} (${big.wallS} s)`);
}
if (faults.length) {
  console.log('\nFaults (--timeout as given; the whole check is bounded by it)');
  for (const f of faults)
    console.log(`- ${f.fault} | ${f.wallS} s (timeout ${f.timeoutS} s, exit ${f.exit}) | ${f.message}`);
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify({ when: new Date().toISOString(), rows, faults }, null, 2) + '\n');
log(`written ${OUT}`);
