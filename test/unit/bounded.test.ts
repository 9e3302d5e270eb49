/**
 * Bounded work and hostile input (issue 17): suggestions from an index give what the all-pairs
 * search gave, unknown keys beyond the budget are summarised in one finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, type Analysis } from '../../server/src/core/analyze';
import { closest, SuggestIndex } from '../../server/src/core/schema/suggest';
import { chartChildKeys } from '../../server/src/core/chart/chartKeys';

function run(text: string, version = '1.16', name = 'values.yaml'): Analysis {
  const r = analyze([{ name, text }], { ciliumVersion: version });
  if (!r.ok) assert.fail(`${r.error.kind}: ${r.error.message}`);
  return r.analysis;
}
const unknown = (a: Analysis) => a.findings.filter((f) => f.ruleId === 'unknown-key');

test('the suggestion index gives exactly what the all-pairs search gives', () => {
  const keys = chartChildKeys('1.16.15', '');
  assert.ok(keys.length > 100);
  const index = new SuggestIndex(keys);
  // near misses of real keys (edits, case changes, transpositions) and arbitrary names
  const mutate = fc.tuple(fc.constantFrom(...keys), fc.array(fc.tuple(fc.nat(), fc.constantFrom('del', 'ins', 'sub', 'swap', 'case'), fc.string({ minLength: 1, maxLength: 1 })), { maxLength: 3 })).map(([k, ops]) => {
    let s = k;
    for (const [at, op, ch] of ops) {
      const i = s.length ? at % s.length : 0;
      if (op === 'del') s = s.slice(0, i) + s.slice(i + 1);
      else if (op === 'ins') s = s.slice(0, i) + ch + s.slice(i);
      else if (op === 'sub') s = s.slice(0, i) + ch + s.slice(i + 1);
      else if (op === 'swap' && i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
      else if (op === 'case') s = s.slice(0, i) + s.slice(i, i + 1).toUpperCase() + s.slice(i + 1);
    }
    return s;
  });
  fc.assert(
    fc.property(fc.oneof(mutate, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 8 })), fc.integer({ min: 1, max: 3 }), (name, limit) => {
      assert.deepEqual(index.closest(name, limit), closest(name, keys, limit));
    }),
    { numRuns: 3000 },
  );
});

test('unknown keys beyond the budget are summarised in one finding; the first ones keep their suggestions', () => {
  const lines = ['routingMode: native', 'kubeProxyReplacment: true'];
  for (let i = 0; i < 250; i++) lines.push(`key${i}: value${i}`);
  const a = run(lines.join('\n') + '\n');
  const found = unknown(a);
  assert.equal(found.length, 101, found.map((f) => f.message).join('\n'));
  assert.match(found[0].message, /Did you mean `kubeProxyReplacement`/);
  const summary = found.filter((f) => / more are not values/.test(f.message));
  assert.equal(summary.length, 1);
  assert.match(summary[0].message, /^`key99`, `key100`, `key101` and 148 more are not values in chart 1\.16\.\d+ either/);
  assert.equal(summary[0].location?.range.start.line, 101); // key99 is on line 102
});

test('a ConfigMap with thousands of keys: near misses up to the budget, the rest summarised', () => {
  const data = ['  enable-bpf-masqurade: "true"'];
  for (let i = 0; i < 5000; i++) data.push(`  enable-bpf-masquerade${i}: "x"`);
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n${data.join('\n')}\n`;
  const a = run(text, '1.16', 'cm.yaml');
  const found = unknown(a);
  assert.ok(found.length <= 101);
  assert.match(found[0].message, /enable-bpf-masqurade.*did you mean `enable-bpf-masquerade`/);
  assert.equal(found.filter((f) => /were not checked for near misses/.test(f.message)).length, 1);
});

test('120,000 unknown keys stay bounded: one summary, well under the old minutes', () => {
  let text = 'routingMode: native\n';
  for (let i = 0; i < 120_000; i++) text += `key${i}: value${i}\n`;
  const a = run(text);
  const found = unknown(a);
  assert.ok(found.length <= 101, `${found.length} unknown-key findings`);
  assert.match(found[found.length - 1].message, /and 119,\d{3} more are not values/);
});
