/**
 * Key checks (issue 5): unknown keys with "did you mean", keys of other versions, deprecated and
 * removed keys, types, accepted values — on the fixtures in test/fixtures/schema and small
 * inline files. The chart defaults of every version are checked in test/realdata/schema.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, type Analysis } from '../../server/src/core/analyze';
import type { Finding, FixEdit } from '../../server/src/core/types';
import { closest, editDistance } from '../../server/src/core/schema/suggest';
import { acceptedValues, inRange } from '../../server/src/core/facts/overlay';
import { parseCiliumVersion } from '../../server/src/core/version';
import { SCHEMA_RULE_IDS } from '../../server/src/core/families/keys/check';
import { topLevelSchema, validateValues } from '../../server/src/core/schema/valuesSchema';
import { RULES } from '../../server/src/core/families/registry';
import { decisive } from '../helpers';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'schema');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function run(text: string, version?: string, name = 'values.yaml'): Analysis {
  const r = analyze([{ name, text }], version ? { ciliumVersion: version } : {});
  if (!r.ok) assert.fail(`${r.error.kind}: ${r.error.message}`);
  return r.analysis;
}

const keyFindings = (a: Analysis) =>
  a.findings.filter((f) => SCHEMA_RULE_IDS.includes(f.ruleId) || f.ruleId === 'deprecated-value');
const byRule = (a: Analysis, id: string) => a.findings.filter((f) => f.ruleId === id);
const one = (a: Analysis, id: string, about: string): Finding => {
  const f = a.findings.filter((x) => x.ruleId === id && x.message.includes(about));
  assert.equal(
    f.length,
    1,
    `one ${id} about ${about}: ${JSON.stringify(
      a.findings.map((x) => [x.ruleId, x.message]),
      null,
      1,
    )}`,
  );
  return f[0];
};

/** Applies the edits of one fix to the text (end first, so earlier offsets stay valid). */
function apply(text: string, edits: FixEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset)) {
    out = out.slice(0, e.range.start.offset) + e.newText + out.slice(e.range.end.offset);
  }
  return out;
}

test('edit distance: transpositions count once, case does not count', () => {
  assert.equal(editDistance('kubeProxyReplacment', 'kubeProxyReplacement'), 1);
  assert.equal(editDistance('natvie', 'native'), 1);
  assert.equal(editDistance('MTU', 'mtu'), 0);
  assert.equal(editDistance('abc', 'xyz', 1), 2); // stops early above the limit
  assert.deepEqual(closest('tunel', ['tunnel', 'native']), ['tunnel']);
  assert.deepEqual(closest('ipv4', ['ipv6', 'ipam']), ['ipv6']);
  assert.deepEqual(closest('routingmode', ['routingMode', 'tunnelProtocol']), ['routingMode']);
  assert.deepEqual(closest('foo', ['bar']), []);
});

test('generated JSON Schema: chart schema types where the chart has one, lenient types from defaults elsewhere, free-form maps open', () => {
  const bpf16 = topLevelSchema('1.16.15', 'bpf')!;
  assert.deepEqual(bpf16.properties!.masquerade.type, ['null', 'boolean']);
  assert.equal(bpf16.additionalProperties, false);
  const bpf15 = topLevelSchema('1.15.7', 'bpf')!;
  assert.equal(bpf15.properties!.masquerade.type, undefined, 'a null default says nothing about the type');
  assert.deepEqual(bpf15.properties!.preallocateMaps.type, ['boolean', 'null']);
  assert.deepEqual(bpf15.properties!.monitorAggregation.not, { type: ['object', 'array'] });
  assert.equal(topLevelSchema('1.16.15', 'nodeSelector')!.additionalProperties, undefined);
  assert.equal(topLevelSchema('1.16.15', 'resources')!.additionalProperties, undefined);
  assert.equal(topLevelSchema('1.15.7', 'datapathMode'), undefined);
  // validation finds the unknown key and the type error below a unit of its own (hubble.relay)
  const errors = validateValues('1.16.15', {
    hubble: { relay: { enabeld: true, enabled: 'yes' } },
    nodeSelector: { anything: 'x' },
  });
  assert.deepEqual(errors.map((e) => [e.keyword, e.instancePath]).sort(), [
    ['additionalProperties', '/hubble/relay'],
    ['type', '/hubble/relay/enabled'],
  ]);
});

