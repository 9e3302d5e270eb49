/**
 * The tuning family: per-feature verdicts for the datapath tuning checklist.
 *
 * `tuningFor` is the family's runner for one input set at one exact version: it renders the
 * tuning keys a values file needs on top of the host-routing render, builds the agent's view of
 * its configuration, reuses the host-routing decision and evaluates every feature.
 */
import type { CiliumVersion, Evidence, KernelVersion } from '../../types';
import type { ConfigMapInput, ValuesInput } from '../../parse/input';
import { MergedValues } from '../../chart/merge';
import { renderChart } from '../../chart/render';
import { resolveChartVersion } from '../../chart/chartKeys';
import { AgentConfig } from '../../agent/config';
import { decide, type Decision } from '../../agent/decide';
import { renderTuningChart, type ChartOverride } from './chart';
import { evaluateTuning } from './evaluate';
import type { TuningResult } from './types';

export * from './types';
export { evaluateTuning, type TuningInput } from './evaluate';
export { renderTuningChart, type ChartOverride, type TuningRender } from './chart';
export { FEATURES, KERNEL, LOG, KEYS, featureRow, kernelLabel } from './facts';

export interface TuningRun {
  result: TuningResult;
  cfg: AgentConfig;
  decision: Decision;
  overrides: ChartOverride[];
}

/**
 * Runs the family on parsed inputs (several values layers, or one ConfigMap) at version `v`.
 * `base`, when given, is the host-routing render's key map (so the chart is not rendered twice).
 */
export function tuningFor(inputs: Array<ValuesInput | ConfigMapInput>, v: CiliumVersion, kernel: KernelVersion | undefined, base?: Map<string, Evidence>): TuningRun {
  const primary = inputs[inputs.length - 1];
  let entries: Map<string, Evidence>;
  let overrides: ChartOverride[] = [];
  if (primary.kind === 'configmap') {
    entries = base ?? new Map();
    if (!base) {
      for (const [key, e] of primary.data) {
        entries.set(key, { key, value: e.value, origin: { kind: 'explicit', location: { file: primary.file, range: e.location.value } } });
      }
    }
  } else {
    const layers = inputs as ValuesInput[];
    const merged = new MergedValues(layers, resolveChartVersion(v).chart);
    const rendered = base ?? renderChart(merged, v).keys;
    const t = renderTuningChart(merged, v, rendered);
    entries = t.keys;
    overrides = t.overrides;
  }
  const cfg = new AgentConfig(entries, v, { version: kernel, assumed: !kernel });
  const decision = decide(cfg);
  return { result: evaluateTuning({ cfg, decision, overrides }), cfg, decision, overrides };
}
export { TUNING_RULES } from './rules';
