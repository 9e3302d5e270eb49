#!/usr/bin/env node
// Hostile-load benchmark (issue 17): the server stays responsive while
//   1. a 120,000-key values file (`key0: value0` …, 2.5 MB) is analysed: hovers on another document
//      meanwhile, the large file's time to diagnostics; the same file's time in the CLI;
//   2. 1,000 documents are opened at once: hovers on other documents during the burst.
//   node scripts/bench/hostile.mjs [--no-build] [--server FILE] [--cli FILE]
// Prints the figures (wall clock at the client; the machine's load is printed beside them).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspServer } from './lsp.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const option = (f) => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : undefined);
if (!argv.includes('--no-build') && !option('--server'))
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
const serverJs = resolve(option('--server') ?? join(ROOT, 'dist/server.js'));
const cliJs = resolve(option('--cli') ?? join(ROOT, 'dist/cli.js'));
const work = mkdtempSync(join(tmpdir(), 'cdp-hostile-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    median: +(s[s.length >> 1] ?? NaN).toFixed(1),
    p95: +(s[Math.floor(s.length * 0.95)] ?? NaN).toFixed(1),
    max: +(s[s.length - 1] ?? NaN).toFixed(1),
  };
};
const results = { loadAtStart: loadavg()[0] };

let big = 'routingMode: native\n';
for (let i = 0; i < 120_000; i++) big += `key${i}: value${i}\n`;
const bigPath = join(work, 'values-120k.yaml');
writeFileSync(bigPath, big);

// CLI
{
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cliJs, 'explain', '--no-color', bigPath], { encoding: 'utf8' });
  results.cli120k = { ms: Math.round(performance.now() - t0), exit: r.status };
}

// Server: the large file, hovers on a small one meanwhile
{
  const s = new LspServer('ours', [serverJs, '--stdio'], { cwd: work }).spawn();
  await s.initialize();
  const small = pathToFileURL(join(work, 'values-small.yaml')).href;
  await s.openTimed(small, 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');
  const uri = pathToFileURL(bigPath).href;
  const t0 = performance.now();
  const wait = s.waitDiagnostics(uri, 1, 900_000);
  await s.open(uri, big);
  let done;
  wait.then((r) => (done = r));
  const hovers = [];
  while (!done) {
    hovers.push((await s.hoverTimed(small, 0, 3)).ms);
    await new Promise((r) => setTimeout(r, 50));
  }
  const hb = await s.hoverTimed(uri, 5, 2);
  results.server120k = {
    diagnosticsMs: Math.round(done.at - t0),
    diagnostics: done.count,
    hoverOtherDocumentMs: stats(hovers),
    hoverLargeDocumentMs: +hb.ms.toFixed(1),
    rssMB: Math.round(s.memory().hwmMB),
  };
  await s.stop();
}

// Server: 1,000 documents opened at once
{
  const s = new LspServer('ours', [serverJs, '--stdio'], { cwd: work }).spawn();
  await s.initialize();
  const other = pathToFileURL(join(work, 'values-other.yaml')).href;
  await s.openTimed(other, 'kubeProxyReplacement: true\n');
  const uris = Array.from({ length: 1000 }, (_, i) => pathToFileURL(join(work, `burst/values-${i}.yaml`)).href);
  const last = s.waitDiagnostics(uris[uris.length - 1], 1, 900_000);
  const t0 = performance.now();
  for (const [i, u] of uris.entries())
    void s.open(
      u,
      `# cilium-datapath: version=1.16\nkubeProxyReplacement: true\nbpf:\n  masquerade: ${i % 2 === 0}\nkey${i}: x\n`,
    );
  const first = await s.hoverTimed(other, 0, 3);
  let done;
  last.then((r) => (done = r));
  const hovers = [];
  while (!done) {
    hovers.push((await s.hoverTimed(other, 0, 3)).ms);
    await new Promise((r) => setTimeout(r, 20));
  }
  results.burst1000 = {
    firstHoverAfterBurstMs: +first.ms.toFixed(1),
    hoverOtherDocumentMs: stats(hovers),
    allAnalysedMs: Math.round(done.at - t0),
    rssMB: Math.round(s.memory().hwmMB),
  };
  await s.stop();
}
results.loadAtEnd = loadavg()[0];
console.log(JSON.stringify(results, null, 2));
