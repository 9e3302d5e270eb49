/**
 * What a family of rules is: its rules (for docs, SARIF, severity settings and suppressions)
 * and a runner that turns one evaluated configuration into findings and, for verdict families,
 * a verdict. The registry (registry.ts) lists the families; the pipeline (analysis/) runs them.
 */
import type { CiliumVersion, Finding, KernelVersion, Reason } from '../types';
import type { RuleMeta } from './rule';
import type { AgentConfig } from '../agent/config';
import type { AgentFinding } from './hostRouting/decide';
import type { RenderResult } from '../chart/render';
import type { Loaded } from '../analysis/load';

/** Every verdict says what was decided, in one line, and why. */
export interface VerdictBase {
  mode: string;
  /** one line: "Legacy — BPF host routing requires enable-bpf-masquerade." */
  summary: string;
  /** the reasons, the decisive one marked */
  reasons: Reason[];
}

/** One configuration evaluated at one exact version, as every family sees it. */
export interface EvaluationContext {
  v: CiliumVersion;
  kernel?: KernelVersion;
  /** the inputs, in merge order (the last one is the primary file) */
  inputs: Loaded[];
  /** the chart rendering, for Helm values; null for a ConfigMap */
  chart: RenderResult | null;
  /** the chart version whose data was used, for Helm values */
  chartVersion: { version: string; exact: boolean } | null;
  /** the effective agent configuration */
  cfg: AgentConfig;
  /** true for the evaluation at the evaluated version; false for a patch variant */
  main: boolean;
  /** findings of the families that ran earlier in this evaluation */
  earlier: readonly Finding[];
  /** verdicts of the families that ran earlier in this evaluation (by family id) */
  verdicts: Readonly<Record<string, VerdictBase>>;
  /** puts a finding on the best place in the files */
  place(af: AgentFinding): Finding;
  /** the rule behind a finding id, from any family (the registry) */
  rule(id: string): RuleMeta | undefined;
}

/**
 * Conditions that stop the configuration before the agent runs it (helm refuses, the agent
 * refuses a value): they become the decisive reasons of every verdict.
 */
export interface Stop {
  reasons: Reason[];
  /** `always`: prepend even when a verdict already fails; `unless-failing`: only the first, only when it runs */
  policy: 'always' | 'unless-failing';
}

export interface FamilyRun<V extends VerdictBase = VerdictBase> {
  findings: Finding[];
  verdict?: V;
  stops?: Stop;
  /** assumptions and notes for the reader */
  notes?: string[];
}

export interface Family<V extends VerdictBase = VerdictBase> {
  /** `hostRouting`: the key of its verdict in `Analysis.verdicts` */
  id: string;
  /** how the CLI and the editor name its verdict (`Host routing`) */
  title: string;
  rules: readonly RuleMeta[];
  /**
   * When it runs: `inputs` (files only), `chart` (chart rendering), `agent` (agent configuration),
   * each at every evaluated version; `final` once, at the evaluated version, after all others.
   */
  stage: 'inputs' | 'chart' | 'agent' | 'final';
  run(ctx: EvaluationContext): FamilyRun<V>;
  /** the verdict's one-line summary, once every stop has been applied */
  summarise?(verdict: V, evaluatedVersion: string): string;
}

export const STAGES: ReadonlyArray<Family['stage']> = ['inputs', 'chart', 'agent', 'final'];
