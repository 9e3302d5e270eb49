/**
 * The Cilium Datapath language server: entry point and wiring. Every feature lives in
 * `protocol/` (one file each); the analysis itself is the pure core in `core/`.
 *
 *   cilium-datapath-language-server --stdio      (or --node-ipc, --socket=PORT)
 *
 * `startServer` takes any connection, so the tests run the same server over in-memory streams.
 */
import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  FileChangeType,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
} from './protocol/lsp';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, workerData } from 'node:worker_threads';
import { ANALYSIS_WORKER, runAnalysisWorker } from './protocol/documents/offThread';
import { version as packageVersion } from '../../package.json';
import { DocumentStore } from './protocol/documents/store';
import { SettingsStore, settingsScope } from './protocol/documents/settings';
import { WorkspaceScanner } from './protocol/documents/workspaceScan';
import { keyIndexOf } from './protocol/documents/keyIndex';
import { toDiagnostics } from './protocol/features/diagnostics';
import { hover } from './protocol/features/hover';
import { completion } from './protocol/features/completion';
import { codeActions } from './protocol/features/codeActions';
import { codeLenses } from './protocol/features/codeLens';
import { COMMANDS, executeCommand } from './protocol/features/commands';
import { verdict } from './protocol/features/verdict';
import { explainData } from './protocol/features/explainData';
import { ExplainDataRequest, UpgradeReportRequest, UpgradeTargetsRequest, VerdictRequest } from './protocol/requests';
import { guardNotification, guardRequest, safeLog } from './protocol/handlers';
import { SETTINGS_SECTION, WORKSPACE_TRUST_NOTIFICATION, type InitializationOptions } from './protocol/messages';
import { upgradeReportFor, upgradeTargets } from './protocol/features/versions';
import {
  codeActionParams,
  executeCommandParams,
  isClientParamsComplaint,
  textDocumentOnly,
  textDocumentPosition,
  watchedChanges,
  workspaceFolderChanges,
} from './protocol/params';
import type { BasePolicy } from './files/bases';
import { fileURLToPath } from 'node:url';

export const SERVER_NAME = 'cilium-datapath-language-server';

export interface ServerOptions {
  /** the script of the analysis worker for large documents (the bundle); undefined: none */
  offThreadScript?: string;
}

