/**
 * Unit tests of the `cilium status` parser and the agent-log fallback extractor, on fixtures
 * written for this project (test/fixtures/status/) and inline strings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  parseStatus,
  parseStatusText,
  parseStatusJson,
  parseCiliumVersionFromMessage,
  parseKprDevices,
  toHostRoutingMode,
  toMasqueradingMode,
  extractHostRoutingFallbacks,
  type AgentStatus,
  type StatusParseResult,
} from '../../server/src/core/status/parseStatus';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'status');

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

function ok(r: StatusParseResult): AgentStatus {
  if (!r.ok) assert.fail(`expected ok, got error: ${r.error}`);
  return r.status;
}

function err(r: StatusParseResult): string {
  if (r.ok) assert.fail(`expected an error, got ${JSON.stringify(r.status)}`);
  return r.error;
}

/** Status with only the `Masquerading:` value under test (plus a line to make it recognisable). */
function masq(value: string): AgentStatus['masquerading'] {
  return ok(parseStatus(`Cilium:   Ok   1.15.0 (v1.15.0-aaaaaaa)\nMasquerading:   ${value}\n`)).masquerading;
}

// ------------------------------------------------------------------------------------------
// text fixtures

test('1.9 text: Host Routing BPF, ip-masq-agent masquerading with devices and CIDR, names-only KPR devices', () => {
  const s = ok(parseStatus(fixture('text-1.9-bpf-ip-masq-agent.txt')));
  assert.equal(s.format, 'text');
  assert.equal(s.ciliumVersion, '1.9.5');
  assert.equal(s.ciliumState, 'Ok');
  assert.equal(s.hostRouting, 'BPF');
  assert.equal(s.hostRoutingLine, 'host-routing');
  assert.equal(s.networkRouting, undefined);
  assert.deepEqual(s.masquerading, {
    mode: 'BPF',
    ipMasqAgent: true,
    devices: ['ens3', 'ens4'],
    snatExclusionCidr: '10.20.0.0/16',
  });
  assert.deepEqual(s.kubeProxyReplacement, {
    mode: 'Strict',
    devices: [
      { name: 'ens3', ips: [], directRouting: true },
      { name: 'ens4', ips: [], directRouting: false },
    ],
  });
  assert.equal(s.cniChaining, undefined);
  assert.deepEqual(s.warnings, []);
});

test('1.9 text without Kubernetes: no KPR and no host-routing line is reported as not reported', () => {
  const s = ok(parseStatus(fixture('text-1.9-kubernetes-disabled.txt')));
  assert.equal(s.hostRouting, undefined);
  assert.equal(s.hostRoutingLine, undefined);
  assert.equal(toHostRoutingMode(s), 'Unknown');
  assert.equal(s.ciliumVersion, undefined, '"Ok OK" carries no version');
  assert.equal(s.ciliumState, 'Ok');
  assert.equal(s.kubeProxyReplacement, undefined);
  assert.deepEqual(s.masquerading, { mode: 'Disabled', ipMasqAgent: false });
  assert.ok(s.warnings.some((w) => w.includes('does not report host routing')));
});

test('1.11 text: Partial KPR with IPv4+IPv6 addresses, iptables masquerading for both families', () => {
  const s = ok(parseStatus(fixture('text-1.11-partial-legacy-dualstack.txt')));
  assert.equal(s.ciliumVersion, '1.11.7');
  assert.equal(s.hostRouting, 'Legacy');
  assert.deepEqual(s.masquerading, { mode: 'IPTables', ipMasqAgent: false, ipv4: true, ipv6: true });
  assert.deepEqual(s.kubeProxyReplacement, {
    mode: 'Partial',
    devices: [{ name: 'bond0', ips: ['192.0.2.10', '2001:db8::10'], directRouting: true }],
  });
  assert.equal(toMasqueradingMode(s), 'IPTables');
});