test('the six key-check rules are registered with their severities', () => {
  const ids = new Map(RULES.map((r) => [r.id, r.defaultSeverity]));
  assert.deepEqual(
    SCHEMA_RULE_IDS.map((id) => [id, ids.get(id)]),
    [
      ['unknown-key', 'warning'],
      ['key-not-in-version', 'warning'],
      ['removed-key', 'warning'],
      ['deprecated-key', 'warning'],
      ['value-type', 'error'],
      ['unsupported-value', 'error'],
    ],
  );
});

test('overlay: accepted values per version (1.13 vs 1.16 kube-proxy replacement, netkit from 1.16, auto in 1.20)', () => {
  const v = (s: string) => {
    const p = parseCiliumVersion(s);
    assert.ok(p.ok);
    return p.value;
  };
  assert.deepEqual(acceptedValues('kubeProxyReplacement', v('1.13.4'))!.accept, ['strict', 'partial', 'disabled']);
  assert.deepEqual(acceptedValues('kubeProxyReplacement', v('1.16'))!.accept, [true, false]);
  assert.equal(acceptedValues('bpf.datapathMode', v('1.15')), undefined);
  assert.ok(acceptedValues('bpf.datapathMode', v('1.16.3'))!.accept.includes('netkit'));
  assert.ok(acceptedValues('bpf.datapathMode', v('1.20'))!.accept.includes('auto'));
  assert.ok(inRange(v('1.16.2'), { from: '1.16.2' }) && !inRange(v('1.16.1'), { from: '1.16.2' }));
  assert.ok(inRange(v('1.15.7'), { to: '1.15' }) && !inRange(v('1.16.0'), { to: '1.15' }));
});

test('fixture with three mistakes (1.16): the typo, the deprecated key and the refused value, each with its fix', () => {
  const text = fixture('values-1.16-three-mistakes.yaml');
  const a = run(text, '1.16');
  assert.deepEqual(
    keyFindings(a)
      .map((f) => f.ruleId)
      .sort(),
    ['deprecated-key', 'unknown-key', 'unsupported-value'],
  );

  const typo = one(a, 'unknown-key', 'kubeProxyReplacment');
  assert.equal(typo.severity, 'warning');
  assert.match(typo.message, /Did you mean `kubeProxyReplacement`\?/);
  assert.equal(typo.location!.range.start.line, 2);
  assert.equal(typo.fixes[0].title, 'Rename to kubeProxyReplacement');
  const renamed = apply(text, typo.fixes[0].edits);
  assert.ok(renamed.includes('\nkubeProxyReplacement: true\n'));
  const after = run(renamed, '1.16');
  assert.equal(byRule(after, 'unknown-key').length, 0);
  assert.equal(after.kubeProxyReplacement.mode, 'True', 'the renamed key now turns kube-proxy replacement on');

  const dep = one(a, 'deprecated-key', 'enableCiliumEndpointSlice');
  assert.match(
    dep.message,
    /deprecated in chart 1\.16–1\.17; chart 1\.18 removes it; use `ciliumEndpointSlice\.enabled`/,
  );
  const moved = apply(text, dep.fixes[0].edits);
  assert.ok(!moved.includes('enableCiliumEndpointSlice'));
  assert.ok(moved.includes('ciliumEndpointSlice:\n  enabled: true'), moved);
  assert.equal(byRule(run(moved, '1.16'), 'deprecated-key').length, 0);

  const bad = one(a, 'unsupported-value', 'routingMode');
  assert.equal(bad.severity, 'error');
  assert.match(bad.message, /Cilium 1\.16 accepts `tunnel`, `native`; the agent refuses to start/);
  assert.match(bad.message, /Did you mean `native`\?/);
  assert.equal(apply(text, bad.fixes[0].edits).includes('routingMode: native'), true);
  // The typo leaves kube-proxy replacement off, so BPF masquerade cannot start either.
  assert.equal(a.hostRouting.mode, 'AgentFails');
  assert.equal(decisive(a)!.ruleId, 'bpf-masquerade-unusable');
});

