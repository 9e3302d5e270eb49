// Runs every test suite with node's own test runner (TypeScript through tsx), then, on a full run,
// the end-to-end stage in a real VS Code (scripts/e2e.mjs; test/e2e is not for node:test).
// Usage: node scripts/test.mjs [unit|realdata|...]  (default: all suites, then e2e)
//        CILIUM_DATAPATH_SKIP_E2E=1 skips the e2e stage of a full run.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('type check failed');
  process.exit(tsc.status ?? 1);
}
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = roots.flatMap((r) => collect(r, [])).sort();
if (files.length === 0) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
if (r.status !== 0 || suites.length > 0) process.exit(r.status ?? 1);

if (process.env.CILIUM_DATAPATH_SKIP_E2E) {
  console.log('e2e stage skipped (CILIUM_DATAPATH_SKIP_E2E is set)');
  process.exit(0);
}
const e2e = spawnSync(process.execPath, ['scripts/e2e.mjs'], { stdio: 'inherit' });
if (e2e.status !== 0) console.error('e2e stage failed');
process.exit(e2e.status ?? 1);