test('1.13 verbose text: indented sections are ignored; chaining and disabled masquerading read', () => {
  const s = ok(parseStatus(fixture('text-1.13-verbose-chaining.txt')));
  assert.equal(s.ciliumVersion, '1.13.2');
  assert.equal(s.hostRouting, 'Legacy');
  assert.equal(s.cniChaining, 'generic-veth');
  assert.deepEqual(s.kubeProxyReplacement, { mode: 'Disabled' });
  assert.deepEqual(s.masquerading, { mode: 'Disabled', ipMasqAgent: false });
  assert.deepEqual(s.warnings, []);
});

test('1.16 text: Routing line with geneve tunnel and BPF host, TCX, netkit, BPF masquerading', () => {
  const s = ok(parseStatus(fixture('text-1.16-tunnel-geneve-netkit.txt')));
  assert.equal(s.ciliumVersion, '1.16.1');
  assert.equal(s.hostRouting, 'BPF');
  assert.equal(s.hostRoutingLine, 'routing');
  assert.equal(s.networkRouting, 'Tunnel');
  assert.equal(s.tunnelProtocol, 'geneve');
  assert.equal(s.attachMode, 'TCX');
  assert.equal(s.deviceMode, 'netkit');
  assert.equal(s.cniChaining, 'none');
  assert.deepEqual(s.masquerading, {
    mode: 'BPF',
    ipMasqAgent: false,
    ipv4: true,
    ipv6: false,
    devices: ['eth0', 'eth1'],
    snatExclusionCidr: '10.60.0.0/16',
  });
  assert.deepEqual(s.kubeProxyReplacement, {
    mode: 'True',
    devices: [
      { name: 'eth0', ips: ['198.51.100.7', 'fe80::1c2:3ff:fe44:5566'], directRouting: true },
      { name: 'eth1', ips: ['198.51.100.8', 'fe80::1c2:3ff:fe44:5567'], directRouting: false },
    ],
  });
});

test('1.18 text with CRLF line ends and trailing spaces: native routing, no tunnel protocol', () => {
  const crlf = fixture('text-1.18-native-legacy-crlf.txt').replace(/\r?\n/g, '\r\n');
  const s = ok(parseStatus(crlf));
  assert.equal(s.ciliumVersion, '1.18.2');
  assert.equal(s.hostRouting, 'Legacy');
  assert.equal(s.networkRouting, 'Native');
  assert.equal(s.tunnelProtocol, undefined);
  assert.equal(s.attachMode, 'Legacy TC');
  assert.equal(s.deviceMode, 'veth');
  assert.equal(s.cniChaining, 'aws-cni');
  assert.deepEqual(s.kubeProxyReplacement, { mode: 'False' });
  assert.deepEqual(s.masquerading, { mode: 'Disabled', ipMasqAgent: false });
  assert.deepEqual(s.warnings, []);
});

test('pasted output: shell prompt and kubectl stderr line before a uniformly indented block', () => {
  const s = ok(parseStatus(fixture('text-pasted-indented-with-prompt.txt')));
  assert.equal(s.ciliumVersion, '1.20.0');
  assert.equal(s.hostRouting, 'Legacy');
  assert.equal(s.networkRouting, 'Tunnel');
  assert.equal(s.tunnelProtocol, 'vxlan');
  assert.equal(s.cniChaining, 'portmap');
  assert.deepEqual(s.kubeProxyReplacement?.devices, [{ name: 'ens192', ips: ['203.0.113.40'], directRouting: true }]);
});

test('tabs instead of tabwriter padding are accepted', () => {
  const s = ok(
    parseStatus(
      'Cilium:\tOk   1.14.3 (v1.14.3-252a99ef)\nHost Routing:\tBPF\nMasquerading:\tBPF\t[eth0]\t10.0.0.0/8 [IPv4: Enabled, IPv6: Disabled]\n',
    ),
  );
  assert.equal(s.hostRouting, 'BPF');
  assert.equal(s.masquerading?.snatExclusionCidr, '10.0.0.0/8');
});

test('a grep excerpt of one line is enough', () => {
  const s = ok(parseStatus('Routing:                 Network: Native   Host: BPF'));
  assert.equal(s.hostRouting, 'BPF');
  assert.equal(s.networkRouting, 'Native');
  assert.equal(s.ciliumVersion, undefined);
});

