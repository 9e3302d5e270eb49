/**
 * The tuning lines of every real `cilium status` sample in ../shared/cilium/status/ (read in
 * place; without the data the suite does not run, see ./data.ts), and predictions checked against
 * the samples whose configuration is known.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realDataSuite } from './data';
import {
  compareTuning,
  observedFeatures,
  parseTuningStatus,
  type TuningStatus,
} from '../../server/src/core/status/tuningStatus';
import { parseInput } from '../../server/src/core/parse/input';
import { parseCiliumVersion, parseKernelVersion } from '../../server/src/core/version';
import { tuningFor } from '../../server/src/core/families/tuning';

const suite = realDataSuite('tuning-status', ['cilium/status', 'cilium/configmaps']);
const { test } = suite;
const dir = suite.path('cilium', 'status');
const files = suite.list('cilium', 'status').filter((f) => f.endsWith('.txt'));

function parse(name: string): TuningStatus {
  const r = parseTuningStatus(readFileSync(join(dir, name), 'utf8'));
  if (!r.ok) assert.fail(`${name}: ${r.error}`);
  return r.status;
}

test('the status folder has the samples this suite was written for', () => {
  assert.ok(files.length >= 20, `only ${files.length} samples in ${dir}`);
});

/** Expected tuning lines per sample (read by hand from the files). */
const expected: Record<
  string,
  Partial<
    Record<
      | 'bwm'
      | 'v4'
      | 'v6'
      | 'device'
      | 'attach'
      | 'clock'
      | 'hz'
      | 'mode'
      | 'xdp'
      | 'socketLb'
      | 'coverage'
      | 'protocols',
      unknown
    >
  >
> = {
  'v1.10-dev_kpr-probe_host-legacy_masq-bpf.txt': { bwm: 'EDT [wlp3s0,virbr0]' },
  'v1.12.2_kpr-partial_host-legacy_masq-iptables_verbose.txt': {
    bwm: false,
    clock: 'ktime',
    socketLb: false,
    mode: 'SNAT',
    xdp: 'Disabled',
  },
  'v1.13.4_kpr-disabled_eni_host-legacy_masq-iptables_verbose.txt': {
    v6: false,
    bwm: false,
    clock: 'jiffies',
    hz: 250,
    socketLb: false,
    coverage: 'Full',
  },
  'v1.16.4_kpr-true_tunnel-vxlan_host-legacy_masq-iptables.txt': {
    v4: false,
    v6: false,
    bwm: false,
    attach: 'TCX',
    device: 'veth',
  },
  'v1.17.4_kpr-true_native_host-legacy_masq-iptables_eks.txt': { attach: 'Legacy TC', device: 'veth' },
  'v1.18.0_kpr-true_tunnel-vxlan_host-legacy_masq-iptables_verbose-truncated.txt': {
    attach: 'Legacy TC',
    device: 'veth',
    clock: 'ktime',
    socketLb: true,
    coverage: 'Full',
    mode: 'SNAT',
    xdp: 'Disabled',
  },
  'v1.9.18_kpr-strict_host-bpf_masq-bpf_verbose.txt': {
    bwm: false,
    clock: 'jiffies',
    hz: 1000,
    protocols: ['TCP', 'UDP'],
    mode: 'SNAT',
    xdp: 'Disabled',
  },
};

for (const name of files) {
  test(`tuning lines: ${name}`, () => {
    const text = readFileSync(join(dir, name), 'utf8');
    const r = parseTuningStatus(text);
    if (name.startsWith('v1.20.1')) {
      // a four-line grep excerpt without any tuning line
      assert.equal(r.ok, false);
      return;
    }
    assert.ok(r.ok, `${name}: ${!r.ok && r.error}`);
    const s = r.status;
    assert.deepEqual(s.warnings, []);
    // Every sample from 1.13 on prints IPv6 BIG TCP, from 1.14 IPv4 BIG TCP, from 1.16 Device/Attach Mode.
    const m = /^v1\.(\d+)/.exec(name);
    const minor = m ? Number(m[1]) : 0;
    if (minor >= 13) assert.ok(s.ipv6BigTcp, 'IPv6 BIG TCP line');
    if (minor >= 14) assert.ok(s.ipv4BigTcp, 'IPv4 BIG TCP line');
    if (minor >= 16) assert.ok(s.deviceMode && s.attachMode, 'Device/Attach Mode lines');
    if (minor < 13) assert.equal(s.ipv6BigTcp, undefined);
    assert.ok(s.bandwidthManager, 'every sample has a BandwidthManager line');
    const e = expected[name];
    if (!e) return;
    if (e.bwm === false) assert.deepEqual(s.bandwidthManager, { enabled: false });
    if (typeof e.bwm === 'string') {
      assert.equal(s.bandwidthManager?.enabled, true);
      assert.equal(`EDT [${s.bandwidthManager?.devices?.join(',')}]`, e.bwm);
    }
    if (e.v4 !== undefined) assert.deepEqual(s.ipv4BigTcp, { enabled: e.v4 });
    if (e.v6 !== undefined) assert.deepEqual(s.ipv6BigTcp, { enabled: e.v6 });
    if (e.device) assert.equal(s.deviceMode, e.device);
    if (e.attach) assert.equal(s.attachMode, e.attach);
    if (e.clock) assert.equal(s.clockSource?.mode, e.clock);
    if (e.hz) assert.equal(s.clockSource?.hertz, e.hz);
    if (e.mode) assert.equal(s.kpr?.mode, e.mode);
    if (e.xdp) assert.equal(s.kpr?.xdpAcceleration, e.xdp);
    if (e.socketLb !== undefined) assert.equal(s.kpr?.socketLb, e.socketLb);
    if (e.coverage) assert.equal(s.kpr?.socketLbCoverage, e.coverage);
    if (e.protocols) assert.deepEqual(s.kpr?.socketLbProtocols, e.protocols);
  });
}

