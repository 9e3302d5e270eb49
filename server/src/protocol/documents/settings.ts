/**
 * Typed `ciliumDatapath.*` settings, read per resource with `workspace/configuration` when the
 * client supports it (else taken from `workspace/didChangeConfiguration`), cached per document
 * and dropped on every configuration change.
 */
import type { Connection } from 'vscode-languageserver';
import { SETTINGS_SECTION } from '../messages';
import { matchesInclude } from './selection';
import { SCHEMA_RULE_IDS } from '../../core';

/** The client's YAML extension settings, read to know which files it validates. */
export const YAML_SCHEMAS_SECTION = 'yaml.schemas';

export type SeverityOverride = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface DatapathSettings {
  /** `ciliumDatapath.ciliumVersion`: used when the file has no `version=` modeline */
  ciliumVersion?: string;
  /** `ciliumDatapath.kernelVersion`: used when the file has no `kernel=` modeline */
  kernelVersion?: string;
  /** `ciliumDatapath.severity`: rule id → severity or `off` */
  severity: Record<string, SeverityOverride>;
  /** `ciliumDatapath.files.include`: file-name globs that are Cilium files even before their content says so */
  include: string[];
  /**
   * `ciliumDatapath.schemaChecks`: `on` reports every key check, `off` none of them, `auto` (the
   * default) leaves type errors to the Red Hat YAML extension where it validates the same file
   * against a schema.
   */
  schemaChecks: SchemaChecks;
  /** file globs of the client's `yaml.schemas` setting (files the YAML extension validates) */
  yamlSchemaGlobs: string[];
  /** `ciliumDatapath.analyzeWorkspace`: files that are not open are analysed too (workspaceScan.ts) */
  analyzeWorkspace: boolean;
}

export type SchemaChecks = 'auto' | 'on' | 'off';

/** How long to wait for `workspace/configuration` before using the defaults. */
export const CONFIGURATION_TIMEOUT_MS = 3000;

export const DEFAULT_INCLUDE: readonly string[] = ['values*.yaml', 'values*.yml', '*cilium*.yaml', '*cilium*.yml'];

export function defaultSettings(): DatapathSettings {
  return {
    severity: {},
    include: [...DEFAULT_INCLUDE],
    schemaChecks: 'auto',
    yamlSchemaGlobs: [],
    analyzeWorkspace: true,
  };
}

const SEVERITY_WORDS: Record<string, SeverityOverride> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  information: 'information',
  info: 'information',
  hint: 'hint',
  off: 'off',
  none: 'off',
};

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Turns whatever the client sent into settings; unknown or ill-typed entries are ignored. */
export function normaliseSettings(raw: unknown): DatapathSettings {
  const out = defaultSettings();
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  out.ciliumVersion = text(r.ciliumVersion);
  out.kernelVersion = text(r.kernelVersion);
  if (r.severity && typeof r.severity === 'object' && !Array.isArray(r.severity)) {
    for (const [id, v] of Object.entries(r.severity as Record<string, unknown>)) {
      const s = typeof v === 'string' ? SEVERITY_WORDS[v.toLowerCase()] : undefined;
      if (s) out.severity[id] = s;
    }
  }
  // `files.include` arrives nested from VS Code, or flat from clients that send dotted keys.
  const files = r.files && typeof r.files === 'object' ? (r.files as Record<string, unknown>) : undefined;
  const include = files?.include ?? r['files.include'];
  if (Array.isArray(include)) {
    const list = include.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
    out.include = list;
  }
  if (typeof r.schemaChecks === 'string' && ['auto', 'on', 'off'].includes(r.schemaChecks.trim().toLowerCase())) {
    out.schemaChecks = r.schemaChecks.trim().toLowerCase() as SchemaChecks;
  } else if (typeof r.schemaChecks === 'boolean') out.schemaChecks = r.schemaChecks ? 'on' : 'off';
  if (r.analyzeWorkspace === false) out.analyzeWorkspace = false;
  return out;
}

