/**
 * What an upgrade from one Cilium release to another changes for a file: the verdict before and
 * after, and every change on the way that touches the file or its effective configuration — keys
 * removed, renamed or deprecated, values refused, defaults that flip under keys the file leaves
 * unset, fallbacks that turn into start-up failures, new requirements on the node — each with the
 * release where it happens and the fix. The file is analysed at the start, at every patch change
 * point in between and at the target.
 */
import type { Analysis, AnalyzeError, InputFile } from '../analyze';
import type { CiliumVersion, Evidence } from '../types';
import { compareVersion, formatVersion, parseCiliumVersion, resolveVersion } from '../version';
import { agentDefault } from '../facts/agentDefaults';
import { KERNEL_FEATURES, kernelSince } from '../facts/kernel';
import { analyser, familyVerdicts, familyWorse, verdictLabel, type FamilyVerdict, type Verdict } from './verdict';
import { lifecycleKind, subjectOf, type ChangeKind } from './kinds';
import { spanPoints } from './points';

export interface UpgradeChange {
  kind: ChangeKind;
  /** Helm value path or ConfigMap key the change is about (`kernel` for the node) */
  path: string | null;
  /** the release where it happens */
  version: string;
  message: string;
  fix: string | null;
}

export interface UpgradeReport {
  from: Analysis;
  to: Analysis;
  changes: UpgradeChange[];
  /** a fallback appears or the agent would refuse to start */
  worse: boolean;
  /** what the report could not know */
  notes: string[];
}

export type UpgradeOutcome = { ok: true; report: UpgradeReport } | { ok: false; error: AnalyzeError };

/**
 * With no kernel given: a kernel just short of what BPF host routing needs (the facts table's
 * redirect helpers), to ask whether such a node still starts at each release.
 */
function probeKernel(): string {
  const [major, minor] = kernelSince('redirectHelpers').split('.').map(Number);
  return minor > 0 ? `${major}.${minor - 1}` : `${major - 1}.99`;
}

const KIND_ORDER: ChangeKind[] = [
  'verdict',
  'refused-value',
  'requirement',
  'removed-key',
  'renamed-key',
  'deprecated-key',
  'default',
  'feature',
];

export interface UpgradeOptions {
  from: string;
  to: string;
  kernel?: string;
}

export function upgradeReport(files: InputFile[], options: UpgradeOptions): UpgradeOutcome {
  const pf = parseCiliumVersion(options.from);
  if (!pf.ok) return usage(`--from: ${pf.error}`);
  const pt = parseCiliumVersion(options.to);
  if (!pt.ok) return usage(`--to: ${pt.error}`);
  const from = resolveVersion(pf.value).effective;
  const to = resolveVersion(pt.value).effective;
  if (compareVersion(from, to) >= 0)
    return usage(
      `--from ${options.from} is not older than --to ${options.to}; the upgrade report goes from an older release to a newer one`,
    );

  const at = analyser(files);
  const versions = path(from, to);
  const snaps: Analysis[] = [];
  for (const v of versions) {
    const r = at(v, options.kernel);
    if (!r.ok) return r;
    snaps.push(r.analysis);
  }
  const first = snaps[0];
  const last = snaps[snaps.length - 1];
  const inputKind = first.inputKind;
  const changes: UpgradeChange[] = [];
  const reported = new Set<string>();
  const notes: string[] = [];

  // Lifecycle findings present at the start are the file's own state, not the upgrade's.
  for (const f of first.findings) {
    const k = lifecycleKind(f, inputKind);
    const s = subjectOf(f);
    if (k && s) reported.add(`${k}|${s.label}`);
  }

  for (let i = 1; i < snaps.length; i++) {
    const prev = snaps[i - 1];
    const cur = snaps[i];
    const version = formatVersion(versions[i]);
    const before = new Map(familyVerdicts(prev).map((f) => [f.family, f]));
    for (const cv of familyVerdicts(cur)) {
      const pv = before.get(cv.family);
      if (pv && (pv.mode !== cv.mode || pv.ruleId !== cv.ruleId)) changes.push(verdictChange(pv, cv, cur, version));
    }
    for (const f of cur.findings) {
      const kind = lifecycleKind(f, inputKind);
      const s = subjectOf(f);
      if (!kind || !s) continue;
      const id = `${kind}|${s.label}`;
      if (reported.has(id)) continue;
      reported.add(id);
      changes.push({ kind, path: s.path, version, message: f.message, fix: f.fixes[0]?.title ?? null });
    }
    changes.push(...defaultFlips(prev, cur, versions[i - 1], versions[i], version, reported));
  }

  // A kernel requirement the node may not meet: when no kernel is given, ask with an old one.
  if (!options.kernel && first.kernel.assumed) {
    const probe = kernelRequirement(at, versions, inputKind);
    if (probe) changes.push(probe);
  }

  changes.sort(
    (a, b) =>
      compareVersion(parse(a.version), parse(b.version)) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  );
  if (first.kernel.assumed)
    notes.push(
      `No kernel version given: Linux ${kernelSince('redirectHelpers')} or newer assumed on every node, before and after.`,
    );
  const start = new Map(familyVerdicts(first).map((f) => [f.family, f]));
  const gotWorse = familyVerdicts(last).some((f) => {
    const s = start.get(f.family);
    return s !== undefined && familyWorse(s, f);
  });
  return { ok: true, report: { from: first, to: last, changes, worse: gotWorse, notes } };
}

