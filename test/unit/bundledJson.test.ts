/**
 * The generated JSON files as the bundles carry them (scripts/bundledJson.mjs): the same data as
 * the files, and chart-keys.json's subtrees parsed only when read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundledJson } from '../../scripts/bundledJson.mjs';

const DIR = resolve(__dirname, '..', '..', 'schemas', 'generated');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json'));

/** Runs the module text as the bundle would and returns its exports. */
function load(name: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', bundledJson(name, readFileSync(join(DIR, name), 'utf8')))(module);
  return module.exports;
}

test('every generated file reads back as the data in the file', () => {
  assert.ok(FILES.includes('chart-keys.json') && FILES.length >= 2, `generated files: ${FILES.join(', ')}`);
  for (const f of FILES) assert.deepStrictEqual(load(f), JSON.parse(readFileSync(join(DIR, f), 'utf8')), f);
});

test('chart-keys.json: the keys below a top-level key are parsed when first read, and only those', () => {
  const data = load('chart-keys.json') as { keys: Record<string, { r?: unknown; k?: Record<string, unknown> }> };
  const withChildren = Object.keys(data.keys).filter((name) => 'k' in data.keys[name]);
  assert.ok(withChildren.includes('bpf') && withChildren.includes('hubble'), 'bpf and hubble have keys below them');
  const isLazy = (name: string) => typeof Object.getOwnPropertyDescriptor(data.keys[name], 'k')?.get === 'function';
  assert.ok(withChildren.every(isLazy), 'nothing is parsed before it is read');
  // the top level is there without parsing below it
  assert.ok(Array.isArray(data.keys.hubble.r));
  assert.ok(isLazy('hubble'));
  const bpf = data.keys.bpf.k!;
  assert.ok('masquerade' in bpf, 'bpf.masquerade is below bpf');
  assert.equal(isLazy('bpf'), false, 'bpf is now plain data');
  assert.equal(data.keys.bpf.k, bpf, 'parsed once: the same object on every read');
  assert.deepEqual(
    withChildren.filter((n) => !isLazy(n)),
    ['bpf'],
    'the other subtrees are still unparsed',
  );
  // enumeration order is the file's: `k` after `r` and `s`
  const file = JSON.parse(readFileSync(join(DIR, 'chart-keys.json'), 'utf8'));
  assert.deepEqual(Object.keys(data.keys.bpf), Object.keys(file.keys.bpf));
});
