#!/usr/bin/env node
// Runs the extension-host suite (the Mocha `run()` in dist/e2e/suite/index.js) inside code-server's
// remote Node extension host, with headless Chromium holding the workbench window. The exit code
// is the suite's: 0 passed, 1 failed (or a runner error), 124 timed out.
//
//   node test/e2e/runner/run-suite.mjs --run extension-host|restricted|…   a run from test/e2e/runs.mjs
//   node test/e2e/runner/run-suite.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]
//        the arguments @vscode/test-electron passes to a VS Code executable (see code-web beside
//        this file); --disable-workspace-trust turns trust off as on desktop, its absence leaves it on.
// Options: --timeout=SECONDS (300) --env KEY=VALUE … --verbose --keep (keep logs and temp folders)
//          --results=FILE (JSON: exit code, metrics, timings)
//
// How the result comes back: when run() settles, the web workbench calls
// window.codeAutomationExit(code, logs); extension-host console output arrives through
// window.codeAutomationLog(level, args). Both are exposed to the page before it loads.
import { mkdirSync, writeFileSync, rmSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import {
  log,
  resolveTools,
  startCodeServer,
  launchBrowser,
  workbenchUrl,
  devPayload,
  copyWorkspace,
  repoRoot,
  NOISE,
} from './workbench.mjs';
import { runs, prepareRun } from '../runs.mjs';
import { suiteEntry } from './build-suite.mjs';

// Flags test-electron passes to desktop VS Code that mean nothing here.
const IGNORED_FLAGS = new Set([
  'no-sandbox',
  'disable-gpu-sandbox',
  'disable-updates',
  'skip-welcome',
  'skip-release-notes',
  'no-cached-data',
  'disable-extensions',
  'new-window',
  'wait',
]);
const IGNORED_WITH_VALUE = new Set(['extensions-dir', 'user-data-dir', 'locale', 'log']);

function parseArgs(argv) {
  const o = {
    env: {},
    timeout: 300,
    verbose: false,
    keep: false,
    trustDisabled: false,
    extensionDevelopmentPath: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      o.folder = resolve(a);
      continue;
    }
    const eq = a.indexOf('=');
    const k = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const v = () => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    switch (k) {
      case 'run':
        o.run = v();
        break;
      case 'extensionDevelopmentPath':
        o.extensionDevelopmentPath = resolve(v());
        break;
      case 'extensionTestsPath':
        o.extensionTestsPath = resolve(v());
        break;
      case 'folder':
      case 'workspace':
        o.folder = resolve(v());
        break;
      case 'disable-workspace-trust':
        o.trustDisabled = true;
        break;
      case 'timeout':
        o.timeout = Number(v());
        break;
      case 'results':
        o.results = resolve(v());
        break;
      case 'env': {
        const kv = v();
        o.env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
        break;
      }
      case 'verbose':
        o.verbose = true;
        break;
      case 'keep':
        o.keep = true;
        break;
      default:
        if (IGNORED_FLAGS.has(k)) break;
        if (IGNORED_WITH_VALUE.has(k)) {
          if (eq < 0) i++;
          break;
        }
        throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

async function main() {
  const t0 = Date.now();
  const o = parseArgs(process.argv.slice(2));
  let teardown = async () => {};
  const scratch = mkdtempSync(join(tmpdir(), 'cilium-e2e-ws-'));
  let env = { ...o.env };
  let trust;
  let folder;
  if (o.run) {
    const run = runs.find((r) => r.name === o.run);
    if (!run) throw new Error(`no run "${o.run}" in test/e2e/runs.mjs (runs: ${runs.map((r) => r.name).join(', ')})`);
    const prepared = await prepareRun(run);
    teardown = prepared.teardown;
    env = { ...prepared.env, ...env };
    trust = !run.trusted;
    folder = copyWorkspace(scratch, o.folder);
  } else {
    // as a stand-in VS Code executable for @vscode/test-electron: the caller chose everything
    trust = !o.trustDisabled;
    folder = o.folder ?? copyWorkspace(scratch);
  }
  const extensionDevelopmentPath = o.extensionDevelopmentPath ?? repoRoot;
  const extensionTestsPath = o.extensionTestsPath ?? suiteEntry;
  if (!existsSync(extensionTestsPath))
    throw new Error(
      `${extensionTestsPath} does not exist: build the suite first (node test/e2e/runner/build-suite.mjs)`,
    );

  const tools = await resolveTools();
  const server = await startCodeServer({ tools, trust, env, verbose: o.verbose, label: o.run ?? 'suite' });
  log(
    `code-server ${server.url} up in ${Date.now() - t0} ms; workspace trust ${trust ? 'on' : 'off'}; ${env.CILIUM_E2E_FILES ?? process.env.CILIUM_E2E_FILES ?? 'all suite files'}`,
  );

  const metrics = {};
  let browser;
  let done = false;
  const finish = async (code, why) => {
    if (done) return;
    done = true;
    const total = (Date.now() - t0) / 1000;
    log(`${why}; exit code ${code}; ${total.toFixed(1)} s`);
    try {
      await browser?.close();
    } catch (e) {
      console.error(`closing the browser: ${e.message}`);
    }
    const keep = o.keep || code !== 0;
    await server.stop({ keep });
    await teardown();
    if (!keep) rmSync(scratch, { recursive: true, force: true });
    else log(`logs kept in ${server.root} (workspace copy in ${scratch})`);
    if (o.results) {
      mkdirSync(dirname(o.results), { recursive: true });
      writeFileSync(o.results, JSON.stringify({ run: o.run ?? null, code, seconds: total, metrics }, null, 2));
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void finish(130, 'interrupted'));
  process.on('SIGTERM', () => void finish(143, 'terminated'));
  server.exit.then((c) => finish(1, `code-server exited (${c})`));

  try {
    const launched = await launchBrowser(tools);
    browser = launched.browser;
    const page = await launched.context.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    page.on('crash', () => void finish(1, 'the page crashed'));
    if (o.verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));

    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const parts = Array.isArray(args) ? args : [args];
      const first = typeof parts[0] === 'string' ? parts[0] : '';
      if (!o.verbose && NOISE.some((re) => re.test(first))) return;
      for (const m of first.matchAll(/\[e2e-metric\] ([\w.-]+)=(\S+)/g))
        metrics[m[1]] = Number.isNaN(Number(m[2])) ? m[2] : Number(m[2]);
      (type === 'error' ? console.error : type === 'warn' || type === 'warning' ? console.warn : console.log)(...parts);
    });
    await page.exposeFunction('codeAutomationExit', async (code, logs) => {
      if ((o.keep || code !== 0) && Array.isArray(logs)) {
        for (const { relativePath, contents } of logs) {
          const f = join(server.root, 'workbench-logs', relativePath);
          mkdirSync(dirname(f), { recursive: true });
          writeFileSync(f, contents);
        }
      }
      if (code !== 0) {
        try {
          await page.screenshot({ path: join(server.root, 'failure.png') });
        } catch {
          /* the page may be closing */
        }
      }
      await finish(code, 'the extension host finished the suite');
    });

    const url = workbenchUrl(server, {
      folder,
      payload: devPayload(server, { extensionDevelopmentPath, extensionTestsPath }),
    });
    if (o.verbose) log(`opening ${url}`);
    // the workbench is a 19 MB script: on a busy machine its page load alone can take over
    // Playwright's default 30 s; the suite's own deadline (--timeout) bounds everything after it
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    log(`workbench loading; the suite runs in the extension host (timeout ${o.timeout} s)`);
    setTimeout(async () => {
      try {
        await page.screenshot({ path: join(server.root, 'timeout.png') });
      } catch {
        /* ignore */
      }
      await finish(124, `timed out after ${o.timeout} s (the workbench never reported the end of the suite)`);
    }, o.timeout * 1000);
  } catch (e) {
    console.error(e);
    await finish(1, 'runner error');
  }
}

main().catch((e) => {
  console.error(`[e2e] ${e.stack ?? e}`);
  process.exit(1);
});
