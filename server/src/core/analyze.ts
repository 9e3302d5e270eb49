/**
 * The core's entry point: input texts (+ version and kernel) → the host-routing verdict,
 * its reasons with evidence, and the findings to show. Pure; never throws on input.
 */
import type { CiliumVersion, Evidence, Finding, HostRoutingMode, KernelVersion, MasqueradingMode, Reason, SourceLocation } from './types';
import { parseInput, type ConfigMapInput, type InputProblem, type ValuesInput } from './parse/input';
import { MergedValues } from './chart/merge';
import { renderChart } from './chart/render';
import { resolveChartVersion } from './chart/chartKeys';
import { AgentConfig, BOOL_KEYS, parseGoBool } from './agent/config';
import { decide, type AgentFinding } from './agent/decide';
import { formatVersion, parseCiliumVersion, parseKernelVersion, patchVariants, resolveVersion } from './version';
import { materialiseFixes } from './fix';
import { lastAppliedDiffers } from './rules/lastAppliedDiffers';
import { invalidBoolean } from './rules/invalidBoolean';
import { masqueradeKeyIgnored } from './rules/masqueradeKeyIgnored';
import { lineAtLeast } from './version';
import { checkKeys } from './schema/check';

export interface InputFile {
  /** path or URI, used in locations */
  name: string;
  text: string;
  /** `parseInput(name, text)` when the caller already has it (the language server shares one parse per version) */
  parsed?: PreParsed;
}

/** The part of a `parseInput` result the analysis reads. */
export type PreParsed = { ok: true; input: ValuesInput | ConfigMapInput } | { ok: false; problem: InputProblem };

export interface AnalyzeOptions {
  /** e.g. `1.16`, `1.16.4`, `v1.17.6-cee.1`; overrides the modeline */
  ciliumVersion?: string;
  /** e.g. `6.2.0-39-generic`; overrides the modeline */
  kernel?: string;
}

export type AnalyzeErrorKind = 'usage' | 'mixed-inputs' | 'no-input' | InputProblem['kind'];

export interface AnalyzeError {
  kind: AnalyzeErrorKind;
  message: string;
  file?: string;
  location?: SourceLocation;
  /** every syntax error, for malformed YAML */
  details?: Array<{ message: string; location: SourceLocation }>;
}

export interface PatchVariant {
  version: string;
  hostRouting: HostRoutingMode;
  ruleId: string | null;
  agentLog: string | null;
}

export interface Analysis {
  inputKind: 'helm-values' | 'configmap';
  files: string[];
  ciliumVersion: { requested: string | null; evaluated: string; line: string; source: 'option' | 'modeline' | 'default' };
  chart: { version: string; exact: boolean } | null;
  kernel: { requested: string | null; assumed: boolean; source: 'option' | 'modeline' | 'assumed' };
  hostRouting: {
    mode: HostRoutingMode;
    /** one line: "Legacy — BPF host routing requires enable-bpf-masquerade." */
    summary: string;
    reasons: Reason[];
  };
  masquerading: { mode: MasqueradingMode; ipMasqAgent: boolean };
  kubeProxyReplacement: { mode: string | null; value: string | null; nodePort: boolean };
  routing: { network: 'Tunnel' | 'Native'; protocol?: string };
  assumptions: string[];
  findings: Finding[];
  /** findings turned off by `# cilium-datapath: disable=RULE reason` */
  suppressed: Array<Finding & { reason: string }>;
  /** when the patch was not given: outcomes at the patch releases where the rules change */
  patchVariants: PatchVariant[];
  /** every agent key the decision looked at, with its origin */
  effectiveConfig: Evidence[];
}

export type AnalyzeOutcome = { ok: true; analysis: Analysis } | { ok: false; error: AnalyzeError };

interface Loaded {
  file: InputFile;
  input: ValuesInput | ConfigMapInput;
}