/** The file globs of a `yaml.schemas` setting (`{ schema: glob | glob[] }`). */
export function yamlSchemaGlobs(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const out: string[] = [];
  for (const v of Object.values(raw as Record<string, unknown>)) {
    for (const g of Array.isArray(v) ? v : [v])
      if (typeof g === 'string' && g.trim() !== '') out.push(g.trim().replace(/^\.?\//, ''));
  }
  return out;
}

/** A `# yaml-language-server: $schema=…` modeline: the YAML extension validates the file against it. */
const YAML_SCHEMA_MODELINE = /^\s*#\s*yaml-language-server:\s*\$schema=\S+/m;

/**
 * Does the Red Hat YAML extension validate this file against a schema? Only when the client
 * reports the extension, and the file names a schema in a modeline or matches `yaml.schemas`.
 */
export function yamlExtensionValidates(
  doc: { uri: string; text: string; settings: DatapathSettings },
  yamlExtensionPresent: boolean,
): boolean {
  if (!yamlExtensionPresent) return false;
  return (
    YAML_SCHEMA_MODELINE.test(doc.text) ||
    (doc.settings.yamlSchemaGlobs.length > 0 && matchesInclude(doc.uri, doc.settings.yamlSchemaGlobs))
  );
}

/**
 * Whether a finding is shown with these settings: the key checks can be turned off, and in
 * `auto` mode their type errors are left to the YAML extension when it validates the file.
 */
export function showFinding(
  ruleId: string,
  doc: { uri: string; text: string; settings: DatapathSettings },
  yamlExtensionPresent: boolean,
): boolean {
  if (!SCHEMA_RULE_IDS.includes(ruleId)) return true;
  switch (doc.settings.schemaChecks) {
    case 'off':
      return false;
    case 'on':
      return true;
    default:
      return ruleId !== 'value-type' || !yamlExtensionValidates(doc, yamlExtensionPresent);
  }
}

/**
 * The settings scope of a document: the innermost workspace folder holding it, else one scope for
 * every file outside the folders; untitled and other non-file documents are their own scope.
 */
export function settingsScope(uri: string, folders: readonly string[]): string {
  if (!uri.startsWith('file:')) return uri;
  let best = '';
  for (const f of folders) {
    const prefix = f.endsWith('/') ? f : `${f}/`;
    if (uri.startsWith(prefix) && prefix.length > best.length) best = prefix;
  }
  return best || 'file:(outside the workspace folders)';
}

/**
 * Settings per document; one instance per connection (no settings in module globals).
 *
 * Documents in the same workspace folder (or in none) share one `workspace/configuration` answer:
 * VS Code's resource settings differ by folder, not by file, and a request per document made a
 * burst of 1,000 opened files send 1,000 requests whose answers queued ahead of every other
 * message (a hover waited 4.5 s). `scopeOf` names the folder; the request is made for the first
 * document of that folder.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<DatapathSettings>>();
  private global: DatapathSettings = defaultSettings();
  /** incremented on every change, so work started with older settings can be dropped */
  epoch = 0;

  constructor(
    private readonly connection: Connection,
    private readonly pull: () => boolean,
    private readonly log: (message: string) => void,
    /** the settings scope of a document (its workspace folder); default: the document itself */
    private readonly scopeOf: (uri: string) => string = (uri) => uri,
  ) {}

  /** The settings for one document (cached per scope until the next configuration change). */
  get(uri: string): Promise<DatapathSettings> {
    if (!this.pull()) return Promise.resolve(this.global);
    const scope = this.scopeOf(uri);
    let p = this.cache.get(scope);
    if (!p) {
      let timer: NodeJS.Timeout | undefined;
      const asked = this.connection.workspace
        .getConfiguration([
          { scopeUri: uri, section: SETTINGS_SECTION },
          { scopeUri: uri, section: YAML_SCHEMAS_SECTION },
        ])
        .then(
          (raw: unknown[]) => {
            const list = Array.isArray(raw) ? raw : [raw];
            const settings = normaliseSettings(list[0]);
            settings.yamlSchemaGlobs = yamlSchemaGlobs(list[1]);
            return settings;
          },
          (e: unknown) => {
            this.log(`workspace/configuration failed for ${uri}: ${(e as Error)?.message ?? e}`);
            return this.global;
          },
        );
      // A client that never answers must not stall diagnostics and hovers.
      const fallback = new Promise<DatapathSettings>((resolve) => {
        timer = setTimeout(() => {
          this.log(
            `workspace/configuration for ${uri} got no answer in ${CONFIGURATION_TIMEOUT_MS} ms; using defaults`,
          );
          resolve(this.global);
        }, CONFIGURATION_TIMEOUT_MS);
        timer.unref?.();
      });
      p = Promise.race([asked, fallback]).finally(() => clearTimeout(timer));
      this.cache.set(scope, p);
    }
    return p;
  }

  /** `workspace/didChangeConfiguration`: forget everything; keep pushed settings for clients that cannot be asked. */
  changed(pushed: unknown): void {
    this.epoch++;
    this.cache.clear();
    if (pushed && typeof pushed === 'object') {
      const section = (pushed as Record<string, unknown>)[SETTINGS_SECTION];
      if (section !== undefined) this.global = normaliseSettings(section);
    }
  }

  /** A document closed: its settings are forgotten when it was its own scope (other documents may share a folder's). */
  forget(uri: string): void {
    if (this.scopeOf(uri) === uri) this.cache.delete(uri);
  }
}
