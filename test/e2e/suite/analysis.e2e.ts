/**
 * The editor features on Helm values files, through VS Code's own provider commands (what the
 * editor itself calls): diagnostics with rule ids and ranges, hover, quick fixes, the verdict
 * lens and the explanation it opens, per-rule severity settings, files that are not Cilium's.
 */
import * as assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import {
  AGENT_LOG_BPF_MASQ,
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
  ruleLink,
  sleep,
  waitFor,
} from './helpers';

const LEGACY_LENS = 'Host routing: Legacy on Cilium 1.16.4 — iptables masquerades, not BPF';
const BPF_LENS = 'Host routing: BPF on Cilium 1.16.4';

describe('Helm values: the masquerade pitfall', () => {
  after(closeAll);
  const uri = fixture('values.yaml');

  it('one warning, rule iptables-masquerade, on the value of enableIPv4Masquerade', async () => {
    const editor = await open(uri);
    const ds = await diagnosticsOf(uri);
    assert.deepEqual(ds.map(ruleId), ['iptables-masquerade']);
    const d = ds[0];
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    // `enableIPv4Masquerade: true` is line 6 (0-based 5); the range is the value `true`.
    const at = positionOf(editor.document, 'enableIPv4Masquerade:', 'true');
    assert.deepEqual([at.line, at.character], [5, 22]);
    assert.ok(d.range.isEqual(new vscode.Range(5, 22, 5, 26)), `range ${JSON.stringify(d.range)}`);
    assert.equal(editor.document.getText(d.range), 'true');
    const [first, second] = d.message.split('\n');
    assert.match(first, /^IPv4 masquerading is on but enable-bpf-masquerade is not set/);
    assert.equal(second, `Agent log: ${AGENT_LOG_BPF_MASQ}`);
    assert.match(ruleLink(d) ?? '', /iptables-masquerade/, 'the rule id links to its documentation');
  });

  it('hover on the key explains it and its part in this verdict', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const key = positionOf(doc, 'enableIPv4Masquerade:', 'enableIPv4Masquerade');
    const md = await hoverText(uri, key.translate(0, 5));
    assert.match(md, /\*\*`enableIPv4Masquerade`\*\* → cilium-config `enable-ipv4-masquerade`/);
    assert.ok(md.includes('**This file:** this is why host routing is Legacy (`iptables-masquerade`)'), md);
    assert.ok(md.includes(AGENT_LOG_BPF_MASQ), md);
    // on the first line: the whole verdict
    const top = await hoverText(uri, new vscode.Position(0, 3));
    assert.match(top, /\*\*Host routing: Legacy\*\*/);
    // nowhere near a key: nothing from us
    assert.equal(await hoverText(uri, new vscode.Position(doc.lineCount, 0)), '');
  });

  it('the verdict lens on line 1 runs the explain command, which opens the explanation', async () => {
    const title = await lensTitle(uri, (t) => t.startsWith('Host routing:'));
    assert.equal(title, LEGACY_LENS);
    // line 1 carries the verdict lens, the datapath summary lens, then the live-check lens the VS Code client asks for
    const all = await lenses(uri);
    assert.deepEqual(
      all.map((l) => [l.range.start.line, l.command?.command]),
      [
        [0, 'ciliumDatapath.explain'],
        [0, 'ciliumDatapath.explain'],
        [0, 'ciliumDatapath.checkLiveCluster'],
      ],
    );
    assert.match(all[1].command?.title ?? '', /^Datapath: legacy host routing/);
    assert.equal(all[2].command?.title, 'Check live cluster');
    assert.deepEqual(all[2].command?.arguments, [{ file: uri.toString() }]);
    const lens = all[0];
    // The explanation opens in the report view (a webview), and the command returns what it shows.
    const data = (await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []))) as {
      mode: string;
      reasons: Array<{ ruleId: string; agentLog: string | null; fixes: unknown[] }>;
    };
    assert.equal(data.mode, 'Legacy');
    assert.equal(data.reasons[0].ruleId, 'iptables-masquerade');
    assert.equal(data.reasons[0].agentLog, AGENT_LOG_BPF_MASQ);
    assert.ok(data.reasons[0].fixes.length > 0);
    const reportTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('ciliumDatapath.report'));
    await waitFor('the report view', () => (reportTabs().length === 1 ? true : undefined));
    const groups = vscode.window.tabGroups.all.length;
    // run again: the same view is updated, no new column or tab
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.equal(reportTabs().length, 1);
    assert.equal(vscode.window.tabGroups.all.length, groups);
    // "Open as Markdown": the same explanation as a read-only Markdown document
    await vscode.commands.executeCommand('ciliumDatapath.openReportAsMarkdown');
    const shown = await waitFor('the Markdown explanation', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'cilium-datapath'),
    );
    const text = shown.document.getText();
    assert.equal(shown.document.languageId, 'markdown');
    assert.match(text, /^\*\*Host routing: Legacy\*\*/);
    assert.ok(text.includes('`iptables-masquerade`'), text);
    assert.ok(text.includes(AGENT_LOG_BPF_MASQ), text);
    // the tuning checklist as a table, and what else could be enabled
    assert.ok(text.includes('| Feature | State | Why / detail | Kernel | `cilium status` |'), text);
    assert.ok(text.includes('| BPF host routing | – off |'), text);
    assert.ok(text.includes('**What else could I enable**'), text);
  });

  it('a clean file: no diagnostics, a BPF lens', async () => {
    const clean = fixture('values-bpf.yaml');
    await open(clean);
    assert.equal(await lensTitle(clean, (t) => t.startsWith('Host routing:')), BPF_LENS);
    assert.deepEqual(ours(clean).map(ruleId), []);
  });

  it('a Kubernetes object that is not Cilium: no lens, no diagnostics', async () => {
    const other = fixture('manifests', 'deployment.yaml');
    await open(other);
    assert.deepEqual(await lenses(other), []);
    await sleep(500);
    assert.deepEqual(ours(other).map(ruleId), []);
  });
});

