// A small LSP client for the benchmark: starts a server as a child process speaking LSP over
// stdio (as an editor does), and times requests and publishDiagnostics on the client side.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import rpc from 'vscode-languageserver-protocol/node.js';

const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  PublishDiagnosticsNotification,
  HoverRequest,
  ShutdownRequest,
  ExitNotification,
} = rpc;

const CLK_TCK = 100; // Linux USER_HZ

/** What the client says it supports: the same for every server. */
const CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, workspaceFolders: false },
  textDocument: {
    synchronization: { didSave: false, dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
};

export class LspServer {
  /**
   * @param {string} name label in the results
   * @param {string[]} argv arguments after `node`
   * @param {{ cwd: string, env?: NodeJS.ProcessEnv, configuration?: (section: string, scopeUri?: string) => unknown, initializationOptions?: unknown }} options
   */
  constructor(name, argv, options) {
    this.name = name;
    this.argv = argv;
    this.options = options;
    /** uri → publishes, in arrival order */
    this.publishes = new Map();
    this.waiters = [];
    this.stderr = '';
    this.exited = false;
  }

  /** Spawns the process; `spawnedAt` is the time origin of the start-up measurement. */
  spawn() {
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, this.argv, {
      cwd: this.options.cwd,
      env: this.options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr.on('data', (d) => {
      if (this.stderr.length < 20_000) this.stderr += d;
    });
    this.exitPromise = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        resolve({ code, signal });
      }),
    );
    const conn = createProtocolConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    this.conn = conn;
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const at = performance.now();
      let list = this.publishes.get(p.uri);
      if (!list) this.publishes.set(p.uri, (list = []));
      const rec = { at, version: p.version, count: p.diagnostics.length, diagnostics: p.diagnostics };
      list.push(rec);
      const ready = this.waiters.filter((w) => w.match(p));
      this.waiters = this.waiters.filter((w) => !w.match(p));
      for (const w of ready) w.resolve(rec);
    });
    // Requests from the server: settings, registrations, progress. Anything else: null.
    conn.onRequest((method, params) => {
      if (method === 'workspace/configuration') {
        return (params?.items ?? []).map(
          (i) => (this.options.configuration ? this.options.configuration(i.section ?? '', i.scopeUri) : null) ?? null,
        );
      }
      return null;
    });
    conn.onNotification(() => undefined);
    conn.onError(() => undefined);
    conn.listen();
    return this;
  }

  async initialize() {
    const r = await within(
      this.conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: CAPABILITIES,
        initializationOptions: this.options.initializationOptions,
        workspaceFolders: null,
      }),
      30_000,
      `${this.name}: initialize`,
    );
    this.initializedAt = performance.now();
    await this.conn.sendNotification(InitializedNotification.type, {});
    this.serverInfo = r.serverInfo;
    return r;
  }

  /**
   * A promise for the next publishDiagnostics of `uri` for `version`. Servers that do not send a
   * version (yaml-language-server) are matched by order: the first publish after this call.
   * Register the wait before sending the change.
   */
  waitDiagnostics(uri, version, timeoutMs = 60_000) {
    const match = (p) => p.uri === uri && (p.version === undefined || p.version === null || p.version === version);
    return within(
      new Promise((resolve) => this.waiters.push({ match, resolve })),
      timeoutMs,
      `${this.name}: diagnostics for ${uri} v${version}`,
    );
  }

  open(uri, text, version = 1, languageId = 'yaml') {
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version, text },
    });
  }

  change(uri, version, changes) {
    return this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  close(uri) {
    return this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Opens a document and resolves with the time to its first diagnostics (ms). */
  async openTimed(uri, text) {
    const wait = this.waitDiagnostics(uri, 1);
    const t0 = performance.now();
    await this.open(uri, text);
    const rec = await wait;
    return { ms: rec.at - t0, count: rec.count };
  }

  /** Sends one change and resolves with the time to the diagnostics of the new version (ms). */
  async changeTimed(uri, version, changes) {
    const wait = this.waitDiagnostics(uri, version);
    const t0 = performance.now();
    await this.change(uri, version, changes);
    const rec = await wait;
    return { ms: rec.at - t0, count: rec.count };
  }

  async hoverTimed(uri, line, character) {
    const t0 = performance.now();
    const h = await within(
      this.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }),
      30_000,
      `${this.name}: hover`,
    );
    const ms = performance.now() - t0;
    return { ms, text: hoverText(h) };
  }

  /** VmRSS and VmHWM of the server process, in MB. */
  memory() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
  }

  /** CPU time (user + system) the server process has used so far, in ms. */
  cpuMs() {
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  }

  publishesFor(uri) {
    return this.publishes.get(uri) ?? [];
  }

  async stop() {
    if (this.exited) return;
    try {
      await within(this.conn.sendRequest(ShutdownRequest.type), 5_000, 'shutdown');
      await this.conn.sendNotification(ExitNotification.type);
      await within(this.exitPromise, 5_000, 'exit');
    } catch {
      // ignore: killed below
    } finally {
      this.conn.dispose();
      if (!this.exited) this.child.kill('SIGKILL');
    }
  }
}

function hoverText(h) {
  if (!h || !h.contents) return '';
  const c = h.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return c.value ?? '';
}

export function within(p, ms, what) {
  let timer;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}
