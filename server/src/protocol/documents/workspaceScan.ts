/**
 * Workspace-wide analysis: YAML files of the workspace folders that are not open are analysed in
 * the background, so that Problems and the Explorer show every finding without opening files.
 *
 *  - Bounded: at most SCAN_LIMITS.entries directory entries walked, SCAN_LIMITS.yamlFiles YAML
 *    files looked at, SCAN_LIMITS.depth folder levels; files over SCAN_LIMITS.bytes are skipped;
 *    dependency and VCS folders (node_modules, .git, any dot folder) and Helm `templates/` are not
 *    entered.
 *  - Cheap first: a file is analysed only when its name matches `ciliumDatapath.files.include` or
 *    its text mentions Cilium (or one of a few chart keys); the analysis then decides, as for open
 *    documents. Everything else costs one read.
 *  - In the background: one file at a time, yielding to the event loop every few milliseconds, so
 *    edits and hovers of open documents are served first.
 *  - Cancelled on change: a settings change starts a new scan and the running one stops at its next
 *    file; a changed, created or deleted file is analysed again on its own (watched files).
 *  - Quiet: a folder without Cilium files gets no diagnostic and no message (one log line).
 *  - Open documents belong to the document store: the scan never publishes for them, and takes a
 *    file back (analyses it from disk) when it is closed.
 * Turned off with `ciliumDatapath.analyzeWorkspace: false`.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { NotificationType } from '../lsp';
import type { DocumentStore, Entry } from './store';
import type { DatapathSettings } from './settings';
import { matchesInclude } from './selection';
import { safeLog } from '../handlers';

export const SCAN_LIMITS = {
  /** directory entries walked per folder */
  entries: 50_000,
  /** YAML files looked at per folder */
  yamlFiles: 5_000,
  /** folder depth below the workspace folder */
  depth: 16,
  /** larger files are skipped (a values file or ConfigMap is far smaller) */
  bytes: 1024 * 1024,
};

/** Longest stretch of scanning between two turns of the event loop (ms). */
const SLICE_MS = 8;

/** Folders never entered. */
const SKIP_DIRS = new Set(['node_modules', 'templates', 'vendor', '__pycache__', 'target', 'bower_components']);

/** Text worth a full analysis when the name does not match the include globs. */
const MENTIONS_CILIUM =
  /cilium|kubeProxyReplacement|routingMode|enableIPv4Masquerade|hostLegacyRouting|tunnelProtocol/i;

export interface ScanStats {
  folders: number;
  entries: number;
  yamlFiles: number;
  /** files that passed the cheap check and were analysed */
  analysed: number;
  /** analysed files that are Cilium files */
  cilium: number;
  /** files with at least one diagnostic */
  withFindings: number;
  diagnostics: number;
  skippedLarge: number;
  /** a limit stopped the walk */
  truncated: boolean;
  cancelled: boolean;
  ms: number;
}

/** `ciliumDatapath/workspaceScanned`: sent when a scan finishes (benchmarks and tests wait for it). */
export const WorkspaceScannedNotification = new NotificationType<ScanStats>('ciliumDatapath/workspaceScanned');

export interface ScannerDeps {
  store: DocumentStore;
  /** settings for a workspace folder (one request per folder, not per file) */
  settings: (folderUri: string) => Promise<DatapathSettings>;
  diagnose: (entry: Entry) => Diagnostic[] | undefined;
}

const emptyStats = (): ScanStats => ({
  folders: 0,
  entries: 0,
  yamlFiles: 0,
  analysed: 0,
  cilium: 0,
  withFindings: 0,
  diagnostics: 0,
  skippedLarge: 0,
  truncated: false,
  cancelled: false,
  ms: 0,
});

