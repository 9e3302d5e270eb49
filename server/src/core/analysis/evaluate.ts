/**
 * One evaluation at one exact version: the inputs become the agent's configuration (through the
 * chart for Helm values), then every family of the given stages runs on it, in stage order.
 */
import type { CiliumVersion, Evidence, Finding, KernelVersion, Range } from '../types';
import { configMapEvidence, type ValuesInput } from '../parse/input';
import type { EvaluationContext, Family, FamilyRun, Stop, VerdictBase } from '../families/family';
import { STAGES } from '../families/family';
import { FAMILIES, ruleMeta } from '../families/registry';
import { MergedValues } from '../chart/merge';
import { renderChart, type RenderResult } from '../chart/render';
import { resolveChartVersion } from '../chart/chartKeys';
import { AgentConfig } from '../agent/config';
import { placeFinding, type WrittenSettings } from './place';
import { applyStop } from './stops';
import type { Loaded } from './load';

/** Per-node keys laid over the agent configuration (a CiliumNodeConfig's spec.defaults). */
export interface NodeOverrides {
  file: string;
  entries: Array<{ key: string; value: string; range: Range }>;
}

export interface Evaluation {
  ctx: EvaluationContext;
  verdicts: Record<string, VerdictBase>;
  findings: Finding[];
  /** stops of the stages run, in order (already applied to the verdicts) */
  stops: Stop[];
  notes: string[];
}

/** Evaluates the inputs at version `v`: every stage but `final` (which the analysis runs once). */
export function evaluate(
  loaded: Loaded[],
  v: CiliumVersion,
  kernel: KernelVersion | undefined,
  main: boolean,
  written: WrittenSettings = {},
  overrides?: NodeOverrides,
): Evaluation {
  const notes: string[] = [];
  const primary = loaded[loaded.length - 1];
  let entries: Map<string, Evidence>;
  let chart: RenderResult | null = null;
  let chartVersion: EvaluationContext['chartVersion'] = null;
  if (primary.input.kind === 'configmap') {
    entries = configMapEvidence(primary.input);
  } else {
    const rc = resolveChartVersion(v);
    chartVersion = { version: rc.chart, exact: rc.exact };
    if (rc.note) notes.push(rc.note);
    chart = renderChart(
      new MergedValues(
        loaded.map((l) => l.input as ValuesInput),
        rc.chart,
      ),
      v,
    );
    entries = chart.keys;
  }
  for (const o of overrides?.entries ?? []) {
    entries.set(o.key, {
      key: o.key,
      value: o.value,
      origin: { kind: 'explicit', location: { file: overrides!.file, range: o.range } },
    });
  }
  const cfg = new AgentConfig(entries, v, { version: kernel, assumed: !kernel });
  const findings: Finding[] = [];
  const verdicts: Record<string, VerdictBase> = {};
  const ctx: EvaluationContext = {
    v,
    kernel,
    inputs: loaded,
    chart,
    chartVersion,
    cfg,
    main,
    earlier: findings,
    verdicts,
    place: (af) => placeFinding(af, loaded, written),
    rule: ruleMeta,
  };
  const ev: Evaluation = { ctx, verdicts, findings, stops: [], notes };
  runStages(
    ev,
    STAGES.filter((s) => s !== 'final'),
  );
  return ev;
}

/** Runs the families of the given stages on an evaluation, applying their stops to every verdict. */
export function runStages(ev: Evaluation, stages: ReadonlyArray<Family['stage']>): void {
  const verdictNotes: string[] = [];
  for (const stage of stages) {
    const runs: Array<{ family: Family; run: FamilyRun }> = [];
    for (const family of FAMILIES) {
      if (family.stage !== stage) continue;
      const run = family.run(ev.ctx);
      runs.push({ family, run });
      ev.findings.push(...run.findings);
      if (run.verdict) {
        // a verdict that appears now still owes the earlier stops
        for (const stop of ev.stops) applyStop(run.verdict, stop);
        ev.verdicts[family.id] = run.verdict;
      }
      if (run.notes) verdictNotes.push(...run.notes);
    }
    for (const { run } of runs) {
      if (!run.stops) continue;
      ev.stops.push(run.stops);
      for (const v of Object.values(ev.verdicts)) applyStop(v, run.stops);
    }
  }
  ev.notes.push(...verdictNotes);
}
