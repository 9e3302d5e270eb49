// Runs every test suite with node's own test runner (TypeScript through tsx), then, on a full run,
// the end-to-end stage in a real VS Code (scripts/e2e.mjs; test/e2e is not for node:test).
// Usage: node scripts/test.mjs [unit|realdata|...]  (default: all suites, then e2e)
//        CILIUM_DATAPATH_SKIP_E2E=1 skips the e2e stage of a full run.
//        CILIUM_DATAPATH_DATA=DIR reads the real Cilium data from DIR instead of ../shared;
//        CILIUM_DATAPATH_REQUIRE_DATA=1 makes the real-data suites fail without it (.ci/run sets it).
// The last lines say which real-data suites did not run and whether the e2e stage ran.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

const suites = process.argv.slice(2);
const roots = suites.length ? suites.map((s) => join('test', s)) : ['test'];

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      // test/e2e runs inside VS Code (Mocha in the extension host), never under node:test
      if (name === 'fixtures' || name === 'node_modules' || p === join('test', 'e2e')) continue;
      collect(p, out);
    } else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'], {
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('type check failed');
  process.exit(tsc.status ?? 1);
}
// Lint on a full run (eslint.config.mjs): the rules every part of the project keeps.
if (suites.length === 0) {
  const lint = spawnSync(process.execPath, ['node_modules/eslint/bin/eslint.js', '--no-warn-ignored', '.'], {
    stdio: 'inherit',
  });
  if (lint.status !== 0) {
    console.error('lint failed (npx eslint . shows it)');
    process.exit(lint.status ?? 1);
  }
  const format = spawnSync(
    process.execPath,
    ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.'],
    { stdio: 'inherit' },
  );
  if (format.status !== 0) {
    console.error('format check failed (npm run format fixes it)');
    process.exit(format.status ?? 1);
  }
}
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = roots.flatMap((r) => collect(r, [])).sort();
if (files.length === 0) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}
// Real-data suites without their data register one skipped "not run" entry and append a line here
// (test/realdata/data.ts), so the last lines of this script can list them.
const notRunFile = join(mkdtempSync(join(tmpdir(), 'cilium-datapath-test-')), 'not-run.tsv');
writeFileSync(notRunFile, '');
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, CILIUM_DATAPATH_NOT_RUN_FILE: notRunFile },
});
const notRun = [
  ...new Map(
    readFileSync(notRunFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'))
      .map(([name, reason]) => [name, reason]),
  ),
];
rmSync(dirname(notRunFile), { recursive: true, force: true });

/** The last lines of every run: what did not run, and the verdict. */
function summary(e2eLine, ok) {
  console.log('');
  console.log('=== npm test summary');
  console.log(`node:test suites: ${r.status === 0 ? 'passed' : 'FAILED'} (${files.length} files)`);
  if (notRun.length) {
    console.log(`real-data suites NOT RUN (${notRun.length}, counted as skipped, not passed):`);
    for (const [name, reason] of notRun) console.log(`  real-data suite ${name}: not run (${reason})`);
  } else if (r.status === 0 && files.some((f) => f.startsWith(join('test', 'realdata')))) {
    console.log('real-data suites: all ran');
  }
  if (e2eLine) console.log(e2eLine);
  console.log(ok ? 'result: passed' : 'result: FAILED');
}

const fullRun = suites.length === 0;
if (r.status !== 0 || !fullRun) {
  summary(
    fullRun
      ? 'e2e stage (VS Code): NOT RUN (the node:test suites failed)'
      : 'e2e stage (VS Code): not run (only some suites were asked for)',
    r.status === 0,
  );
  process.exit(r.status ?? 1);
}

if (process.env.CILIUM_DATAPATH_SKIP_E2E) {
  summary('e2e stage (VS Code): NOT RUN (CILIUM_DATAPATH_SKIP_E2E is set)', true);
  process.exit(0);
}
const e2e = spawnSync(process.execPath, ['scripts/e2e.mjs'], { stdio: 'inherit' });
summary(`e2e stage (VS Code): ${e2e.status === 0 ? 'passed' : 'FAILED (see the e2e summary above)'}`, e2e.status === 0);
process.exit(e2e.status ?? 1);
