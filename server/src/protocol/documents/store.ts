/**
 * Open documents and their analyses. Every document version is parsed once and analysed once;
 * hover (its key index comes from the same parse), code actions, lenses and the verdict request
 * reuse that result. When to analyse after a change is paced per document (pacing.ts: at once
 * after a pause or when the document is cheap, bursts coalesced for as long as one analysis
 * takes) unless the client asked for a fixed debounce. Work for a version that has been
 * replaced is dropped, other documents are not touched by an edit (except those that use the
 * edited one as a base), and closing a document drops everything kept for it and clears its
 * diagnostics. Documents that use a base file are re-analysed when the base changes (open
 * document or file on disk); the parse of a base is reused while its text is unchanged.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { TextDocuments } from '../lsp';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyzeInferred,
  parseInput,
  parseModeline,
  settingsAsOptions,
  type Analysis,
  type AnalyzeError,
  type AnalyzeOptions,
  type InputFile,
  type PreParsed,
  type ConfigMapInput,
  type ValuesInput,
  type Modeline,
  type Range,
  type WrappedRelease,
} from '../../core';
import { SettingsStore, type DatapathSettings } from './settings';
import { matchesInclude, reportsError, skipReason, type Claim } from './selection';
import { basesAffected, loadBases, normaliseUri, type BaseFile, type BasePolicy } from '../../files/bases';
import type { KeyIndex } from './keyIndex';
import { guardNotification, safeLog } from '../handlers';
import { Pacer } from './pacing';
import { analyseReleases, mayBeWrapper, readerFor } from './releases';
import { Turns } from './turns';
import { OFF_THREAD_CHARS, OffThread } from './offThread';

/** A remark about the document that is not a rule finding (bad setting, missing base, modeline typo). */
export interface Note {
  code: 'settings' | 'base-file' | 'modeline';
  message: string;
  /** undefined: the first line */
  range?: Range;
  severity: 'error' | 'warning' | 'information';
}

export type Outcome =
  { kind: 'ignored'; why: string } | { kind: 'error'; error: AnalyzeError } | { kind: 'ok'; analysis: Analysis };

/** The analysis of one version of one document. */
export interface Entry {
  uri: string;
  version: number;
  text: string;
  settings: DatapathSettings;
  modeline: Modeline;
  bases: BaseFile[];
  claim: Claim;
  outcome: Outcome;
  /** the version came from the settings (the core reports it as an option) */
  versionFromSettings: boolean;
  notes: Note[];
  /** key positions for hover, built once on first use (see keyIndex.ts) */
  keys?: KeyIndex | null;
  /** the parsed document (without its syntax tree) until the key index is built from it */
  input?: ValuesInput | ConfigMapInput;
  /** wrapped Cilium releases (HelmRelease, Application…), each with its own analysis; `outcome` is the first one's */
  releases?: ReleaseEntry[];
}

/** A wrapped release of a document (documents/releases.ts) and its analysis, seen as a document of its own. */
export interface ReleaseEntry {
  release: WrappedRelease;
  outcome: Outcome;
  /** the release as an entry (same URI and text, its own analysis and key positions) */
  view: Entry;
}

/** An entry that is ours: it has diagnostics, a verdict, hovers. */
export function isOurs(e: Entry): boolean {
  if (e.releases && e.releases.length > 0) return true;
  return e.outcome.kind === 'ok' || (e.outcome.kind === 'error' && reportsError(e.outcome.error.kind, e.claim));
}

export interface DocumentStoreOptions {
  /** a fixed delay between a change and its analysis; undefined: paced per document (pacing.ts) */
  debounceMs: number | undefined;
  /** the analysis of a version is turned into diagnostics; undefined = not ours, publish nothing */
  diagnose: (entry: Entry) => Diagnostic[] | undefined;
  /** called after a version's diagnostics are out, when the server is otherwise idle */
  idle?: (entry: Entry) => void;
  /** called when documents were re-analysed because a base file changed (lenses may need a refresh) */
  dependentsChanged?: () => void;
  /** where base files may come from (workspace folders, trust); undefined: anywhere */
  basePolicy?: () => BasePolicy;
  /** the script of the analysis worker (the server's bundle); undefined: every analysis on this thread */
  offThreadScript?: string;
  /** called after a document was closed and its diagnostics cleared (the workspace scan takes it back) */
  closed?: (uri: string) => void;
}

const STALE = Symbol('stale');