/** Analyses one set of inputs: several values files (merged in order) or one ConfigMap. */
export function analyze(files: InputFile[], options: AnalyzeOptions = {}): AnalyzeOutcome {
  try {
    return analyzeUnsafe(files, options);
  } catch (e) {
    // The core is written not to throw; this is the last line of defence.
    return { ok: false, error: { kind: 'usage', message: `internal error while analysing: ${(e as Error).message}` } };
  }
}

function analyzeUnsafe(files: InputFile[], options: AnalyzeOptions): AnalyzeOutcome {
  if (files.length === 0) return { ok: false, error: { kind: 'no-input', message: 'no input files' } };
  const loaded: Loaded[] = [];
  for (const f of files) {
    const p = f.parsed ?? parseInput(f.name, f.text);
    if (!p.ok) {
      const pr = p.problem;
      return {
        ok: false,
        error: {
          kind: pr.kind,
          message: pr.message,
          file: pr.file,
          location: pr.range ? { file: pr.file, range: pr.range } : undefined,
          details: pr.errors?.map((e) => ({ message: e.message, location: { file: pr.file, range: e.range } })),
        },
      };
    }
    loaded.push({ file: f, input: p.input });
  }
  const cms = loaded.filter((l) => l.input.kind === 'configmap');
  if (cms.length > 0 && loaded.length > 1) {
    return {
      ok: false,
      error: {
        kind: 'mixed-inputs',
        message:
          cms.length === loaded.length
            ? 'several cilium-config ConfigMaps given; analyse one at a time'
            : `${cms[0].file.name} is a cilium-config ConfigMap and cannot be merged with Helm values files; analyse it on its own`,
      },
    };
  }

  // Version and kernel: option > modeline (last one wins) > default.
  let versionInput: string | undefined = options.ciliumVersion;
  let versionSource: Analysis['ciliumVersion']['source'] = versionInput ? 'option' : 'default';
  let kernelInput: string | undefined = options.kernel;
  let kernelSource: Analysis['kernel']['source'] = kernelInput ? 'option' : 'assumed';
  // Where the modeline wrote them: a version or kernel is a cause like any key (findings go there).
  const written: WrittenSettings = {};
  for (const l of loaded) {
    const m = l.input.modeline;
    if (!options.ciliumVersion && m.version) {
      versionInput = m.version.value;
      versionSource = 'modeline';
      written.version = { file: l.file.name, range: m.version.range };
    }
    if (!options.kernel && m.kernel) {
      kernelInput = m.kernel.value;
      kernelSource = 'modeline';
      written.kernel = { file: l.file.name, range: m.kernel.range };
    }
  }
  let requested: CiliumVersion | undefined;
  if (versionInput !== undefined) {
    const pv = parseCiliumVersion(versionInput);
    if (!pv.ok) return { ok: false, error: { kind: 'usage', message: pv.error } };
    requested = pv.value;
  }
  let kernel: KernelVersion | undefined;
  if (kernelInput !== undefined) {
    const pk = parseKernelVersion(kernelInput);
    if (!pk.ok) return { ok: false, error: { kind: 'usage', message: pk.error } };
    kernel = pk.value;
  }

  const resolved = resolveVersion(requested);
  const assumptions = [...resolved.notes];
  if (!kernel) assumptions.push('No kernel version given: assumed Linux 5.10 or newer on every node (BPF host routing needs 5.10).');

  const main = evaluate(loaded, resolved.effective, kernel, written);
  assumptions.push(...main.assumptions);

  // Key checks (once, at the evaluated version): unknown, misplaced, deprecated and removed keys,
  // types and accepted values. They stay quiet where the chart or agent findings already spoke.
  const keys = checkKeys(loaded.map((l) => ({ input: l.input, text: l.file.text })), resolved.effective, main.chart?.version, main.findings);
  main.findings.push(...keys.findings);
  // A value helm or the agent refuses stops the configuration, like the chart's own refusals: the
  // first one becomes the decisive reason (the others stay findings).
  const firstStop = keys.stops[0];
  if (firstStop && main.mode !== 'AgentFails') {
    main.mode = 'AgentFails';
    for (const r of main.reasons) r.decisive = false;
    main.reasons.unshift({
      ruleId: firstStop.finding.ruleId,
      message: firstStop.stage === 'helm' ? `helm refuses to render: ${firstStop.finding.message}` : firstStop.finding.message,
      agentLog: null,
      silent: false,
      decisive: true,
      evidence: firstStop.finding.evidence,
    });
  }

  // Patch ambiguity: say where the outcome would differ inside the line.
  const variants: PatchVariant[] = [];
  for (const pv of patchVariants(requested ?? undefined)) {
    const r = evaluate(loaded, pv, kernel, written);
    const stopped = firstStop && r.mode !== 'AgentFails';
    variants.push({
      version: formatVersion(pv),
      hostRouting: stopped ? 'AgentFails' : r.mode,
      ruleId: stopped ? firstStop.finding.ruleId : (r.reasons.find((x) => x.decisive)?.ruleId ?? null),
      agentLog: stopped ? null : (r.reasons.find((x) => x.decisive)?.agentLog ?? null),
    });
  }
  const mainDecisive = main.reasons.find((r) => r.decisive);
  const differing = variants.filter((x) => x.hostRouting !== main.mode || x.ruleId !== (mainDecisive?.ruleId ?? null));
  if (differing.length > 0) {
    assumptions.push(
      `The outcome depends on the ${resolved.effective.line} patch release: ${differing
        .map((x) => `${x.version} → ${x.hostRouting}${x.ruleId ? ` (${x.ruleId})` : ''}`)
        .join('; ')}. Give the full version for a single answer.`,
    );
  }

  // Suppressions from modelines.
  const suppressions = loaded.flatMap((l) => l.input.modeline.suppressions);
  const findings: Finding[] = [];
  const suppressed: Analysis['suppressed'] = [];
  for (const f of main.findings) {
    const s = suppressions.find((x) => x.ruleId === f.ruleId);
    if (s) suppressed.push({ ...f, reason: s.reason });
    else findings.push(f);
  }

  const decisive = main.reasons.find((r) => r.decisive);
  const evaluated = formatVersion(resolved.effective);
  const summary =
    main.mode === 'BPF'
      ? `BPF on Cilium ${evaluated}`
      : `${main.mode} on Cilium ${evaluated}${decisive ? ` — ${decisive.agentLog && !decisive.silent ? decisive.agentLog.replace(/ Falling back to legacy host routing.*$/, '') : decisive.message}` : ''}`;

  return {
    ok: true,
    analysis: {
      inputKind: loaded[0].input.kind === 'configmap' ? 'configmap' : 'helm-values',
      files: loaded.map((l) => l.file.name),
      ciliumVersion: { requested: requested?.raw ?? null, evaluated, line: resolved.effective.line, source: versionSource },
      chart: main.chart,
      kernel: { requested: kernel?.raw ?? null, assumed: !kernel, source: kernelSource },
      hostRouting: { mode: main.mode, summary, reasons: main.reasons },
      masquerading: main.masquerading,
      kubeProxyReplacement: main.kpr,
      routing: main.routing,
      assumptions,
      findings,
      suppressed,
      patchVariants: variants,
      effectiveConfig: main.effective,
    },
  };
}

