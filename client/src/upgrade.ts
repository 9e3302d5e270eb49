/**
 * "Cilium: Check Upgrade…": asks for the target release (the known releases newer than the one
 * the file is evaluated at) and opens the server's upgrade report beside the file, read-only.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CHECK_UPGRADE_COMMAND } from '../../server/src/protocol/messages';
import { requests } from './lazy';

const SCHEME = 'cilium-datapath-upgrade';

/** Reports by document URI, served read-only. */
class UpgradeReports implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  readonly texts = new Map<string, string>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'No upgrade report.';
  }
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }
}

export interface CheckUpgradeArgs {
  /** document URI; default: the active editor */
  file?: string;
  /** target release; given, no quick pick is shown (tests, other commands) */
  to?: string;
}

export function registerCheckUpgrade(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const reports = new UpgradeReports();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, reports),
    vscode.commands.registerCommand(CHECK_UPGRADE_COMMAND, async (args?: CheckUpgradeArgs | vscode.Uri) => {
      const c = client();
      const file =
        args instanceof vscode.Uri
          ? args.toString()
          : (args?.file ?? vscode.window.activeTextEditor?.document.uri.toString());
      if (!c || !file) {
        void vscode.window.showInformationMessage('Open a Cilium values file or cilium-config ConfigMap first.');
        return undefined;
      }
      const targets = await c.sendRequest(requests().UpgradeTargetsRequest, { uri: file });
      if (!targets) {
        void vscode.window.showInformationMessage(
          'This file is not a Cilium values file or cilium-config ConfigMap that can be analysed.',
        );
        return undefined;
      }
      let to = args instanceof vscode.Uri ? undefined : args?.to;
      if (!to) {
        if (targets.releases.length === 0) {
          void vscode.window.showInformationMessage(
            `Cilium ${targets.from} is the newest release this extension knows.`,
          );
          return undefined;
        }
        const picked = await vscode.window.showQuickPick(
          targets.releases.map((r) => ({ label: r })),
          { title: `Check upgrade from Cilium ${targets.from} (${targets.source}) to…`, placeHolder: 'Target release' },
        );
        to = picked?.label;
      }
      if (!to) return undefined;
      const report = await c.sendRequest(requests().UpgradeReportRequest, { uri: file, to });
      if (!report) return undefined;
      const doc = vscode.Uri.from({
        scheme: SCHEME,
        path: `/Cilium upgrade ${report.from} to ${report.to}.md`,
        query: encodeURIComponent(file),
      });
      reports.set(doc, report.markdown);
      const opened = await vscode.workspace.openTextDocument(doc);
      await vscode.languages.setTextDocumentLanguage(opened, 'markdown');
      await vscode.window.showTextDocument(opened, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return report;
    }),
  );
}
