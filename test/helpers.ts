/** Shared helpers for the test suites. */
import { spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, type Analysis, type AnalyzeOptions } from '../server/src/core/analyze';
import { dataRoot } from './realdata/data';

export const repoRoot = resolve(__dirname, '..');

/** Every `.ts` file under `dir`, at any depth. */
export function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The bundled CLI (`npm test` builds it before the suites run). */
export const cliPath = join(repoRoot, 'dist', 'cli.js');

/** Runs the bundled CLI with this node and waits for it; stdout and stderr as text. */
export function runCli(
  args: string[],
  options: Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'> = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cliPath, ...args], { ...options, encoding: 'utf8' });
}

export interface TempDir {
  /** the folder */
  path: string;
  /** writes `text` to `name` (a path relative to the folder; its folders are made) and returns the full path */
  file(name: string, text: string): string;
}

/**
 * A fresh folder under the system's temp folder, removed after the tests of the file or suite
 * that asks for it (call it at the top level or in a `describe` body, not in a test).
 */
export function tempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(path, { recursive: true, force: true }));
  return {
    path,
    file(name, text) {
      const p = join(path, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
      return p;
    },
  };
}

/** Runs `fn` (inside a test) with a fresh temporary folder, and removes the folder afterwards whatever happens. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
