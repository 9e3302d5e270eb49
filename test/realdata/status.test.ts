/**
 * Runs the status parser on every real `cilium status` / `cilium-dbg status` sample in
 * `../shared/cilium/status/` (read in place, never copied) and checks it against a table of
 * expectations written from the sample file names and contents.
 *
 * Without the samples folder the suite does not run (see ./data.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseStatus, type AgentStatus } from '../../server/src/core/status/parseStatus';
import { realDataSuite } from './data';

const suite = realDataSuite('status', ['cilium/status']);
const { test } = suite;
const SAMPLES = suite.path('cilium', 'status');

function requireSamples(): void {
  assert.ok(
    existsSync(SAMPLES),
    `../shared is missing: the real cilium status samples are expected at ${SAMPLES} ` +
      '(the "shared" folder next to the repository root). This suite needs them and does not skip.',
  );
}

interface Expected {
  /** from `Cilium: Ok <version> (…)`; undefined when the sample shows `Ok   OK` */
  version: string | undefined;
  /** undefined = the sample has no host-routing line */
  hostRouting: 'BPF' | 'Legacy' | undefined;
  hostRoutingLine: 'host-routing' | 'routing' | undefined;
  masquerading: 'BPF' | 'IPTables' | 'Disabled';
  /** KPR mode as printed; undefined when the sample has no KubeProxyReplacement line */
  kpr: string | undefined;
  /** `CNI Chaining:` value; undefined when the line is absent (before 1.12, or excerpts) */
  cniChaining: string | undefined;
  /** `Routing: Network: …` (1.16+) */
  network?: 'Native' | 'Tunnel';
  tunnelProtocol?: string;
  attachMode?: string;
  deviceMode?: string;
  /** extra checks for what a sample is notable for */
  check?: (s: AgentStatus) => void;
  /** patterns of the warnings expected (exactly these, in order) */
  warnings?: RegExp[];
}

const NO_HOST_ROUTING = /does not report host routing/;