describe('Helm values: quick fix', () => {
  after(closeAll);
  const uri = fixture('values-quickfix.yaml');

  it('offers the fix (preferred) and the suppression; applying the fix clears the diagnostic and the lens says BPF', async () => {
    const editor = await open(uri);
    const [d] = await diagnosticsOf(uri);
    assert.equal(ruleId(d), 'iptables-masquerade');
    const actions = await quickFixes(uri, d.range);
    const ours_ = actions.filter(
      (a) =>
        !!a.kind &&
        a.title !== undefined &&
        (a.title.startsWith('Masquerade with BPF') || a.title.startsWith('Suppress')),
    );
    assert.deepEqual(
      ours_.map((a) => [a.title, a.kind?.value, !!a.isPreferred]),
      [
        ['Masquerade with BPF (bpf.masquerade: true)', 'quickfix', true],
        ['Suppress iptables-masquerade in this file', 'quickfix', false],
      ],
    );
    const fix = ours_[0];
    assert.ok(fix.edit, 'the fix carries a workspace edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /\nbpf:\n {2}preallocateMaps: true\n {2}masquerade: true\n?$/);
    await waitFor(
      () => `the diagnostic to clear (now: ${ours(uri).map(ruleId)})`,
      () => (ours(uri).length === 0 ? true : undefined),
    );
    assert.equal(await lensTitle(uri, (t) => t.startsWith('Host routing: BPF')), BPF_LENS);
  });

  it('undoing the fix brings the diagnostic back', async () => {
    await vscode.commands.executeCommand('undo');
    const ds = await diagnosticsOf(uri);
    assert.deepEqual(ds.map(ruleId), ['iptables-masquerade']);
    await revertAndClose();
  });
});

describe('settings', () => {
  const uri = fixture('values.yaml');
  after(async () => {
    await vscode.workspace
      .getConfiguration('ciliumDatapath')
      .update('severity', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAll();
  });

  it('ciliumDatapath.severity changes the severity of a rule, and "off" removes it', async () => {
    await open(uri);
    await diagnosticsOf(uri);
    const config = vscode.workspace.getConfiguration('ciliumDatapath');
    await config.update('severity', { 'iptables-masquerade': 'error' }, vscode.ConfigurationTarget.Workspace);
    await waitFor('an Error diagnostic', () =>
      ours(uri)[0]?.severity === vscode.DiagnosticSeverity.Error ? true : undefined,
    );
    await config.update('severity', { 'iptables-masquerade': 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitFor('no diagnostic', () => (ours(uri).length === 0 ? true : undefined));
    await config.update('severity', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('the Warning again', () =>
      ours(uri)[0]?.severity === vscode.DiagnosticSeverity.Warning ? true : undefined,
    );
  });
});
