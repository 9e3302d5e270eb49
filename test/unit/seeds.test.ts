/**
 * The scenarios of the write-ups the product was conceived from (../shared/seeds): what our users
 * believe, checked against the source-derived rules. Where they disagree, the test pins the
 * source's answer and says why (host-routing-spec §3).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { TRAILER, decisive, explain } from '../helpers';

const TKE_VERSION = '1.19.0'; // the first seed quotes the 1.19 chart template

test('TKE table, GR + Overlay (vxlan) with bpf.masquerade=true, no endpoint routes: BPF', () => {
  const a = explain(
    'kubeProxyReplacement: true\nroutingMode: tunnel\ntunnelProtocol: vxlan\nbpf:\n  masquerade: true\n',
    { ciliumVersion: TKE_VERSION },
  );
  assert.equal(a.hostRouting.mode, 'BPF');
});

test('TKE table, VPC-CNI + Overlay (chained, generic-veth) with bpf.masquerade=true: the chart forces legacy', () => {
  // The seed lists this as BPF because its installer sets bpf.hostLegacyRouting=false; without it the chart (1.13+) renders legacy.
  const chained = explain(
    'cni:\n  chainingMode: generic-veth\nkubeProxyReplacement: true\nroutingMode: tunnel\nbpf:\n  masquerade: true\n',
    { ciliumVersion: TKE_VERSION },
  );
  assert.equal(chained.hostRouting.mode, 'Legacy');
  assert.equal(decisive(chained)!.ruleId, 'chaining-forces-legacy');
  const overridden = explain(
    'cni:\n  chainingMode: generic-veth\nkubeProxyReplacement: true\nroutingMode: tunnel\nbpf:\n  masquerade: true\n  hostLegacyRouting: false\n',
    { ciliumVersion: TKE_VERSION },
  );
  assert.equal(overridden.hostRouting.mode, 'BPF');
});

for (const [name, extra] of [
  ['VPC-CNI + Native without SNAT', 'enableIPv4Masquerade: false\n'],
  ['VPC-CNI + Native + ip-masq', 'bpf:\n  masquerade: true\nipMasqAgent:\n  enabled: true\n'],
  ['VPC-CNI + Native + Egress', 'bpf:\n  masquerade: true\n'],
] as const) {
  test(`TKE table, ${name} (endpoint routes, chained): Legacy — because of chaining, not endpoint routes (§3)`, () => {
    const text = `cni:\n  chainingMode: generic-veth\nkubeProxyReplacement: true\nroutingMode: native\nipv4NativeRoutingCIDR: 172.16.0.0/16\nendpointRoutes:\n  enabled: true\n${extra}`;
    const a = explain(text, { ciliumVersion: TKE_VERSION });
    assert.equal(a.hostRouting.mode, 'Legacy');
    assert.equal(decisive(a)!.ruleId, 'chaining-forces-legacy');
    assert.ok(
      !a.hostRouting.reasons.some((r) => r.ruleId === 'endpoint-routes'),
      'endpoint routes are no reason on 1.14+',
    );
  });
}

test('EKS with Cilium ENI IPAM: Legacy on 1.13 (endpoint routes), BPF on 1.19 (the seed says Legacy; the source says BPF)', () => {
  const values = 'eni:\n  enabled: true\nipam:\n  mode: eni\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n';
  const v113 = explain(values.replace('kubeProxyReplacement: true', 'kubeProxyReplacement: strict'), {
    ciliumVersion: '1.13.4',
  });
  assert.equal(v113.hostRouting.mode, 'Legacy');
  assert.equal(decisive(v113)!.ruleId, 'endpoint-routes');
  const v119 = explain(values, { ciliumVersion: '1.19.0' });
  assert.equal(v119.hostRouting.mode, 'BPF');
  assert.equal(v119.routing.network, 'Native', 'ENI makes native routing the default from chart 1.19');
});

test('EKS chained behind aws-cni: Legacy (chart chaining rule), silent', () => {
  const a = explain(
    'cni:\n  chainingMode: aws-cni\n  exclusive: false\nenableIPv4Masquerade: false\nroutingMode: native\nendpointRoutes:\n  enabled: true\nkubeProxyReplacement: true\n',
    { ciliumVersion: '1.14.2' },
  );
  assert.equal(a.hostRouting.mode, 'Legacy');
  assert.equal(decisive(a)!.ruleId, 'chaining-forces-legacy');
  assert.equal(decisive(a)!.silent, true);
  assert.equal(a.masquerading.mode, 'Disabled');
});

test('the masquerade pitfall of the first seed: exact log line and IPTables masquerading', () => {
  const a = explain('kubeProxyReplacement: true\nenableIPv4Masquerade: true\n', { ciliumVersion: '1.16.4' });
  assert.equal(a.hostRouting.mode, 'Legacy');
  assert.equal(decisive(a)!.agentLog, 'BPF host routing requires enable-bpf-masquerade.' + TRAILER);
  assert.equal(a.masquerading.mode, 'IPTables');
});

test('the third seed: a 1.12.1 ConfigMap with probe, "True"/"False" booleans and a stale last-applied annotation → BPF', () => {
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: cilium-config',
    '  namespace: kube-system',
    '  annotations:',
    '    kubectl.kubernetes.io/last-applied-configuration: |',
    '      {"apiVersion":"v1","data":{"enable-bpf-masquerade":"False","enable-host-legacy-routing":"True","kube-proxy-replacement":"probe","tunnel":"vxlan"},"kind":"ConfigMap"}',
    'data:',
    '  auto-direct-node-routes: "False"',
    '  enable-bpf-masquerade: "True"',
    '  enable-host-legacy-routing: "False"',
    '  enable-ipv4: "True"',
    '  enable-ipv4-masquerade: "True"',
    '  enable-ipv6: "False"',
    '  enable-ipv6-masquerade: "True"',
    '  enable-remote-node-identity: "True"',
    '  kube-proxy-replacement: probe',
    '  tunnel: vxlan',
    '',
  ].join('\n');
  const r = analyze([{ name: 'cilium-config.yaml', text }], { ciliumVersion: '1.12.1', kernel: '5.15' });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.analysis.hostRouting.mode, 'BPF', "the seed's cilium status shows Host Routing: BPF");
  assert.equal(r.analysis.masquerading.mode, 'BPF');
  assert.equal(r.analysis.kubeProxyReplacement.mode, 'Probe');
  assert.ok(r.analysis.findings.some((f) => f.ruleId === 'last-applied-differs'));
  // With the annotation's values instead, the same cluster would have been legacy.
  const stale = text
    .replace('enable-bpf-masquerade: "True"', 'enable-bpf-masquerade: "False"')
    .replace('enable-host-legacy-routing: "False"', 'enable-host-legacy-routing: "True"');
  const s = analyze([{ name: 'cm.yaml', text: stale }], { ciliumVersion: '1.12.1' });
  assert.ok(s.ok && s.analysis.hostRouting.mode === 'Legacy');
});
