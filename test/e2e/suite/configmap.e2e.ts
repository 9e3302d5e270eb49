/** A cilium-config ConfigMap as one document of a multi-document file (`helm template` output). */
import * as assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import {
  AGENT_LOG_BPF_MASQ,
  closeAll,
  diagnosticsOf,
  fixture,
  hoverText,
  lensTitle,
  open,
  ours,
  positionOf,
  quickFixes,
  revertAndClose,
  ruleId,
  waitFor,
} from './helpers';

describe('cilium-config ConfigMap in a multi-document file', () => {
  after(closeAll);
  const uri = fixture('manifests', 'rendered.yaml');

  it('is recognised by its content (the file name does not match the values globs)', async () => {
    const editor = await open(uri);
    const ds = await diagnosticsOf(uri);
    assert.deepEqual(ds.map(ruleId), ['iptables-masquerade']);
    const d = ds[0];
    const value = positionOf(editor.document, 'enable-ipv4-masquerade:', '"true"');
    assert.ok(
      d.range.isEqual(new vscode.Range(value, value.translate(0, 6))),
      `range ${JSON.stringify(d.range)}, value at ${JSON.stringify(value)}`,
    );
    assert.equal(d.message.split('\n')[1], `Agent log: ${AGENT_LOG_BPF_MASQ}`);
  });

  it('hover on a data key names the ConfigMap key and the Helm value behind it', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const key = positionOf(doc, 'enable-ipv4-masquerade:', 'enable-ipv4-masquerade');
    const md = await hoverText(uri, key.translate(0, 4));
    assert.match(md, /^\*\*`enable-ipv4-masquerade`\*\* \(cilium-config\)/);
    assert.ok(md.includes('Helm value: `enableIPv4Masquerade`'), md);
    assert.ok(md.includes('**This file:** this is why host routing is Legacy (`iptables-masquerade`)'), md);
    // the other objects in the file are not analysed
    const other = positionOf(doc, 'kind: ServiceAccount', 'kind');
    assert.equal(await hoverText(uri, other.translate(0, 1)), '');
  });

  it('the lens shows the verdict; the quick fix adds enable-bpf-masquerade and clears the warning', async () => {
    assert.match(
      await lensTitle(uri, (t) => t.startsWith('Host routing:')),
      /^Host routing: Legacy on Cilium \d+\.\d+\.\d+ — iptables masquerades, not BPF$/,
    );
    const [d] = ours(uri);
    const actions = await quickFixes(uri, d.range);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `no preferred fix among ${actions.map((a) => a.title)}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /\n {2}enable-bpf-masquerade: "true"\n/);
    await waitFor(
      () => `the diagnostic to clear (now: ${ours(uri).map(ruleId)})`,
      () => (ours(uri).length === 0 ? true : undefined),
    );
    assert.match(await lensTitle(uri, (t) => t.startsWith('Host routing: BPF')), /^Host routing: BPF on Cilium /);
    await revertAndClose();
  });
});