test('indented (verbose) lines never override top-level ones', () => {
  const text = [
    'Cilium:             Ok   1.12.5 (v1.12.5-701acde)',
    'Host Routing:       Legacy',
    'Masquerading:       IPTables [IPv4: Enabled, IPv6: Disabled]',
    'KubeProxyReplacement Details:',
    '  Host Routing:     BPF',
    '  Masquerading:     BPF',
    '  KubeProxyReplacement:   True',
  ].join('\n');
  const s = ok(parseStatus(text));
  assert.equal(s.hostRouting, 'Legacy');
  assert.equal(s.masquerading?.mode, 'IPTables');
  assert.equal(s.kubeProxyReplacement, undefined);
});

test('conflicting duplicate lines (two outputs pasted) keep the first and warn', () => {
  const text =
    'Cilium:  Ok   1.15.1 (v1.15.1-a368c8f0)\nHost Routing:  BPF\nCilium:  Ok   1.15.1 (v1.15.1-a368c8f0)\nHost Routing:  Legacy\n';
  const s = ok(parseStatus(text));
  assert.equal(s.hostRouting, 'BPF');
  assert.equal(s.warnings.length, 1);
  assert.match(s.warnings[0], /several "Host Routing:" lines/);
});

test('unknown values are warnings, not guesses', () => {
  const s = ok(
    parseStatus(
      'Cilium:   Ok   1.16.0 (v1.16.0-82999990)\nRouting:   Network: Tunnel [vxlan]   Host: Hybrid\nHost Routing:   Fast\nKubeProxyReplacement:   Maybe   garbage\nMasquerading:   Sometimes\n',
    ),
  );
  assert.equal(s.hostRouting, undefined);
  assert.equal(s.networkRouting, 'Tunnel');
  assert.equal(s.masquerading, undefined);
  assert.equal(s.kubeProxyReplacement?.mode, 'Maybe');
  assert.ok(s.warnings.some((w) => w.includes('"Hybrid"')));
  assert.ok(s.warnings.some((w) => w.includes('"Fast"')));
  assert.ok(s.warnings.some((w) => w.includes('"Sometimes"')));
  assert.ok(s.warnings.some((w) => w.includes('"Maybe"')));
  assert.ok(s.warnings.some((w) => w.includes('device list "garbage"')));
});

// ------------------------------------------------------------------------------------------
// line-level helpers

test('Masquerading line: every format from 1.9 to 1.20', () => {
  assert.deepEqual(masq('IPTables'), { mode: 'IPTables', ipMasqAgent: false });
  assert.deepEqual(masq('Disabled'), { mode: 'Disabled', ipMasqAgent: false });
  assert.deepEqual(masq('Enabled'), { mode: 'Enabled', ipMasqAgent: false });
  assert.deepEqual(masq('BPF      [eth0]   10.0.0.0/24'), {
    mode: 'BPF',
    ipMasqAgent: false,
    devices: ['eth0'],
    snatExclusionCidr: '10.0.0.0/24',
  });
  assert.deepEqual(masq('BPF (ip-masq-agent)   [eth0, eth1]   10.0.0.0/8 [IPv4: Enabled, IPv6: Disabled]'), {
    mode: 'BPF',
    ipMasqAgent: true,
    ipv4: true,
    ipv6: false,
    devices: ['eth0', 'eth1'],
    snatExclusionCidr: '10.0.0.0/8',
  });
  // BPF without a KPR section: no device/CIDR columns
  assert.deepEqual(masq('BPF [IPv4: Enabled, IPv6: Disabled]'), {
    mode: 'BPF',
    ipMasqAgent: false,
    ipv4: true,
    ipv6: false,
  });
  // BPF with no devices and no CIDR
  assert.deepEqual(masq('BPF   []    [IPv4: Enabled, IPv6: Disabled]'), {
    mode: 'BPF',
    ipMasqAgent: false,
    ipv4: true,
    ipv6: false,
    devices: [],
  });
  assert.deepEqual(masq('IPTables [IPv4: Disabled, IPv6: Enabled]'), {
    mode: 'IPTables',
    ipMasqAgent: false,
    ipv4: false,
    ipv6: true,
  });
  // a mode the printer does not name: only the protocol suffix is printed
  assert.deepEqual(masq('[IPv4: Enabled, IPv6: Disabled]'), {
    mode: 'Enabled',
    ipMasqAgent: false,
    ipv4: true,
    ipv6: false,
  });
  assert.equal(masq('BPFX'), undefined);
});

