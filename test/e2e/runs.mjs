// The extension-host runs: which compiled suite files each one loads, whether the folder is
// trusted, and the environment its VS Code gets (the extension host and the language server
// inherit it). Both runners read this table: test/e2e/runner/run-suite.mjs (code-server, what
// `npm run e2e` uses) and test/e2e/runTest.mjs (@vscode/test-electron on desktop VS Code).
//
// Adding a run (e.g. the live-cluster check against a fake API server):
//   1. write test/e2e/suite/live.e2e.ts (it is compiled to dist/e2e/suite/live.e2e.js);
//   2. add { name: 'live', files: ['live.e2e.js'], trusted: true, setup } below, where `setup`
//      starts what the run needs and returns { env: { KUBECONFIG: … }, teardown };
//   3. list the file in no other run (a file in two runs runs twice).
// `npm run e2e` runs every entry in order; `node scripts/e2e.mjs --only live` runs just that one.
import { mkdtempSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, delimiter, dirname } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Starts the project's fake API server (test/apiserver) with a recorded cluster; the run's VS Code
 * gets KUBECONFIG pointing at it, and kubectl's caches in a throw-away folder.
 */
export async function fakeCluster(scenario = 'mixed-kernel') {
  const cache = mkdtempSync(join(tmpdir(), 'cilium-e2e-kubecache-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join('test', 'apiserver', 'main.ts'), '--scenario', scenario],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const kubeconfig = await new Promise((ok, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error('the fake API server did not start within 30 s')), 30_000);
    child.stdout.on('data', (d) => {
      seen += d.toString();
      const m = /KUBECONFIG=(\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (c) => {
      clearTimeout(timer);
      fail(new Error(`the fake API server exited (${c})`));
    });
  });
  return {
    env: { KUBECONFIG: kubeconfig, KUBECACHEDIR: cache },
    teardown: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(cache, { recursive: true, force: true });
    },
  };
}

/** A `kubectl` first on PATH that only records its arguments: a run can prove nothing called it. */
function recordingKubectl() {
  const dir = mkdtempSync(join(tmpdir(), 'cilium-e2e-kubectl-'));
  const record = join(dir, 'calls.log');
  writeFileSync(
    join(dir, 'kubectl'),
    `#!/bin/sh\necho "kubectl $*" >> '${record}'\necho 'recorded by the e2e suite: no cluster here' >&2\nexit 1\n`,
  );
  chmodSync(join(dir, 'kubectl'), 0o755);
  return {
    env: { PATH: `${dir}${delimiter}${process.env.PATH}`, CILIUM_E2E_KUBECTL_LOG: record },
    teardown: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * @typedef {object} E2eRun
 * @property {string} name
 * @property {string} title
 * @property {string[]} files        compiled suite files (names or `*` patterns in dist/e2e/suite)
 * @property {boolean} trusted       false: workspace trust on and the folder untrusted (Restricted Mode)
 * @property {Record<string,string>} [env]
 * @property {() => Promise<{ env?: Record<string,string>, teardown?: () => unknown }> | { env?: Record<string,string>, teardown?: () => unknown }} [setup]
 */

/** @type {E2eRun[]} */
export const runs = [
  {
    name: 'extension-host',
    title: 'extension-host suite (development folder, trusted)',
    files: ['activation.e2e.js', 'analysis.e2e.js', 'configmap.e2e.js', 'wrappers.e2e.js'],
    trusted: true,
  },
  {
    name: 'restricted',
    title: 'extension-host suite in Restricted Mode (workspace trust on, folder untrusted)',
    files: ['restricted.e2e.js'],
    trusted: false,
    env: { CILIUM_E2E_EXPECT_RESTRICTED: '1' },
    setup: recordingKubectl,
  },
  {
    name: 'live',
    title: 'live-cluster check against the fake API server (real kubectl, trusted)',
    files: ['live.e2e.js'],
    trusted: true,
    setup: () => fakeCluster('mixed-kernel'),
  },
];

/** Runs `run`'s setup and returns the environment for its VS Code plus a teardown. */
export async function prepareRun(run) {
  const s = run.setup ? await run.setup() : {};
  return {
    env: { ...(run.env ?? {}), ...(s.env ?? {}), CILIUM_E2E_FILES: run.files.join(',') },
    teardown: async () => {
      await s.teardown?.();
    },
  };
}
