/**
 * The pure tuning comparison of the live check (core/live/tuning.ts): a node's status lines
 * (parsed by tuningStatus.ts) against the node's own prediction. Status texts are written here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { compareNodeTuning } from '../../server/src/core/live/tuning';
import { parseTuningStatus } from '../../server/src/core/status/tuningStatus';
import { parseStatus } from '../../server/src/core/status/parseStatus';
import { configMapText } from '../../server/src/core/live/predict';

const DATA: Record<string, string> = {
  'kube-proxy-replacement': 'true',
  'enable-bpf-masquerade': 'true',
  'routing-mode': 'native',
  'ipv4-native-routing-cidr': '10.0.0.0/8',
  'auto-direct-node-routes': 'true',
  'enable-ipv4-big-tcp': 'true',
  'enable-bandwidth-manager': 'true',
};

function status(lines: string[]): string {
  return [
    'KubeProxyReplacement:    True   [eth0   10.0.0.1 (Direct Routing)]',
    'Cilium:                  Ok   1.17.8 (v1.17.8-abc)',
    ...lines,
    'Routing:                 Network: Native   Host: BPF',
    'Masquerading:            BPF   [eth0]   10.0.0.0/8 [IPv4: Enabled, IPv6: Disabled]',
  ].join('\n');
}

function run(kernel: string, lines: string[], data = DATA) {
  const a = analyze([{ name: 'cm', text: configMapText('kube-system', data) }], { ciliumVersion: '1.17.8', kernel });
  assert.ok(a.ok);
  if (!a.ok) throw new Error('unreachable');
  const text = status(lines);
  const st = parseStatus(text);
  const tu = parseTuningStatus(text);
  assert.ok(st.ok && tu.ok);
  if (!st.ok || !tu.ok) throw new Error('unreachable');
  return compareNodeTuning(a.analysis, st.status, tu.status, data, { kernel, version: '1.17.8', overrides: [] });
}

const by = (t: ReturnType<typeof run>, id: string) => t.checks.find((c) => c.id === id)!;

test('6.8 node as predicted: BIG TCP 192k, EDT, TCX, host routing, masquerading', () => {
  const t = run('6.8', [
    'IPv4 BIG TCP:            Enabled   [196608]',
    'IPv6 BIG TCP:            Disabled',
    'BandwidthManager:        EDT with BPF [CUBIC] [eth0]',
    'Attach Mode:             TCX',
    'Device Mode:             veth',
  ]);
  assert.equal(t.mismatches, 0);
  assert.equal(t.summary, 'as predicted');
  for (const id of ['ipv4-big-tcp', 'bandwidth-manager', 'attach-mode', 'host-routing', 'bpf-masquerade', 'netkit'])
    assert.equal(by(t, id).verdict, 'match', id);
});

test('tuning-spec §6 quirk: 5.15 refuses IPv4 BIG TCP, status "Enabled [65536]" is a match with the quirk named', () => {
  const t = run('5.15', [
    'IPv4 BIG TCP:            Enabled   [65536]',
    'BandwidthManager:        EDT with BPF [CUBIC] [eth0]',
    'Attach Mode:             Legacy TC',
  ]);
  const c = by(t, 'ipv4-big-tcp');
  assert.equal(c.predictedState, 'inactive');
  assert.equal(c.verdict, 'match');
  assert.match(c.explanation ?? '', /Status quirk/);
  assert.equal(by(t, 'attach-mode').verdict, 'match');
});

test('BIG TCP predicted active but 64k printed: explained (kernel, device or NIC refused), not a blind mismatch', () => {
  const t = run('6.8', ['IPv4 BIG TCP:            Enabled   [65536]', 'Attach Mode:             TCX']);
  const c = by(t, 'ipv4-big-tcp');
  assert.equal(c.verdict, 'explained');
  assert.equal(t.mismatches, 0);
  assert.equal(t.explained, 1);
});

test('an unexplained difference: bandwidth manager predicted on, the node reports Disabled', () => {
  const t = run('6.8', [
    'IPv4 BIG TCP:            Enabled   [196608]',
    'BandwidthManager:        Disabled',
    'Attach Mode:             TCX',
  ]);
  const c = by(t, 'bandwidth-manager');
  assert.equal(c.verdict, 'mismatch');
  assert.match(c.explanation ?? '', /Predicted active for this node \(kernel 6\.8, Cilium 1\.17\.8\)/);
  assert.equal(t.mismatches, 1);
  assert.match(t.summary, /^1 difference \(1 unexplained\): bandwidth-manager$/);
});

test('attach mode: Legacy TC predicted on 6.8 with enable-tcx=false; TCX reported is a mismatch', () => {
  const t = run('6.8', ['IPv4 BIG TCP:            Enabled   [196608]', 'Attach Mode:             TCX'], {
    ...DATA,
    'enable-tcx': 'false',
  });
  const c = by(t, 'attach-mode');
  assert.equal(c.predicted, 'Legacy TC (enable-tcx=false)');
  assert.equal(c.verdict, 'mismatch');
});

test('lines the text output lacks are not-reported, not mismatches (no --verbose: no KPR details)', () => {
  const t = run('6.8', ['IPv4 BIG TCP:            Enabled   [196608]']);
  assert.equal(by(t, 'dsr').verdict, 'not-reported');
  assert.equal(by(t, 'attach-mode').verdict, 'not-reported');
  assert.equal(t.mismatches, 0);
});
