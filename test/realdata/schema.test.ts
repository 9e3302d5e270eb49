/**
 * Key checks on the real files in ../shared: the generated schemas are current, the chart
 * defaults of every version validate against their own version with no finding at all, and the
 * real ConfigMaps and values carry no false alarms (only the real mistakes they contain).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../../server/src/core/analyze';
import { SCHEMA_RULE_IDS } from '../../server/src/core/families/keys/check';
import { repoRoot } from '../helpers';
import { realDataSuite } from './data';

const suite = realDataSuite('schema', ['cilium/charts', 'cilium/configmaps']);
const { test } = suite;
const charts = suite.path('cilium', 'charts');
const configmaps = suite.path('cilium', 'configmaps');

function run(file: string, version: string): Analysis {
  const r = analyze([{ name: file, text: readFileSync(file, 'utf8') }], { ciliumVersion: version });
  if (!r.ok) assert.fail(`${r.error.kind}: ${r.error.message}`);
  return r.analysis;
}

const keyFindings = (a: Analysis) =>
  a.findings.filter((f) => SCHEMA_RULE_IDS.includes(f.ruleId) || f.ruleId === 'deprecated-value');

test('schemas/generated is what scripts/generate-schemas.mjs makes from the charts and the overlay', () => {
  const out = execFileSync(
    process.execPath,
    [join(repoRoot, 'scripts', 'generate-schemas.mjs'), '--check', '--charts', charts],
    { encoding: 'utf8' },
  );
  assert.match(out, /chart-keys\.json is up to date/);
  assert.match(out, /overlay\.json is up to date/);
  // small enough to bundle: the whole key tree of 13 charts and our overlay
  assert.ok(statSync(join(repoRoot, 'schemas', 'generated', 'chart-keys.json')).size < 200_000);
  assert.ok(statSync(join(repoRoot, 'schemas', 'generated', 'overlay.json')).size < 60_000);
});

for (const version of suite.list('cilium', 'charts')) {
  test(`chart ${version}: its own defaults validate with no key finding`, () => {
    const a = run(join(charts, version, 'values.yaml'), version.replace('-dev', ''));
    assert.equal(a.chart?.version, version);
    assert.deepEqual(
      keyFindings(a).map((f) => `${f.ruleId} ${f.location?.range.start.line}: ${f.message}`),
      [],
    );
    assert.notEqual(a.hostRouting.mode, 'AgentFails');
  });
}

test('real ConfigMaps: no typo or type alarms on keys the agent reads; the unquoted boolean of the Baidu excerpt is found', () => {
  const cms = readdirSync(configmaps).filter((f) => f.startsWith('cilium-config') && f.endsWith('.yaml'));
  assert.ok(cms.length >= 4);
  for (const f of cms) {
    const version = f.includes('1.17.6') ? 'v1.17.6-cee.1' : f.includes('1.12.9') ? '1.12.9' : '1.13.4';
    const a = run(join(configmaps, f), version);
    const found = keyFindings(a);
    if (f.includes('baidu')) {
      assert.deepEqual(
        found.map((x) => [x.ruleId, x.evidence[0].key]),
        [['value-type', 'bpf-lb-sock-hostns-only']],
      );
    } else {
      assert.deepEqual(
        found.map((x) => x.message),
        [],
        f,
      );
    }
  }
});

test('real helm values (1.17.6-cee.1): the two values the open-source chart does not have are hints, nothing else', () => {
  const a = run(join(configmaps, 'user-values_v1.17.6-cee.1_kpr-true_native_bpf-masq.yaml'), 'v1.17.6-cee.1');
  const found = keyFindings(a);
  assert.deepEqual(found.map((f) => [f.ruleId, f.severity, f.evidence[0].key]).sort(), [
    ['unknown-key', 'info', 'bgpControlPlane.announce'],
    ['unknown-key', 'info', 'bpf.lb'],
  ]);
  assert.equal(a.hostRouting.mode, 'BPF');
});

test('a chart default file checked against another version only reports keys of other versions', () => {
  // the 1.16 defaults under the 1.15 chart: 1.16 keys are "not in version", never "unknown"
  const a = run(join(charts, '1.16.15', 'values.yaml'), '1.15');
  const found = keyFindings(a);
  assert.ok(found.length > 0);
  assert.ok(
    found.some(
      (f) =>
        f.ruleId === 'key-not-in-version' &&
        f.message.includes('`bpf.datapathMode` exists from chart 1.16; you target 1.15'),
    ),
  );
  assert.equal(
    found.filter((f) => f.ruleId === 'unknown-key').length,
    0,
    found
      .filter((f) => f.ruleId === 'unknown-key')
      .map((f) => f.message)
      .join('\n'),
  );
});
