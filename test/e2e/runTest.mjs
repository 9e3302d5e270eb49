#!/usr/bin/env node
// The standard @vscode/test-electron entry point for the extension-host suite: the same compiled
// files (dist/e2e/suite) and the same runs (test/e2e/runs.mjs) as `npm run e2e`, on desktop VS Code.
//
//   node test/e2e/runTest.mjs [--only NAME]
//     VSCODE_EXECUTABLE_PATH unset: test-electron downloads VS Code (VSCODE_VERSION, default "stable")
//     VSCODE_EXECUTABLE_PATH=/path/to/code: that VS Code
//     VSCODE_EXECUTABLE_PATH=test/e2e/runner/code-web: offline, through code-server (checks this entry)
//
// Trusted runs go through runTests(). runTests() always adds --disable-workspace-trust, so the
// Restricted Mode run starts the executable itself with the same arguments minus that flag.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests, downloadAndUnzipVSCode } from '@vscode/test-electron';
import { runs, prepareRun } from './runs.mjs';
import { buildSuite } from './runner/build-suite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const extensionDevelopmentPath = resolve(here, '..', '..');
const fixtureWorkspace = join(here, 'fixtures', 'workspace');

async function untrustedRun(executable, extensionTestsPath, workspace, env, scratch) {
  const userData = join(scratch, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  // trust on, no start-up dialog: the folder simply opens in Restricted Mode
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'workbench.startupEditor': 'none',
    }),
  );
  const args = [
    workspace,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    '--no-cached-data',
    '--disable-extensions',
    `--extensionTestsPath=${extensionTestsPath}`,
    `--extensionDevelopmentPath=${extensionDevelopmentPath}`,
    `--user-data-dir=${userData}`,
    `--extensions-dir=${join(scratch, 'extensions')}`,
  ];
  const code = await new Promise((ok) => {
    const p = spawn(executable, args, { env: { ...process.env, ...env }, stdio: 'inherit' });
    p.on('error', (e) => {
      console.error(e.message);
      ok(1);
    });
    p.on('exit', (c, s) => ok(c ?? (s ? 1 : 0)));
  });
  if (code !== 0) throw new Error(`exit code ${code}`);
}

async function main() {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const selected = runs.filter((r) => !only || r.name === only);
  if (selected.length === 0) throw new Error(`no run named ${only}`);
  const extensionTestsPath = await buildSuite();
  const version = process.env.VSCODE_VERSION || undefined;
  let executable = process.env.VSCODE_EXECUTABLE_PATH || undefined;
  let failed = 0;
  for (const run of selected) {
    const scratch = mkdtempSync(join(tmpdir(), `cilium-e2e-electron-${run.name}-`));
    const workspace = join(scratch, 'workspace');
    cpSync(fixtureWorkspace, workspace, { recursive: true });
    const { env, teardown } = await prepareRun(run);
    console.log(`\n== ${run.title}`);
    try {
      if (run.trusted) {
        await runTests({
          vscodeExecutablePath: executable,
          version,
          extensionDevelopmentPath,
          extensionTestsPath,
          launchArgs: [workspace, '--disable-extensions'],
          extensionTestsEnv: env,
        });
      } else {
        executable ??= await downloadAndUnzipVSCode(version);
        await untrustedRun(executable, extensionTestsPath, workspace, env, scratch);
      }
    } catch (e) {
      failed++;
      console.error(`${run.name} failed: ${e?.message ?? e}`);
    } finally {
      await teardown();
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