test('KPR device lists of every era', () => {
  assert.deepEqual(parseKprDevices('eth0 (Direct Routing), eth1'), [
    { name: 'eth0', ips: [], directRouting: true },
    { name: 'eth1', ips: [], directRouting: false },
  ]);
  assert.deepEqual(parseKprDevices('eth0 10.0.0.1 (Direct Routing), eth1 10.0.0.2'), [
    { name: 'eth0', ips: ['10.0.0.1'], directRouting: true },
    { name: 'eth1', ips: ['10.0.0.2'], directRouting: false },
  ]);
  assert.deepEqual(parseKprDevices('eth0   10.0.0.4 fe80::1 (Direct Routing)'), [
    { name: 'eth0', ips: ['10.0.0.4', 'fe80::1'], directRouting: true },
  ]);
  assert.deepEqual(parseKprDevices('enp1s0 10.1.1.1 (Direct Routing), wg0 '), [
    { name: 'enp1s0', ips: ['10.1.1.1'], directRouting: true },
    { name: 'wg0', ips: [], directRouting: false },
  ]);
  // trailing separator (the printer counts `Devices`, not `DeviceList`)
  assert.deepEqual(parseKprDevices('eth0 10.0.0.1, '), [{ name: 'eth0', ips: ['10.0.0.1'], directRouting: false }]);
  assert.deepEqual(parseKprDevices('eth0  10.0.0.1 ... (Direct Routing)'), [
    { name: 'eth0', ips: ['10.0.0.1'], directRouting: true },
  ]);
  assert.deepEqual(parseKprDevices(''), []);
});

test('KPR line: mode alone, mode with devices, elided devices warn', () => {
  assert.deepEqual(
    ok(parseStatus('Cilium: Ok 1.19.1 (v1.19.1-0000000)\nKubeProxyReplacement:    False\n')).kubeProxyReplacement,
    {
      mode: 'False',
    },
  );
  const s = ok(
    parseStatus('KubeProxyReplacement:    True   [eth0  10.9.8.7 ... (Direct Routing)]\nKVStore:   Disabled\n'),
  );
  assert.deepEqual(s.kubeProxyReplacement, {
    mode: 'True',
    devices: [{ name: 'eth0', ips: ['10.9.8.7'], directRouting: true }],
  });
  assert.ok(s.warnings.some((w) => w.includes('elision')));
});

test('Cilium version from the Cilium: message', () => {
  assert.equal(parseCiliumVersionFromMessage('1.17.4 (v1.17.4-55aecc0f)'), '1.17.4');
  assert.equal(parseCiliumVersionFromMessage('1.17.6-cee.1 (v1.17.6-cee.1-a33b0b85)'), '1.17.6-cee.1');
  assert.equal(parseCiliumVersionFromMessage('1.15.0-rc.1 (v1.15.0-rc.1-1a2b3c4d)'), '1.15.0-rc.1');
  assert.equal(parseCiliumVersionFromMessage('v1.9.18'), '1.9.18');
  assert.equal(parseCiliumVersionFromMessage('OK'), undefined);
  assert.equal(parseCiliumVersionFromMessage(''), undefined);
  // only the parenthesised build string
  assert.equal(parseCiliumVersionFromMessage('build (v1.16.5-0c1d2e3f)'), '1.16.5');
  assert.equal(parseCiliumVersionFromMessage('(v1.18.0-pre.2-abcdef12)'), '1.18.0-pre.2');
  // a failure message is not a version
  assert.equal(parseCiliumVersionFromMessage('Kubernetes apiserver unreachable'), undefined);
});

