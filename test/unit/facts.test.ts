/**
 * Guards for the versioned facts: every patch release the rules compare against is a patch
 * change point (so a version given without its patch is re-checked there), the kernel table is
 * ordered, and the agent defaults cover every boolean key the agent model reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATCH_CHANGE_POINTS } from '../../server/src/core/version';
import { KERNEL_FEATURES, kernelHas } from '../../server/src/core/facts/kernel';
import { agentDefault } from '../../server/src/core/facts/agentDefaults';
import { BOOL_KEYS } from '../../server/src/core/agent/config';
import { parseCiliumVersion } from '../../server/src/core/version';
import { tsFiles } from '../helpers';

const ROOT = join(__dirname, '..', '..');

/** `atLeast(v, '1.11.7')`, `before(v, '1.9.4')`, `within(v, '1.10.13', '1.10.99')`: the patch literals the rules compare with. */
function comparedPatches(): Array<{ file: string; version: string }> {
  const found: Array<{ file: string; version: string }> = [];
  const call = /\b(?:atLeast|before|within)\(([^)]*)\)/g;
  const literal = /'(\d+)\.(\d+)\.(\d+)'/g;
  for (const file of tsFiles(join(ROOT, 'server', 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(call)) {
      for (const l of m[1].matchAll(literal))
        found.push({ file: file.slice(ROOT.length + 1), version: `${l[1]}.${l[2]}.${l[3]}` });
    }
  }
  return found;
}

test('every patch release compared in server/src is a patch change point of its line', () => {
  const found = comparedPatches();
  assert.ok(found.length > 20, `expected the rules' patch literals, found ${found.length}`);
  const missing: string[] = [];
  for (const { file, version } of found) {
    const [maj, min, patch] = version.split('.').map(Number);
    if (patch === 0 || patch >= 99) continue; // a line start, or an open upper bound
    const points = PATCH_CHANGE_POINTS[`${maj}.${min}`];
    if (!points || !points.includes(patch)) missing.push(`${version} (${file})`);
  }
  assert.deepEqual(
    missing,
    [],
    `add these to PATCH_CHANGE_POINTS in server/src/core/version.ts: ${missing.join(', ')}`,
  );
});

test('the patch literals of the overlay data are change points too', () => {
  const missing: string[] = [];
  for (const f of ['values.yaml', 'configmap.yaml']) {
    const text = readFileSync(join(ROOT, 'schemas', 'overlay', f), 'utf8');
    for (const m of text.matchAll(/(?:versions|from|to|until|in):\s*"?[^\n]*?\b(\d+)\.(\d+)\.(\d+)/g)) {
      const points = PATCH_CHANGE_POINTS[`${m[1]}.${m[2]}`];
      if (Number(m[3]) !== 0 && (!points || !points.includes(Number(m[3]))))
        missing.push(`${m[1]}.${m[2]}.${m[3]} (${f})`);
    }
  }
  assert.deepEqual(missing, []);
});

test('kernel features: ordered table, unknown kernel assumed new enough', () => {
  const since = Object.values(KERNEL_FEATURES).map((f) => f.since.split('.').map(Number));
  for (let i = 1; i < since.length; i++) {
    assert.ok(
      since[i][0] > since[i - 1][0] || (since[i][0] === since[i - 1][0] && since[i][1] >= since[i - 1][1]),
      'KERNEL_FEATURES is listed oldest first',
    );
  }
  assert.equal(kernelHas(undefined, 'netkit'), true);
  assert.equal(kernelHas({ raw: '5.4', major: 5, minor: 4 }, 'redirectHelpers'), false);
  assert.equal(kernelHas({ raw: '5.10', major: 5, minor: 10 }, 'redirectHelpers'), true);
  assert.equal(kernelHas({ raw: '4.19', major: 4, minor: 19 }, 'fibLookup'), true);
});

test('every boolean key the agent model reads has an agent default', () => {
  const v = parseCiliumVersion('1.16.4');
  assert.ok(v.ok);
  const missing = [...BOOL_KEYS].filter(
    (k) =>
      !['auto-direct-node-routes', 'enable-bandwidth-manager'].includes(k) && agentDefault(k, v.value) === undefined,
  );
  assert.deepEqual(missing, []);
});

test('kube-proxy replacement: the overlay rows derived from facts/kpr.ts are the ones the overlay files held', async () => {
  const { kprValueRanges } = await import('../../server/src/core/facts/kpr');
  const old = ['strict', 'partial', 'probe', 'disabled'];
  assert.deepEqual(kprValueRanges('values'), [
    { from: '1.9', to: '1.11', accept: old, otherwise: 'agent-refuses' },
    { from: '1.12', to: '1.12', accept: old, deprecated: { probe: null }, otherwise: 'agent-refuses' },
    { from: '1.13', to: '1.13', accept: ['strict', 'partial', 'disabled'], otherwise: 'agent-refuses' },
    {
      from: '1.14',
      to: '1.15',
      accept: [true, false, 'strict', 'partial', 'disabled'],
      deprecated: { strict: true, partial: null, disabled: false },
      otherwise: 'agent-refuses',
    },
    { from: '1.16', accept: [true, false], otherwise: 'chart-refuses' },
  ]);
  assert.deepEqual(kprValueRanges('configMap'), [
    { from: '1.9', to: '1.11', accept: old, otherwise: 'agent-refuses' },
    { from: '1.12', to: '1.12', accept: old, deprecated: { probe: null }, otherwise: 'agent-refuses' },
    { from: '1.13', to: '1.13', accept: ['strict', 'partial', 'disabled'], otherwise: 'agent-refuses' },
    {
      from: '1.14',
      to: '1.15',
      accept: ['true', 'false', 'strict', 'partial', 'disabled'],
      deprecated: { strict: 'true', partial: null, disabled: 'false' },
      otherwise: 'agent-refuses',
    },
    { from: '1.16', accept: ['true', 'false'], otherwise: 'agent-refuses' },
  ]);
});