const EXPECTED: Record<string, Expected> = {
  'v1.9-docker-standalone_masq-iptables_no-host-routing-line.txt': {
    version: undefined,
    hostRouting: undefined,
    hostRoutingLine: undefined,
    masquerading: 'IPTables',
    kpr: undefined,
    cniChaining: undefined,
    warnings: [NO_HOST_ROUTING],
    check: (s) => {
      assert.equal(s.ciliumState, 'Ok');
      assert.deepEqual(s.masquerading, { mode: 'IPTables', ipMasqAgent: false });
    },
  },
  'v1.9.18_kpr-strict_host-bpf_masq-bpf_verbose.txt': {
    version: '1.9.18',
    hostRouting: 'BPF',
    hostRoutingLine: 'host-routing',
    masquerading: 'BPF',
    kpr: 'Strict',
    cniChaining: undefined,
    check: (s) => {
      // 1.9: masquerading columns without the [IPv4…] suffix; KPR devices are names only
      assert.deepEqual(s.masquerading, {
        mode: 'BPF',
        ipMasqAgent: false,
        devices: ['eth0'],
        snatExclusionCidr: '10.0.0.0/24',
      });
      assert.deepEqual(s.kubeProxyReplacement?.devices, [{ name: 'eth0', ips: [], directRouting: true }]);
    },
  },
  'v1.10-dev_kpr-probe_host-legacy_masq-bpf.txt': {
    version: undefined,
    hostRouting: 'Legacy',
    hostRoutingLine: 'host-routing',
    masquerading: 'BPF',
    kpr: 'Probe',
    cniChaining: undefined,
    check: (s) => {
      assert.equal(s.ciliumState, 'Ok');
      assert.deepEqual(s.masquerading, {
        mode: 'BPF',
        ipMasqAgent: false,
        ipv4: true,
        ipv6: false,
        devices: ['wlp3s0', 'virbr0'],
        snatExclusionCidr: '10.0.0.0/24',
      });
      assert.deepEqual(s.kubeProxyReplacement?.devices, [
        { name: 'wlp3s0', ips: ['192.168.1.89'], directRouting: false },
        { name: 'virbr0', ips: ['192.168.122.1'], directRouting: true },
      ]);
    },
  },
  'v1.11.4_kpr-strict_host-legacy_masq-iptables.txt': {
    version: '1.11.4',
    hostRouting: 'Legacy',
    hostRoutingLine: 'host-routing',
    masquerading: 'IPTables',
    kpr: 'Strict',
    cniChaining: undefined,
    check: (s) => assert.deepEqual(s.masquerading, { mode: 'IPTables', ipMasqAgent: false, ipv4: true, ipv6: false }),
  },
  'v1.12.0_kpr-strict_host-bpf_masq-disabled.txt': {
    version: '1.12.0',
    hostRouting: 'BPF',
    hostRoutingLine: 'host-routing',
    masquerading: 'Disabled',
    kpr: 'Strict',
    cniChaining: 'none',
  },
  'v1.12.2_kpr-partial_host-legacy_masq-iptables_verbose.txt': {
    version: '1.12.2',
    hostRouting: 'Legacy',
    hostRoutingLine: 'host-routing',
    masquerading: 'IPTables',
    kpr: 'Partial',
    cniChaining: 'none',
    check: (s) =>
      assert.deepEqual(s.kubeProxyReplacement?.devices, [{ name: 'ens4', ips: ['10.5.0.171'], directRouting: false }]),
  },
  'v1.13.4_kpr-disabled_eni_host-legacy_masq-iptables_verbose.txt': {
    version: '1.13.4',
    hostRouting: 'Legacy',
    hostRoutingLine: 'host-routing',
    masquerading: 'IPTables',
    kpr: 'Disabled',
    cniChaining: 'none',
    check: (s) => assert.equal(s.kubeProxyReplacement?.devices, undefined),
  },
  'v1.13.4_kpr-strict_eni-endpoint-routes_host-legacy_masq-iptables_BEFORE.txt': {
    version: '1.13.4',
    hostRouting: 'Legacy',
    hostRoutingLine: 'host-routing',
    masquerading: 'IPTables',
    kpr: 'Strict',
    cniChaining: 'none',
  },
  'v1.13.4_kpr-strict_host-bpf_masq-bpf_eks-eni_AFTER-manual-cm-edit.txt': {
    version: '1.13.4',
    hostRouting: 'BPF',
    hostRoutingLine: 'host-routing',
    masquerading: 'BPF',
    kpr: 'Strict',
    cniChaining: 'none',
    check: (s) => {
      assert.deepEqual(s.masquerading?.devices, ['eth0', 'eth1', 'eth2']);
      assert.equal(s.masquerading?.snatExclusionCidr, '192.168.0.0/16');
      assert.equal(s.kubeProxyReplacement?.devices?.length, 3);
    },
  },
  'v1.14.0_kpr-strict_host-legacy_masq-iptables.txt': {
    version: '1.14.0',
    hostRouting: 'Legacy',
    hostRoutingLine: 'host-routing',
    masquerading: 'IPTables',
    kpr: 'Strict',
    cniChaining: 'none',
  },
  'v1.14.2_kpr-false_host-legacy_masq-disabled_aws-cni-chaining.txt': {
    version: '1.14.2',
    hostRouting: 'Legacy',
    hostRoutingLine: 'host-routing',
    masquerading: 'Disabled',
    kpr: 'False',
    cniChaining: 'aws-cni',
    // KPR False still lists devices before 1.16
    check: (s) => assert.equal(s.kubeProxyReplacement?.devices?.length, 2),
  },
  'v1.14.5_kpr-true_host-bpf_masq-bpf_wireguard.txt': {
    version: '1.14.5',
    hostRouting: 'BPF',
    hostRoutingLine: 'host-routing',
    masquerading: 'BPF',
    kpr: 'True',
    cniChaining: 'none',
    check: (s) =>
      assert.deepEqual(s.kubeProxyReplacement?.devices, [
        { name: 'enp1s0', ips: ['10.10.20.101'], directRouting: true },
        { name: 'cilium_wg0', ips: [], directRouting: false },
      ]),
  },
  'v1.15.5_kpr-false_host-legacy_masq-iptables_portmap.txt': {
    version: '1.15.5',
    hostRouting: 'Legacy',
    hostRoutingLine: 'host-routing',
    masquerading: 'IPTables',
    kpr: 'False',
    cniChaining: 'portmap',
    check: (s) =>
      assert.deepEqual(s.kubeProxyReplacement?.devices, [
        { name: 'eth0', ips: ['192.168.0.5', 'fe80::6245:bdff:fe94:cd06'], directRouting: false },
      ]),
  },
  'v1.16.4_kpr-true_tunnel-vxlan_host-legacy_masq-iptables.txt': {
    version: '1.16.4',
    hostRouting: 'Legacy',
    hostRoutingLine: 'routing',
    masquerading: 'IPTables',
    kpr: 'True',
    cniChaining: 'none',
    network: 'Tunnel',
    tunnelProtocol: 'vxlan',
    attachMode: 'TCX',
    deviceMode: 'veth',
  },
  'v1.17.2_kpr-true_tunnel-vxlan_host-legacy_masq-iptables.txt': {
    version: '1.17.2',
    hostRouting: 'Legacy',
    hostRoutingLine: 'routing',
    masquerading: 'IPTables',
    kpr: 'True',
    cniChaining: 'none',
    network: 'Tunnel',
    tunnelProtocol: 'vxlan',
    attachMode: 'TCX',
    deviceMode: 'veth',
  },
  'v1.17.4_kpr-true_native_host-legacy_masq-iptables_eks.txt': {
    version: '1.17.4',
    hostRouting: 'Legacy',
    hostRoutingLine: 'routing',
    masquerading: 'IPTables',
    kpr: 'True',
    cniChaining: 'none',
    network: 'Native',
    attachMode: 'Legacy TC',
    deviceMode: 'veth',
    check: (s) =>
      assert.deepEqual(s.kubeProxyReplacement?.devices, [
        { name: 'ens5', ips: ['192.168.190.239', 'fe80::de:f7ff:fe5a:d4ad'], directRouting: true },
        { name: 'ens6', ips: ['192.168.186.8', 'fe80::62:48ff:fe8a:1133'], directRouting: false },
      ]),
  },
  'v1.17.6-cee.1_kpr-true_native_host-bpf_masq-bpf_matches-configmap.txt': {
    version: '1.17.6-cee.1',
    hostRouting: 'BPF',
    hostRoutingLine: 'routing',
    masquerading: 'BPF',
    kpr: 'True',
    cniChaining: 'none',
    network: 'Native',
    attachMode: 'TCX',
    deviceMode: 'veth',
    check: (s) =>
      assert.deepEqual(s.masquerading, {
        mode: 'BPF',
        ipMasqAgent: false,
        ipv4: true,
        ipv6: false,
        devices: ['enp1s0'],
        snatExclusionCidr: '172.16.0.0/20',
      }),
  },
  'v1.17.7_kpr-true_tunnel-vxlan_host-bpf_masq-bpf.txt': {
    version: '1.17.7',
    hostRouting: 'BPF',
    hostRoutingLine: 'routing',
    masquerading: 'BPF',
    kpr: 'True',
    cniChaining: 'none',
    network: 'Tunnel',
    tunnelProtocol: 'vxlan',
    attachMode: 'TCX',
    deviceMode: 'veth',
  },
  'v1.18.0_kpr-true_tunnel-vxlan_host-legacy_masq-iptables_verbose-truncated.txt': {
    version: '1.18.0',
    hostRouting: 'Legacy',
    hostRoutingLine: 'routing',
    masquerading: 'IPTables',
    kpr: 'True',
    cniChaining: 'none',
    network: 'Tunnel',
    tunnelProtocol: 'vxlan',
    attachMode: 'Legacy TC',
    deviceMode: 'veth',
    check: (s) =>
      assert.deepEqual(s.kubeProxyReplacement?.devices, [
        { name: 'ens18', ips: ['91.217.196.189', 'fe80::be24:11ff:fe57:4efb'], directRouting: true },
      ]),
  },
  'v1.19.0_kpr-false_tunnel-vxlan_host-legacy_masq-iptables.txt': {
    version: '1.19.0',
    hostRouting: 'Legacy',
    hostRoutingLine: 'routing',
    masquerading: 'IPTables',
    kpr: 'False',
    cniChaining: 'none',
    network: 'Tunnel',
    tunnelProtocol: 'vxlan',
    attachMode: 'Legacy TC',
    deviceMode: 'veth',
    // 1.16+: no device list with KPR False
    check: (s) => assert.equal(s.kubeProxyReplacement?.devices, undefined),
  },
  'v1.20.1_kpr-true_tunnel-vxlan_host-legacy_grep-excerpt.txt': {
    version: '1.20.1',
    hostRouting: 'Legacy',
    hostRoutingLine: 'routing',
    masquerading: 'IPTables',
    kpr: 'True',
    cniChaining: undefined,
    network: 'Tunnel',
    tunnelProtocol: 'vxlan',
    // the excerpt has no Attach Mode / Device Mode lines
    warnings: [/elision/],
    check: (s) =>
      assert.deepEqual(s.kubeProxyReplacement?.devices, [{ name: 'eth0', ips: ['172.18.0.4'], directRouting: true }]),
  },
};

