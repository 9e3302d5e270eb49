/**
 * The one report view: a webview panel reused for the explanation and the live report, updated in
 * place (a new run posts new content to the open page; no new editor column per run). The page is
 * built by html.ts under a strict Content Security Policy; it may load only the extension's
 * `dist/report.js` and `dist/report.css`, and it talks back with indexes into what was rendered.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { makeNonce, RenderContext, shell, type ReportAction } from './html';
import type { ReportLocation } from '../../../server/src/protocol/reportData';

export type ReportKind = 'explain' | 'live';

export interface ReportContent {
  kind: ReportKind;
  title: string;
  /** the page body; `others` says which other report exists (for the switch buttons) */
  render(ctx: RenderContext, others: { hasExplain: boolean; hasLive: boolean }): string;
  /** the same report as a Markdown document */
  openMarkdown(): Promise<void>;
  refresh(): Promise<void>;
  /** applies the fix with this id; false when it could not be applied */
  applyFix?(id: string): Promise<boolean>;
}

export const REPORT_VIEW_TYPE = 'ciliumDatapath.report';

export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly contents = new Map<ReportKind, ReportContent>();
  private shown: ReportKind | undefined;
  private rendered: RenderContext | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onRenderedEmitter = new vscode.EventEmitter<{ kind: ReportKind; html: string }>();
  /** fires after each render (tests read the HTML of the page through it) */
  readonly onRendered = this.onRenderedEmitter.event;
  /** the last HTML posted to the page */
  lastHtml = '';

  constructor(private readonly extensionUri: vscode.Uri) {}

  get kind(): ReportKind | undefined {
    return this.panel ? this.shown : undefined;
  }

  get visible(): boolean {
    return !!this.panel?.visible;
  }

  has(kind: ReportKind): boolean {
    return this.contents.has(kind);
  }

  /** Shows `content` in the view (created beside the editor the first time, reused after). */
  show(content: ReportContent, opts: { preserveFocus?: boolean } = {}): void {
    this.contents.set(content.kind, content);
    this.shown = content.kind;
    if (!this.panel) this.create(opts.preserveFocus ?? true);
    else if (!this.panel.visible) this.panel.reveal(this.panel.viewColumn, opts.preserveFocus ?? true);
    this.render();
  }

  /** New content for a kind: redrawn in place when the view shows that kind, else kept for later. */
  update(content: ReportContent): void {
    this.contents.set(content.kind, content);
    if (this.panel && this.shown === content.kind) this.render();
  }

  private create(preserveFocus: boolean): void {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      REPORT_VIEW_TYPE,
      'Cilium report',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      {
        enableScripts: true,
        enableCommandUris: false,
        enableFindWidget: true,
        localResourceRoots: [dist],
        retainContextWhenHidden: false,
      },
    );
    this.panel = panel;
    const nonce = makeNonce((n) => randomBytes(n));
    const content = this.shown ? this.contents.get(this.shown) : undefined;
    const ctx = new RenderContext();
    const body = content ? this.body(content, ctx) : '';
    this.rendered = ctx;
    panel.webview.html = shell({
      cspSource: panel.webview.cspSource,
      nonce,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'report.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'report.css')).toString(),
      title: content?.title ?? 'Cilium report',
      body,
    });
    panel.webview.onDidReceiveMessage((m) => void this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.rendered = undefined;
      },
      undefined,
      this.disposables,
    );
  }

  private body(content: ReportContent, ctx: RenderContext): string {
    return content.render(ctx, { hasExplain: this.contents.has('explain'), hasLive: this.contents.has('live') });
  }

  private render(): void {
    const panel = this.panel;
    const content = this.shown ? this.contents.get(this.shown) : undefined;
    if (!panel || !content) return;
    const ctx = new RenderContext();
    const html = this.body(content, ctx);
    this.rendered = ctx;
    panel.title = content.title;
    this.lastHtml = html;
    void panel.webview.postMessage({ type: 'render', kind: content.kind, title: content.title, html });
    this.onRenderedEmitter.fire({ kind: content.kind, html });
  }

  private async onMessage(m: unknown): Promise<void> {
    if (!m || typeof m !== 'object') return;
    const msg = m as { type?: unknown; index?: unknown; action?: unknown };
    const content = this.shown ? this.contents.get(this.shown) : undefined;
    try {
      if (msg.type === 'ready') {
        // the page (re)loaded: it shows what was current when the panel was created; redraw
        this.render();
      } else if (msg.type === 'open' && typeof msg.index === 'number') {
        const loc = this.rendered?.locations[msg.index];
        if (loc) await this.reveal(loc);
      } else if (msg.type === 'fix' && typeof msg.index === 'number') {
        const id = this.rendered?.fixes[msg.index];
        const ok = id && content?.applyFix ? await content.applyFix(id) : false;
        if (!ok) {
          void this.panel?.webview.postMessage({ type: 'fix-done', fixFailed: msg.index });
          void vscode.window.showWarningMessage(
            'Cilium: the fix could not be applied (the file changed since the report was made). The report is refreshed.',
          );
          await content?.refresh();
        }
      } else if (msg.type === 'action' && typeof msg.action === 'string') {
        await this.action(msg.action as ReportAction, content);
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`Cilium report: ${(e as Error).message}`);
    }
  }

  private async action(action: ReportAction, content: ReportContent | undefined): Promise<void> {
    switch (action) {
      case 'refresh':
        await content?.refresh();
        return;
      case 'markdown':
        await content?.openMarkdown();
        return;
      case 'show-explain':
      case 'show-live': {
        const kind: ReportKind = action === 'show-explain' ? 'explain' : 'live';
        if (this.contents.has(kind)) {
          this.shown = kind;
          this.render();
        }
        return;
      }
    }
  }

  /** Opens a file at a place, in an editor column other than the report's. */
  async reveal(loc: ReportLocation): Promise<void> {
    const uri = vscode.Uri.parse(loc.uri);
    const range = new vscode.Range(
      loc.range.start.line,
      loc.range.start.character,
      loc.range.end.line,
      loc.range.end.character,
    );
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const column =
      visible?.viewColumn ??
      (this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    await vscode.window.showTextDocument(uri, { viewColumn: column, selection: range, preserveFocus: false });
  }

  /** Opens the current report as Markdown (command `ciliumDatapath.openReportAsMarkdown`). */
  async openMarkdown(): Promise<boolean> {
    const content = this.shown ? this.contents.get(this.shown) : undefined;
    if (!content) return false;
    await content.openMarkdown();
    return true;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
    this.onRenderedEmitter.dispose();
  }
}