test('keys of other versions: "exists from 1.16; you target 1.15", removed with a successor, deprecated with the step versions', () => {
  const a = run(fixture('values-1.15-other-versions.yaml'));
  assert.equal(a.ciliumVersion.line, '1.15');
  const newer = one(a, 'key-not-in-version', 'bpf.datapathMode');
  assert.match(newer.message, /`bpf\.datapathMode` exists from chart 1\.16; you target 1\.15/);
  const removed = one(a, 'removed-key', 'hostServices');
  assert.match(removed.message, /removed in chart 1\.12 \(last in 1\.11\).*Use `socketLB`/);
  assert.equal(removed.fixes[0].title, 'Use socketLB');
  assert.equal(removed.fixes[0].edits[0].newText, 'socketLB');
  const dep = one(a, 'deprecated-key', 'encryption.keyFile');
  assert.match(
    dep.message,
    /deprecated in chart 1\.10–1\.15; chart 1\.16 removes it; use `encryption\.ipsec\.keyFile`/,
  );
  // The 1.9 `masquerade` value is reported once, by the chart rendering (ignored-value).
  assert.equal(byRule(a, 'ignored-value').length, 1);
  assert.ok(!keyFindings(a).some((f) => f.message.includes('`masquerade`')));
});

test('types: the 1.16 chart schema makes helm refuse; free-form maps take any keys; a key at the wrong level is found', () => {
  const text = fixture('values-1.16-types-and-free-maps.yaml');
  const a = run(text);
  assert.deepEqual(
    keyFindings(a)
      .map((f) => f.ruleId)
      .sort(),
    ['unknown-key', 'value-type', 'value-type'],
  );
  const masq = one(a, 'value-type', 'bpf.masquerade');
  assert.equal(masq.severity, 'error');
  assert.match(masq.message, /takes a boolean in chart 1\.16\.15, not the string "true": helm refuses/);
  assert.equal(masq.fixes[0].title, 'Use the boolean true');
  assert.ok(apply(text, masq.fixes[0].edits).includes('  masquerade: true\n'));
  assert.match(one(a, 'value-type', 'MTU').message, /takes a whole number/);
  const moved = one(a, 'unknown-key', 'hostLegacyRouting');
  assert.match(moved.message, /Did you mean `bpf\.hostLegacyRouting`\?/);
  const fixed = apply(text, moved.fixes[0].edits);
  assert.ok(fixed.includes('bpf:\n  masquerade: "true"\n  hostLegacyRouting: false'), fixed);
  assert.equal(a.hostRouting.mode, 'AgentFails');
  assert.match(decisive(a)!.message, /^helm refuses to render: /);
});

test('types without a chart schema (1.15) are warnings; quoted booleans already reported by the chart rendering are not repeated', () => {
  const a = run(
    'hubble:\n  enabled: "false"\nbpf:\n  monitorAggregation: [medium]\nipam:\n  operator:\n    clusterPoolIPv4MaskSize: "24"\n',
    '1.15',
  );
  const hub = one(a, 'value-type', 'hubble.enabled');
  assert.equal(hub.severity, 'warning');
  assert.match(hub.message, /the templates read any non-empty string as true/);
  assert.match(one(a, 'value-type', 'bpf.monitorAggregation').message, /takes a single value/);
  assert.ok(
    !a.findings.some((f) => f.message.includes('clusterPoolIPv4MaskSize')),
    'a quoted number is fine where the chart has a number',
  );
  assert.notEqual(a.hostRouting.mode, 'AgentFails', 'an inferred type is no refusal');
  const eni = run('eni:\n  enabled: "false"\n', '1.15');
  assert.ok(byRule(eni, 'string-boolean').length === 1 && byRule(eni, 'value-type').length === 0);
});