export class WorkspaceScanner {
  private folders: string[] = [];
  private generation = 0;
  /** URIs with diagnostics published by the scan */
  private readonly published = new Set<string>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private disposed = false;
  /** folder URI → its settings, for single-file updates */
  private readonly folderSettings = new Map<string, DatapathSettings>();
  private sliceStart = 0;
  last: ScanStats | undefined;
  running: Promise<ScanStats> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly deps: ScannerDeps,
  ) {}

  /** The workspace folders (file URIs only; others are not read). */
  setFolders(uris: string[]): void {
    this.folders = uris.filter((u) => u.startsWith('file:'));
  }

  /** Starts a scan; a running one stops at its next file. */
  start(): Promise<ScanStats> | undefined {
    const g = ++this.generation;
    if (this.folders.length === 0) {
      // the last folder was removed: what the scan published goes with it
      for (const uri of [...this.published]) if (!this.deps.store.isOpen(uri)) this.clear(uri);
      return undefined;
    }
    this.folderSettings.clear();
    this.running = this.scan(g);
    return this.running;
  }

  private cancelled(g: number): boolean {
    return this.disposed || g !== this.generation;
  }

  private async scan(g: number): Promise<ScanStats> {
    const started = performance.now();
    const stats = emptyStats();
    const seen = new Set<string>();
    for (const folder of this.folders) {
      if (this.cancelled(g)) break;
      const settings = await this.deps.settings(folder);
      this.folderSettings.set(folder, settings);
      if (!settings.analyzeWorkspace) continue;
      stats.folders++;
      let root: string;
      try {
        root = fileURLToPath(folder);
      } catch {
        continue;
      }
      await this.walk(root, settings, g, stats, seen);
    }
    stats.cancelled = this.cancelled(g);
    if (!stats.cancelled) {
      // Files that had findings and are gone (or clean, or no longer ours): clear them.
      for (const uri of [...this.published]) {
        if (!seen.has(uri) && !this.deps.store.isOpen(uri)) this.clear(uri);
      }
    }
    stats.ms = Math.round(performance.now() - started);
    if (!stats.cancelled) {
      this.last = stats;
      safeLog(
        this.connection,
        `workspace analysis: ${stats.yamlFiles} YAML files, ${stats.cilium} Cilium files, ${stats.withFindings} with findings, ${stats.ms} ms${stats.truncated ? ' (stopped at a limit)' : ''}`,
        'log',
      );
      this.connection.sendNotification(WorkspaceScannedNotification, stats).catch(() => undefined);
    }
    return stats;
  }

  private async walk(
    root: string,
    settings: DatapathSettings,
    g: number,
    stats: ScanStats,
    seen: Set<string>,
  ): Promise<void> {
    const queue: Array<{ dir: string; depth: number }> = [{ dir: root, depth: 0 }];
    let entries = 0;
    let yamlFiles = 0;
    while (queue.length > 0) {
      if (this.cancelled(g)) return;
      const { dir, depth } = queue.shift()!;
      let list: import('node:fs').Dirent[];
      try {
        list = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const d of list) {
        if (++entries > SCAN_LIMITS.entries) {
          stats.truncated = true;
          return;
        }
        stats.entries++;
        if (d.isDirectory()) {
          if (depth + 1 <= SCAN_LIMITS.depth && !d.name.startsWith('.') && !SKIP_DIRS.has(d.name))
            queue.push({ dir: join(dir, d.name), depth: depth + 1 });
          else if (depth + 1 > SCAN_LIMITS.depth) stats.truncated = true;
          continue;
        }
        if (!d.isFile() || !/\.ya?ml$/i.test(d.name)) continue;
        if (++yamlFiles > SCAN_LIMITS.yamlFiles) {
          stats.truncated = true;
          return;
        }
        stats.yamlFiles++;
        const uri = pathToFileURL(join(dir, d.name)).toString();
        seen.add(uri);
        await this.file(uri, settings, g, stats);
        // Work in slices of a few milliseconds: requests for open documents go first.
        if (performance.now() - this.sliceStart > SLICE_MS) {
          await new Promise<void>((r) => setImmediate(r));
          this.sliceStart = performance.now();
        }
        if (this.cancelled(g)) return;
      }
    }
  }

  /** Analyses one file from disk and publishes (or clears) its diagnostics. */
  private async file(uri: string, settings: DatapathSettings, g: number, stats?: ScanStats): Promise<void> {
    if (this.deps.store.isOpen(uri)) return;
    let text: string;
    try {
      const path = fileURLToPath(uri);
      const st = await fs.stat(path);
      if (st.size > SCAN_LIMITS.bytes) {
        if (stats) stats.skippedLarge++;
        this.clear(uri);
        return;
      }
      text = await fs.readFile(path, 'utf8');
    } catch {
      this.clear(uri);
      return;
    }
    if (!matchesInclude(uri, settings.include) && !MENTIONS_CILIUM.test(text) && !text.includes('# cilium-datapath:')) {
      this.clear(uri);
      return;
    }
    if (stats) stats.analysed++;
    const entry = await this.deps.store.analyseDetached(uri, text, settings, () => this.cancelled(g));
    if (!entry || this.cancelled(g) || this.deps.store.isOpen(uri)) return;
    if (stats && entry.outcome.kind === 'ok') stats.cilium++;
    const diagnostics = this.deps.diagnose(entry) ?? [];
    if (diagnostics.length === 0) {
      this.clear(uri);
      return;
    }
    if (stats) {
      stats.withFindings++;
      stats.diagnostics += diagnostics.length;
    }
    this.published.add(uri);
    this.connection.sendDiagnostics({ uri, diagnostics });
  }

  private clear(uri: string): void {
    if (this.published.delete(uri)) this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private folderOf(uri: string): string | undefined {
    return this.folders
      .filter((f) => uri.startsWith(f.endsWith('/') ? f : `${f}/`))
      .sort((a, b) => b.length - a.length)[0];
  }

  /**
   * A file changed on disk, was created or deleted (watched files), or was closed in the editor:
   * analyse it again on its own, shortly (several events for one save come together).
   */
  fileChanged(uri: string, deleted = false): void {
    if (this.disposed || this.deps.store.isOpen(uri)) return;
    const folder = this.folderOf(uri);
    if (!folder) return;
    if (deleted) {
      this.clear(uri);
      return;
    }
    const path = (() => {
      try {
        return fileURLToPath(uri);
      } catch {
        return '';
      }
    })();
    if (!/\.ya?ml$/i.test(path)) return;
    const rel = path.slice(fileURLToPath(folder).length).split(/[\\/]/).filter(Boolean);
    if (rel.length - 1 > SCAN_LIMITS.depth || rel.slice(0, -1).some((p) => p.startsWith('.') || SKIP_DIRS.has(p)))
      return;
    const old = this.pending.get(uri);
    if (old) clearTimeout(old);
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        void (async () => {
          const g = this.generation;
          const settings = this.folderSettings.get(folder) ?? (await this.deps.settings(folder));
          if (!settings.analyzeWorkspace) return;
          await this.file(uri, settings, g);
        })().catch((e) =>
          safeLog(this.connection, `workspace analysis of ${uri} failed: ${(e as Error)?.message ?? e}`),
        );
      }, 100),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
