/**
 * Shared data types of the pure core. Nothing here imports VS Code or LSP modules:
 * positions are 0-based line/character pairs plus byte offsets, so the LSP layer,
 * the CLI and SARIF output can all translate them.
 */

/** A position in a source text (0-based line and UTF-16 character, plus offset). */
export interface Position {
  line: number;
  character: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in an input file. `file` is the name the caller gave (path or URI). */
export interface SourceLocation {
  file: string;
  range: Range;
}

/** Where a configuration value came from. */
export type OriginKind =
  /** written by the user in a values file or ConfigMap */
  | 'explicit'
  /** the chart's values.yaml default of the chosen chart version */
  | 'chart-default'
  /** rendered by a chart template rule (e.g. ENI implies endpoint routes) */
  | 'chart-rule'
  /** not in the ConfigMap: the agent's built-in default */
  | 'agent-default';

export interface Origin {
  kind: OriginKind;
  /** Helm value path (`bpf.masquerade`) when the value came through the chart */
  valuePath?: string;
  /** where the user wrote it (explicit values), or where the rule's input was written */
  location?: SourceLocation;
  /** for chart rules: a short description of the rule, in our words */
  rule?: string;
  /** for chart rules: the inputs the rule looked at */
  inputs?: Evidence[];
}

/** One input behind a conclusion: an agent config key, its value and its origin. */
export interface Evidence {
  /** cilium-config key (`enable-bpf-masquerade`) */
  key: string;
  /** value as the agent sees it; `null` when absent everywhere (agent default applies) */
  value: string | null;
  origin: Origin;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A text edit the user may apply to fix a finding (quick fix / CLI suggestion). */
export interface FixEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: FixEdit[];
}

/** A finding: what a rule says about the input, with where it applies. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** the exact sentence the agent logs for it, or null when the agent is silent */
  agentLog: string | null;
  /** where to show it; absent when no file position fits (e.g. CLI-only inputs) */
  location?: SourceLocation;
  /** other keys involved */
  related: Array<{ message: string; location: SourceLocation }>;
  evidence: Evidence[];
  fixes: Fix[];
}

export type HostRoutingMode = 'BPF' | 'Legacy' | 'AgentFails' | 'Unknown';
export type MasqueradingMode = 'BPF' | 'IPTables' | 'Disabled' | 'Unknown';

/** One reason in the host-routing verdict. */
export interface Reason {
  ruleId: string;
  message: string;
  /** exact agent log sentence; null when this path is silent */
  agentLog: string | null;
  /** true when the agent takes this path without any "Falling back" line */
  silent: boolean;
  /** true for the reason the agent actually acts on (first match); later ones would block after it is fixed */
  decisive: boolean;
  evidence: Evidence[];
}

export interface CiliumVersion {
  raw: string;
  major: number;
  minor: number;
  /** undefined when the user gave only major.minor */
  patch?: number;
  prerelease?: string;
  /** `1.16` */
  line: string;
}

export interface KernelVersion {
  raw: string;
  major: number;
  minor: number;
}