interface Cached {
  key: string;
  promise: Promise<Entry | typeof STALE>;
  entry?: Entry;
}

/** A scheduled analysis: `delayed` is false for one that runs at the next turn of the event loop. */
interface Run {
  cancel: () => void;
  delayed: boolean;
}

/** Parsed base files kept for reuse (a base rarely changes while the document using it is edited). */
const BASE_PARSES = 16;

export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  private readonly cache = new Map<string, Cached>();
  private readonly runs = new Map<string, Run>();
  private readonly pacer = new Pacer();
  private readonly turns = new Turns();
  /** large documents are analysed off the thread (when the server runs from its bundle) */
  private readonly offThread: OffThread | undefined;
  /** cancels the off-thread analysis running for a document */
  private readonly inflight = new Map<string, () => void>();
  /** normalised base URI → its text and the parse of that text */
  private readonly baseParses = new Map<string, { text: string; parsed: PreParsed }>();
  /** per-URI invalidation counter (a base file changed) */
  private readonly generation = new Map<string, number>();
  private readonly wasOurs = new Set<string>();
  /** URIs whose last published diagnostics were not empty */
  private readonly published = new Set<string>();
  /**
   * Open documents whose text mentions `base=`: the only ones that can have base files. A change
   * to any file looks for its dependents among these, not among every open document (a burst of
   * 1,000 opens made that search quadratic).
   */
  private readonly mayHaveBases = new Set<string>();
  /** analyses whose diagnostics are out (two runs that meet on the same analysis publish once) */
  private readonly sent = new WeakSet<Entry>();
  private disposed = false;

  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsStore,
    private readonly options: DocumentStoreOptions,
  ) {
    this.offThread = options.offThreadScript
      ? new OffThread(options.offThreadScript, (m) => safeLog(connection, m, 'warn'))
      : undefined;
  }

  /** Hooks the document events to the connection. */
  listen(): void {
    this.documents.onDidChangeContent(
      guardNotification(this.connection, 'didChange', (e) => this.changed(e.document.uri)),
    );
    this.documents.onDidClose(guardNotification(this.connection, 'didClose', (e) => this.closed(e.document.uri)));
    this.documents.listen(this.connection);
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /**
   * The analysis of the current version of an open document (computed at most once per version).
   * `urgent`: a request waits for it (its analysis goes before the background ones).
   */
  async entry(uri: string, urgent = true): Promise<Entry | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = this.documents.get(uri);
      if (!doc) return undefined;
      const key = this.keyOf(doc);
      let c = this.cache.get(uri);
      if (!c || c.key !== key) {
        const fresh: Cached = { key, promise: Promise.resolve(STALE) };
        fresh.promise = this.compute(doc, () => this.isCurrent(uri, key), urgent).then((r) => {
          if (r !== STALE) fresh.entry = r;
          else if (this.cache.get(uri) === fresh) this.cache.delete(uri);
          return r;
        });
        this.cache.set(uri, fresh);
        c = fresh;
      } else if (urgent && !c.entry) {
        this.turns.promote(uri);
      }
      if (urgent) this.turns.touch();
      const r = await c.promise;
      if (r !== STALE) return r;
      // A newer version (or new settings) arrived while this one was computed: try the newest.
    }
    return undefined;
  }

  /** The cached entry for the current version, without computing anything. */
  cached(uri: string): Entry | undefined {
    const doc = this.documents.get(uri);
    const c = this.cache.get(uri);
    return doc && c && c.key === this.keyOf(doc) ? c.entry : undefined;
  }

  /**
   * Schedules diagnostics for a document: after the fixed debounce when the client set one,
   * else paced (at once, or after as long as one analysis of the document takes during a burst).
   */
  schedule(uri: string): void {
    if (this.disposed) return;
    const old = this.runs.get(uri);
    const fixed = this.options.debounceMs;
    let delay: number;
    if (fixed !== undefined) {
      delay = fixed;
    } else {
      delay = this.pacer.delayFor(uri, old?.delayed === true);
      // A run at the next turn is still to come: it analyses the newest version anyway.
      if (old && !old.delayed && delay === 0) return;
    }
    old?.cancel();
    const run = () => {
      this.runs.delete(uri);
      void this.validate(uri);
    };
    if (delay <= 0 && fixed === undefined) {
      const h = setImmediate(run);
      this.runs.set(uri, { cancel: () => clearImmediate(h), delayed: false });
    } else {
      const h = setTimeout(run, delay);
      this.runs.set(uri, { cancel: () => clearTimeout(h), delayed: true });
    }
  }

  /** Settings changed: every open document is analysed again. */
  revalidateAll(): void {
    this.cache.clear();
    for (const doc of this.documents.all()) this.schedule(doc.uri);
  }

  /** A file changed (open document, or on disk): re-analyse the documents that use it as a base. */
  fileChanged(uri: string): void {
    const target = normaliseUri(uri);
    let any = false;
    for (const other of this.mayHaveBases) {
      const doc = this.documents.get(other);
      if (!doc || doc.uri === uri) continue;
      const c = this.cache.get(doc.uri);
      const uses = c?.entry
        ? c.entry.bases.some((b) => b.uri === target)
        : parseModeline(doc.getText()).bases.length > 0;
      if (!uses) continue;
      this.reanalyse(doc.uri);
      any = true;
    }
    if (any) this.options.dependentsChanged?.();
  }

  /**
   * The roots base files may come from changed (workspace folders added or removed): re-analyse
   * the open documents for which a base becomes allowed or refused.
   */
  rootsChanged(oldRoots: string[], newRoots: string[]): string[] {
    const affected: string[] = [];
    for (const uri of this.mayHaveBases) {
      const doc = this.documents.get(uri);
      if (!doc) continue;
      const text = doc.getText();
      const modeline = this.cache.get(doc.uri)?.entry?.modeline ?? parseModeline(text);
      if (modeline.bases.length === 0 || !basesAffected(doc.uri, modeline, oldRoots, newRoots)) continue;
      this.reanalyse(doc.uri);
      affected.push(doc.uri);
    }
    if (affected.length > 0) this.options.dependentsChanged?.();
    return affected;
  }

  /** Drops what is known of a document and analyses it again. */
  private reanalyse(uri: string): void {
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    this.cache.delete(uri);
    this.schedule(uri);
  }

  /** Normalised URI → text of an open document. */
  openText(normalised: string): string | undefined {
    for (const doc of this.documents.all()) if (normaliseUri(doc.uri) === normalised) return doc.getText();
    return undefined;
  }

  dispose(): void {
    this.disposed = true;
    for (const r of this.runs.values()) r.cancel();
    this.runs.clear();
    this.offThread?.dispose();
    this.baseParses.clear();
  }

  private keyOf(doc: TextDocument): string {
    return `${doc.version}|${this.settings.epoch}|${this.generation.get(doc.uri) ?? 0}`;
  }

  private isCurrent(uri: string, key: string): boolean {
    const doc = this.documents.get(uri);
    return !!doc && this.keyOf(doc) === key;
  }

  private changed(uri: string): void {
    this.turns.touch();
    if (this.documents.get(uri)?.getText().includes('base=')) this.mayHaveBases.add(uri);
    else this.mayHaveBases.delete(uri);
    // the next edit cancels an analysis still running for the previous version
    this.inflight.get(uri)?.();
    this.inflight.delete(uri);
    this.schedule(uri);
    this.fileChanged(uri);
  }

  private closed(uri: string): void {
    this.inflight.get(uri)?.();
    this.inflight.delete(uri);
    this.runs.get(uri)?.cancel();
    this.runs.delete(uri);
    this.pacer.forget(uri);
    this.cache.delete(uri);
    this.generation.delete(uri);
    this.wasOurs.delete(uri);
    this.settings.forget(uri);
    this.published.delete(uri);
    this.mayHaveBases.delete(uri);
    this.pruneBaseParses();
    this.connection.sendDiagnostics({ uri, diagnostics: [] });
    // a base that was open is now read from disk
    this.fileChanged(uri);
    this.options.closed?.(uri);
  }

  /** Whether a document is open (the editor owns its diagnostics). */
  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  private async validate(uri: string): Promise<void> {
    try {
      const entry = await this.entry(uri, false);
      if (!entry || !this.isCurrentEntry(entry)) return; // dropped: a newer version is on its way
      if (this.sent.has(entry)) return;
      this.sent.add(entry);
      const diagnostics = this.options.diagnose(entry);
      if (diagnostics === undefined) {
        // Not ours: publish nothing, except to clear what an earlier version showed.
        if (this.published.delete(uri))
          this.connection.sendDiagnostics({ uri, version: entry.version, diagnostics: [] });
      } else {
        if (diagnostics.length > 0) this.published.add(uri);
        else this.published.delete(uri);
        this.connection.sendDiagnostics({ uri, version: entry.version, diagnostics });
      }
      if (this.options.idle && isOurs(entry)) {
        setImmediate(() => {
          if (this.isCurrentEntry(entry)) guardNotification(this.connection, 'idle', this.options.idle!)(entry);
        });
      }
    } catch (e) {
      safeLog(this.connection, `validation of ${uri} failed: ${(e as Error)?.stack ?? e}`);
    }
  }

  private isCurrentEntry(entry: Entry): boolean {
    const doc = this.documents.get(entry.uri);
    return !!doc && doc.version === entry.version && this.cached(entry.uri) === entry;
  }

  /**
   * The analysis of a file that is not open (the workspace scan): same steps as for an open
   * document, with the given settings, nothing cached and no claim remembered; it waits its turn
   * behind requests like any background analysis.
   */
  async analyseDetached(
    uri: string,
    text: string,
    settings: DatapathSettings,
    isCancelled: () => boolean = () => false,
  ): Promise<Entry | undefined> {
    const r = await this.compute(
      TextDocument.create(uri, 'yaml', 0, text),
      () => !this.disposed && !isCancelled(),
      false,
      settings,
      true,
    );
    return r === STALE ? undefined : r;
  }

  private async compute(
    doc: TextDocument,
    current: () => boolean,
    urgent: boolean,
    givenSettings?: DatapathSettings,
    detached = false,
  ): Promise<Entry | typeof STALE> {
    const uri = doc.uri;
    const version = doc.version;
    const text = doc.getText();
    const languageId = doc.languageId;
    const settings = givenSettings ?? (await this.settings.get(uri));
    if (!current()) return STALE;

    const base: Omit<Entry, 'outcome'> = {
      uri,
      version,
      text,
      settings,
      modeline: { bases: [], suppressions: [], problems: [], present: false },
      bases: [],
      claim: { byName: false, modeline: false, wasOurs: !detached && this.wasOurs.has(uri) },
      versionFromSettings: false,
      notes: [],
    };
    const skip = skipReason(uri, languageId);
    if (skip) return { ...base, outcome: { kind: 'ignored', why: skip } };

    const modeline = parseModeline(text);
    base.modeline = modeline;
    base.claim.byName = matchesInclude(uri, settings.include);
    base.claim.modeline = modeline.present;

    if (modeline.bases.length > 0) {
      base.bases = await loadBases(uri, modeline, (u) => this.openText(u), this.options.basePolicy?.());
      if (!current()) return STALE;
      for (const b of base.bases) {
        if (b.problem) base.notes.push({ code: 'base-file', message: b.problem, range: b.range, severity: 'warning' });
      }
    }
    const baseFiles = base.bases
      .filter((b) => b.text !== undefined && b.uri)
      .map((b) => ({ name: b.uri!, text: b.text! }));

    // Precedence (core/analysis/target.ts): modeline (this file or a base) > settings > inferred from the file > the newest line.
    const modelines = [modeline, ...baseFiles.map((f) => parseModeline(f.text))];
    const fromSettings = settingsAsOptions(
      { ciliumVersion: settings.ciliumVersion, kernel: settings.kernelVersion },
      modelines,
    );
    const options: AnalyzeOptions = fromSettings.options;
    base.versionFromSettings = fromSettings.versionFromSettings;
    for (const p of fromSettings.problems)
      base.notes.push({ code: 'settings', message: `ciliumDatapath.${p.setting}: ${p.message}`, severity: 'warning' });
    for (const p of modeline.problems)
      base.notes.push({ code: 'modeline', message: p.message, range: p.range, severity: 'warning' });

    let entry: Entry;
    const started = performance.now();
    if (this.offThread && text.length >= OFF_THREAD_CHARS) {
      // large: analysed in the worker, this thread keeps answering (an edit cancels it)
      const run = this.offThread.run({ uri, text, bases: baseFiles, options });
      if (!detached) this.inflight.set(uri, run.cancel);
      const r = await run.result;
      if (!detached && this.inflight.get(uri) === run.cancel) this.inflight.delete(uri);
      if (!r || !current()) return STALE;
      for (const w of r.warnings)
        safeLog(this.connection, `${uri}:${w.line + 1} (version ${version}): ${w.message}`, 'warn');
      entry = {
        ...base,
        outcome: r.outcome.ok
          ? { kind: 'ok', analysis: r.outcome.analysis }
          : { kind: 'error', error: r.outcome.error },
        keys: r.keys,
      };
    } else {
      // one analysis per turn of the event loop; requests are read in between (turns.ts)
      await this.turns.wait(uri, urgent);
      if (!current()) return STALE;
      // One parse of this version: the analysis and the hover key index share it.
      const own = parseInput(uri, text);
      // once per version (this runs once per version): how the parser reads odd YAML, for the log
      if (own.ok)
        for (const w of own.parsed.warnings)
          safeLog(this.connection, `${uri}:${w.range.start.line + 1} (version ${version}): ${w.message}`, 'warn');
      const files: InputFile[] = [
        ...baseFiles.map((b) => ({ ...b, parsed: this.baseParse(b.name, b.text) })),
        { name: uri, text, parsed: own },
      ];
      if (mayBeWrapper(own)) {
        const found = analyseReleases(
          uri,
          text,
          { kernel: options.kernel, settingsVersion: base.versionFromSettings ? options.ciliumVersion : undefined },
          files.slice(0, -1),
          readerFor(uri, (u) => this.openText(u), this.options.basePolicy?.()),
        );
        const releases = found?.map(({ release, outcome: r, input }): ReleaseEntry => {
          const outcome: Outcome = r.ok ? { kind: 'ok', analysis: r.analysis } : { kind: 'error', error: r.error };
          const fromSettings = r.ok && r.analysis.ciliumVersion.source === 'option' && base.versionFromSettings;
          return {
            release,
            outcome,
            view: {
              ...base,
              notes: [],
              outcome,
              versionFromSettings: fromSettings,
              input,
              keys: undefined,
              releases: undefined,
            },
          };
        });
        if (releases) {
          const wrapped: Entry = { ...base, outcome: releases[0].outcome, releases };
          if (detached) return wrapped;
          this.pacer.record(uri, performance.now() - started);
          this.wasOurs.add(uri);
          return wrapped;
        }
      }
      // Without a version from a modeline or the settings, the version the file was written for.
      let result = analyzeInferred(files, options);
      // A base that is YAML but not Cilium values: said on its modeline, the document analysed alone.
      const failed = result.ok ? undefined : result.error;
      const badBase =
        failed && ['not-cilium', 'not-a-map', 'helm-template'].includes(failed.kind)
          ? base.bases.find((b) => b.uri === failed.file)
          : undefined;
      if (badBase && !result.ok) {
        const why = result.error.message.startsWith(badBase.uri!)
          ? result.error.message.slice(badBase.uri!.length).replace(/^:?\s*/, '')
          : result.error.message;
        base.notes.push({
          code: 'base-file',
          message: `Base file ${badBase.spec} ${why}; this document is analysed without it`,
          range: badBase.range,
          severity: 'warning',
        });
        result = analyzeInferred([{ name: uri, text, parsed: own }], options);
      }
      const outcome: Outcome = result.ok
        ? { kind: 'ok', analysis: result.analysis }
        : { kind: 'error', error: result.error };
      entry = { ...base, outcome, input: own.ok ? own.input : undefined };
    }
    const outcome = entry.outcome;
    if (detached) return entry;
    this.pacer.record(uri, performance.now() - started);
    if (isOurs(entry) && outcome.kind === 'ok') this.wasOurs.add(uri);
    else if (
      outcome.kind === 'error' &&
      (outcome.error.kind === 'not-cilium' || outcome.error.kind === 'helm-template') &&
      outcome.error.file === uri
    ) {
      this.wasOurs.delete(uri);
    }
    return entry;
  }

  /** Drops the parses of base files that no open document uses any more. */
  private pruneBaseParses(): void {
    if (this.baseParses.size === 0) return;
    const used = new Set<string>();
    for (const c of this.cache.values()) for (const b of c.entry?.bases ?? []) if (b.uri) used.add(b.uri);
    for (const u of [...this.baseParses.keys()]) if (!used.has(u)) this.baseParses.delete(u);
  }

  /** The parse of a base file's text, reused while the text stays the same. */
  private baseParse(uri: string, text: string): PreParsed {
    const hit = this.baseParses.get(uri);
    if (hit && hit.text === text) return hit.parsed;
    const p = parseInput(uri, text);
    // Keep the result without its syntax tree.
    const parsed: PreParsed = p.ok ? { ok: true, input: p.input } : { ok: false, problem: p.problem };
    this.baseParses.delete(uri);
    this.baseParses.set(uri, { text, parsed });
    if (this.baseParses.size > BASE_PARSES) this.baseParses.delete(this.baseParses.keys().next().value!);
    return parsed;
  }
}
