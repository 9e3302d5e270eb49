/**
 * "Cilium: Explain Host Routing" in the report view: asks the server for the explanation as data,
 * shows it, keeps it current while the file changes, applies fixes through the same quick fixes
 * the editor offers, and opens the Markdown form on request.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ExplainData, ExplainFix } from '../../../server/src/protocol/reportData';
import { requests } from '../lazy';
import { renderExplain } from './explainView';
import { esc } from './html';
import type { ReportContent, ReportView } from './panel';

export interface ExplainReportDeps {
  client: () => LanguageClient | undefined;
  view: ReportView;
  /** opens the Markdown explanation of a document (read-only virtual document) */
  openMarkdown: (target: string, release?: number) => Promise<void>;
}

/**
 * The quick fix of the editor for `fix`: the action with the same title among the quick fixes at
 * the finding's place. (The actions `vscode.executeCodeActionProvider` returns carry no
 * `diagnostics`, so they cannot be matched by rule id: a match on that never succeeded and every
 * fix went through the fallback below.)
 */
async function quickFixFor(fix: ExplainFix): Promise<vscode.CodeAction | undefined> {
  if (!fix.at) return undefined;
  const uri = vscode.Uri.parse(fix.at.uri);
  const r = fix.at.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return (actions ?? []).find(
    (a): a is vscode.CodeAction =>
      'kind' in a &&
      !!a.kind &&
      vscode.CodeActionKind.QuickFix.contains(a.kind) &&
      a.title === fix.title &&
      // when the command does pass the diagnostics on, they must be the finding's rule
      (!a.diagnostics ||
        a.diagnostics.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === fix.ruleId)),
  );
}

export async function applyExplainFix(fix: ExplainFix): Promise<boolean> {
  const action = await quickFixFor(fix);
  if (action?.edit) {
    const ok = await vscode.workspace.applyEdit(action.edit);
    if (ok && action.command)
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    return ok;
  }
  // The diagnostic is not shown (its severity is "off", or it sits in a base file): the same edits the server computed.
  if (fix.edits.length === 0) return false;
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    const r = e.edit.range;
    edit.replace(
      vscode.Uri.parse(e.uri),
      new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
      e.edit.newText,
    );
  }
  return vscode.workspace.applyEdit(edit);
}

export class ExplainReport implements vscode.Disposable {
  private target: string | undefined;
  /** which wrapped release of the target (a HelmRelease among several), from the lens */
  private release: number | undefined;
  private data: ExplainData | null | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: ExplainReportDeps) {
    // Keep the explanation current while its file (or a file it reads) changes.
    this.subscriptions.push(
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (this.target && e.uris.some((u) => u.toString() === this.target)) this.soon();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.target && e.document.uri.toString() === this.target && e.contentChanges.length > 0) this.soon(600);
      }),
    );
  }

  get lastTarget(): string | undefined {
    return this.target;
  }

  /** Explains `target` (a document URI; `release`: one of its wrapped releases) in the report view; returns the data shown. */
  async explain(target: string, release?: number): Promise<ExplainData | null> {
    this.target = target;
    this.release = release;
    this.data = await this.fetch(target, release);
    this.deps.view.show(this.content(), { preserveFocus: true });
    return this.data;
  }

  private async fetch(target: string, release?: number): Promise<ExplainData | null> {
    const client = this.deps.client();
    if (!client) return null;
    // The server analyses open documents: make sure it has this one.
    try {
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === target))
        await vscode.workspace.openTextDocument(vscode.Uri.parse(target));
    } catch {
      /* deleted or unreadable: the server answers null */
    }
    try {
      return await client.sendRequest(
        requests().ExplainDataRequest,
        typeof release === 'number' ? { uri: target, release } : { uri: target },
      );
    } catch {
      return null;
    }
  }

  private soon(ms = 250): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), ms);
  }

  async refresh(): Promise<void> {
    if (!this.target) return;
    const target = this.target;
    const release = this.release;
    const data = await this.fetch(target, release);
    if (target !== this.target || release !== this.release) return;
    this.data = data;
    this.deps.view.update(this.content());
  }

  private content(): ReportContent {
    const data = this.data;
    const target = this.target ?? '';
    const release = this.release;
    const file = decodeURIComponent(target.replace(/^.*[/\\]/, ''));
    return {
      kind: 'explain',
      title: `Cilium: ${file}`,
      render: (ctx, others) =>
        data
          ? renderExplain(data, ctx, { hasLive: others.hasLive })
          : `<header><h1>Host routing</h1></header><p>No Cilium analysis for ${esc(file)}: open a Cilium values file or cilium-config ConfigMap.</p>`,
      openMarkdown: () => this.deps.openMarkdown(target, release),
      refresh: () => this.refresh(),
      applyFix: async (id) => {
        const fix = [...(data?.reasons ?? []), ...(data?.findings ?? [])]
          .flatMap((r) => r.fixes)
          .find((f) => f.id === id);
        if (!fix) return false;
        const ok = await applyExplainFix(fix);
        if (ok) this.soon();
        return ok;
      },
    };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions) d.dispose();
  }
}
