/**
 * The core's entry point: input texts (+ version and kernel) → a verdict per family (host
 * routing first) with reasons and evidence, and the findings to show. Pure; never throws on input.
 *
 * The pipeline: load the inputs → choose the target version and kernel → evaluate (chart or
 * ConfigMap → agent configuration → the families) → the final families (key checks) → patch
 * variants → suppressions → summaries.
 */
import type { Evidence, Finding } from './types';
import { formatVersion, patchVariants, resolveVersion } from './version';
import { kernelSince } from './facts/kernel';
import { FAMILIES, type Verdicts } from './families/registry';
import type { HostRoutingVerdict, PatchVariant } from './families/hostRouting';
import { loadInputs, type AnalyzeError, type InputFile, type Loaded } from './analysis/load';
import { chooseTarget, type Target, type TargetRequest } from './analysis/target';
import { evaluate, runStages, type NodeOverrides } from './analysis/evaluate';
import { locateSettings, type WrittenSettings } from './analysis/place';
import type { ReleaseInfo } from './parse/wrappers/types';
import { applyStop } from './analysis/stops';
import { suppress } from './analysis/suppress';
import type { VerdictBase } from './families/family';
import { capEchoes, capMessages } from './echo';

export type { AnalyzeError, AnalyzeErrorKind, InputFile, PreParsed } from './analysis/load';
export type { PatchVariant } from './families/hostRouting';
export type { NodeOverrides } from './analysis/evaluate';

export interface AnalyzeOptions extends TargetRequest {
  /** per-node keys laid over the agent configuration the inputs give (a CiliumNodeConfig's spec.defaults) */
  nodeOverrides?: NodeOverrides;
}

export interface Analysis {
  inputKind: 'helm-values' | 'configmap';
  files: string[];
  /** `source` is a wrapper kind (`HelmRelease`…) when the chart version a wrapper names decided; `inferred` when the files decided */
  ciliumVersion: {
    requested: string | null;
    evaluated: string;
    line: string;
    source: Target['versionSource'] | 'inferred';
  };
  chart: { version: string; exact: boolean } | null;
  kernel: { requested: string | null; assumed: boolean; source: 'option' | 'modeline' | 'assumed' };
  /** one verdict per verdict family, by family id */
  verdicts: Verdicts;
  assumptions: string[];
  findings: Finding[];
  /** findings turned off by `# cilium-datapath: disable=RULE reason` */
  suppressed: Array<Finding & { reason: string }>;
  /** every agent key the evaluation looked at, with its origin */
  effectiveConfig: Evidence[];
  /** set when the values came from a wrapper (HelmRelease, Application…): see wrapped.ts */
  release?: ReleaseInfo;

  // The host-routing verdict as JSON formatVersion 1 lays it out (views of `verdicts.hostRouting`).
  hostRouting: Pick<HostRoutingVerdict, 'mode' | 'summary' | 'reasons'>;
  masquerading: HostRoutingVerdict['masquerading'];
  kubeProxyReplacement: HostRoutingVerdict['kubeProxyReplacement'];
  routing: HostRoutingVerdict['routing'];
  patchVariants: PatchVariant[];
}

export type AnalyzeOutcome = { ok: true; analysis: Analysis } | { ok: false; error: AnalyzeError };

/** Analyses one set of inputs: several values files (merged in order) or one ConfigMap. */
export function analyze(files: InputFile[], options: AnalyzeOptions = {}): AnalyzeOutcome {
  try {
    return capOutcome(analyzeUnsafe(files, options));
  } catch (e) {
    // The core is written not to throw; this is the last line of defence.
    return { ok: false, error: { kind: 'usage', message: `internal error while analysing: ${(e as Error).message}` } };
  }
}

/** Values, keys and versions quoted in messages are cut to a readable length (echo.ts). */
function capOutcome(o: AnalyzeOutcome): AnalyzeOutcome {
  if (!o.ok) {
    o.error.message = capEchoes(o.error.message);
    if (o.error.details) capMessages(o.error.details);
    return o;
  }
  const a = o.analysis;
  for (const v of [...Object.values(a.verdicts), a.hostRouting] as VerdictBase[]) {
    v.summary = capEchoes(v.summary);
    capMessages(v.reasons);
  }
  capMessages(a.findings);
  capMessages(a.suppressed);
  a.assumptions = a.assumptions.map(capEchoes);
  for (const p of a.patchVariants) if (p.agentLog) p.agentLog = capEchoes(p.agentLog);
  return o;
}