interface Evaluation {
  mode: HostRoutingMode;
  reasons: Reason[];
  findings: Finding[];
  masquerading: Analysis['masquerading'];
  kpr: Analysis['kubeProxyReplacement'];
  routing: Analysis['routing'];
  chart: Analysis['chart'];
  effective: Evidence[];
  assumptions: string[];
}

/** One evaluation at one exact version. */
/** Modeline settings that evidence can point at. */
interface WrittenSettings {
  kernel?: SourceLocation;
  version?: SourceLocation;
}

/** Evidence about the kernel or the version points at the modeline field that set it. */
function locateSettings(list: Evidence[], written: WrittenSettings): void {
  for (const e of list) {
    const at = e.key === 'kernel' ? written.kernel : e.key === 'cilium-version' ? written.version : undefined;
    if (at && !e.origin.location) e.origin = { ...e.origin, location: at };
  }
}

function evaluate(loaded: Loaded[], v: CiliumVersion, kernel: KernelVersion | undefined, written: WrittenSettings = {}): Evaluation {
  const assumptions: string[] = [];
  const findings: Finding[] = [];
  let entries: Map<string, Evidence>;
  let chart: Analysis['chart'] = null;
  let chartFails = false;
  const chartFindings: Finding[] = [];
  const primary = loaded[loaded.length - 1];
  const target = { input: primary.input, text: primary.file.text };

  if (primary.input.kind === 'configmap') {
    const cm = primary.input;
    entries = new Map();
    for (const [key, e] of cm.data) {
      entries.set(key, { key, value: e.value, origin: { kind: 'explicit', location: { file: cm.file, range: e.location.value } } });
    }
    configMapFindings(cm, v, findings);
  } else {
    const layers = loaded.map((l) => l.input as ValuesInput);
    const rc = resolveChartVersion(v);
    chart = { version: rc.chart, exact: rc.exact };
    if (rc.note) assumptions.push(rc.note);
    const merged = new MergedValues(layers, rc.chart);
    const rendered = renderChart(merged, v);
    entries = rendered.keys;
    chartFails = rendered.fails;
    for (const f of rendered.findings) {
      const loc = f.location ?? lensLine(primary.file.name);
      chartFindings.push({
        ruleId: f.meta.id,
        severity: f.meta.defaultSeverity,
        message: f.message,
        agentLog: f.chartMessage ?? null,
        location: loc,
        related: [],
        evidence: f.evidence,
        fixes: materialiseFixes(f.fixes, targetFor(loaded, loc.file)),
      });
    }
  }

  const cfg = new AgentConfig(entries, v, { version: kernel, assumed: !kernel });
  const dec = decide(cfg);
  for (const r of dec.reasons) locateSettings(r.evidence, written);
  for (const f of dec.findings) locateSettings(f.evidence, written);
  let mode = dec.hostRouting;
  const reasons = dec.reasons;
  if (chartFails) {
    mode = 'AgentFails';
    const cf = chartFindings.filter((f) => f.severity === 'error');
    for (const r of reasons) r.decisive = false;
    reasons.unshift(
      ...cf.map((f, i) => ({ ruleId: f.ruleId, message: `helm refuses to render: ${f.message}`, agentLog: f.agentLog, silent: false, decisive: i === 0, evidence: f.evidence })),
    );
  }
  findings.push(...chartFindings);
  for (const af of dec.findings) findings.push(placeFinding(af, loaded, target));
  if (!lineAtLeast(v, '1.11')) {
    // Up to 1.10 the agent reads an unparsable boolean as false without a word.
    for (const ev of cfg.all()) {
      if (ev.value === null || !isBoolKey(ev.key) || ev.value.trim() === '' || parseGoBool(ev.value.trim()) !== undefined) continue;
      findings.push(
        placeFinding(
          {
            meta: invalidBoolean.meta,
            severity: 'warning',
            message: `${ev.key}: "${ev.value}" is not a boolean the agent understands; Cilium ${v.line} reads it as false.`,
            agentLog: null,
            evidence: [ev],
            fixes: [],
          },
          loaded,
          target,
        ),
      );
    }
  }
  return {
    mode,
    reasons,
    findings,
    masquerading: dec.masquerading,
    kpr: { mode: dec.kubeProxyReplacement.mode, value: dec.kubeProxyReplacement.value, nodePort: dec.kubeProxyReplacement.nodePort },
    routing: dec.routing,
    chart,
    effective: cfg.all(),
    assumptions: [...assumptions, ...dec.notes],
  };
}