function usage(message: string): UpgradeOutcome {
  return { ok: false, error: { kind: 'usage', message } };
}

function parse(v: string): CiliumVersion {
  const p = parseCiliumVersion(v);
  return p.ok ? p.value : { raw: v, major: 0, minor: 0, line: '0.0' };
}

/** `from`, every change point after it up to `to`, and `to`. */
function path(from: CiliumVersion, to: CiliumVersion): CiliumVersion[] {
  const pts = spanPoints({ from: { ...from }, to: { ...to } }).map((p) => p.version);
  const out: CiliumVersion[] = [
    from,
    ...pts.filter((p) => compareVersion(p, from) > 0 && compareVersion(p, to) < 0),
    to,
  ];
  return out;
}

function verdictChange(pv: FamilyVerdict, cv: FamilyVerdict, cur: Analysis, version: string): UpgradeChange {
  const decisive = cv.reasons.find((r) => r.decisive);
  const finding = decisive ? cur.findings.find((f) => f.ruleId === decisive.ruleId) : undefined;
  const label = (v: FamilyVerdict) => verdictLabel({ mode: v.mode as Verdict['mode'], ruleId: v.ruleId });
  const why = decisive ? `: ${decisive.message}` : '.';
  const path = decisive?.evidence.find((e) => e.origin.kind === 'explicit');
  const base = {
    path: path ? (path.origin.valuePath ?? path.key) : null,
    version,
    fix: finding?.fixes[0]?.title ?? null,
  };
  if (cv.family !== 'hostRouting') {
    return {
      ...base,
      kind: 'feature',
      path: base.path ?? cv.family,
      message: `${cv.family}: ${label(pv)} → ${label(cv)}${why}`,
    };
  }
  // The same condition that made the agent fall back now stops it (e.g. BPF masquerade that cannot run, 1.15).
  const becameFatal =
    pv.mode === 'Legacy' && cv.mode === 'AgentFails' && pv.reasons.some((r) => r.ruleId === cv.ruleId);
  const what = becameFatal
    ? 'what was a fallback to legacy host routing becomes a start-up failure'
    : cv.mode === 'AgentFails'
      ? 'the configuration no longer runs'
      : cv.mode === 'BPF'
        ? 'BPF host routing becomes possible'
        : pv.mode === 'BPF'
          ? 'BPF host routing is lost'
          : 'the reason for legacy host routing changes';
  return { ...base, kind: 'verdict', message: `${label(pv)} → ${label(cv)}: ${what}${cv.mode === 'BPF' ? '.' : why}` };
}

function effective(e: Evidence, v: CiliumVersion): string | null {
  return e.value ?? agentDefault(e.key, v) ?? null;
}

/** Keys the file leaves unset whose value changes between two releases (chart or agent default). */
function defaultFlips(
  prev: Analysis,
  cur: Analysis,
  pvv: CiliumVersion,
  cvv: CiliumVersion,
  version: string,
  reported: Set<string>,
): UpgradeChange[] {
  const out: UpgradeChange[] = [];
  const before = new Map(prev.effectiveConfig.map((e) => [e.key, e]));
  for (const e of cur.effectiveConfig) {
    const b = before.get(e.key);
    if (!b || b.origin.kind === 'explicit' || e.origin.kind === 'explicit') continue;
    const was = effective(b, pvv);
    const now = effective(e, cvv);
    if (was === null || now === null || was === now) continue;
    const id = `default|${e.key}|${was}|${now}`;
    if (reported.has(id)) continue;
    reported.add(id);
    const setting = e.origin.valuePath ?? b.origin.valuePath;
    const source = e.origin.kind === 'agent-default' ? 'the agent default' : 'the chart default';
    out.push({
      kind: 'default',
      path: setting ?? e.key,
      version,
      message: `${e.key} is not set by the file; ${source} changes from ${was} to ${now}.`,
      fix: setting
        ? `Set ${setting} explicitly if the cluster relies on ${e.key}=${was}`
        : `Set ${e.key} explicitly if the cluster relies on ${was}`,
    });
  }
  return out;
}

/** With no kernel given: the first release on the path from which an old kernel stops the agent. */
function kernelRequirement(
  at: ReturnType<typeof analyser>,
  versions: CiliumVersion[],
  inputKind: Analysis['inputKind'],
): UpgradeChange | null {
  const needs = (v: CiliumVersion) => {
    const r = at(v, probeKernel());
    if (!r.ok) return undefined;
    return r.analysis.findings.find(
      (f) => lifecycleKind(f, inputKind) === 'requirement' && subjectOf(f)?.path === 'kernel',
    );
  };
  if (needs(versions[0])) return null;
  const lastNeed = needs(versions[versions.length - 1]);
  if (!lastNeed) return null;
  for (let i = 1; i < versions.length; i++) {
    const f = needs(versions[i]);
    if (!f) continue;
    return {
      kind: 'requirement',
      path: 'kernel',
      version: formatVersion(versions[i]),
      message: `From ${versions[i].line} the agent refuses to start on a node without ${KERNEL_FEATURES.redirectHelpers.what} (Linux ${kernelSince('redirectHelpers')}), where before it fell back to legacy host routing${f.agentLog ? ` (it logs "${f.agentLog}")` : ''}. No kernel was given: check every node.`,
      fix: 'Upgrade the node kernels before upgrading Cilium',
    };
  }
  return null;
}
