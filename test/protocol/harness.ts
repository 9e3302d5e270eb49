/**
 * The test client of the protocol suites: a real server connection (`startServer`) and a real
 * client protocol connection over two PassThrough streams, so JSON-RPC framing, capabilities and
 * the serialisation of `Diagnostic.data` are exercised. Waits are on the matching
 * publishDiagnostics, never on sleeps.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before } from 'node:test';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import {
  CodeActionRequest,
  CodeLensRefreshRequest,
  CodeLensRequest,
  CompletionRequest,
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ClientCapabilities,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer } from '../../server/src/server';
import type { VerdictResult } from '../../server/src/protocol/messages';
import { VerdictRequest } from '../../server/src/protocol/requests';
import { repoRoot, within } from '../helpers';

/**
 * A Harness for the tests of the enclosing suite (or file): made now, readied before the first
 * test by `ready` (by default `initialize()` with its defaults; null: the tests do it), shut down
 * after the last. Call it at the top level or in a `describe` body.
 */
export function suiteHarness(ready: ((h: Harness) => Promise<unknown>) | null = (h) => h.initialize()): Harness {
  const h = new Harness();
  if (ready) before(() => ready(h));
  after(() => h.dispose());
  return h;
}

interface Waiter {
  match: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

/** A client and a server connected by two PassThrough streams. */
export class Harness {
  readonly client: ProtocolConnection;
  readonly server: Connection;
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  /** what `workspace/configuration` answers for `ciliumDatapath`, per scopeUri ('' = any) */
  settings: Record<string, unknown> = {};
  /** what it answers for other sections (e.g. `yaml.schemas`), by section name */
  sections: Record<string, unknown> = {};
  configurationRequests = 0;
  private waiters: Waiter[] = [];
  private refreshWaiters: Array<() => void> = [];
  private readonly docs = new Map<string, TextDocument>();