function isBoolKey(key: string): boolean {
  return BOOL_KEYS.has(key);
}

function targetFor(loaded: Loaded[], file: string): { input: ValuesInput | ConfigMapInput; text: string } | undefined {
  const l = loaded.find((x) => x.file.name === file) ?? loaded[loaded.length - 1];
  return l ? { input: l.input, text: l.file.text } : undefined;
}

/** The first line of a file, where the verdict lens is: the place of causes written nowhere. */
function lensLine(file: string): SourceLocation {
  const p = { line: 0, character: 0, offset: 0 };
  return { file, range: { start: p, end: p } };
}

/**
 * Puts an agent finding where its cause is: the first input written in the file being analysed
 * (a key, or the modeline's kernel/version), else one written in a base file; a cause written
 * nowhere (chart default, absent key) goes on the parent map of a key the fix inserts, else on the
 * lens line — never on some other key.
 */
function placeFinding(af: AgentFinding, loaded: Loaded[], target: { input: ValuesInput | ConfigMapInput; text: string }): Finding {
  const primary = loaded[loaded.length - 1];
  const explicit = af.evidence.map((e) => e.origin.location).filter((l): l is SourceLocation => !!l);
  let location: SourceLocation | undefined = explicit.find((l) => l.file === primary.file.name) ?? explicit[0];
  if (!location) {
    if (primary.input.kind === 'values') {
      // Parent map of the first value path that the fix would add.
      const paths = af.fixes.flatMap((f) => f.values?.map((x) => x.path) ?? []);
      for (const p of paths) {
        const parts = p.split('.');
        for (let k = parts.length - 1; k > 0 && !location; k--) {
          const loc = primary.input.locations.get(parts.slice(0, k).join('.'));
          if (loc) location = { file: primary.input.file, range: loc.key };
        }
        if (location) break;
      }
      location = location ?? lensLine(primary.input.file);
    } else {
      location = { file: primary.input.file, range: primary.input.dataRange };
    }
  }
  const related = explicit.slice(1).map((l) => ({ message: 'also involved', location: l }));
  const fileTarget = targetFor(loaded, location.file) ?? target;
  return {
    ruleId: af.meta.id,
    severity: af.severity,
    message: af.message,
    agentLog: af.agentLog,
    location,
    related,
    evidence: af.evidence,
    fixes: materialiseFixes(af.fixes, fileTarget),
  };
}