test('Cilium: Failure line keeps the state and no version', () => {
  const s = ok(parseStatus('Cilium:   Failure   Kubernetes apiserver unreachable\nHost Routing:  Legacy\n'));
  assert.equal(s.ciliumState, 'Failure');
  assert.equal(s.ciliumVersion, undefined);
});

// ------------------------------------------------------------------------------------------
// JSON

test('JSON 1.12 shape: host-routing.mode, lower-case iptables, KPR deviceList, version from cilium.msg', () => {
  const s = ok(parseStatus(fixture('json-1.12-host-routing.json')));
  assert.equal(s.format, 'json');
  assert.equal(s.ciliumVersion, '1.12.9');
  assert.equal(s.ciliumState, 'Ok');
  assert.equal(s.hostRouting, 'Legacy');
  assert.equal(s.hostRoutingLine, 'host-routing');
  assert.equal(s.networkRouting, undefined);
  assert.deepEqual(s.masquerading, { mode: 'IPTables', ipMasqAgent: false, ipv4: true, ipv6: false });
  assert.deepEqual(s.kubeProxyReplacement, {
    mode: 'Strict',
    devices: [
      { name: 'eth0', ips: ['192.0.2.50'], directRouting: true },
      { name: 'eth1', ips: ['192.0.2.51'], directRouting: false },
    ],
  });
  assert.equal(s.cniChaining, 'none');
  assert.deepEqual(s.warnings, []);
});

test('JSON 1.17 shape: routing object, tcx/netkit, BPF + ip-masq-agent, empty pre-filled IPs dropped', () => {
  const s = ok(parseStatus(fixture('json-1.17-routing-bpf.json')));
  assert.equal(s.ciliumVersion, '1.17.3');
  assert.equal(s.hostRouting, 'BPF');
  assert.equal(s.hostRoutingLine, 'routing');
  assert.equal(s.networkRouting, 'Tunnel');
  assert.equal(s.tunnelProtocol, 'vxlan');
  assert.equal(s.attachMode, 'TCX');
  assert.equal(s.deviceMode, 'netkit');
  assert.deepEqual(s.masquerading, {
    mode: 'BPF',
    ipMasqAgent: true,
    ipv4: true,
    ipv6: false,
    snatExclusionCidr: '10.244.0.0/16',
  });
  assert.deepEqual(s.kubeProxyReplacement, {
    mode: 'True',
    devices: [{ name: 'enp5s0', ips: ['203.0.113.9', 'fe80::aa:bbff:fecc:ddee'], directRouting: true }],
  });
});

test('JSON 1.17 shape: native legacy, tc attach, both masquerade protocols off means Disabled', () => {
  const s = ok(parseStatus(fixture('json-1.17-native-legacy-masq-off.json')));
  assert.equal(s.hostRouting, 'Legacy');
  assert.equal(s.networkRouting, 'Native');
  assert.equal(s.tunnelProtocol, undefined);
  assert.equal(s.attachMode, 'Legacy TC');
  assert.equal(s.deviceMode, 'veth');
  assert.equal(s.cniChaining, 'aws-cni');
  assert.deepEqual(s.kubeProxyReplacement, { mode: 'False' });
  assert.deepEqual(s.masquerading, { mode: 'Disabled', ipMasqAgent: false, ipv4: false, ipv6: false });
});

