/** The protocol layer's pure pieces: key docs, file selection, suppression placement, lens titles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_DOCS, keyDocForConfigKey, keyDocForValue } from '../../server/src/core/facts/keyDocs';
import { chartVersionsWithKey } from '../../server/src/core/chart/chartKeys';
import { DEFAULT_INCLUDE, normaliseSettings } from '../../server/src/protocol/documents/settings';
import { matchesInclude, skipReason } from '../../server/src/protocol/documents/selection';
import { suppressionEdit, suppressionLine } from '../../server/src/protocol/features/codeActions';
import { lensTitle } from '../../server/src/protocol/features/codeLens';
import { resolveBase } from '../../server/src/files/bases';
import { analyze } from '../../server/src/core/analyze';

test('every host-routing key has a hover text, and every value path exists in some chart', () => {
  const values = [
    'kubeProxyReplacement',
    'bpf.masquerade',
    'enableIPv4Masquerade',
    'enableIPv6Masquerade',
    'bpf.hostLegacyRouting',
    'bpf.hostRouting',
    'cni.chainingMode',
    'cni.chainingTarget',
    'endpointRoutes.enabled',
    'eni.enabled',
    'routingMode',
    'tunnel',
    'tunnelProtocol',
    'nodePort.enabled',
    'encryption.enabled',
    'encryption.type',
    'ipv4.enabled',
    'ipv6.enabled',
    'bpf.datapathMode',
    'upgradeCompatibility',
  ];
  const keys = [
    'kube-proxy-replacement',
    'enable-bpf-masquerade',
    'enable-ipv4-masquerade',
    'enable-ipv6-masquerade',
    'enable-host-legacy-routing',
    'cni-chaining-mode',
    'enable-endpoint-routes',
    'routing-mode',
    'tunnel',
    'tunnel-protocol',
    'enable-node-port',
    'enable-ipsec',
    'enable-wireguard',
    'datapath-mode',
    'enable-ipv4',
    'enable-ipv6',
  ];
  for (const v of values) assert.ok(keyDocForValue(v), `no hover text for ${v}`);
  for (const k of keys) assert.ok(keyDocForConfigKey(k), `no hover text for ${k}`);
  for (const d of KEY_DOCS) {
    for (const v of d.values) assert.ok(chartVersionsWithKey(v).length > 0, `${v} is in no chart`);
    for (const text of [d.what, d.hostRouting, d.history]) assert.ok(text.length > 10 && text.length < 400);
  }
  assert.equal(keyDocForConfigKey('enable-endpoint-routes')?.values[0], 'endpointRoutes.enabled');
});

test('file selection: include globs, templates folders, languages', () => {
  const inc = [...DEFAULT_INCLUDE];
  assert.ok(matchesInclude('file:///a/values.yaml', inc));
  assert.ok(matchesInclude('file:///a/values-prod.yml', inc));
  assert.ok(matchesInclude('file:///a/my-cilium-overrides.yaml', inc));
  assert.ok(!matchesInclude('file:///a/deployment.yaml', inc));
  assert.ok(!matchesInclude('untitled:Untitled-1', inc));
  assert.ok(matchesInclude('file:///repo/clusters/prod/net.yaml', ['clusters/**/net.yaml']));
  assert.ok(matchesInclude('file:///repo/x/Values.YAML', ['values.{yaml,yml}']));
  assert.ok(matchesInclude('file:///repo/my%20values.yaml', ['my values.yaml']));
  assert.equal(skipReason('file:///chart/templates/configmap.yaml', 'yaml'), 'template-path');
  assert.equal(skipReason('file:///chart/templates/sub/x.yaml', 'helm'), 'template-path');
  assert.equal(skipReason('file:///chart/values.yaml', 'yaml'), undefined);
  assert.equal(skipReason('file:///notes.txt', 'plaintext'), 'not-yaml');
  assert.equal(skipReason('untitled:Untitled-2', 'yaml'), undefined);
});

test('settings are normalised, whatever the client sends', () => {
  const s = normaliseSettings({
    ciliumVersion: ' 1.16 ',
    kernelVersion: '',
    severity: { a: 'Info', b: 'off', c: 'loud', d: 3 },
    files: { include: ['x*.yaml', 7, ''] },
  });
  assert.equal(s.ciliumVersion, '1.16');
  assert.equal(s.kernelVersion, undefined);
  assert.deepEqual(s.severity, { a: 'information', b: 'off' });
  assert.deepEqual(s.include, ['x*.yaml']);
  assert.deepEqual(normaliseSettings(null).include, [...DEFAULT_INCLUDE]);
  assert.deepEqual(normaliseSettings({ 'files.include': ['a.yaml'] }).include, ['a.yaml']);
});

test('suppression lines go after a modeline block at the top, else first', () => {
  assert.equal(suppressionLine('kubeProxyReplacement: true\n'), 0);
  assert.equal(suppressionLine('# cilium-datapath: version=1.16\nkubeProxyReplacement: true\n'), 1);
  assert.equal(
    suppressionLine('# Copyright\n# cilium-datapath: version=1.16\n# cilium-datapath: kernel=6.1\n# more\nx: 1\n'),
    3,
  );
  assert.equal(suppressionLine('x: 1\n# cilium-datapath: version=1.16\n'), 0);
  assert.deepEqual(suppressionEdit('# cilium-datapath: version=1.16', 'kpr-disabled'), {
    range: { start: { line: 0, character: 31 }, end: { line: 0, character: 31 } },
    newText: '\n# cilium-datapath: disable=kpr-disabled reason',
  });
  assert.equal(suppressionEdit('a: 1\r\n', 'x').newText, '# cilium-datapath: disable=x reason\r\n');
});

test('lens titles are short: the verdict and the decisive reason in a few words', () => {
  const run = (text: string, ciliumVersion: string) => {
    const r = analyze([{ name: 'values.yaml', text }], { ciliumVersion });
    assert.ok(r.ok);
    return lensTitle(r.analysis);
  };
  assert.equal(
    run('kubeProxyReplacement: true\nenableIPv4Masquerade: true\n', '1.16.4'),
    'Host routing: Legacy on Cilium 1.16.4 — iptables masquerades, not BPF',
  );
  assert.equal(
    run('kubeProxyReplacement: true\nbpf:\n  masquerade: true\n', '1.16.4'),
    'Host routing: BPF on Cilium 1.16.4',
  );
  assert.equal(
    run('bpf:\n  masquerade: true\n', '1.13.4'),
    'Host routing: Legacy on Cilium 1.13.4 — kube-proxy replacement is off (silent) · 1 more',
  );
  assert.equal(
    run('cni:\n  chainingMode: aws-cni\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n', '1.14.2'),
    'Host routing: Legacy on Cilium 1.14.2 — aws-cni chaining forces it (silent)',
  );
  assert.equal(
    run(
      '# cilium-datapath: kernel=5.4.0-135-generic\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n',
      '1.16.4',
    ),
    'Host routing: Legacy on Cilium 1.16.4 — kernel 5.4.0-135-generic is older than 5.10',
  );
});

test('base files resolve relative to the document', () => {
  assert.deepEqual(resolveBase('file:///a/env/values.yaml', '../values.yaml'), { uri: 'file:///a/values.yaml' });
  assert.deepEqual(resolveBase('file:///a/env/values.yaml', '/etc/cilium/base.yaml'), {
    uri: 'file:///etc/cilium/base.yaml',
  });
  assert.ok('problem' in resolveBase('untitled:Untitled-1', '../values.yaml'));
});