function configMapFindings(cm: ConfigMapInput, v: CiliumVersion, out: Finding[]): void {
  const at = (key: string) => {
    const e = cm.data.get(key);
    return e ? { file: cm.file, range: e.location.key } : { file: cm.file, range: cm.dataRange };
  };
  if (cm.lastAppliedDiffers.length > 0) {
    const keys = cm.lastAppliedDiffers.map((d) => d.key);
    out.push({
      ruleId: lastAppliedDiffers.id,
      severity: lastAppliedDiffers.defaultSeverity,
      message: `data differs from the last-applied-configuration annotation for ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}; the agent reads data (after a restart).`,
      agentLog: null,
      location: at(keys[0]),
      related: [],
      evidence: cm.lastAppliedDiffers.map((d) => ({ key: d.key, value: d.data, origin: { kind: 'explicit' as const, location: at(d.key) } })),
      fixes: [],
    });
  }
  if (lineAtLeast(v, '1.11') && cm.data.has('masquerade') && !cm.data.has('enable-ipv4-masquerade')) {
    const val = cm.data.get('masquerade')!.value;
    out.push({
      ruleId: masqueradeKeyIgnored.id,
      severity: masqueradeKeyIgnored.defaultSeverity,
      message: `masquerade: "${val}" is ignored from Cilium 1.11; without enable-ipv4-masquerade IPv4 masquerading is ON.`,
      agentLog: null,
      location: at('masquerade'),
      related: [],
      evidence: [{ key: 'masquerade', value: val, origin: { kind: 'explicit', location: at('masquerade') } }],
      fixes: [],
    });
  }
}
