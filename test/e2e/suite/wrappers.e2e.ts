/**
 * Wrapped releases in the real editor: a Flux HelmRelease and an RKE2 HelmChartConfig in one
 * file (a name no include glob matches: the content decides). Diagnostics on the keys inside
 * spec.values and inside the valuesContent block, one verdict lens per release with the version
 * the HelmRelease pins, the explanation per release, hover, and a quick fix written inside the
 * release.
 */
import * as assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import {
  closeAll,
  diagnosticsOf,
  fixture,
  hoverText,
  lenses,
  lensTitle,
  open,
  ours,
  positionOf,
  quickFixes,
  revertAndClose,
  ruleId,
  waitFor,
} from './helpers';

describe('wrapped releases: Flux HelmRelease and RKE2 HelmChartConfig', () => {
  after(closeAll);
  const uri = fixture('gitops', 'helmrelease.yaml');

  it('diagnostics sit on the keys inside spec.values and inside the valuesContent block', async () => {
    const editor = await open(uri);
    const ds = await waitFor('two iptables-masquerade diagnostics', () => {
      const d = ours(uri).filter((x) => ruleId(x) === 'iptables-masquerade');
      return d.length === 2 ? d : undefined;
    });
    const [hr, rke2] = [...ds].sort((a, b) => a.range.start.line - b.range.start.line);
    const inValues = positionOf(editor.document, 'enableIPv4Masquerade:', 'true');
    assert.deepEqual([hr.range.start.line, hr.range.start.character], [inValues.line, inValues.character]);
    assert.equal(editor.document.getText(hr.range), 'true');
    const inBlock = positionOf(editor.document, 'masquerade: false', 'false');
    assert.deepEqual([rke2.range.start.line, rke2.range.start.character], [inBlock.line, inBlock.character]);
    assert.equal(editor.document.getText(rke2.range), 'false');
  });

  it('one verdict lens per release, on its kind line; the HelmRelease pins the version', async () => {
    await lensTitle(uri, (t) => t.includes('Cilium 1.16.4'));
    const all = (await lenses(uri)).filter((l) => l.command?.command === 'ciliumDatapath.explain');
    assert.deepEqual(
      all.map((l) => l.range.start.line),
      [1, 21],
    );
    assert.match(all[0].command!.title, /^cilium: Host routing: Legacy on Cilium 1\.16\.4/);
    assert.match(all[1].command!.title, /^rke2-cilium: Host routing: Legacy/);
    // each lens explains its own release in the report view (the command returns the data shown)
    const first = (await vscode.commands.executeCommand(
      all[0].command!.command,
      ...(all[0].command!.arguments ?? []),
    )) as { inputs: string; versionLine: string; markdown: string };
    assert.match(first.inputs, /^HelmRelease cilium, /);
    assert.match(first.versionLine, /from the HelmRelease's spec\.chart\.spec\.version/);
    const second = (await vscode.commands.executeCommand(
      all[1].command!.command,
      ...(all[1].command!.arguments ?? []),
    )) as { inputs: string };
    assert.match(second.inputs, /^HelmChartConfig rke2-cilium, /);
    // "Open as Markdown" shows the release the report shows
    await vscode.commands.executeCommand('ciliumDatapath.openReportAsMarkdown');
    const shown = await waitFor('the explanation editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'cilium-datapath'),
    );
    assert.match(shown.document.getText(), /HelmChartConfig `rke2-cilium`/);
  });

  it('hover inside the block explains the key', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const key = positionOf(doc, 'masquerade: false', 'masquerade');
    const md = await hoverText(uri, key.translate(0, 3));
    assert.match(md, /bpf\.masquerade/);
  });

  it('the quick fix edits the value inside the block and the diagnostic goes', async () => {
    const editor = await open(uri);
    const ds = await diagnosticsOf(uri);
    const d = ds
      .filter((x) => ruleId(x) === 'iptables-masquerade')
      .sort((a, b) => b.range.start.line - a.range.start.line)[0];
    const actions = await quickFixes(uri, d.range);
    const fix = actions.find((a) => !!a.title?.startsWith('Masquerade with BPF'));
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /\n {4}bpf:\n {6}masquerade: true\n?$/);
    await waitFor(
      () => `one diagnostic left (now: ${ours(uri).map(ruleId)})`,
      () => (ours(uri).filter((x) => ruleId(x) === 'iptables-masquerade').length === 1 ? true : undefined),
    );
    await revertAndClose();
  });
});