/** Registers every handler on the connection and starts listening. */
export function startServer(connection: Connection, serverOptions: ServerOptions = {}): void {
  const state = {
    /** a fixed debounce the client asked for; undefined: paced per document (protocol/pacing.ts) */
    debounceMs: undefined as number | undefined,
    yamlExtensionPresent: false,
    pullConfiguration: false,
    dynamicConfiguration: false,
    dynamicWatchedFiles: false,
    codeLensRefresh: false,
    liveCheckCommand: undefined as string | undefined,
    /** base files: only from the workspace folders, none when the workspace is not trusted */
    basePolicy: { trusted: true, roots: [] } as BasePolicy,
    /** the workspace folders (URIs), kept up to date by workspace/didChangeWorkspaceFolders */
    folders: [] as string[],
  };
  // The JSON-RPC library logs parameters a client got wrong as Errors; they are the client's.
  const libraryError = connection.console.error.bind(connection.console);
  connection.console.error = (m: string) => (isClientParamsComplaint(m) ? connection.console.warn(m) : libraryError(m));
  const settings = new SettingsStore(
    connection,
    () => state.pullConfiguration,
    (m) => safeLog(connection, m, 'warn'),
    (uri) => settingsScope(uri, state.folders),
  );
  const store = new DocumentStore(connection, settings, {
    get debounceMs() {
      return state.debounceMs;
    },
    diagnose: (entry) => toDiagnostics(entry, { yamlExtensionPresent: state.yamlExtensionPresent }),
    // Build the hover key index while idle, so that the first hover of a version is fast too.
    idle: (entry) => void keyIndexOf(entry),
    dependentsChanged: () => refreshLenses(),
    offThreadScript: serverOptions.offThreadScript,
    basePolicy: () => state.basePolicy,
    closed: (uri) => scanner.fileChanged(uri),
  });
  // Files that are not open: analysed in the background (Problems shows every finding).
  const scanner = new WorkspaceScanner(connection, {
    store,
    settings: (folder) => settings.get(folder),
    diagnose: (entry) => toDiagnostics(entry, { yamlExtensionPresent: state.yamlExtensionPresent }),
  });
  // Lenses of documents that were not edited go stale when settings or a base file change.
  let lensRefresh: NodeJS.Timeout | undefined;
  const refreshLenses = () => {
    if (!state.codeLensRefresh || lensRefresh) return;
    lensRefresh = setTimeout(
      () => {
        lensRefresh = undefined;
        connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      },
      (state.debounceMs ?? 0) + 10,
    );
  };
  store.listen();

  connection.onInitialize(
    guardRequest(connection, 'initialize', initializeResult(true), (params: InitializeParams): InitializeResult => {
      const opts = (params.initializationOptions ?? {}) as InitializationOptions;
      if (typeof opts.debounceMs === 'number' && Number.isFinite(opts.debounceMs) && opts.debounceMs >= 0)
        state.debounceMs = Math.min(opts.debounceMs, 10_000);
      state.yamlExtensionPresent = opts.yamlExtensionPresent === true;
      const folders = (
        Array.isArray(params.workspaceFolders)
          ? params.workspaceFolders.map((f) => f?.uri)
          : params.rootUri
            ? [params.rootUri]
            : []
      ).filter((u): u is string => typeof u === 'string');
      state.folders = [...new Set(folders)];
      state.basePolicy = { trusted: opts.workspaceTrusted !== false, roots: folderPaths(state.folders) };
      state.liveCheckCommand =
        typeof opts.liveCheckCommand === 'string' && /^[A-Za-z0-9._-]+$/.test(opts.liveCheckCommand)
          ? opts.liveCheckCommand
          : undefined;
      const ws = params.capabilities?.workspace;
      state.pullConfiguration = ws?.configuration === true;
      state.dynamicConfiguration = ws?.didChangeConfiguration?.dynamicRegistration === true;
      state.dynamicWatchedFiles = ws?.didChangeWatchedFiles?.dynamicRegistration === true;
      state.codeLensRefresh = ws?.codeLens?.refreshSupport === true;
      scanner.setFolders(state.folders);
      // Folders added or removed later: base files and the workspace analysis follow. Our own
      // handler, set here (after the library's workspace-folder feature set its own, which
      // fails on malformed parameters): the parameters are checked like every other.
      connection.onNotification(
        DidChangeWorkspaceFoldersNotification.type,
        guardNotification(connection, 'didChangeWorkspaceFolders', (p: unknown) =>
          foldersChanged(p && typeof p === 'object' ? (p as { event?: unknown }).event : undefined),
        ),
      );
      return initializeResult(opts.advertiseExplainCommand !== false);
    }),
  );

  connection.onInitialized(
    guardNotification(connection, 'initialized', async () => {
      if (state.dynamicConfiguration)
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      if (state.dynamicWatchedFiles) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{yaml,yml}' }],
        });
      }
      void scanner.start();
    }),
  );

  const foldersChanged = (e: unknown) => {
    const { added, removed } = workspaceFolderChanges(e);
    const gone = new Set(removed);
    const next = [...new Set([...state.folders.filter((f) => !gone.has(f)), ...added])];
    if (next.length === state.folders.length && next.every((f, i) => f === state.folders[i])) return;
    const oldRoots = state.basePolicy.roots;
    state.folders = next;
    state.basePolicy = { ...state.basePolicy, roots: folderPaths(next) };
    safeLog(connection, `workspace folders: ${next.length} (${added.length} added, ${removed.length} removed)`, 'log');
    scanner.setFolders(next);
    settings.changed(undefined); // the documents' settings scopes (their folders) changed
    store.rootsChanged(oldRoots, state.basePolicy.roots);
    void scanner.start();
  };

  connection.onDidChangeConfiguration(
    guardNotification(connection, 'didChangeConfiguration', (p) => {
      settings.changed(p?.settings);
      store.revalidateAll();
      refreshLenses();
      void scanner.start();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guardNotification(connection, 'didChangeWatchedFiles', (p) => {
      for (const c of watchedChanges(p)) {
        store.fileChanged(c.uri);
        scanner.fileChanged(c.uri, c.type === FileChangeType.Deleted);
      }
    }),
  );

  connection.onNotification(
    WORKSPACE_TRUST_NOTIFICATION,
    guardNotification(connection, 'workspaceTrust', (p: unknown) => {
      const trusted = !!p && typeof p === 'object' && (p as { trusted?: unknown }).trusted === true;
      if (trusted === state.basePolicy.trusted) return;
      state.basePolicy = { ...state.basePolicy, trusted };
      store.revalidateAll();
    }),
  );

  connection.onHover(
    guardRequest(
      connection,
      'hover',
      null,
      async (p) => {
        const entry = await store.entry(p.textDocument.uri);
        return entry ? hover(entry, p.position.line, p.position.character) : null;
      },
      textDocumentPosition,
    ),
  );

  connection.onCompletion(
    guardRequest(
      connection,
      'completion',
      null,
      async (p) => {
        const entry = await store.entry(p.textDocument.uri);
        return entry ? completion(entry, p.position.line, p.position.character) : null;
      },
      textDocumentPosition,
    ),
  );

  connection.onCodeAction(
    guardRequest(
      connection,
      'codeAction',
      [],
      (p) => {
        const doc = store.get(p.textDocument.uri);
        return doc ? codeActions(doc.uri, doc.getText(), p) : [];
      },
      codeActionParams,
    ),
  );

  connection.onCodeLens(
    guardRequest(
      connection,
      'codeLens',
      [],
      async (p) => {
        const entry = await store.entry(p.textDocument.uri);
        return entry ? codeLenses(entry, state.liveCheckCommand) : [];
      },
      textDocumentOnly,
    ),
  );

  connection.onExecuteCommand(
    guardRequest(connection, 'executeCommand', null, (p) => executeCommand(store, p), executeCommandParams),
  );

  connection.onRequest(
    VerdictRequest,
    guardRequest(connection, 'verdict', null, async (p) => {
      const uri = p && typeof p.uri === 'string' ? p.uri : undefined;
      const entry = uri ? await store.entry(uri) : undefined;
      return entry ? verdict(entry) : null;
    }),
  );

  connection.onRequest(
    ExplainDataRequest,
    guardRequest(connection, 'explainData', null, async (p) => {
      const uri = p && typeof p.uri === 'string' ? p.uri : undefined;
      const entry = uri ? await store.entry(uri) : undefined;
      const release = typeof p?.release === 'number' && Number.isInteger(p.release) && p.release >= 0 ? p.release : 0;
      return entry ? explainData(entry, release) : null;
    }),
  );

  connection.onRequest(
    UpgradeTargetsRequest,
    guardRequest(connection, 'upgradeTargets', null, async (p) => {
      const uri = p && typeof p.uri === 'string' ? p.uri : undefined;
      const entry = uri ? await store.entry(uri) : undefined;
      return entry ? upgradeTargets(entry) : null;
    }),
  );

  connection.onRequest(
    UpgradeReportRequest,
    guardRequest(connection, 'upgradeReport', null, async (p) => {
      const uri = p && typeof p.uri === 'string' ? p.uri : undefined;
      if (!uri || typeof p.to !== 'string') return null;
      const entry = await store.entry(uri);
      return entry ? upgradeReportFor(entry, p.to, typeof p.from === 'string' ? p.from : undefined) : null;
    }),
  );

  connection.onShutdown(
    guardRequest(connection, 'shutdown', undefined, () => {
      if (lensRefresh) clearTimeout(lensRefresh);
      lensRefresh = undefined;
      state.codeLensRefresh = false;
      scanner.dispose();
      store.dispose();
    }),
  );
  connection.listen();
}

/** The workspace folders as paths (file URIs only). */
function folderPaths(uris: string[]): string[] {
  const out: string[] = [];
  for (const u of uris) {
    if (typeof u !== 'string' || !u.startsWith('file:')) continue;
    try {
      out.push(fileURLToPath(u));
    } catch {
      // not a local folder
    }
  }
  return out;
}

function initializeResult(advertiseExplain: boolean): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: advertiseExplain ? [...COMMANDS] : [] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: SERVER_NAME, version: packageVersion },
  };
}

