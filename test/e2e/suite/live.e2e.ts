/**
 * "Cilium: Check Live Cluster" in the real extension host, with the real kubectl against the
 * project's fake API server (the `live` run in test/e2e/runs.mjs starts it with the recorded
 * mixed-kernel cluster and sets KUBECONFIG for this VS Code).
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { closeAll, diagnosticsOf, fixture, lenses, open, waitFor } from './helpers';
import type { LiveReport } from '../../../server/src/core/live/types';

const LIVE_COMMAND = 'ciliumDatapath.checkLiveCluster';

describe('live cluster check (fake API server, real kubectl)', function () {
  before(function () {
    assert.ok(process.env.KUBECONFIG, 'the live run sets KUBECONFIG to the fake API server');
    assert.ok(vscode.workspace.isTrusted, 'the live run opens a trusted workspace');
  });
  after(closeAll);

  it('checks every node and shows the report beside the editor', async () => {
    await closeAll();
    const report = (await vscode.commands.executeCommand(LIVE_COMMAND, { context: 'fake-mixed-kernel' })) as LiveReport;
    assert.ok(report, 'the command returns the report');
    assert.equal(report.fatal, null);
    assert.equal(report.context, 'fake-mixed-kernel');
    assert.equal(report.counts.nodes, 6);
    assert.equal(report.counts.legacy, 3);
    assert.equal(report.summary, '3 of 6 nodes run legacy host routing: kernel 5.4 < 5.10.');
    assert.ok(report.nodes.every((n) => n.match));
    assert.ok(
      report.calls.some((c) =>
        / exec -n kube-system cilium-\S+ -c cilium-agent -- cilium-dbg status -o json → exit 0/.test(c),
      ),
      report.calls.join('\n'),
    );
    // the report view (a webview) shows it; "Open as Markdown" gives the same report as a document
    await waitFor('the report view', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('ciliumDatapath.report')),
    );
    await vscode.commands.executeCommand('ciliumDatapath.openReportAsMarkdown');
    const shown = await waitFor('the Markdown report', () =>
      // (Markdown: the report escapes `<` as `\<`)
      vscode.window.visibleTextEditors.find(
        (e) =>
          e.document.uri.scheme === 'cilium-datapath-live' &&
          e.document.getText().includes('**3 of 6 nodes run legacy host routing: kernel 5.4 \\< 5.10.**'),
      ),
    );
    const text = shown.document.getText();
    assert.match(
      text,
      /\| worker-4 \| .* \| 5\.4\.0-200-generic \| 1\.16\.5 \| Legacy \| Legacy \| BPF \| True \| yes \|/,
    );
    assert.equal(shown.document.languageId, 'markdown');
  });

  it('compares the active values file with the cluster, and offers the check from the lens', async () => {
    const uri = fixture('values.yaml');
    await open(uri);
    await diagnosticsOf(uri, 30_000);
    const lens = await waitFor('the "Check live cluster" lens', async () =>
      (await lenses(uri)).find((l) => l.command?.command === LIVE_COMMAND),
    );
    assert.equal(lens.command?.title, 'Check live cluster');
    const report = (await vscode.commands.executeCommand(LIVE_COMMAND, {
      ...(lens.command?.arguments?.[0] as object),
      context: 'fake-mixed-kernel',
      reveal: false,
    })) as LiveReport;
    assert.ok(report.fileComparison, 'a file comparison');
    assert.equal(report.fileComparison.agrees, false);
    assert.match(
      report.fileComparison.message,
      /^values\.yaml predicts legacy host routing \(Cilium 1\.16\.4\); the cluster runs BPF on 3 of 6 nodes\./,
    );
  });

  it('an unreachable context gives a clear message, not a hang', async () => {
    const t0 = Date.now();
    const report = (await vscode.commands.executeCommand(LIVE_COMMAND, {
      context: 'unreachable',
      reveal: false,
    })) as LiveReport;
    assert.equal(report.fatal?.kind, 'unreachable');
    assert.match(report.summary, /^The cluster is unreachable: /);
    assert.ok(Date.now() - t0 < 20_000);
  });
});
