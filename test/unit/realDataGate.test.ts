/**
 * The real-data gate (test/realdata/data.ts): where the data is looked up, when a suite is "not
 * run" (skipped, recorded for the summary) and when missing data is a failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { lookupData, DATA_ENV, REQUIRE_ENV, NOT_RUN_FILE_ENV } from '../realdata/data';
import { repoRoot } from '../helpers';

function tree(...dirs: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'cilium-datapath-gate-'));
  for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
  return root;
}

test('no variable and no ../shared: not run with the message that says what to set, not a failure', () => {
  const r = lookupData(['cilium/charts'], {}, '/nonexistent/shared');
  assert.deepEqual(r, { ok: false, reason: `no Cilium data at ../shared; set ${DATA_ENV}`, mustFail: false });
});

test('the mandatory-data variable turns a missing ../shared into a failure; "0" and "false" do not', () => {
  assert.equal(lookupData([], { [REQUIRE_ENV]: '1' }, '/nonexistent/shared').ok, false);
  assert.equal((lookupData([], { [REQUIRE_ENV]: '1' }, '/nonexistent/shared') as { mustFail: boolean }).mustFail, true);
  assert.equal(
    (lookupData([], { [REQUIRE_ENV]: '0' }, '/nonexistent/shared') as { mustFail: boolean }).mustFail,
    false,
  );
  assert.equal(
    (lookupData([], { [REQUIRE_ENV]: 'false' }, '/nonexistent/shared') as { mustFail: boolean }).mustFail,
    false,
  );
});

test('../shared present: found, and a missing folder of the suite is named', () => {
  const shared = tree('cilium/charts');
  try {
    assert.deepEqual(lookupData(['cilium/charts'], {}, shared), { ok: true, root: shared });
    const r = lookupData(['cilium/charts', 'cilium/status'], {}, shared);
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /no cilium\/status in \.\.\/shared/);
  } finally {
    rmSync(shared, { recursive: true, force: true });
  }
});

test('CILIUM_DATAPATH_DATA wins over ../shared; naming a wrong directory always fails', () => {
  const data = tree('cilium/charts');
  const shared = tree('cilium/charts');
  try {
    assert.deepEqual(lookupData(['cilium/charts'], { [DATA_ENV]: data }, shared), { ok: true, root: data });
    const wrong = lookupData([], { [DATA_ENV]: join(data, 'nope') }, shared);
    assert.equal(wrong.ok, false);
    assert.equal((wrong as { mustFail: boolean }).mustFail, true);
    const partial = lookupData(['cilium/status'], { [DATA_ENV]: data }, shared);
    assert.equal((partial as { mustFail: boolean }).mustFail, true);
    assert.match((partial as { reason: string }).reason, /has no cilium\/status/);
  } finally {
    rmSync(data, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  }
});

/**
 * Runs a small real-data suite under node:test, with data.ts copied into a temporary tree that has
 * no ../shared beside it (the lookup is relative to data.ts), so the "no data" path is the real one.
 */
function runSuite(env: Record<string, string>) {
  const base = mkdtempSync(join(tmpdir(), 'cilium-datapath-gate-'));
  const dir = join(base, 'repo', 'test', 'realdata');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'data.ts'), readFileSync(join(repoRoot, 'test', 'realdata', 'data.ts')));
  writeFileSync(
    join(dir, 'demo.test.ts'),
    [
      "import assert from 'node:assert/strict';",
      "import { realDataSuite } from './data';",
      "const suite = realDataSuite('demo', ['cilium/charts']);",
      'const { test } = suite;',
      "test('reads the charts', () => assert.ok(suite.list('cilium', 'charts').length >= 0));",
      "for (const f of suite.list('cilium', 'charts')) test(`chart ${f}`, () => undefined);",
      '',
    ].join('\n'),
  );
  const notRun = join(base, 'not-run.tsv');
  writeFileSync(notRun, '');
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('CILIUM_DATAPATH_') && k !== 'NODE_TEST_CONTEXT'),
  );
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=tap', join(dir, 'demo.test.ts')],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...clean, [NOT_RUN_FILE_ENV]: notRun, ...env },
    },
  );
  const recorded = readFileSync(notRun, 'utf8');
  rmSync(base, { recursive: true, force: true });
  const count = (k: string) => Number(new RegExp(`^# ${k} (\\d+)`, 'm').exec(r.stdout)?.[1]);
  return {
    status: r.status,
    stdout: r.stdout + r.stderr,
    recorded,
    pass: count('pass'),
    fail: count('fail'),
    skipped: count('skipped'),
  };
}

test('without data a suite registers one skipped "not run" entry, none of its tests, and records itself', () => {
  const r = runSuite({});
  assert.equal(r.status, 0, r.stdout);
  assert.deepEqual([r.pass, r.fail, r.skipped], [0, 0, 1], r.stdout);
  assert.match(
    r.stdout,
    /real-data suite demo: not run \(no Cilium data at \.\.\/shared; set CILIUM_DATAPATH_DATA\) # SKIP/,
  );
  assert.equal(r.recorded, 'demo\tno Cilium data at ../shared; set CILIUM_DATAPATH_DATA\n');
});

test('with CILIUM_DATAPATH_REQUIRE_DATA=1 the same suite fails, saying why', () => {
  const r = runSuite({ [REQUIRE_ENV]: '1' });
  assert.equal(r.status, 1, r.stdout);
  assert.deepEqual([r.pass, r.fail, r.skipped], [0, 1, 0], r.stdout);
  assert.match(
    r.stdout,
    /real-data suite demo: not run \(no Cilium data at \.\.\/shared; set CILIUM_DATAPATH_DATA\) and CILIUM_DATAPATH_REQUIRE_DATA makes the data mandatory/,
  );
  assert.equal(r.recorded, '');
});

test('with CILIUM_DATAPATH_DATA naming the data the suite runs its tests on it', () => {
  const data = tree('cilium/charts/1.16.0', 'cilium/charts/1.17.0');
  try {
    const r = runSuite({ [DATA_ENV]: data });
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual([r.pass, r.fail, r.skipped], [3, 0, 0], r.stdout);
    assert.equal(r.recorded, '');
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});
