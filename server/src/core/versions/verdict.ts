/**
 * Running the analysis at many versions: the files are parsed once, and each analysis is reduced
 * to the verdict that version-spanning reports compare (host-routing mode and the deciding rule).
 */
import { analyze, type Analysis, type AnalyzeError, type InputFile } from '../analyze';
import { parseInput } from '../parse/input';
import type { CiliumVersion, HostRoutingMode } from '../types';
import { formatVersion } from '../version';

export interface Verdict {
  mode: HostRoutingMode;
  /** the decisive reason's rule, null for BPF */
  ruleId: string | null;
}

/** `Legacy (iptables masquerade)`, `BPF`. */
export function verdictLabel(v: Verdict): string {
  return v.ruleId && v.mode !== 'BPF' ? `${v.mode} (${v.ruleId.replace(/-/g, ' ')})` : v.mode;
}

export function sameVerdict(a: Verdict, b: Verdict): boolean {
  return a.mode === b.mode && a.ruleId === b.ruleId;
}

export function verdictOf(a: Analysis): Verdict {
  return { mode: a.hostRouting.mode, ruleId: a.hostRouting.reasons.find((r) => r.decisive)?.ruleId ?? null };
}

/** The verdict of one verdict family (host routing, and each tuning feature once it is a family). */
export interface FamilyVerdict {
  family: string;
  mode: string;
  ruleId: string | null;
  summary: string;
  reasons: Analysis['hostRouting']['reasons'];
}

export function familyVerdicts(a: Analysis): FamilyVerdict[] {
  return Object.entries(
    a.verdicts as unknown as Record<string, { mode: string; summary: string; reasons: FamilyVerdict['reasons'] }>,
  ).map(([family, v]) => ({
    family,
    mode: v.mode,
    ruleId: v.reasons.find((r) => r.decisive)?.ruleId ?? null,
    summary: v.summary,
    reasons: v.reasons,
  }));
}

/** Does a family's verdict get worse? Host routing: BPF < Legacy < AgentFails; any family: a mode that fails where it did not. */
export function familyWorse(a: FamilyVerdict, b: FamilyVerdict): boolean {
  if (a.family === 'hostRouting') return worse(a as Verdict, b as Verdict);
  return /fail/i.test(b.mode) && !/fail/i.test(a.mode);
}

/** BPF < Legacy < AgentFails: is `b` worse than `a`? */
export function worse(a: Verdict, b: Verdict): boolean {
  const rank = (m: HostRoutingMode) => (m === 'BPF' ? 0 : m === 'AgentFails' ? 2 : 1);
  return rank(b.mode) > rank(a.mode);
}

/** Parses the files once; returns an analyser for any version (and kernel). */
export function analyser(
  files: InputFile[],
): (
  v: CiliumVersion | string | undefined,
  kernel?: string,
) => { ok: true; analysis: Analysis } | { ok: false; error: AnalyzeError } {
  const parsed = files.map((f) => ({ ...f, parsed: f.parsed ?? parseInput(f.name, f.text) }));
  return (v, kernel) =>
    analyze(parsed, {
      ciliumVersion: v === undefined ? undefined : typeof v === 'string' ? v : formatVersion(v),
      kernel,
    });
}
