/** Shared helpers for the test suites. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import assert from 'node:assert/strict';
import { analyze, type Analysis, type AnalyzeOptions } from '../server/src/core/analyze';
import { dataRoot } from './realdata/data';

export const repoRoot = resolve(__dirname, '..');

/**
 * A folder of the real Cilium data ($CILIUM_DATAPATH_DATA or ../shared); throws when it is missing.
 * Real-data suites declare themselves with `realDataSuite` (test/realdata/data.ts) instead, which
 * reports them as not run when the data is absent.
 */
export function sharedDir(...parts: string[]): string {
  const root = dataRoot();
  const dir = resolve(root ?? resolve(repoRoot, '..', 'shared'), ...parts);
  if (!existsSync(dir)) {
    throw new Error(`no Cilium data at ${dir}: set CILIUM_DATAPATH_DATA or put the data in ../shared (see README)`);
  }
  return dir;
}

/** Analyses values text (or several texts, merged in order) and fails the test on an input error. */
export function explain(texts: string | string[], options: AnalyzeOptions = {}): Analysis {
  const list = Array.isArray(texts) ? texts : [texts];
  const r = analyze(
    list.map((text, i) => ({ name: `values${i}.yaml`, text })),
    options,
  );
  if (!r.ok) assert.fail(`analysis failed: ${r.error.kind}: ${r.error.message}`);
  return r.analysis;
}

export function decisive(a: Analysis) {
  return a.hostRouting.reasons.find((r) => r.decisive);
}

export const TRAILER = ' Falling back to legacy host routing (enable-host-legacy-routing=true).';

/** Fails a wait that never ends (a bound, not a sleep: the wait resolves as soon as the event arrives). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}
