/**
 * "Cilium: Check Live Cluster": runs the shared live-check engine (server/src/live) from the
 * extension host with the user's kubectl — the Kubernetes extension's kubectl when that extension
 * is installed, else `ciliumDatapath.kubectlPath` from the user's (machine) settings only, else
 * kubectl on PATH — and shows the report in a read-only document. Disabled in untrusted workspaces.
 */
import * as vscode from 'vscode';
import * as k8s from 'vscode-kubernetes-tools-api';
import { checkLiveCluster } from '../../server/src/cluster/check';
import {
  spawnKubectl,
  quoteForDisplay,
  validArgValue,
  type KubectlResult,
  type KubectlRunner,
} from '../../server/src/cluster/kubectl';
import { formatLiveMarkdown } from '../../server/src/core/live/format';
import type { LiveReport } from '../../server/src/core/live/types';
import { SETTINGS_SECTION } from '../../server/src/protocol/messages';
import type { ReportContent, ReportView } from './report/panel';
import { renderLive } from './report/liveView';
import { visibleContexts } from './kubeContexts';

export { LIVE_COMMAND } from './ids';
export const LIVE_REPORT_URI = vscode.Uri.from({ scheme: 'cilium-datapath-live', path: '/Cilium live check.md' });

export interface LiveCommandArgs {
  /** use this kubeconfig context without asking */
  context?: string;
  /** compare with this document instead of the active editor's */
  file?: string;
  /** don't open the report (tests, other commands) */
  reveal?: boolean;
}

/** Which kubectl runs, decided per invocation. Exported for tests. */
export async function chooseKubectl(context: string | undefined): Promise<{ runner: KubectlRunner; source: string }> {
  try {
    const api = await k8s.extension.kubectl.v1;
    if (api.available)
      return { runner: kubernetesExtensionRunner(api.api, context), source: 'the Kubernetes extension’s kubectl' };
  } catch {
    /* the Kubernetes extension is not installed */
  }
  // Machine-scoped: only the user's own settings count; workspace values are ignored on purpose.
  const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>('kubectlPath');
  const fromUser = vscode.workspace.isTrusted ? inspected?.globalValue?.trim() : undefined;
  if (fromUser)
    return { runner: spawnKubectl({ path: fromUser, context }), source: `ciliumDatapath.kubectlPath (${fromUser})` };
  return { runner: spawnKubectl({ context }), source: 'kubectl on PATH' };
}

/**
 * The Kubernetes extension only takes a command line string, which it runs through a shell. We
 * pass it only arguments made of characters no shell interprets, so the string means exactly the
 * argument list; anything else is refused.
 */
function kubernetesExtensionRunner(api: k8s.KubectlV1, context: string | undefined): KubectlRunner {
  const SAFE = /^[A-Za-z0-9._/=:,@%+-]+$/;
  const calls: string[] = [];
  const runner: KubectlRunner = {
    description: 'kubectl of the Kubernetes extension',
    calls,
    shellSafeArgumentsOnly: true,
    async run(args, opts) {
      const all = context ? [`--context=${context}`, ...args] : args;
      const started = Date.now();
      const done = (r: Omit<KubectlResult, 'ms'>): KubectlResult => {
        const res = { ...r, ms: Date.now() - started };
        const line = `kubectl ${quoteForDisplay(all)} → ${res.timedOut ? `no answer after ${opts.timeoutMs} ms` : res.cancelled ? 'cancelled' : `exit ${res.code}`} (${res.ms} ms, via the Kubernetes extension)`;
        calls.push(line);
        runner.onCall?.(line);
        return res;
      };
      const base = { stdout: '', stderr: '', timedOut: false, cancelled: false, spawnError: null, truncated: false };
      if (!all.every((a) => SAFE.test(a)))
        return done({
          ...base,
          ok: false,
          code: null,
          stderr: 'argument not passed to the Kubernetes extension: it holds characters a shell would interpret',
        });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), opts.timeoutMs)),
      );
      const cancelled = new Promise<'cancelled'>((resolve) =>
        opts.signal?.addEventListener('abort', () => resolve('cancelled')),
      );
      const r = await Promise.race([api.invokeCommand(all.join(' ')), deadline, cancelled]);
      clearTimeout(timer);
      if (r === 'timeout') return done({ ...base, ok: false, code: null, timedOut: true });
      if (r === 'cancelled') return done({ ...base, ok: false, code: null, cancelled: true });
      if (!r) return done({ ...base, ok: false, code: null, spawnError: 'ENOENT' });
      const max = opts.maxBytes ?? 8 * 1024 * 1024;
      return done({
        ...base,
        ok: r.code === 0,
        code: r.code,
        stdout: r.stdout.slice(0, max),
        stderr: r.stderr,
        truncated: r.stdout.length > max,
      });
    },
  };
  return runner;
}

class ReportProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  text = '# Cilium live check\n\nNo check has run yet: run **Cilium: Check Live Cluster**.\n';
  provideTextDocumentContent(): string {
    return this.text;
  }
  set(text: string): void {
    this.text = text;
    this.changed.fire(LIVE_REPORT_URI);
  }
}

/**
 * Registers the report view and returns the command's implementation. Loaded on the first use of
 * the command (a bundle of its own, `dist/live.js`), so activation stays light.
 */