test('a plain value where the chart now has a map: deprecated in 1.12, a type error with a nesting fix from 1.13', () => {
  const text = 'bandwidthManager: true\n';
  const old = run(text, '1.11');
  assert.equal(keyFindings(old).length, 0);
  const dep = one(run(text, '1.12'), 'deprecated-key', 'bandwidthManager');
  assert.match(dep.message, /old form/);
  const later = run(text, '1.13');
  const t = one(later, 'value-type', 'bandwidthManager');
  assert.match(t.message, /is a map from chart 1\.12.*Write `bandwidthManager\.enabled: true`/);
  assert.equal(apply(text, t.fixes[0].edits), 'bandwidthManager:\n  enabled: true\n');
  assert.equal(one(run(text, '1.16'), 'value-type', 'bandwidthManager').severity, 'error');
});

test('what the chart rendering already says is not said twice (tunnel, nodePort.enabled, bpf.hostRouting, kubeProxyReplacement)', () => {
  const tunnel = run('tunnel: vxlan\n', '1.16.4');
  assert.equal(byRule(tunnel, 'chart-refuses').length, 1);
  assert.equal(keyFindings(tunnel).length, 0);
  const np = run('kubeProxyReplacement: true\nnodePort:\n  enabled: true\n', '1.19');
  assert.equal(byRule(np, 'ignored-value').length, 1);
  assert.equal(byRule(np, 'removed-key').length, 0);
  const hr = run('bpf:\n  hostRouting: false\n', '1.12');
  assert.equal(byRule(hr, 'deprecated-value').length, 1);
  assert.equal(byRule(hr, 'deprecated-key').length, 0);
  const kpr = run('kubeProxyReplacement: strict\n', '1.16');
  assert.equal(byRule(kpr, 'chart-refuses').length, 1);
  assert.equal(byRule(kpr, 'unsupported-value').length, 0);
  // … but a deprecated value the agent still takes is reported, with its replacement.
  const strict = run('kubeProxyReplacement: strict\n', '1.14');
  const dv = one(strict, 'deprecated-value', 'kubeProxyReplacement: strict');
  assert.match(dv.message, /use `true`/);
  assert.equal(apply('kubeProxyReplacement: strict\n', dv.fixes[0].edits), 'kubeProxyReplacement: true\n');
});

test('chart schema enums: helm refuses other values (1.17 scheduling.mode)', () => {
  const a = run('scheduling:\n  mode: kube-schedulr\n', '1.17');
  const f = one(a, 'unsupported-value', 'scheduling.mode');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /helm refuses/);
  assert.match(f.message, /Did you mean `kube-scheduler`\?/);
});

test('a deprecated key left at its chart default is not reported; changed, it is', () => {
  assert.equal(keyFindings(run('enableCiliumEndpointSlice: false\n', '1.16')).length, 0);
  assert.equal(keyFindings(run('enableCiliumEndpointSlice: true\n', '1.16')).length, 1);
});

test('unknown keys: suggestions from the keys at that place in that version, and from other versions', () => {
  const a = run('bpf:\n  masquerde: true\n  datapathMod: veth\n', '1.15');
  assert.match(one(a, 'unknown-key', 'masquerde').message, /Did you mean `bpf\.masquerade`\?/);
  const other = one(a, 'unknown-key', 'datapathMod');
  assert.match(other.message, /Did you mean `bpf\.datapathMode`\? It is a value of charts 1\.16–1\.20, not of 1\.15/);
  assert.equal(other.fixes.length, 0);
  const nothing = one(run('ipam:\n  mode: kubernetes\ntotallyMadeUp: 1\n', '1.16'), 'unknown-key', 'totallyMadeUp');
  assert.doesNotMatch(nothing.message, /Did you mean/);
  // `global` is Helm's, in every chart
  assert.equal(keyFindings(run('global:\n  anything: 1\nipam:\n  mode: kubernetes\n', '1.9')).length, 0);
});

