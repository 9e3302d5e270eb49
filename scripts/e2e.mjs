// End-to-end tests in a real VS Code (code-server's workbench in headless Chromium), in order:
//   tools         install/check the cached Node 24, code-server and Chromium (scripts/vscode-tools.mjs)
//   build         dev bundles (scripts/build.mjs), production bundles in dist/production (measured
//                 for activation) and the extension-host suite (dist/e2e/suite)
//   <run>…        every run of test/e2e/runs.mjs: the Mocha suite in the extension host
//                 (extension-host: development folder, trusted; restricted: Restricted Mode)
//   ui-dev        UI test against the development folder
//   ui-restricted UI test in Restricted Mode
//   package       production build + vsce package → out/cilium-datapath-<version>.vsix
//   ui-vsix       UI test against the .vsix installed into code-server
// Prints the time of each part and exits non-zero when any part fails (later parts still run
// unless they need the failed one).
//
// Usage: node scripts/e2e.mjs [--only PART[,PART…]] [--with-test-electron] [--verbose] [--keep]
//   --with-test-electron  also runs test/e2e/runTest.mjs through the code-web stand-in executable
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools } from './vscode-tools.mjs';
import { runs } from '../test/e2e/runs.mjs';
import { toolsEnv } from '../test/e2e/runner/workbench.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const only = flag('--only') ? new Set(argv[argv.indexOf('--only') + 1].split(',')) : undefined;
const passthrough = [...(flag('--verbose') ? ['--verbose'] : []), ...(flag('--keep') ? ['--keep'] : [])];
const resultsDir = join(root, 'test-results', 'e2e');
mkdirSync(resultsDir, { recursive: true });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, 'out', `${pkg.name}-${pkg.version}.vsix`);

const parts = [];
let tools;

function banner(s) {
  console.log(process.stdout.isTTY ? `\n\x1b[1m=== ${s}\x1b[0m` : `\n=== ${s}`);
}

/** Runs a part; `needs` names parts that must have passed first. */
async function part(name, title, fn, { needs = [] } = {}) {
  if (only && !only.has(name)) return;
  const blocked = needs.filter((n) => parts.some((p) => p.name === n && p.status !== 'passed'));
  if (blocked.length) {
    parts.push({ name, title, status: 'skipped', seconds: 0, note: `needs ${blocked.join(', ')}` });
    return;
  }
  banner(`${name}: ${title}`);
  const t = Date.now();
  let status = 'passed';
  let note;
  try {
    note = (await fn()) ?? '';
  } catch (e) {
    status = 'failed';
    note = e.message;
    console.error(`[e2e] ${name} failed: ${e.message}`);
  }
  parts.push({ name, title, status, seconds: (Date.now() - t) / 1000, note });
}

function node(args, { timeoutMin = 15, env = {}, bin = process.execPath } = {}) {
  const r = spawnSync(bin, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...(tools ? toolsEnv(tools) : {}), ...env },
    timeout: timeoutMin * 60_000,
    killSignal: 'SIGTERM',
  });
  if (r.error) throw new Error(`${args[0]}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

const readJson = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : {});

const t0 = Date.now();
await part('tools', 'Node 24, code-server, Chromium (cached)', async () => {
  tools = await ensureTools();
  return tools.dir;
});
const toolsFailed = parts.some((p) => p.name === 'tools' && p.status === 'failed');
if (!toolsFailed) {
  tools ??= await ensureTools({ quiet: true }); // --only without "tools"
  await part('build', 'bundles and the extension-host suite', () => {
    node(['scripts/build.mjs']);
    // the bundles as the .vsix ships them, for the activation figure (test/e2e/suite/activation.e2e.ts)
    node(['scripts/build.mjs', '--production', '--outdir', 'dist/production']);
    node(['test/e2e/runner/build-suite.mjs']);
  });
  for (const run of runs) {
    await part(
      run.name,
      run.title,
      () => {
        const results = join(resultsDir, `${run.name}.json`);
        rmSync(results, { force: true });
        node(['test/e2e/runner/run-suite.mjs', `--run=${run.name}`, `--results=${results}`, ...passthrough]);
        const m = readJson(results).metrics ?? {};
        if (m['activation-ms'] === undefined) return '';
        const budget = Number(process.env.CILIUM_E2E_ACTIVATION_BUDGET_MS || 50);
        const estimate = m['load-cpu-ms'] + m['call-activate-ms'];
        return (
          `activation ${m['activation-ms']} ms as VS Code measured it (load ${m['load-code-ms']} + activate() ${m['call-activate-ms']}); ` +
          `load CPU ${m['load-cpu-ms']} ms for ${m['bundle-kib']} KiB${estimate >= budget ? `; OVER the ${budget} ms budget` : ''}; first diagnostics ${m['open-to-first-diagnostics-ms']} ms after opening`
        );
      },
      { needs: ['build'] },
    );
  }
  if (flag('--with-test-electron')) {
    await part(
      'test-electron',
      'test/e2e/runTest.mjs with VSCODE_EXECUTABLE_PATH=test/e2e/runner/code-web',
      () =>
        // @vscode/test-electron wants Node >= 22: run it on the cached Node 24
        node(['test/e2e/runTest.mjs'], {
          bin: tools.nodeBin,
          env: { VSCODE_EXECUTABLE_PATH: join(root, 'test/e2e/runner/code-web') },
        }),
      {
        needs: ['build'],
      },
    );
  }
  const ui = (mode, args) => () => {
    const results = join(resultsDir, `ui-${mode}.json`);
    rmSync(results, { force: true });
    try {
      node(['test/e2e/runner/ui-test.mjs', ...args, `--results=${results}`, ...passthrough]);
    } catch (e) {
      const failures = readJson(results).failures ?? [];
      const detail = failures.map((x) => `step "${x.name}": ${x.error}`).join('\n');
      throw new Error(detail ? `${e.message}\n${detail}` : e.message, { cause: e });
    }
    const f = readJson(results).facts ?? {};
    return f.activationMs !== undefined ? `activation ${f.activationMs} ms (Running Extensions)` : '';
  };
  await part('ui-dev', 'UI test, development folder', ui('dev', []), { needs: ['build'] });
  await part('ui-restricted', 'UI test, Restricted Mode', ui('restricted', ['--restricted']), { needs: ['build'] });
  await part('package', 'production build + vsce package', async () => {
    node(['scripts/package.mjs']);
    // back to the development bundles (with source maps) for whatever runs next in this tree
    node(['scripts/build.mjs']);
    return `${(readFileSync(vsix).length / 1024).toFixed(0)} KiB`;
  });
  await part('ui-vsix', 'UI test, the .vsix installed into code-server', ui('vsix', [`--vsix=${vsix}`]), {
    needs: ['package'],
  });
}

const total = (Date.now() - t0) / 1000;
banner('e2e summary');
for (const p of parts) {
  const mark = p.status === 'passed' ? 'ok  ' : p.status === 'failed' ? 'FAIL' : 'skip';
  const [first, ...more] = String(p.note).split('\n');
  console.log(`${mark} ${p.name.padEnd(15)} ${p.seconds.toFixed(1).padStart(6)} s  ${first}`);
  for (const line of more) console.log(`${' '.repeat(29)}${line}`);
}
console.log(`     ${'total'.padEnd(15)} ${total.toFixed(1).padStart(6)} s`);
writeFileSync(join(resultsDir, 'summary.json'), JSON.stringify({ total, parts }, null, 2));
process.exit(parts.some((p) => p.status === 'failed') ? 1 : 0);
