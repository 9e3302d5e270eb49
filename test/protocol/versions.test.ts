/**
 * Versions over the protocol: the inferred version of a document, the verdict over every release
 * in Explain and (short) in the verdict hover, and the upgrade requests behind "Cilium: Check
 * Upgrade…".
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { suiteHarness } from './harness';
import { UpgradeReportRequest, UpgradeTargetsRequest } from '../../server/src/protocol/requests';

describe('versions over the protocol', () => {
  const h = suiteHarness();

  const strict = 'untitled:kpr-strict-values.yaml';
  const strictText =
    '# cilium-datapath: version=1.15.7\nkubeProxyReplacement: strict\nk8sServiceHost: api.example.internal\nk8sServicePort: 6443\n';
  const tunnel = 'untitled:tunnel-values.yaml';

  test('a document without a version is evaluated at the line it was written for', async () => {
    await h.openAndWait(tunnel, 'tunnel: vxlan\n');
    const v = await h.verdict(tunnel);
    assert.equal(v?.ciliumVersion?.source, 'inferred');
    assert.equal(v?.ciliumVersion?.evaluated, '1.14.16');
    assert.equal(v?.mode, 'Legacy');
    const md = await h.hover(tunnel, 0, 0);
    assert.match(md, /Cilium 1\.14\.16 \(inferred/);
    assert.match(md, /tunnel: vxlan → 1\.14 or older/);
  });

  test('the verdict hover has the short form, Explain the whole table', async () => {
    const md = await h.hover(tunnel, 0, 0);
    assert.match(
      md,
      /\*\*By version \(newest patch of each line; Explain shows every patch change\):\*\* 1\.9 BPF; 1\.10–1\.15 Legacy \(kpr disabled\); 1\.16–1\.20 AgentFails \(chart refuses\)/,
    );
    const explain = (await h.client.sendRequest(ExecuteCommandRequest.type, {
      command: 'ciliumDatapath.explain',
      arguments: [tunnel],
    })) as string;
    assert.match(explain, /\| Releases \| Host routing \| Why \|/);
    assert.match(explain, /\| 1\.12\.1–1\.16\.1 \| Legacy \| /);
    assert.match(explain, /\| 1\.16\.2–1\.20\.x \| AgentFails \| tunnel was deprecated in v1\.14/);
  });

  test('upgrade targets: the releases newer than the document’s version, newest first', async () => {
    await h.openAndWait(strict, strictText);
    const t = await h.client.sendRequest(UpgradeTargetsRequest, { uri: strict });
    assert.ok(t);
    assert.equal(t.from, '1.15.7');
    assert.equal(t.source, 'modeline');
    assert.equal(t.releases[0], '1.20.0');
    assert.ok(t.releases.includes('1.16.4') === false, 'only known releases (change points and newest patches)');
    assert.ok(t.releases.includes('1.16.2') && t.releases.includes('1.16.15'));
    assert.ok(!t.releases.includes('1.15.7') && !t.releases.includes('1.14.16'));
  });

  test('upgrade report: strict KPR from 1.15.7 to 1.16.4, as Markdown and as changes', async () => {
    const r = await h.client.sendRequest(UpgradeReportRequest, { uri: strict, to: '1.16.4' });
    assert.ok(r);
    assert.equal(r.error, null);
    assert.equal(r.from, '1.15.7');
    assert.equal(r.to, '1.16.4');
    assert.equal(r.worse, true);
    assert.deepEqual(
      r.changes.map((c) => [c.kind, c.path, c.version]),
      [
        ['verdict', 'kubeProxyReplacement', '1.16.0'],
        ['refused-value', 'kubeProxyReplacement', '1.16.0'],
        // tuning family: chart 1.16+ accepts only true/false, so the feature set no longer renders either
        ['feature', 'kubeProxyReplacement', '1.16.0'],
      ],
    );
    assert.match(r.markdown, /^# Upgrade 1\.15\.7 → 1\.16\.4: kpr-strict-values\.yaml/);
    assert.match(r.markdown, /\*\*The file gets worse with this upgrade\*\*/);
    assert.match(
      r.markdown,
      /\| 1\.16\.0 \| refused-value \| `kubeProxyReplacement` \| .* \| Set kubeProxyReplacement: true \|/,
    );
  });

  test('upgrade report: bad input answers, never throws', async () => {
    const bad = await h.client.sendRequest(UpgradeReportRequest, { uri: strict, to: '1.14' });
    assert.ok(bad);
    assert.match(bad.error ?? '', /not older than/);
    assert.match(bad.markdown, /No upgrade report/);
    assert.equal(await h.client.sendRequest(UpgradeReportRequest, { uri: 'untitled:not-open.yaml', to: '1.16' }), null);
    assert.equal(await h.client.sendRequest(UpgradeReportRequest, { uri: strict } as never), null);
    assert.equal(await h.client.sendRequest(UpgradeTargetsRequest, { uri: 'untitled:not-open.yaml' }), null);
    await h.open('untitled:notes-values.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n');
    assert.equal(await h.client.sendRequest(UpgradeTargetsRequest, { uri: 'untitled:notes-values.yaml' }), null);
  });
});