function predict(values: string, version: string, kernel?: string) {
  const p = parseInput('values.yaml', values);
  if (!p.ok) assert.fail(p.problem.message);
  const v = parseCiliumVersion(version);
  if (!v.ok) assert.fail(v.error);
  const k = kernel ? parseKernelVersion(kernel) : undefined;
  return tuningFor([p.input], v.value, k?.ok ? k.value : undefined).result;
}

test('TS §13 on real data: the 1.13.4 ENI install (chart defaults) runs the jiffies clock, as predicted', () => {
  // helm flags from SOURCES.md for this sample
  const r = predict(
    'eni:\n  enabled: true\nipam:\n  mode: eni\negressMasqueradeInterfaces: eth0\ntunnel: disabled\n',
    '1.13.4',
    '5.10',
  );
  const clock = r.features.find((f) => f.id === 'clock-probe')!;
  assert.equal(clock.state, 'active');
  const observed = observedFeatures(parse('v1.13.4_kpr-disabled_eni_host-legacy_masq-iptables_verbose.txt'));
  assert.deepEqual(
    observed.find((o) => o.id === 'clock-probe'),
    { id: 'clock-probe', on: true, value: 'jiffies [250 Hz]' },
  );
  assert.deepEqual(compareTuning(r.features, observed), []);
});

test('the 1.17.6-cee.1 values → ConfigMap → status triple: no tuning mismatch', () => {
  const values = readFileSync(
    suite.path('cilium', 'configmaps', 'user-values_v1.17.6-cee.1_kpr-true_native_bpf-masq.yaml'),
    'utf8',
  );
  const r = predict(values, '1.17.6', '6.1');
  const observed = observedFeatures(parse('v1.17.6-cee.1_kpr-true_native_host-bpf_masq-bpf_matches-configmap.txt'));
  assert.ok(observed.length >= 4);
  assert.deepEqual(compareTuning(r.features, observed), []);
});

test('a mismatch is explained: bandwidth manager predicted on, node says Disabled', () => {
  const r = predict('bandwidthManager:\n  enabled: true\n', '1.17.4', '6.1');
  const mism = compareTuning(
    r.features,
    observedFeatures(parse('v1.17.4_kpr-true_native_host-legacy_masq-iptables_eks.txt')),
  );
  assert.equal(mism.length, 1);
  assert.equal(mism[0].id, 'bandwidth-manager');
  assert.match(mism[0].explanation, /kernel|CiliumNodeConfig/);
});

test('TS §6 status quirk: BIG TCP Enabled [65536] counts as not really on', () => {
  const r = parseTuningStatus(
    'IPv4 BIG TCP:            Enabled   [65536]\nIPv6 BIG TCP:            Enabled   [196608]\nBandwidthManager:        EDT with BPF [BBR] [eth0, eth1]\nDevice Mode:             veth [Configured: auto]\n',
  );
  assert.ok(r.ok);
  const o = observedFeatures(r.status);
  assert.equal(o.find((x) => x.id === 'ipv4-big-tcp')?.on, false);
  assert.equal(o.find((x) => x.id === 'ipv6-big-tcp')?.on, true);
  assert.equal(o.find((x) => x.id === 'bbr')?.on, true);
  assert.equal(r.status.configuredDeviceMode, 'auto');
  const pred = predict(
    'kubeProxyReplacement: true\nroutingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\nbpf:\n  masquerade: true\nenableIPv4BIGTCP: true\n',
    '1.16.4',
    '6.8',
  );
  const m = compareTuning(pred.features, o).filter((x) => x.id === 'ipv4-big-tcp');
  assert.equal(m.length, 1);
  assert.match(m[0].explanation, /configured flag/);
});

test('JSON status: tuning fields by their api/v1/models names', () => {
  const r = parseTuningStatus(
    JSON.stringify({
      'bandwidth-manager': { enabled: true, congestionControl: 'bbr', devices: ['eth0'] },
      'ipv6-big-tcp': { enabled: true, maxGRO: 196608, maxGSO: 196608 },
      'datapath-mode': 'netkit',
      'attach-mode': 'tcx',
      'clock-source': { mode: 'jiffies', hertz: 250 },
      'kube-proxy-replacement': {
        mode: 'True',
        features: {
          socketLB: { enabled: true },
          nodePort: { enabled: true, mode: 'DSR', dsrMode: 'Geneve', acceleration: 'Native' },
        },
      },
    }),
  );
  assert.ok(r.ok);
  assert.deepEqual(r.status.bandwidthManager, { enabled: true, congestionControl: 'BBR', devices: ['eth0'] });
  assert.equal(r.status.attachMode, 'TCX');
  assert.deepEqual(r.status.kpr, {
    socketLb: true,
    socketLbCoverage: 'Full',
    mode: 'DSR',
    dsrDispatch: 'Geneve',
    xdpAcceleration: 'Native',
  });
  for (const bad of ['', 'not status', '{', '[]', 'BandwidthManager: something odd']) {
    const x = parseTuningStatus(bad);
    if (x.ok) assert.ok(x.status.warnings.length > 0);
  }
});