function analyzeUnsafe(files: InputFile[], options: AnalyzeOptions): AnalyzeOutcome {
  const l = loadInputs(files);
  if (!l.ok) return l;
  const loaded: Loaded[] = l.loaded;

  const t = chooseTarget(
    options,
    loaded.map((x) => x.input.modeline),
  );
  if (!t.ok) return { ok: false, error: { kind: 'usage', message: t.error } };
  const { version: requested, kernel } = t.target;
  const resolved = resolveVersion(requested);
  const assumptions = [...resolved.notes];
  if (!kernel)
    assumptions.push(
      `No kernel version given: assumed Linux ${kernelSince('redirectHelpers')} or newer on every node (BPF host routing needs ${kernelSince('redirectHelpers')}).`,
    );

  // Where a modeline decided the version or kernel: a cause like any key (findings go there).
  const written: WrittenSettings = {};
  for (const x of loaded) {
    const m = x.input.modeline;
    if (t.target.versionSource === 'modeline' && m.version)
      written.version = { file: x.file.name, range: m.version.range };
    if (t.target.kernelSource === 'modeline' && m.kernel) written.kernel = { file: x.file.name, range: m.kernel.range };
  }
  const main = evaluate(loaded, resolved.effective, kernel, true, written, options.nodeOverrides);
  const earlierStops = main.stops.length;
  runStages(main, ['final']);
  const finalStops = main.stops.slice(earlierStops);
  assumptions.push(...main.notes);
  const verdicts = main.verdicts as unknown as Verdicts;
  const hr = verdicts.hostRouting;
  for (const r of hr.reasons) locateSettings(r.evidence, written);

  // Patch ambiguity: say where the outcome would differ inside the line.
  for (const pv of patchVariants(requested)) {
    const r = evaluate(loaded, pv, kernel, false, written, options.nodeOverrides);
    const vhr = r.verdicts.hostRouting as HostRoutingVerdict;
    // the final families ran once; their stops hold at every patch release
    for (const s of finalStops) applyStop(vhr, s);
    const decisive = vhr.reasons.find((x) => x.decisive);
    hr.patchVariants.push({
      version: formatVersion(pv),
      hostRouting: vhr.mode,
      ruleId: decisive?.ruleId ?? null,
      agentLog: decisive?.agentLog ?? null,
    });
  }
  const mainDecisive = hr.reasons.find((r) => r.decisive);
  const differing = hr.patchVariants.filter(
    (x) => x.hostRouting !== hr.mode || x.ruleId !== (mainDecisive?.ruleId ?? null),
  );
  if (differing.length > 0) {
    assumptions.push(
      `The outcome depends on the ${resolved.effective.line} patch release: ${differing
        .map((x) => `${x.version} → ${x.hostRouting}${x.ruleId ? ` (${x.ruleId})` : ''}`)
        .join('; ')}. Give the full version for a single answer.`,
    );
  }

  const { findings, suppressed } = suppress(main.findings, loaded);
  const evaluated = formatVersion(resolved.effective);
  for (const f of FAMILIES) {
    const v = main.verdicts[f.id];
    if (v && f.summarise) v.summary = f.summarise(v, evaluated);
  }

  return {
    ok: true,
    analysis: {
      inputKind: loaded[0].input.kind === 'configmap' ? 'configmap' : 'helm-values',
      files: loaded.map((x) => x.file.name),
      ciliumVersion: {
        requested: requested?.raw ?? null,
        evaluated,
        line: resolved.effective.line,
        source: t.target.versionSource,
      },
      chart: main.ctx.chartVersion,
      kernel: { requested: kernel?.raw ?? null, assumed: !kernel, source: t.target.kernelSource },
      verdicts,
      assumptions,
      findings,
      suppressed,
      effectiveConfig: main.ctx.cfg.all(),
      hostRouting: { mode: hr.mode, summary: hr.summary, reasons: hr.reasons },
      masquerading: hr.masquerading,
      kubeProxyReplacement: hr.kubeProxyReplacement,
      routing: hr.routing,
      patchVariants: hr.patchVariants,
    },
  };
}
