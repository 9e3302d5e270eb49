/**
 * The contract between the Cilium Datapath language server and its clients: custom requests,
 * command ids, settings and initialization options. Imported by the server and (later) by the
 * VS Code client. Types and names only, with no run-time dependency: the request objects
 * are in requests.ts, which the client loads with its language client, after activation.
 */
import type { ChangeKind, WrapperKind } from '../core';

/** Configuration section read with `workspace/configuration`. */
export const SETTINGS_SECTION = 'ciliumDatapath';

/** Command behind the verdict lens; `workspace/executeCommand` with `[uri]` returns Markdown. */
export const EXPLAIN_COMMAND = 'ciliumDatapath.explain';

/** `source` of every diagnostic this server publishes. */
export const DIAGNOSTIC_SOURCE = 'cilium-datapath';

/** What a client may pass as `initializationOptions`. */
export interface InitializationOptions {
  /**
   * A fixed delay between the last edit and the diagnostics for it. Default: none; the delay is
   * paced per document instead (diagnostics right after one analysis following a pause or in a
   * cheap file, bursts of edits coalesced for as long as one analysis of the file takes).
   */
  debounceMs?: number;
  /**
   * The client also runs the Red Hat YAML extension, which reports syntax errors itself:
   * malformed YAML is then not reported twice.
   */
  yamlExtensionPresent?: boolean;
  /**
   * false: do not list `ciliumDatapath.explain` in `executeCommandProvider` (a VS Code client
   * that registers the command itself needs this, or vscode-languageclient registers it too).
   * The server answers `workspace/executeCommand` for it either way. Default true.
   */
  advertiseExplainCommand?: boolean;
  /**
   * A client command that checks the live cluster (VS Code: `ciliumDatapath.checkLiveCluster`).
   * When given, the verdict lens is followed by a "Check live cluster" lens that runs it with
   * `{ file: <document URI> }`. Absent: no such lens (the standalone server runs no kubectl).
   */
  liveCheckCommand?: string;
  /** false in an untrusted workspace (VS Code Restricted Mode): no base file is followed. Absent: trusted. */
  workspaceTrusted?: boolean;
}

/** Client → server when the user trusts the workspace (`{ trusted: true }`). */
export const WORKSPACE_TRUST_NOTIFICATION = 'ciliumDatapath/workspaceTrust';

export interface VerdictParams {
  uri: string;
}

export interface VerdictReason {
  ruleId: string;
  message: string;
  /** exact agent log line, or null when the agent says nothing */
  agentLog: string | null;
  silent: boolean;
  decisive: boolean;
}

export interface VerdictResult {
  uri: string;
  /** document version the verdict was computed for */
  version: number;
  /** `Unknown` when the file cannot be analysed (malformed YAML, too large, …) */
  mode: 'BPF' | 'Legacy' | 'AgentFails' | 'Unknown';
  /** one line: "Legacy on Cilium 1.16.4 — BPF host routing requires enable-bpf-masquerade." */
  summary: string;
  ciliumVersion: {
    evaluated: string;
    requested: string | null;
    source: 'option' | 'modeline' | 'default' | 'setting' | 'inferred' | WrapperKind;
  } | null;
  kernel: { requested: string | null; assumed: boolean } | null;
  reasons: VerdictReason[];
}

export interface UpgradeTargetsParams {
  uri: string;
}

export interface UpgradeTargetsResult {
  uri: string;
  /** the version the document is evaluated at now: the upgrade starts there */
  from: string;
  /** where that version came from */
  source: 'setting' | 'modeline' | 'inferred' | 'default' | WrapperKind;
  /** known releases newer than `from`, newest first */
  releases: string[];
}

export interface UpgradeReportParams {
  uri: string;
  /** target release, e.g. `1.16.4` */
  to: string;
  /** start release; default: the version the document is evaluated at */
  from?: string;
}

export interface UpgradeChangeItem {
  kind: ChangeKind;
  path: string | null;
  version: string;
  message: string;
  fix: string | null;
}

export interface UpgradeReportResult {
  uri: string;
  from: string;
  to: string;
  /** a fallback appears or the configuration stops running */
  worse: boolean;
  /** why there is no report (bad version, …), else null */
  error: string | null;
  /** the report, to open beside the file */
  markdown: string;
  changes: UpgradeChangeItem[];
}

/** Client command: asks for a target release and opens the upgrade report beside the file. */
export const CHECK_UPGRADE_COMMAND = 'ciliumDatapath.checkUpgrade';