test('suppression by modeline works like for every other rule', () => {
  const a = run(
    '# cilium-datapath: version=1.16 disable=unknown-key our own wrapper chart reads it\nmyWrapperSetting: 1\n',
  );
  assert.equal(byRule(a, 'unknown-key').length, 0);
  assert.equal(a.suppressed.filter((s) => s.ruleId === 'unknown-key').length, 1);
});

test('Enterprise builds (-cee): unknown keys are hints, their chart has values of its own', () => {
  const f = one(run('bpf:\n  lb:\n    sock: true\n', 'v1.17.6-cee.1'), 'unknown-key', 'lb');
  assert.equal(f.severity, 'info');
});

test('ConfigMap: a typo of a datapath key, a removed key, a refused value, a non-string and a non-boolean', () => {
  const text = fixture('cilium-config-1.15-mistakes.yaml');
  const a = run(text, '1.15', 'cilium-config.yaml');
  assert.equal(a.inputKind, 'configmap');
  const typo = one(a, 'unknown-key', 'enable-bpf-masquarade');
  assert.match(typo.message, /did you mean `enable-bpf-masquerade`\?/);
  assert.ok(apply(text, typo.fixes[0].edits).includes('  enable-bpf-masquerade: "true"'));
  assert.match(one(a, 'removed-key', 'tunnel').message, /removed in Cilium 1\.15; the 1\.15 agent ignores it/);
  const rm = one(a, 'unsupported-value', 'routing-mode');
  assert.equal(rm.severity, 'error');
  assert.ok(apply(text, rm.fixes[0].edits).includes('routing-mode: "tunnel"'));
  const ns = one(a, 'value-type', 'enable-l7-proxy');
  assert.match(ns.message, /the API server refuses the ConfigMap/);
  assert.ok(apply(text, ns.fixes[0].edits).includes('enable-l7-proxy: "true"'));
  assert.match(one(a, 'value-type', 'enable-hubble').message, /not a Go boolean.*refuses to start/);
  // keys the agent reads that are not ours to describe are never called typos
  assert.ok(!a.findings.some((f) => f.message.includes('cluster-name')));
  assert.equal(a.hostRouting.mode, 'AgentFails');

  const old = run(text, '1.13', 'cilium-config.yaml');
  assert.match(one(old, 'key-not-in-version', 'routing-mode').message, /exists from Cilium 1\.14; you target 1\.13/);
  assert.equal(byRule(old, 'removed-key').length, 0);
});

test('ConfigMap: what invalid-boolean and kpr-invalid-value report is not repeated', () => {
  const a = run(
    'kind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  enable-bpf-masquerade: "yes"\n  kube-proxy-replacement: "strict"\n',
    '1.16',
    'cm.yaml',
  );
  assert.ok(byRule(a, 'invalid-boolean').length + byRule(a, 'kpr-invalid-value').length >= 1);
  assert.equal(byRule(a, 'value-type').length, 0);
  assert.equal(byRule(a, 'unsupported-value').length, 0);
});

test('patch variants agree with the refused value (no false "depends on the patch" note)', () => {
  const a = run('kubeProxyReplacement: true\nroutingMode: natve\n', '1.16');
  assert.equal(a.hostRouting.mode, 'AgentFails');
  assert.equal(decisive(a)!.ruleId, 'unsupported-value');
  assert.ok(a.patchVariants.length > 0);
  assert.ok(a.patchVariants.every((p) => p.hostRouting === 'AgentFails'));
  assert.ok(!a.assumptions.some((s) => s.includes('depends on the 1.16 patch')));
});
