/** Property tests: no input makes the core throw, and results keep their invariants. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { analyze } from '../../server/src/core/analyze';
import { parseStatus } from '../../server/src/core/status/parseStatus';

const VERSIONS = [
  '1.9.0',
  '1.9.5',
  '1.9.18',
  '1.10.3',
  '1.11.20',
  '1.12.0',
  '1.13.4',
  '1.14.2',
  '1.15.7',
  '1.16.1',
  '1.17.8',
  '1.18.3',
  '1.19.0',
  '1.20.0',
  '1.16',
  undefined,
];
const MODES = new Set(['BPF', 'Legacy', 'AgentFails', 'Unknown']);

function check(text: string, version?: string, kernel?: string): void {
  const r = analyze([{ name: 'fuzz.yaml', text }], { ciliumVersion: version, kernel });
  if (!r.ok) {
    assert.equal(typeof r.error.message, 'string');
    assert.ok(r.error.message.length > 0);
    return;
  }
  const a = r.analysis;
  assert.ok(MODES.has(a.hostRouting.mode));
  const decisive = a.hostRouting.reasons.filter((x) => x.decisive);
  assert.ok(decisive.length <= 1, 'at most one decisive reason');
  if (a.hostRouting.mode === 'BPF') assert.equal(decisive.length, 0);
  else assert.equal(decisive.length, 1, `${a.hostRouting.mode} needs a reason`);
  for (const f of a.findings) {
    assert.ok(f.ruleId && f.message);
    if (f.location) assert.ok(f.location.range.start.offset <= f.location.range.end.offset);
  }
  JSON.stringify(a); // serialisable
}

test('arbitrary text never throws', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), fc.constantFrom(...VERSIONS), (text, v) => check(text, v)),
    { numRuns: 400 },
  );
});

// Values built from the keys that matter, with every kind of scalar users write.
const scalar = fc.oneof(
  fc.boolean(),
  fc.constantFrom(
    'true',
    'false',
    'True',
    'FALSE',
    'yes',
    '',
    'strict',
    'partial',
    'probe',
    'disabled',
    'native',
    'tunnel',
    'vxlan',
    'disabled',
    'aws-cni',
    'generic-veth',
    'netkit',
    'wireguard',
    'ipsec',
    'eth0',
    '1.9',
  ),
  fc.integer({ min: -2, max: 3 }),
  fc.constant(null),
);
const keyPaths = [
  'kubeProxyReplacement',
  'bpf.masquerade',
  'bpf.hostRouting',
  'bpf.hostLegacyRouting',
  'bpf.datapathMode',
  'enableIPv4Masquerade',
  'enableIPv6Masquerade',
  'masquerade',
  'ipv4.enabled',
  'ipv6.enabled',
  'nodePort.enabled',
  'cni.chainingMode',
  'cni.chainingTarget',
  'endpointRoutes.enabled',
  'eni.enabled',
  'eni',
  'gke.enabled',
  'azure.enabled',
  'aksbyocni.enabled',
  'tunnel',
  'routingMode',
  'tunnelProtocol',
  'encryption.enabled',
  'encryption.type',
  'egressMasqueradeInterfaces',
  'devices',
  'remoteNodeIdentity',
  'hostServices.enabled',
  'socketLB.enabled',
  'flannel.enabled',
  'flannel.masterDevice',
  'bandwidthManager.enabled',
  'bandwidthManager.bbr',
  'enableIPv4BIGTCP',
  'enableIPv6BIGTCP',
  'ipMasqAgent.enabled',
  'upgradeCompatibility',
];
const valuesArb = fc.dictionary(fc.constantFrom(...keyPaths), scalar, { maxKeys: 12 }).map((flat) => {
  const root: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(flat)) {
    const parts = path.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      if (typeof node[parts[i]] !== 'object' || node[parts[i]] === null) node[parts[i]] = {};
      node = node[parts[i]] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = v;
  }
  return root;
});

test('arbitrary Cilium values over every release line keep the invariants', () => {
  fc.assert(
    fc.property(
      valuesArb,
      fc.constantFrom(...VERSIONS),
      fc.constantFrom(undefined, '4.19', '5.10', '6.8.0-1-generic'),
      (values, v, k) => {
        check(stringify(values), v, k);
      },
    ),
    { numRuns: 1500 },
  );
});

const cmKeys = [
  'kube-proxy-replacement',
  'enable-bpf-masquerade',
  'enable-ipv4-masquerade',
  'enable-ipv6-masquerade',
  'enable-ipv6',
  'masquerade',
  'enable-host-legacy-routing',
  'enable-node-port',
  'enable-endpoint-routes',
  'enable-ipsec',
  'enable-wireguard',
  'tunnel',
  'routing-mode',
  'devices',
  'datapath-mode',
  'enable-bbr',
  'enable-ip-masq-agent',
  'egress-masquerade-interfaces',
];
test('arbitrary ConfigMaps keep the invariants', () => {
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.constantFrom(...cmKeys),
        fc.constantFrom(
          'true',
          'false',
          'True',
          '1',
          'yes',
          '',
          'strict',
          'partial',
          'probe',
          'disabled',
          'vxlan',
          'native',
          'tunnel',
          'netkit',
          'eth0',
          'wg0',
        ),
      ),
      fc.constantFrom(...VERSIONS),
      (data, v) => {
        check(stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cilium-config' }, data }), v);
      },
    ),
    { numRuns: 800 },
  );
});

test('hostile YAML: alias bombs, deep nesting, huge and binary input', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 9; i++)
    bomb.push(
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
    );
  const t0 = Date.now();
  check(bomb.join('\n') + '\nkubeProxyReplacement: true\n');
  assert.ok(Date.now() - t0 < 5000, 'alias bomb bounded');
  check('a:\n' + Array.from({ length: 500 }, (_, i) => ' '.repeat(2 * (i + 1)) + `k${i}:`).join('\n') + ' 1\n');
  check('['.repeat(5000));
  check('\u0000\u0001\u0002binary');
  const big = 'kubeProxyReplacement: true\n' + 'x'.repeat(6 * 1024 * 1024);
  const r = analyze([{ name: 'big.yaml', text: big }]);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.kind, 'too-large');
  check('%YAML 1.1\n---\n!!binary AAAA\n');
  check('? [a, b]\n: c\n');
  check('<<: {kubeProxyReplacement: true}\n');
});

test('status parser never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 500 }), (t) => {
      const r = parseStatus(t);
      assert.equal(typeof r.ok, 'boolean');
    }),
    { numRuns: 500 },
  );
});

test('prototype keys in values files are data, never reach Object.prototype', () => {
  {
    const r = analyze([
      {
        name: 'p.yaml',
        text: '__proto__:\n  polluted: 1\nconstructor:\n  prototype:\n    polluted2: 1\nkubeProxyReplacement: true\n',
      },
    ]);
    assert.equal(r.ok, true);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).polluted2, undefined);
  }
});