/** Standalone use: the transport comes from the command line (--stdio, --node-ipc, --socket=N). */
function main(): void {
  // Memory: under the parser's allocation rate V8 grows its young generation up to 32 MB and
  // never gives it back, a large part of the resident size of a server that runs all day. Kept
  // at the size it has now, it costs ~8 % more CPU on a 20,000-line file, nothing measurable on
  // smaller ones, and saves ~9 MB with 50 small documents open and ~40 MB while a 20,000-line
  // file is (scripts/bench). Only the growth factor can still be changed once the VM runs.
  setFlagsFromString('--semi-space-growth-factor=1');
  const connection = createConnection(ProposedFeatures.all);
  // stdout may be the protocol channel: everything the process prints goes to the client's log.
  console.log = (...a: unknown[]) => safeLog(connection, a.map(String).join(' '), 'log');
  console.info = console.log;
  console.warn = (...a: unknown[]) => safeLog(connection, a.map(String).join(' '), 'warn');
  console.error = (...a: unknown[]) => safeLog(connection, a.map(String).join(' '), 'error');
  process.on('uncaughtException', (e) => safeLog(connection, `uncaught: ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => safeLog(connection, `unhandled rejection: ${(e as Error)?.stack ?? e}`));
  // the bundle is also the analysis worker's script (protocol/documents/offThread.ts)
  startServer(connection, { offThreadScript: __filename });
}

if (!isMainThread && workerData?.role === ANALYSIS_WORKER) runAnalysisWorker();
else if (require.main === module) main();
