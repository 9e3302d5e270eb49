/**
 * The tuning family: a verdict per datapath tuning feature (the checklist), the findings for
 * settings that will not do what they ask, and a stop when a feature makes the agent refuse to
 * start. It runs after the host-routing family and reuses its verdict (no second decision).
 */
import type { CiliumVersion, Evidence, Finding, KernelVersion, Reason } from '../../types';
import type { Family, VerdictBase } from '../family';
import { configMapEvidence, type ConfigMapInput, type ValuesInput } from '../../parse/input';
import type { RuleMeta } from '../rule';
import { MergedValues } from '../../chart/merge';
import { renderChart } from '../../chart/render';
import { resolveChartVersion } from '../../chart/chartKeys';
import { AgentConfig } from '../../agent/config';
import { decide, type AgentFinding } from '../hostRouting/decide';
import { hostRouting, type HostRoutingVerdict } from '../hostRouting';
import { renderTuningChart, type ChartOverride } from './chart';
import { evaluateTuning } from './evaluate';
import { TUNING_RULES } from './rules';
import type { Advice, FeatureVerdict, TuningResult } from './types';

export * from './types';
export { evaluateTuning, type TuningInput, type HostRoutingView } from './evaluate';
export { renderTuningChart, type ChartOverride, type TuningRender } from './chart';
export { FEATURES, KERNEL, LOG, KEYS, featureRow, kernelLabel } from './facts';
export { TUNING_RULES } from './rules';
export { checklistRows, whyLine, stateLabel, adviceLines, logText, type ChecklistRow } from './present';

export interface TuningVerdict extends VerdictBase {
  /** `Runs`, or `AgentFails` when a feature (or an earlier stop) stops the agent */
  mode: 'Runs' | 'AgentFails';
  reasons: Reason[];
  features: FeatureVerdict[];
  advice: Advice[];
}

const RULE_META = new Map<string, RuleMeta>([...hostRouting.rules, ...TUNING_RULES].map((r) => [r.id, r]));

/** Findings for the tuning reasons that no earlier family reported. */
export function tuningFindings(t: TuningResult, earlier: readonly Pick<Finding, 'ruleId'>[]): AgentFinding[] {
  const out: AgentFinding[] = [];
  const seen = new Set<string>();
  for (const f of t.features) {
    if (f.id === 'host-routing') continue;
    for (const r of f.reasons) {
      const report =
        r.kind === 'fatal' ||
        (f.requested &&
          (r.kind === 'warning-off' || r.kind === 'silent-off' || r.kind === 'chart-override' || r.kind === 'unknown'));
      if (!report) continue;
      const meta = RULE_META.get(r.ruleId);
      if (!meta) continue;
      const key = `${r.ruleId}|${r.agentLog ?? r.message}`;
      if (seen.has(key) || earlier.some((a) => a.ruleId === r.ruleId)) continue;
      seen.add(key);
      const severity = r.kind === 'fatal' ? 'error' : r.kind === 'unknown' ? 'info' : 'warning';
      out.push({ meta, severity, message: r.message, agentLog: r.agentLog, evidence: r.evidence, fixes: r.fixes });
    }
  }
  return out;
}

export const tuning: Family<TuningVerdict> = {
  id: 'tuning',
  title: 'Datapath tuning',
  stage: 'agent',
  rules: TUNING_RULES,
  run(ctx) {
    const hr = ctx.verdicts.hostRouting as HostRoutingVerdict | undefined;
    let keys: Map<string, Evidence>;
    let overrides: ChartOverride[] = [];
    if (ctx.chart && ctx.chartVersion) {
      const merged = new MergedValues(
        ctx.inputs.map((l) => l.input as ValuesInput),
        ctx.chartVersion.version,
      );
      const t = renderTuningChart(merged, ctx.v, ctx.chart.keys);
      keys = t.keys;
      overrides = t.overrides;
    } else {
      keys = new Map(ctx.cfg.all().map((e) => [e.key, e]));
    }
    const cfg = new AgentConfig(keys, ctx.v, { version: ctx.kernel, assumed: !ctx.kernel });
    const result = evaluateTuning({ cfg, decision: hr ?? decide(ctx.cfg), overrides });
    const findings = tuningFindings(result, ctx.earlier).map((af) => ctx.place(af));
    const known = (r: { ruleId: string; agentLog: string | null }) =>
      (hr?.reasons ?? []).some((x) => x.ruleId === r.ruleId && x.agentLog === r.agentLog);
    const fatal: Reason[] = result.features
      .flatMap((f) => f.reasons.filter((r) => r.kind === 'fatal').slice(0, 1))
      .filter((r) => !known(r))
      .map((r, i) => ({
        ruleId: r.ruleId,
        message: r.message,
        agentLog: r.agentLog,
        silent: false,
        decisive: i === 0,
        evidence: r.evidence,
      }));
    const verdict: TuningVerdict = {
      mode: fatal.length > 0 || result.fatal ? 'AgentFails' : 'Runs',
      summary: result.summary,
      reasons: fatal,
      features: result.features,
      advice: result.advice,
    };
    return {
      verdict,
      findings,
      ...(fatal.length > 0 ? { stops: { reasons: fatal, policy: 'unless-failing' as const } } : {}),
    };
  },
  summarise(verdict) {
    return verdict.features.length > 0 ? verdict.summary : 'Datapath: unknown';
  },
};

export interface TuningRun {
  result: TuningResult;
  cfg: AgentConfig;
  overrides: ChartOverride[];
}

/**
 * The family's evaluation on parsed inputs (several values layers, or one ConfigMap) at version
 * `v`, outside the analysis pipeline (tests, tools).
 */
export function tuningFor(
  inputs: Array<ValuesInput | ConfigMapInput>,
  v: CiliumVersion,
  kernel: KernelVersion | undefined,
): TuningRun {
  const primary = inputs[inputs.length - 1];
  let base: Map<string, Evidence>;
  let entries: Map<string, Evidence>;
  let overrides: ChartOverride[] = [];
  if (primary.kind === 'configmap') {
    base = configMapEvidence(primary);
    entries = base;
  } else {
    const merged = new MergedValues(inputs as ValuesInput[], resolveChartVersion(v).chart);
    base = renderChart(merged, v).keys;
    const t = renderTuningChart(merged, v, base);
    entries = t.keys;
    overrides = t.overrides;
  }
  const decision = decide(new AgentConfig(base, v, { version: kernel, assumed: !kernel }));
  const cfg = new AgentConfig(entries, v, { version: kernel, assumed: !kernel });
  return { result: evaluateTuning({ cfg, decision, overrides }), cfg, overrides };
}