  constructor() {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    this.server = createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(toServer),
      new StreamMessageWriter(toClient),
    );
    startServer(this.server);
    this.client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.client.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.publishes.push(p);
      const ready = this.waiters.filter((w) => w.match(p));
      this.waiters = this.waiters.filter((w) => !w.match(p));
      for (const w of ready) w.resolve(p);
    });
    this.client.onNotification(LogMessageNotification.type, (m) => this.logs.push(m.message));
    this.client.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationRequests++;
      return p.items.map((i) =>
        i.section === 'ciliumDatapath'
          ? (this.settings[i.scopeUri ?? ''] ?? this.settings[''] ?? null)
          : (this.sections[i.section ?? ''] ?? null),
      );
    });
    this.client.onRequest(RegistrationRequest.type, () => null);
    this.client.onRequest(CodeLensRefreshRequest.type, () => {
      const w = this.refreshWaiters;
      this.refreshWaiters = [];
      for (const r of w) r();
      return null;
    });
    this.client.listen();
  }

  async initialize(
    initializationOptions: Record<string, unknown> = { debounceMs: 5 },
    capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        codeLens: { refreshSupport: true },
      },
    },
    workspaceFolders: string[] | null = null,
  ): Promise<InitializeResult> {
    const folders = workspaceFolders?.map((uri, i) => ({ uri, name: `folder${i}` })) ?? null;
    const r = await this.client.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      capabilities,
      initializationOptions,
      workspaceFolders: folders,
    });
    await this.client.sendNotification(InitializedNotification.type, {});
    return r;
  }

  /** The first diagnostics published for this version of the document (already received or still to come). */
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const match = (p: PublishDiagnosticsParams) => p.uri === uri && p.version === version;
    const seen = this.publishes.find(match);
    if (seen) return Promise.resolve(seen);
    return within(
      new Promise((resolve) => this.waiters.push({ match, resolve })),
      15_000,
      `diagnostics for ${uri} v${version}`,
    );
  }

  /** The next diagnostics published for the document after this call. */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    return within(
      new Promise((resolve) => this.waiters.push({ match: (p) => p.uri === uri, resolve })),
      15_000,
      `next diagnostics for ${uri}`,
    );
  }

  /** The next `workspace/codeLens/refresh` request from the server. */
  nextLensRefresh(): Promise<void> {
    return within(
      new Promise<void>((resolve) => this.refreshWaiters.push(resolve)),
      15_000,
      'workspace/codeLens/refresh',
    );
  }

  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.publishes.filter((p) => p.uri === uri);
  }

  text(uri: string): string {
    return this.docs.get(uri)!.getText();
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<void> {
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  async openAndWait(uri: string, text: string, languageId = 'yaml'): Promise<Diagnostic[]> {
    await this.open(uri, text, languageId);
    return (await this.diagnostics(uri, 1)).diagnostics;
  }

  /** Replaces the whole text (a full-content change event); returns the new version. */
  async replace(uri: string, text: string): Promise<number> {
    const doc = this.docs.get(uri)!;
    const version = doc.version + 1;
    this.docs.set(uri, TextDocument.update(doc, [{ text }], version));
    await this.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  /** Applies edits as incremental change events, the way an editor sends them; returns the new version. */
  async edit(uri: string, edits: TextEdit[]): Promise<number> {
    const doc = this.docs.get(uri)!;
    const version = doc.version + 1;
    // Later edits first, so that earlier ranges stay valid.
    const ordered = [...edits].sort(
      (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
    );
    const changes = ordered.map((e) => ({ range: e.range, text: e.newText }));
    this.docs.set(uri, TextDocument.update(doc, changes, version));
    await this.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async hover(uri: string, line: number, character: number): Promise<string> {
    const h: Hover | null = await this.client.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line, character },
    });
    return h ? (h.contents as MarkupContent).value : '';
  }

  async complete(uri: string, line: number, character: number): Promise<CompletionItem[]> {
    const r = (await this.client.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line, character },
    })) as CompletionList | CompletionItem[] | null;
    return r === null ? [] : Array.isArray(r) ? r : r.items;
  }

  lenses(uri: string): Promise<CodeLens[] | null> {
    return this.client.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  }

  async codeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const r = await this.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics },
    });
    return (r ?? []) as CodeAction[];
  }

  verdict(uri: string): Promise<VerdictResult | null> {
    return this.client.sendRequest(VerdictRequest, { uri });
  }

  async dispose(): Promise<void> {
    await this.client.sendRequest(ShutdownRequest.type);
    this.client.dispose();
    this.server.dispose();
  }
}

/**
 * The bundled server (`dist/server.js`, built by `npm test`) as an editor starts it: a child
 * process speaking LSP over stdio. Register notification handlers on `conn`, then `initialize()`.
 */
export class BundledServer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly conn: ProtocolConnection;
  /** resolves with the exit code */
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(readonly bundle = join(repoRoot, 'dist', 'server.js')) {
    this.child = spawn(process.execPath, [bundle, '--stdio'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
  }

  /** Starts listening, then `initialize` (no client capabilities, no debounce) and `initialized`. */
  async initialize(): Promise<InitializeResult> {
    this.conn.listen();
    const r = await within(
      this.conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        initializationOptions: { debounceMs: 0 },
        workspaceFolders: null,
      }),
      15_000,
      'initialize',
    );
    await this.conn.sendNotification(InitializedNotification.type, {});
    return r;
  }

  open(uri: string, text: string): Promise<void> {
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
  }

  async hover(uri: string, line: number, character: number): Promise<string> {
    const h: Hover | null = await this.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line, character },
    });
    return h ? (h.contents as MarkupContent).value : '';
  }

  /** `shutdown`, then `exit`: what an editor sends to stop the server. */
  async shutdown(): Promise<void> {
    await this.conn.sendRequest(ShutdownRequest.type);
    await this.conn.sendNotification(ExitNotification.type);
  }

  /** Closes the connection and kills the process if it is still running. */
  dispose(): void {
    this.conn.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}