test('the ../shared/cilium/status samples folder is present', () => {
  requireSamples();
});

test('every sample has an expectation and every expectation has a sample', () => {
  requireSamples();
  const files = readdirSync(SAMPLES)
    .filter((f) => !f.startsWith('.'))
    .sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
});

test('the expectation table agrees with what the file names say', () => {
  for (const [file, e] of Object.entries(EXPECTED)) {
    const tokens = file.replace(/\.txt$/, '').split('_');
    const version = /^v(\d+\.\d+\.\d+(?:-[a-z]+\.\d+)?)$/.exec(tokens[0]);
    if (version) assert.equal(e.version, version[1], file);
    const host = tokens.find((t) => t.startsWith('host-'));
    const expectedHost = host === 'host-bpf' ? 'BPF' : host === 'host-legacy' ? 'Legacy' : undefined;
    assert.equal(e.hostRouting, expectedHost, file);
    const masq = tokens.find((t) => t.startsWith('masq-'));
    if (masq) {
      const m = { 'masq-bpf': 'BPF', 'masq-iptables': 'IPTables', 'masq-disabled': 'Disabled' }[masq];
      assert.equal(e.masquerading, m, file);
    }
    const kpr = tokens.find((t) => t.startsWith('kpr-'));
    if (kpr) assert.equal(e.kpr?.toLowerCase(), kpr.slice(4), file);
    if (tokens.includes('native')) assert.equal(e.network, 'Native', file);
    if (tokens.includes('tunnel-vxlan')) {
      assert.equal(e.network, 'Tunnel', file);
      assert.equal(e.tunnelProtocol, 'vxlan', file);
    }
  }
});