test('JSON omitempty: absent masquerading.enabled means false; 1.9 shape without enabledProtocols', () => {
  const off = ok(parseStatus('{"cilium":{"state":"Ok","msg":"1.9.10 (v1.9.10-4e0b7a3)"},"masquerading":{}}'));
  assert.deepEqual(off.masquerading, { mode: 'Disabled', ipMasqAgent: false });
  assert.equal(off.hostRouting, undefined);
  assert.ok(off.warnings.some((w) => w.includes('does not report host routing')));

  const on = ok(
    parseStatus(
      '{"host-routing":{"mode":"BPF"},"masquerading":{"enabled":true,"mode":"BPF","snat-exclusion-cidr":"10.0.0.0/8"},' +
        '"kube-proxy-replacement":{"mode":"Strict","devices":["eth0","eth1"],"directRoutingDevice":"eth1"}}',
    ),
  );
  assert.equal(on.hostRouting, 'BPF');
  assert.deepEqual(on.masquerading, { mode: 'BPF', ipMasqAgent: false, snatExclusionCidr: '10.0.0.0/8' });
  assert.deepEqual(on.kubeProxyReplacement?.devices, [
    { name: 'eth0', ips: [], directRouting: false },
    { name: 'eth1', ips: [], directRouting: true },
  ]);

  const noMode = ok(parseStatus('{"masquerading":{"enabled":true}}'));
  assert.equal(noMode.masquerading?.mode, 'Enabled');
  assert.equal(toMasqueradingMode(noMode), 'Unknown');
});

test('JSON: routing wins over a disagreeing host-routing object, with a warning', () => {
  const s = ok(
    parseStatus(
      '{"routing":{"intra-host-routing-mode":"Legacy","inter-host-routing-mode":"Native"},"host-routing":{"mode":"BPF"}}',
    ),
  );
  assert.equal(s.hostRouting, 'Legacy');
  assert.equal(s.hostRoutingLine, 'routing');
  assert.equal(s.warnings.length, 1);
});

test('JSON: a routing object without intra-host mode is "not reported", never guessed', () => {
  const s = ok(parseStatus('{"routing":{"inter-host-routing-mode":"Tunnel","tunnel-protocol":"geneve"}}'));
  assert.equal(s.hostRouting, undefined);
  assert.equal(s.hostRoutingLine, undefined);
  assert.equal(s.networkRouting, 'Tunnel');
  assert.equal(s.tunnelProtocol, 'geneve');
  assert.deepEqual(s.warnings.length, 1);
  assert.match(s.warnings[0], /does not report host routing/);
  const odd = ok(parseStatus('{"host-routing":{"mode":"Fast"}}'));
  assert.equal(odd.hostRouting, undefined);
  assert.deepEqual(odd.warnings, ['unrecognised "host-routing.mode" value "Fast"']);
});

test('JSON after a kubectl stderr line is still found', () => {
  const text =
    'Defaulted container "cilium-agent" out of: cilium-agent, install-cni-binaries (init)\n' +
    fixture('json-1.12-host-routing.json');
  const s = ok(parseStatus(text));
  assert.equal(s.format, 'json');
  assert.equal(s.hostRouting, 'Legacy');
});

test('invalid JSON, non-status JSON', () => {
  assert.match(err(parseStatus('{"cilium": {"state": "Ok",')), /not valid JSON/);
  assert.match(err(parseStatus('  \n {oops}')), /not valid JSON/);
  assert.match(err(parseStatus('{"name":"x","items":[]}')), /does not look like cilium status output/);
  assert.match(err(parseStatusJson('[1,2,3]')), /not an object/);
  assert.match(err(parseStatusJson('null')), /not an object/);
});

// ------------------------------------------------------------------------------------------
// junk

test('empty, blank, binary and non-string input give errors, never throw', () => {
  assert.match(err(parseStatus('')), /empty/);
  assert.match(err(parseStatus('   \n\t\r\n')), /empty/);
  const binary = Buffer.from([
    0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x0a, 0x3a,
  ]).toString('latin1');
  assert.match(err(parseStatus(binary)), /binary/);
  assert.match(err(parseStatus(undefined as unknown as string)), /not a string/);
  assert.match(err(parseStatus(42 as unknown as string)), /not a string/);
  assert.match(err(parseStatusText('hello world\nfoo: bar\n')), /does not look like cilium status output/);
  // one vaguely similar line is not enough
  assert.match(err(parseStatus('Cilium: the eBPF-based CNI\n')), /does not look like cilium status output/);
  // YAML output (-o yaml) is not read
  assert.match(
    err(parseStatus('cilium:\n  state: Ok\nhost-routing:\n  mode: BPF\n')),
    /does not look like cilium status output/,
  );
});

