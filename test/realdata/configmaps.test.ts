/** The real cilium-config ConfigMaps and values in ../shared/cilium/configmaps, with what their clusters reported. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { parseStatus } from '../../server/src/core/status/parseStatus';
import { TRAILER } from '../helpers';
import { realDataSuite } from './data';

const suite = realDataSuite('configmaps', ['cilium/configmaps', 'cilium/status']);
const { test } = suite;
const dir = suite.path('cilium', 'configmaps');
const statusDir = suite.path('cilium', 'status');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

function run(file: string, version: string, kernel?: string) {
  const r = analyze([{ name: file, text: read(file) }], { ciliumVersion: version, kernel });
  if (!r.ok) assert.fail(`${r.error.kind}: ${r.error.message}`);
  return r.analysis;
}

test('1.17.6-cee.1 helm-rendered ConfigMap: BPF, as its cilium status reports', () => {
  const a = run('cilium-config_v1.17.6-cee.1_helm-rendered_kpr-true_native_bpf-masq.yaml', 'v1.17.6-cee.1');
  assert.equal(a.inputKind, 'configmap');
  assert.equal(a.hostRouting.mode, 'BPF');
  assert.equal(a.masquerading.mode, 'BPF');
  assert.equal(a.routing.network, 'Native');
  const st = parseStatus(
    readFileSync(join(statusDir, 'v1.17.6-cee.1_kpr-true_native_host-bpf_masq-bpf_matches-configmap.txt'), 'utf8'),
  );
  assert.ok(st.ok);
  assert.equal(st.status.hostRouting, a.hostRouting.mode);
  assert.equal(st.status.masquerading?.mode, a.masquerading.mode);
});

test('1.17.6-cee.1 helm get values output (with its USER-SUPPLIED VALUES header): BPF', () => {
  const a = run('user-values_v1.17.6-cee.1_kpr-true_native_bpf-masq.yaml', 'v1.17.6-cee.1');
  assert.equal(a.inputKind, 'helm-values');
  assert.equal(a.hostRouting.mode, 'BPF');
  assert.equal(a.kubeProxyReplacement.mode, 'True');
});

test('Baidu CCE ConfigMap (generic-veth, enable-host-legacy-routing "true"): explicit legacy', () => {
  const a = run('cilium-config_baidu-cce-1.13-era_generic-veth_host-legacy-true_annotated.yaml', '1.13.4');
  assert.equal(a.hostRouting.mode, 'Legacy');
  const d = a.hostRouting.reasons.find((r) => r.decisive)!;
  assert.equal(d.ruleId, 'explicit-legacy-routing');
  assert.equal(d.silent, true);
  assert.equal(d.evidence[0].origin.location?.range.start.line !== undefined, true);
});

test('GKE anetd ConfigMap (old masquerade key): 1.10 honours it, 1.11+ ignores it and masquerades with iptables', () => {
  const f = 'cilium-config_gke-dataplane-v2-anetd_generic-veth_endpoint-routes.yaml';
  const old = run(f, '1.10.20');
  assert.equal(old.hostRouting.mode, 'Legacy');
  assert.equal(old.hostRouting.reasons.find((r) => r.decisive)!.ruleId, 'endpoint-routes');
  assert.equal(old.masquerading.mode, 'Disabled');
  const newer = run(f, '1.12.16');
  // 1.11+ ignores `masquerade`, so IPv4 masquerading is on with native routing and no native-routing
  // CIDR: a 1.12 agent refuses to start (tuning-spec §2); once given one, iptables masquerading decides.
  assert.equal(newer.hostRouting.mode, 'AgentFails');
  assert.equal(newer.hostRouting.reasons.find((r) => r.decisive)!.ruleId, 'native-routing-cidr');
  assert.ok(newer.hostRouting.reasons.some((r) => !r.decisive && r.ruleId === 'iptables-masquerade'));
  assert.ok(newer.findings.some((x) => x.ruleId === 'masquerade-key-ignored'));
});

test('1.12.9-era ConfigMap without metadata (published data block) is still recognised', () => {
  const a = run('cilium-config_1.12.9-era_kpr-strict_tunnel-vxlan_legacy-masquerade-key.yaml', '1.12.9');
  assert.equal(a.inputKind, 'configmap');
  assert.equal(a.hostRouting.mode, 'Legacy');
  assert.equal(
    a.hostRouting.reasons.find((r) => r.decisive)!.agentLog,
    'BPF host routing requires enable-bpf-masquerade.' + TRAILER,
  );
});

test('1.13.4 EKS ENI before/after the manual ConfigMap diff matches the two status outputs', () => {
  const diff = read('cilium-config_v1.13.4-eks-eni_manual-diff-to-enable-bpf-host-routing.diff');
  // The diff holds two hunks of data lines; rebuild both sides' data entries from them.
  const before: string[] = [];
  const after: string[] = [];
  let inHunk = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('@@')) {
      inHunk = true;
      continue;
    }
    if (!inHunk || !/^[-+ ] {2}\S/.test(line)) continue;
    if (line[0] !== '+') before.push(line.slice(1));
    if (line[0] !== '-') after.push(line.slice(1));
  }
  // Keys the diff's context does not show, from the documented install flags
  // (kubeProxyReplacement=strict, tunnel=disabled, ipam.mode=eni; SOURCES.md).
  const rest = [
    '  kube-proxy-replacement: strict',
    '  tunnel: disabled',
    '  enable-ipv4-masquerade: "true"',
    '  ipam: eni',
  ];
  const doc = (lines: string[]) =>
    ['kind: ConfigMap', 'metadata:', '  name: cilium-config', 'data:', ...lines, ...rest].join('\n') + '\n';
  const b = analyze([{ name: 'before.yaml', text: doc(before) }], { ciliumVersion: '1.13.4' });
  const a = analyze([{ name: 'after.yaml', text: doc(after) }], { ciliumVersion: '1.13.4' });
  if (!b.ok || !a.ok) assert.fail(`parse: ${!b.ok ? b.error.message : ''} ${!a.ok ? a.error.message : ''}`);
  const sb = parseStatus(
    readFileSync(
      join(statusDir, 'v1.13.4_kpr-strict_eni-endpoint-routes_host-legacy_masq-iptables_BEFORE.txt'),
      'utf8',
    ),
  );
  const sa = parseStatus(
    readFileSync(join(statusDir, 'v1.13.4_kpr-strict_host-bpf_masq-bpf_eks-eni_AFTER-manual-cm-edit.txt'), 'utf8'),
  );
  if (!sb.ok || !sa.ok) assert.fail('status samples parse');
  assert.equal(b.analysis.hostRouting.mode, 'Legacy');
  assert.equal(b.analysis.hostRouting.mode, sb.status.hostRouting);
  assert.equal(a.analysis.hostRouting.mode, 'BPF');
  assert.equal(a.analysis.hostRouting.mode, sa.status.hostRouting);
  assert.equal(b.analysis.masquerading.mode, sb.status.masquerading?.mode);
  assert.equal(a.analysis.masquerading.mode, sa.status.masquerading?.mode);
  // Before: iptables masquerading decides, endpoint routes would block next.
  assert.deepEqual(
    b.analysis.hostRouting.reasons.map((r) => r.ruleId),
    ['iptables-masquerade', 'endpoint-routes'],
  );
});
