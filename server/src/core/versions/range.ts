/**
 * The whole version range at once: the verdict at every release line and patch change point of
 * a span, grouped into runs with the same verdict (`1.12–1.13 Legacy (endpoint routes); 1.14–1.20 BPF`).
 */
import type { AnalyzeError, InputFile } from '../analyze';
import { analyser, sameVerdict, verdictLabel, verdictOf, type Verdict } from './verdict';
import { describeSpan, linePoints, spanPoints, type SpanPoint, type VersionSpan } from './points';
import { formatVersion } from '../version';

export interface VersionGroup {
  /** `1.12.0–1.13.x`, `1.14–1.20` */
  versions: string;
  /** first and last release of the group (`x` for the end of a line) */
  from: string;
  to: string;
  hostRouting: Verdict & {
    /** `Legacy (iptables masquerade)` */
    label: string;
    /** the analysis summary at the group's first release */
    summary: string;
  };
}

export type RangeOutcome = { ok: true; groups: VersionGroup[] } | { ok: false; error: AnalyzeError };

/**
 * Evaluates the files at each point of the span and groups equal verdicts: at every patch change
 * point (`patches`), or once per line at its newest patch (`lines`, a third of the work).
 */
export function analyzeRange(
  files: InputFile[],
  span: VersionSpan,
  kernel?: string,
  detail: 'patches' | 'lines' = 'patches',
): RangeOutcome {
  const at = analyser(files);
  const groups: Array<{ first: SpanPoint; last: SpanPoint; verdict: Verdict; summary: string }> = [];
  for (const p of detail === 'lines' ? linePoints(span) : spanPoints(span)) {
    const r = at(p.version, kernel);
    if (!r.ok) return r;
    const v = verdictOf(r.analysis);
    const g = groups[groups.length - 1];
    if (g && sameVerdict(g.verdict, v)) g.last = p;
    else groups.push({ first: p, last: p, verdict: v, summary: r.analysis.hostRouting.summary });
  }
  return {
    ok: true,
    groups: groups.map((g) => ({
      versions: describeSpan(g.first, g.last),
      from: g.first.wholeLine ? `${g.first.version.line}.0` : formatVersion(g.first.version),
      to: g.last.untilPatch === undefined ? `${g.last.version.line}.x` : `${g.last.version.line}.${g.last.untilPatch}`,
      hostRouting: { ...g.verdict, label: verdictLabel(g.verdict), summary: g.summary },
    })),
  };
}

/** One line: `1.12–1.13 Legacy (endpoint routes); 1.14–1.20 BPF`. */
export function describeGroups(groups: VersionGroup[]): string {
  return groups.map((g) => `${g.versions} ${g.hostRouting.label}`).join('; ');
}