/** Deterministic pseudo-random printable text with newlines, colons and brackets. */
function randomText(bytes: number, seed: number): string {
  const alphabet = Buffer.from(
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :[](),.-/\t\n{}"=\\',
    'latin1',
  );
  const buf = new Uint8Array(bytes);
  let x = seed >>> 0;
  for (let i = 0; i < bytes; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    buf[i] = alphabet[(x >>> 8) % alphabet.length];
  }
  return Buffer.from(buf).toString('latin1');
}

test('5 MB of random text: no throw, fast', () => {
  const text = randomText(5 * 1024 * 1024, 12345);
  const t0 = performance.now();
  const r = parseStatus(text);
  const ms = performance.now() - t0;
  assert.equal(r.ok, false);
  assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  const t1 = performance.now();
  const logs = extractHostRoutingFallbacks(text);
  assert.deepEqual(logs, []);
  assert.ok(performance.now() - t1 < 3000);
});

test('pathological long lines: whitespace runs and a 5 MB Masquerading value stay fast', () => {
  const spaces = ' '.repeat(2_000_000);
  const cases = [
    `Cilium:   Ok   1.16.0 (v1.16.0-82999990)\nMasquerading:${spaces}BPF${spaces}[eth0]${spaces}x${spaces}!\n`,
    `Cilium:   Ok   1.16.0 (v1.16.0-82999990)\nRouting: Network:${spaces}Tunnel${spaces}[${spaces}\n`,
    `Masquerading: ${'['.repeat(5_000_000)}\nHost Routing: BPF\n`,
    `KubeProxyReplacement: True [${'eth0 10.0.0.1, '.repeat(300_000)}]\nHost Routing: BPF\n`,
  ];
  for (const text of cases) {
    const t0 = performance.now();
    const r = parseStatus(text);
    const ms = performance.now() - t0;
    assert.equal(r.ok, true);
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  }
});

// ------------------------------------------------------------------------------------------
// agent log extractor

const LOGRUS_HR =
  'level=info msg="BPF host routing requires enable-bpf-masquerade. Falling back to legacy host routing (enable-host-legacy-routing=true)." subsys=daemon';
const LOGRUS_MASQ =
  'time="2023-07-22T04:50:01Z" level=info msg="BPF masquerade could not be enabled. Falling back to legacy host routing (--enable-host-legacy-routing=\\"true\\")." subsys=daemon';
const LOGRUS_KPR =
  'level=info msg="Auto-disabling \\"enable-node-port\\", \\"enable-external-ips\\", \\"bpf-lb-sock\\", \\"enable-host-port\\" features and falling back to \\"enable-host-legacy-routing\\"" subsys=daemon';
const SLOG_HR =
  'time=2025-08-03T14:20:11.512Z level=INFO source=/go/src/github.com/cilium/cilium/pkg/kpr/initializer/kube_proxy_replacement.go:120 msg="BPF host routing requires kube-proxy-replacement. Falling back to legacy host routing (enable-host-legacy-routing=true)." module=agent.datapath';
const JSON_HR =
  '{"level":"info","msg":"BPF host routing requires kernel 5.10 or newer. Falling back to legacy host routing (enable-host-legacy-routing=true).","subsys":"daemon"}';
const PLAIN_HR =
  '2024-02-02 10:00:00 INFO BPF host routing is incompatible with enable-ipsec. Falling back to legacy host routing (enable-host-legacy-routing=true).';
const PLAIN_KPR =
  'Auto-disabling "enable-node-port", "enable-external-ips", "enable-host-reachable-services", "enable-host-port", "enable-session-affinity" features and falling back to "enable-host-legacy-routing"';