export function createLiveCheck(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  view?: ReportView,
): (args?: LiveCommandArgs) => Promise<LiveReport | undefined> {
  const reports = new ReportProvider();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(LIVE_REPORT_URI.scheme, reports));
  const reportUri = LIVE_REPORT_URI;
  let running: Promise<LiveReport | undefined> | undefined;
  const openMarkdown = async () => {
    const opened = await vscode.workspace.openTextDocument(reportUri);
    await vscode.languages.setTextDocumentLanguage(opened, 'markdown');
    await vscode.window.showTextDocument(opened, { preview: true, viewColumn: vscode.ViewColumn.Active });
  };

  /** Context names to offer, the current one first; hidden contexts left out. */
  const listContexts = async (runner: KubectlRunner): Promise<{ current: string; names: string[] }> => {
    const view = await runner.run(['config', 'view', '-o', 'json'], { timeoutMs: 5000 });
    const parsed = view.ok ? visibleContexts(view.stdout) : null;
    if (parsed) return parsed;
    const [cur, all] = await Promise.all([
      runner.run(['config', 'current-context'], { timeoutMs: 5000 }),
      runner.run(['config', 'get-contexts', '-o', 'name'], { timeoutMs: 5000 }),
    ]);
    return {
      current: cur.ok ? cur.stdout.trim() : '',
      names: all.ok
        ? all.stdout
            .split('\n')
            .map((x) => x.trim())
            .filter(Boolean)
        : [],
    };
  };

  const run = async (args: LiveCommandArgs = {}): Promise<LiveReport | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'Cilium: Check Live Cluster runs kubectl, so it is disabled in Restricted Mode. Trust this workspace to use it.',
      );
      return undefined;
    }
    const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    if (args.context !== undefined && !validArgValue(args.context)) {
      void vscode.window.showErrorMessage(`"${args.context}" is not a usable context name.`);
      return undefined;
    }
    const fileUri = args.file ?? vscode.window.activeTextEditor?.document.uri.toString();
    const doc = fileUri
      ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === fileUri && d.languageId === 'yaml')
      : undefined;
    const timeoutMs = Math.round(Math.min(3600, Math.max(2, cfg.get<number>('live.timeoutSeconds', 60))) * 1000);

    // The notification shows at once, before kubectl has said anything, and can be cancelled throughout.
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Cilium live check', cancellable: true },
      async (progress, token): Promise<{ report: LiveReport; ctxName: string | undefined } | undefined> => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        progress.report({ message: 'finding kubectl…' });
        let ctxName = args.context;
        const probe = await chooseKubectl(undefined);
        output.info(`live check: using ${probe.source}`);
        probe.runner.onCall = (l) => output.info(l);
        if (ctxName === undefined) {
          progress.report({ message: 'reading the kubeconfig contexts…' });
          const { current, names } = await listContexts(probe.runner);
          const offered = [...new Set([current, ...names].filter((n) => n && names.includes(n)))];
          if (offered.length > 1 || (offered.length === 1 && offered[0] !== current)) {
            progress.report({ message: 'choose a context' });
            const items = offered.map((n) => ({
              label: n,
              description: n === current ? 'current context' : undefined,
            }));
            const pick = await vscode.window.showQuickPick(
              items,
              { title: 'Cilium: Check Live Cluster', placeHolder: 'Kubernetes context to check' },
              token,
            );
            if (!pick) return undefined;
            ctxName = pick.label === current ? undefined : pick.label;
          }
        }
        if (token.isCancellationRequested) return undefined;
        const { runner } = ctxName ? await chooseKubectl(ctxName) : probe;
        runner.onCall = (l) => output.info(l);
        progress.report({ message: `contacting ${ctxName ?? 'the current context'}…` });
        let last = 0;
        const { report } = await checkLiveCluster({
          kubectl: runner,
          namespace: cfg.get<string>('live.namespace', 'kube-system'),
          agentSelector: cfg.get<string>('live.agentSelector', 'k8s-app=cilium'),
          timeoutMs,
          concurrency: Math.min(32, Math.max(1, cfg.get<number>('live.concurrency', 4))),
          signal: abort.signal,
          files: doc ? [{ name: vscode.workspace.asRelativePath(doc.uri), text: doc.getText() }] : undefined,
          onProgress: (message, done, total) => {
            const pct = total > 1 ? Math.round((done / total) * 100) : 0;
            progress.report({ message, increment: Math.max(0, pct - last) });
            last = Math.max(last, pct);
          },
        });
        return { report, ctxName };
      },
    );
    if (!outcome) return undefined;
    const { report } = outcome;
    output.info(`live check: ${report.summary}`);
    reports.set(formatLiveMarkdown(report));
    const at = new Date();
    // Refresh: the same context (as the report names it) and the same file, into the same view.
    const again: LiveCommandArgs = {
      context: outcome.ctxName ?? report.context ?? undefined,
      file: fileUri,
      reveal: true,
    };
    const content: ReportContent = {
      kind: 'live',
      title: `Cilium live: ${report.context ?? 'current context'}`,
      render: (ctx, others) => renderLive(report, ctx, { hasExplain: others.hasExplain, at }),
      openMarkdown,
      refresh: async () => {
        await check(again);
      },
    };
    if (args.reveal !== false) {
      if (view) view.show(content);
      else await openMarkdown();
      if (report.fatal) {
        void vscode.window
          .showErrorMessage(`Cilium live check: ${report.fatal.message}`, 'Show kubectl calls')
          .then((choice) => {
            if (choice) output.show(true);
          });
      }
    } else view?.update(content);
    return report;
  };

  const check = (args?: LiveCommandArgs) => {
    // One check at a time; a second invocation waits for the running one.
    if (running) return running;
    running = run(args && typeof args === 'object' && !(args instanceof vscode.Uri) ? args : {}).finally(
      () => (running = undefined),
    );
    return running;
  };
  return check;
}
