/**
 * What every rule declares, and the shape of the host-routing checks the agent runs.
 * One file per rule lives beside this one; `registry.ts` lists them.
 */
import type { CiliumVersion, Evidence, Severity } from '../types';
import type { AgentConfig, Derived } from '../agent/config';

export interface RuleMeta {
  /** stable id used in diagnostics, suppressions, SARIF and the docs (`docs/rules/<id>.md`) */
  id: string;
  title: string;
  defaultSeverity: Severity;
  /** one paragraph in our own words, shown in hovers and the rule's page */
  summary: string;
  /**
   * What a finding of this rule already says about the keys in its evidence — their presence
   * (lifecycle) and/or their value — so that the key checks stay quiet on them.
   */
  judges?: ReadonlyArray<'presence' | 'value'>;
  /**
   * Set when the rule never raises a finding of its own: it only labels a note in a verdict's
   * reasons (the datapath checklist), because another rule's finding covers the same input. Says
   * which one; the rule's page describes it that way.
   */
  noteOnly?: { coveredBy: string };
}

/** A change that makes a finding go away, independent of the file format. */
export interface FixIntent {
  title: string;
  /** title when the fix edits a ConfigMap (the title names the key it sets); default `title` */
  configMapTitle?: string;
  /** Helm values to set (null deletes) */
  values?: Array<{ path: string; value: unknown }>;
  /** ConfigMap keys to set (null removes) */
  configMap?: Array<{ key: string; value: string | null }>;
  /**
   * Keys to rename in place, keeping their value and everything below them: a Helm value path
   * (values files) or a data key (ConfigMaps); `to` is the new last segment.
   */
  rename?: Array<{ path: string; to: string; in: 'values' | 'configMap' }>;
  /** Helm values: turn the plain value at `path` into a map holding it under `child` */
  nest?: Array<{ path: string; child: string }>;
}

/** A finding before it is placed in a file. */
export interface AgentFinding {
  meta: RuleMeta;
  severity: Severity;
  message: string;
  agentLog: string | null;
  evidence: Evidence[];
  fixes: FixIntent[];
}

export interface CheckContext {
  cfg: AgentConfig;
  d: Derived;
  v: CiliumVersion;
}

/** One condition in the agent's host-routing chain. */
export interface HostRoutingCheck {
  meta: RuleMeta;
  /** evidence when the condition holds for this configuration, else null */
  test(ctx: CheckContext): Evidence[] | null;
  /** the exact sentence the agent logs when this condition decides, or null if silent */
  agentLog(ctx: CheckContext): string | null;
  /** our explanation for this configuration */
  message(ctx: CheckContext): string;
  fixes(ctx: CheckContext): FixIntent[];
}

export { FALLBACK_TRAILER, fallbackLine } from '../facts/agentLog';

/** What a check concluded for one configuration. */
export interface Outcome {
  evidence: Evidence[];
  agentLog: string | null;
  message: string;
}

/** A condition under which the agent refuses to start. */
export interface AgentFailCheck {
  meta: RuleMeta;
  /** `hostRouting` is the mode decided so far (some checks depend on it) */
  evaluate(ctx: CheckContext, hostRouting: 'BPF' | 'Legacy'): Outcome | null;
  fixes(ctx: CheckContext): FixIntent[];
}