test('log extractor: logrus lines of all three kinds, escaped quotes unescaped', () => {
  const log = [
    'level=info msg="  --enable-host-legacy-routing=\'false\'" subsys=daemon',
    LOGRUS_HR,
    'level=warning msg="BPF masquerade requires NodePort (--enable-node-port=\\"true\\"). Falling back to iptables-based masquerading." subsys=daemon',
    LOGRUS_MASQ,
    LOGRUS_KPR,
  ].join('\n');
  const found = extractHostRoutingFallbacks(log);
  assert.deepEqual(found, [
    { reason: 'BPF host routing requires enable-bpf-masquerade.', line: LOGRUS_HR, lineIndex: 1, kind: 'host-routing' },
    { reason: 'BPF masquerade could not be enabled.', line: LOGRUS_MASQ, lineIndex: 3, kind: 'bpf-masquerade' },
    {
      reason: 'Auto-disabling "enable-node-port", "enable-external-ips", "bpf-lb-sock", "enable-host-port" features',
      line: LOGRUS_KPR,
      lineIndex: 4,
      kind: 'kpr-disabled',
    },
  ]);
});

test('log extractor: slog, JSON and plain-text lines, CRLF, kubectl --prefix', () => {
  const prefixed = `[pod/cilium-x7k2p/cilium-agent] ${LOGRUS_HR}`;
  const log = [SLOG_HR, JSON_HR, PLAIN_HR, PLAIN_KPR, prefixed].join('\r\n') + '\r\n';
  const found = extractHostRoutingFallbacks(log);
  assert.deepEqual(
    found.map((f) => [f.kind, f.reason, f.lineIndex]),
    [
      ['host-routing', 'BPF host routing requires kube-proxy-replacement.', 0],
      ['host-routing', 'BPF host routing requires kernel 5.10 or newer.', 1],
      ['host-routing', 'BPF host routing is incompatible with enable-ipsec.', 2],
      [
        'kpr-disabled',
        'Auto-disabling "enable-node-port", "enable-external-ips", "enable-host-reachable-services", "enable-host-port", "enable-session-affinity" features',
        3,
      ],
      ['host-routing', 'BPF host routing requires enable-bpf-masquerade.', 4],
    ],
  );
  assert.equal(found[0].line, SLOG_HR, 'line is returned without the CR');
});

test('log extractor: plain text with an unknown reason takes the last sentence', () => {
  const found = extractHostRoutingFallbacks(
    'agent started. Some future reason applies here. Falling back to legacy host routing (enable-host-legacy-routing=true).',
  );
  assert.equal(found.length, 1);
  assert.equal(found[0].reason, 'Some future reason applies here.');
  const structured = extractHostRoutingFallbacks(
    'level=info msg="Some new reason. Falling back to legacy host routing (enable-host-legacy-routing=true)."',
  );
  assert.equal(structured[0].reason, 'Some new reason.');
});

test('log extractor: lines that are not host-routing fallbacks are ignored', () => {
  const log = [
    'level=info msg="Auto-disabling \\"enable-node-port\\", \\"enable-external-ips\\", \\"enable-host-reachable-services\\", \\"enable-host-port\\", \\"enable-session-affinity\\" features" subsys=daemon',
    'level=warning msg="Falling back to iptables-based masquerading." error="BPF masquerade requires NodePort" subsys=daemon',
    'level=info msg="  --enable-host-legacy-routing=\'true\'" subsys=daemon',
    'datapath autodiscovery failed, reverting from netkit to veth',
  ].join('\n');
  assert.deepEqual(extractHostRoutingFallbacks(log), []);
  assert.deepEqual(extractHostRoutingFallbacks(''), []);
  assert.deepEqual(extractHostRoutingFallbacks(null as unknown as string), []);
});

test('log extractor: maxResults and a 5 MB log with the match at the end', () => {
  const many = Array.from({ length: 50 }, () => LOGRUS_HR).join('\n');
  assert.equal(extractHostRoutingFallbacks(many).length, 50);
  assert.equal(extractHostRoutingFallbacks(many, { maxResults: 3 }).length, 3);

  const filler = 'level=info msg="Regenerating endpoint" subsys=endpoint endpointID=42\n';
  const big = filler.repeat(Math.ceil((5 * 1024 * 1024) / filler.length)) + SLOG_HR + '\n';
  const t0 = performance.now();
  const found = extractHostRoutingFallbacks(big);
  const ms = performance.now() - t0;
  assert.equal(found.length, 1);
  assert.equal(found[0].lineIndex, big.split('\n').length - 2);
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
});