for (const [file, e] of Object.entries(EXPECTED)) {
  test(`real sample ${file}`, () => {
    requireSamples();
    const text = readFileSync(path.join(SAMPLES, file), 'utf8');
    const r = parseStatus(text);
    if (!r.ok) assert.fail(`${file}: ${r.error}`);
    const s = r.status;
    assert.equal(s.format, 'text');
    assert.equal(s.ciliumVersion, e.version, 'version');
    assert.equal(s.hostRouting, e.hostRouting, 'host routing');
    assert.equal(s.hostRoutingLine, e.hostRoutingLine, 'host routing line format');
    assert.equal(s.masquerading?.mode, e.masquerading, 'masquerading mode');
    assert.equal(s.kubeProxyReplacement?.mode, e.kpr, 'KPR mode');
    assert.equal(s.cniChaining, e.cniChaining, 'CNI chaining');
    assert.equal(s.networkRouting, e.network, 'network routing');
    assert.equal(s.tunnelProtocol, e.tunnelProtocol, 'tunnel protocol');
    assert.equal(s.attachMode, e.attachMode, 'attach mode');
    assert.equal(s.deviceMode, e.deviceMode, 'device mode');
    const expectedWarnings = e.warnings ?? [];
    assert.equal(s.warnings.length, expectedWarnings.length, `warnings: ${JSON.stringify(s.warnings)}`);
    expectedWarnings.forEach((re, i) => assert.match(s.warnings[i], re));
    e.check?.(s);
  });
}
