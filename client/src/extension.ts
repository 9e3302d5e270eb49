/**
 * VS Code side of Cilium Datapath: starts the language server, shows the verdict in a language
 * status item, and shows explanations and live reports in one report view (client/src/report),
 * with a read-only Markdown form of each. All analysis happens in the server.
 */
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { EXPLAIN_COMMAND, SETTINGS_SECTION, type InitializationOptions } from '../../server/src/protocol/messages';
import { clientLibrary, requests } from './lazy';
import { LIVE_COMMAND, MARKDOWN_COMMAND } from './ids';
import serverLaunch from './serverLaunch.json';
import type { createLiveCheck } from './live';
import { ReportView } from './report/panel';
import { ExplainReport } from './report/explainReport';
import { registerCheckUpgrade } from './upgrade';

let client: LanguageClient | undefined;
/** deactivate() ran: a client not started yet is not started any more */
let deactivated = false;

const EXPLAIN_SCHEME = 'cilium-datapath';

/** Read-only documents holding explanations (`cilium-datapath:/explain?<uri>`). */
class ExplanationProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = decodeURIComponent(uri.query);
    if (!client) return 'The Cilium Datapath language server is not running.';
    // the fragment names one wrapped release of the file (a HelmRelease among several)
    const release = /^\d+$/.test(uri.fragment) ? [Number(uri.fragment)] : [];
    const text = await client.sendRequest<string | null>('workspace/executeCommand', {
      command: EXPLAIN_COMMAND,
      arguments: [target, ...release],
    });
    return text ?? `No Cilium analysis for ${target}: open a Cilium values file or cilium-config ConfigMap.`;
  }
  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }
}

