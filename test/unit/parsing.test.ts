/** Versions, modelines, input recognition, Helm merging and fix edits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCiliumVersion, parseKernelVersion, resolveVersion } from '../../server/src/core/version';
import { parseModeline } from '../../server/src/core/parse/modeline';
import { parseInput } from '../../server/src/core/parse/input';
import { analyze } from '../../server/src/core/analyze';
import { explain } from '../helpers';

function applyEdits(
  text: string,
  edits: Array<{ range: { start: { offset: number }; end: { offset: number } }; newText: string }>,
): string {
  return [...edits]
    .sort((a, b) => b.range.start.offset - a.range.start.offset)
    .reduce((t, e) => t.slice(0, e.range.start.offset) + e.newText + t.slice(e.range.end.offset), text);
}

test('Cilium versions in the forms users write', () => {
  for (const [s, line, patch, pre] of [
    ['1.16', '1.16', undefined, undefined],
    ['1.16.4', '1.16', 4, undefined],
    ['v1.17.6-cee.1', '1.17', 6, 'cee.1'],
    ['1.15.0-rc.1', '1.15', 0, 'rc.1'],
  ] as const) {
    const r = parseCiliumVersion(s);
    assert.ok(r.ok, s);
    if (r.ok) {
      assert.equal(r.value.line, line);
      assert.equal(r.value.patch, patch);
      assert.equal(r.value.prerelease, pre);
    }
  }
  assert.equal(parseCiliumVersion('2.0').ok, false);
  assert.equal(parseCiliumVersion('latest').ok, false);
  const v121 = parseCiliumVersion('1.21.2');
  assert.ok(v121.ok);
  const r = resolveVersion(v121.ok ? v121.value : undefined);
  assert.equal(r.effective.line, '1.20');
  assert.ok(r.notes[0].includes('newer than the newest line'));
});

test('kernel versions', () => {
  const k = parseKernelVersion('6.2.0-39-generic');
  assert.ok(k.ok && k.value.major === 6 && k.value.minor === 2);
  assert.ok(parseKernelVersion('4.19').ok);
  assert.ok(parseKernelVersion('5.10.0+').ok);
  assert.equal(parseKernelVersion('six').ok, false);
});

test('modeline: settings, suppressions with reasons, problems', () => {
  const m = parseModeline(
    '# cilium-datapath: version=1.16.4 kernel=6.1\nfoo: 1\n  # cilium-datapath: base=../values.yaml\n# cilium-datapath: disable=iptables-masquerade,kpr-disabled handled by cloud NAT\n# cilium-datapath: colour=blue\n',
  );
  assert.equal(m.version?.value, '1.16.4');
  assert.equal(m.kernel?.value, '6.1');
  assert.deepEqual(
    m.bases.map((b) => b.value),
    ['../values.yaml'],
  );
  assert.deepEqual(
    m.suppressions.map((s) => [s.ruleId, s.reason]),
    [
      ['iptables-masquerade', 'handled by cloud NAT'],
      ['kpr-disabled', 'handled by cloud NAT'],
    ],
  );
  assert.equal(m.problems.length, 1);
  assert.match(m.problems[0].message, /unknown setting "colour"/);
  assert.equal(m.version?.range.start.line, 0);
  assert.equal(m.version?.range.start.character, 19);
});

test('input recognition: values, ConfigMaps, and what is neither', () => {
  const v = parseInput('v.yaml', '# comment only\n');
  assert.ok(v.ok && v.input.kind === 'values', 'an empty values file is a default install');
  const cm = parseInput(
    'c.yaml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  tunnel: vxlan\n  debug: true\n',
  );
  assert.ok(cm.ok && cm.input.kind === 'configmap');
  if (cm.ok && cm.input.kind === 'configmap') {
    assert.equal(cm.input.data.get('tunnel')?.value, 'vxlan');
    assert.equal(cm.input.data.get('debug')?.nonString, true);
    assert.equal(cm.input.data.get('debug')?.value, 'true');
  }
  const other = parseInput(
    'o.yaml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\ndata:\n  Corefile: x\n',
  );
  assert.ok(!other.ok && other.problem.kind === 'not-cilium');
  const modelined = parseInput('m.yaml', '# cilium-datapath: version=1.16\nsomethingNew: true\n');
  assert.ok(modelined.ok, 'a modeline marks an unusual file as ours');
});

test('the last-applied annotation disagreeing with data is reported', () => {
  const text =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"data":{"enable-bpf-masquerade":"False","kube-proxy-replacement":"probe"}}\ndata:\n  enable-bpf-masquerade: "True"\n  kube-proxy-replacement: probe\n';
  const r = analyze([{ name: 'cm.yaml', text }], { ciliumVersion: '1.12.1' });
  assert.ok(r.ok);
  if (!r.ok) return;
  const f = r.analysis.findings.find((x) => x.ruleId === 'last-applied-differs');
  assert.ok(f);
  assert.match(f.message, /enable-bpf-masquerade/);
  assert.equal(r.analysis.hostRouting.mode, 'BPF', 'data wins over the annotation');
});

test('a quoted "false" on a chart switch is truthy and is flagged', () => {
  const a = explain('kubeProxyReplacement: strict\nbpf:\n  masquerade: true\nendpointRoutes:\n  enabled: "false"\n', {
    ciliumVersion: '1.13.4',
  });
  assert.ok(a.findings.some((f) => f.ruleId === 'string-boolean'));
  assert.equal(a.hostRouting.reasons.find((r) => r.decisive)?.ruleId, 'endpoint-routes');
});

test('quick-fix edits: add under an existing bpf map, then the verdict changes', () => {
  const text = 'kubeProxyReplacement: true\nbpf:\n  preallocateMaps: true\nenableIPv4Masquerade: true\n';
  const a = explain(text, { ciliumVersion: '1.16.4' });
  const fix = a.findings.find((f) => f.ruleId === 'iptables-masquerade')!.fixes[0];
  const fixed = applyEdits(text, fix.edits);
  assert.equal(
    fixed,
    'kubeProxyReplacement: true\nbpf:\n  preallocateMaps: true\n  masquerade: true\nenableIPv4Masquerade: true\n',
  );
  assert.equal(explain(fixed, { ciliumVersion: '1.16.4' }).hostRouting.mode, 'BPF');
});

test('quick-fix edits: replace a value; ConfigMap keys added in sorted place', () => {
  const text = 'kubeProxyReplacement: "false"\nbpf:\n  masquerade: true\n';
  const a = explain(text, { ciliumVersion: '1.17.8' });
  const fix = a.findings.find((f) => f.ruleId === 'kpr-disabled')!.fixes[0];
  assert.equal(applyEdits(text, fix.edits), 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');

  const cm =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  enable-ipv4: "true"\n  kube-proxy-replacement: "true"\n';
  const r = analyze([{ name: 'cm.yaml', text: cm }], { ciliumVersion: '1.17.8' });
  assert.ok(r.ok);
  if (!r.ok) return;
  const f = r.analysis.findings.find((x) => x.ruleId === 'iptables-masquerade')!;
  const fixed = applyEdits(cm, f.fixes[0].edits);
  assert.equal(
    fixed,
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  enable-bpf-masquerade: "true"\n  enable-ipv4: "true"\n  kube-proxy-replacement: "true"\n',
  );
  const again = analyze([{ name: 'cm.yaml', text: fixed }], { ciliumVersion: '1.17.8' });
  assert.ok(again.ok && again.analysis.hostRouting.mode === 'BPF');
});

test('tunnel on 1.14 is deprecated with a fix to routingMode/tunnelProtocol', () => {
  const text = 'kubeProxyReplacement: "true"\ntunnel: geneve\nbpf:\n  masquerade: true\n';
  const a = explain(text, { ciliumVersion: '1.14.16' });
  const f = a.findings.find((x) => x.ruleId === 'deprecated-value')!;
  assert.ok(f);
  assert.equal(a.routing.protocol, 'geneve');
  const fixed = applyEdits(text, f.fixes[0].edits);
  assert.equal(
    fixed,
    'kubeProxyReplacement: "true"\nbpf:\n  masquerade: true\nroutingMode: tunnel\ntunnelProtocol: geneve\n',
  );
});
