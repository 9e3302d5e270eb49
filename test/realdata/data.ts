/**
 * Where the real-data suites find Cilium's data, and what they do when it is not there.
 *
 * The data (chart defaults, real ConfigMaps, `cilium status` outputs…) is read in place, never
 * copied into the repository. It is looked up in
 *   - $CILIUM_DATAPATH_DATA, a directory with the same layout as ../shared (cilium/charts, …), or
 *   - ../shared beside the repository.
 *
 * Without it a real-data suite registers no test of its own: it reports one skipped entry
 * `real-data suite NAME: not run (…)` (skipped, never passed) and records itself for the summary
 * at the end of `npm test`. With CILIUM_DATAPATH_REQUIRE_DATA=1 (set by .ci/run), or when
 * CILIUM_DATAPATH_DATA names a directory that is not usable, the missing data is a failure instead.
 *
 * Usage in a suite:
 *   const suite = realDataSuite('charts', ['cilium/charts']);
 *   const { test } = suite;                          // registers only when the data is there
 *   const charts = suite.path('cilium', 'charts');   // where it is (or would be)
 *   for (const v of suite.list('cilium', 'charts')) …  // [] when the suite does not run
 */
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DATA_ENV = 'CILIUM_DATAPATH_DATA';
export const REQUIRE_ENV = 'CILIUM_DATAPATH_REQUIRE_DATA';
/** Set by scripts/test.mjs: a file where suites that did not run append one line each. */
export const NOT_RUN_FILE_ENV = 'CILIUM_DATAPATH_NOT_RUN_FILE';

const repoRoot = resolve(__dirname, '..', '..');
/** ../shared beside the repository. */
export const DEFAULT_DATA_DIR = resolve(repoRoot, '..', 'shared');

export type DataLookup =
  | { ok: true; root: string }
  /** `mustFail`: the data is mandatory (REQUIRE_ENV) or the named directory is wrong. */
  | { ok: false; reason: string; mustFail: boolean };

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

/**
 * Finds the data for a suite needing the folders `needs` (paths relative to the data root).
 * Pure apart from reading the file system; `env` and `defaultDir` are parameters for the tests.
 */
export function lookupData(
  needs: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
  defaultDir = DEFAULT_DATA_DIR,
): DataLookup {
  const named = env[DATA_ENV];
  const required = truthy(env[REQUIRE_ENV]);
  if (named) {
    const root = resolve(named);
    if (!isDir(root)) return { ok: false, reason: `${DATA_ENV}=${named} is not a directory`, mustFail: true };
    const missing = needs.filter((n) => !isDir(join(root, n)));
    if (missing.length)
      return { ok: false, reason: `${DATA_ENV}=${named} has no ${missing.join(', ')}`, mustFail: true };
    return { ok: true, root };
  }
  if (!isDir(defaultDir)) {
    return { ok: false, reason: `no Cilium data at ../shared; set ${DATA_ENV}`, mustFail: required };
  }
  const missing = needs.filter((n) => !isDir(join(defaultDir, n)));
  if (missing.length) {
    return { ok: false, reason: `no ${missing.join(', ')} in ../shared; set ${DATA_ENV}`, mustFail: required };
  }
  return { ok: true, root: defaultDir };
}

/** The data root, or null when there is none (for code that only uses the data when present). */
export function dataRoot(): string | null {
  const r = lookupData();
  return r.ok ? r.root : null;
}

export interface RealDataSuite {
  /** true when the data is there and the suite's tests are registered */
  readonly runs: boolean;
  /** node:test's `test` when the suite runs; otherwise registers nothing */
  readonly test: typeof nodeTest;
  /** a path inside the data root (under ../shared when there is no data: never read then) */
  path(...parts: string[]): string;
  /** the sorted entries of a data folder; [] when the suite does not run */
  list(...parts: string[]): string[];
}

const noTest = (() => undefined) as unknown as typeof nodeTest;

/**
 * Declares the real-data suite `name` needing the data folders `needs`. When the data is
 * missing it registers the one "not run" entry (or the failure) and hands back a `test` that
 * registers nothing.
 */
export function realDataSuite(name: string, needs: string[]): RealDataSuite {
  const found = lookupData(needs);
  const root = found.ok ? found.root : DEFAULT_DATA_DIR;
  const path = (...parts: string[]) => join(root, ...parts);
  if (found.ok) {
    return {
      runs: true,
      test: nodeTest,
      path,
      list: (...parts) => readdirSync(path(...parts)).sort(),
    };
  }
  const line = `real-data suite ${name}: not run (${found.reason})`;
  if (found.mustFail) {
    const why = truthy(process.env[REQUIRE_ENV]) ? ` and ${REQUIRE_ENV} makes the data mandatory` : '';
    nodeTest(`real-data suite ${name}`, () => {
      assert.fail(`${line}${why}`);
    });
  } else {
    nodeTest(line, { skip: true }, () => undefined);
    const file = process.env[NOT_RUN_FILE_ENV];
    if (file) {
      try {
        appendFileSync(file, `${name}\t${found.reason}\n`);
      } catch {
        /* the summary just misses this line; the skipped entry above still shows */
      }
    }
  }
  return { runs: false, test: noTest, path, list: () => [] };
}