/** How the language server is started (the reasons for the environment are in serverLaunch.json). */
function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const { TransportKind } = clientLibrary();
  const serverModule = context.asAbsolutePath('dist/server.js');
  // scripts/bench measures the server started this way; the user's own environment wins
  const env = { ...serverLaunch.env, ...process.env };
  return {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: serverLaunch.execArgv } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { env, execArgv: [...serverLaunch.execArgv, '--nolazy', '--inspect=6019'] },
    },
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Cilium Datapath', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: SETTINGS_SECTION },
    // The client registers the explain command itself, so the server must not advertise it.
    // A function: evaluated again when the client restarts (after the workspace becomes trusted).
    initializationOptions: (): InitializationOptions => ({
      yamlExtensionPresent: !!vscode.extensions.getExtension('redhat.vscode-yaml'),
      advertiseExplainCommand: false,
      // No live-check lens in Restricted Mode (the command is disabled there).
      liveCheckCommand: vscode.workspace.isTrusted ? LIVE_COMMAND : undefined,
      // Restricted Mode: the server follows no base files
      workspaceTrusted: vscode.workspace.isTrusted,
    }),
    outputChannel: output,
  };
  registerCheckUpgrade(context, () => client);

  const explanations = new ExplanationProvider();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, explanations));
  const openExplanationMarkdown = async (target: string, release?: number) => {
    // the fragment names one wrapped release of the file (a HelmRelease among several)
    const doc = vscode.Uri.from({
      scheme: EXPLAIN_SCHEME,
      path: '/Cilium host routing.md',
      query: encodeURIComponent(target),
      fragment: typeof release === 'number' ? String(release) : '',
    });
    explanations.refresh(doc);
    const opened = await vscode.workspace.openTextDocument(doc);
    await vscode.languages.setTextDocumentLanguage(opened, 'markdown');
    await vscode.window.showTextDocument(opened, { preview: true, viewColumn: vscode.ViewColumn.Active });
  };
  // One report view for the explanation and the live report, reused and updated in place.
  const view = new ReportView(context.extensionUri);
  const explainReport = new ExplainReport({ client: () => client, view, openMarkdown: openExplanationMarkdown });
  context.subscriptions.push(view, explainReport);
  context.subscriptions.push(vscode.commands.registerCommand(MARKDOWN_COMMAND, () => view.openMarkdown()));

  // The verdict of the active editor, as a language status item.
  const status = vscode.languages.createLanguageStatusItem('ciliumDatapath.verdict', { language: 'yaml' });
  status.name = 'Cilium host routing';
  status.text = 'Cilium';
  status.command = { title: 'Explain', command: EXPLAIN_COMMAND };
  context.subscriptions.push(status);
  const live = vscode.languages.createLanguageStatusItem('ciliumDatapath.live', { language: 'yaml' });
  live.name = 'Cilium live cluster';
  live.text = 'Live cluster';
  live.detail = 'compare with every node';
  live.command = { title: 'Check', command: LIVE_COMMAND };
  context.subscriptions.push(live);
  // The live check (kubectl, the core's inference) is a bundle of its own, loaded on first use.
  let liveCheck: ReturnType<typeof createLiveCheck> | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand(LIVE_COMMAND, (args?: unknown) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(
          'Cilium: Check Live Cluster runs kubectl, so it is disabled in Restricted Mode. Trust this workspace to use it.',
        );
        return undefined;
      }
      if (!liveCheck) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(context.asAbsolutePath('dist/live.js')) as typeof import('./live');
        liveCheck = mod.createLiveCheck(context, output, view);
      }
      return liveCheck(args as Parameters<typeof liveCheck>[0]);
    }),
  );

  const updateStatus = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!client || !editor || editor.document.languageId !== 'yaml') return;
    try {
      const v = await client.sendRequest(requests().VerdictRequest, { uri: editor.document.uri.toString() });
      if (!v) {
        status.text = 'Cilium: not a Cilium file';
        status.detail = undefined;
        status.severity = vscode.LanguageStatusSeverity.Information;
        return;
      }
      status.text = `Host routing: ${v.mode}`;
      status.detail = v.summary;
      status.severity =
        v.mode === 'BPF'
          ? vscode.LanguageStatusSeverity.Information
          : v.mode === 'Legacy'
            ? vscode.LanguageStatusSeverity.Warning
            : vscode.LanguageStatusSeverity.Error;
    } catch (e) {
      output.warn(`verdict request failed: ${(e as Error).message}`);
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(EXPLAIN_COMMAND, async (uri?: string | vscode.Uri, release?: number) => {
      const active = vscode.window.activeTextEditor?.document.uri;
      // From the palette while the report (or its Markdown form) has the focus: the file explained last.
      const fromEditor =
        active && active.scheme !== EXPLAIN_SCHEME && active.scheme !== 'cilium-datapath-live'
          ? active.toString()
          : explainReport.lastTarget;
      const target = typeof uri === 'string' ? uri : uri instanceof vscode.Uri ? uri.toString() : fromEditor;
      if (!target) {
        void vscode.window.showInformationMessage('Open a Cilium values file or cilium-config ConfigMap first.');
        return;
      }
      // the data shown, for callers (tests) that want to check it
      return explainReport.explain(target, typeof release === 'number' ? release : undefined);
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void updateStatus()),
    vscode.workspace.onDidChangeTextDocument((e: vscode.TextDocumentChangeEvent) => {
      if (e.document === vscode.window.activeTextEditor?.document) setTimeout(() => void updateStatus(), 150);
    }),
  );

  // Trusting the workspace enables the live check and base files: restart the server (new initializationOptions).
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()));

  // Everything above is registered; the language client library is loaded and the server started
  // on the next turn, after VS Code has got control back (see lazy.ts).
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (deactivated) return;
  const { LanguageClient } = clientLibrary();
  client = new LanguageClient('ciliumDatapath', 'Cilium Datapath', serverOptions(context), clientOptions);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
  void updateStatus();
}

export async function deactivate(): Promise<void> {
  deactivated = true;
  await client?.stop();
  client = undefined;
}
