/**
 * Versions in the editor: the verdict over every release (the Explain view's table, the short
 * form in the verdict hover) and the upgrade report (`ciliumDatapath/upgradeTargets`,
 * `ciliumDatapath/upgradeReport`). Each runs the core at many versions, so results are computed
 * on demand and kept with the document version they belong to.
 */
import type { InputFile } from '../../core';
import {
  analyzeRange,
  compareVersion,
  knownReleases,
  parseCiliumVersion,
  parseVersionSpan,
  upgradeMarkdown,
  upgradeReport,
  versionsShortMarkdown,
  versionsTableMarkdown,
  type VersionGroup,
} from '../../core';
import { isOurs, type Entry } from '../documents/store';
import { baseName } from '../documents/selection';
import type { UpgradeReportResult, UpgradeTargetsResult } from '../messages';

/** The files behind a document's analysis: its base files, then the document itself. */
export function entryFiles(entry: Entry): InputFile[] {
  return [
    ...entry.bases.filter((b) => b.text !== undefined && b.uri).map((b) => ({ name: b.uri!, text: b.text! })),
    { name: entry.uri, text: entry.text },
  ];
}

function kernelOf(entry: Entry): string | undefined {
  return entry.outcome.kind === 'ok' ? (entry.outcome.analysis.kernel.requested ?? undefined) : undefined;
}

const ranges = new WeakMap<Entry, Partial<Record<'lines' | 'patches', VersionGroup[] | null>>>();

/** The verdict over every known release, per line (`lines`) or per patch change point (`patches`). */
export function versionGroups(entry: Entry, detail: 'lines' | 'patches'): VersionGroup[] | null {
  if (!isOurs(entry) || entry.outcome.kind !== 'ok') return null;
  const cached = ranges.get(entry) ?? {};
  if (cached[detail] !== undefined) return cached[detail]!;
  const span = parseVersionSpan('..');
  const r = span.ok ? analyzeRange(entryFiles(entry), span.value, kernelOf(entry), detail) : undefined;
  cached[detail] = r?.ok ? r.groups : null;
  ranges.set(entry, cached);
  return cached[detail]!;
}

/** Explain: the table over every release and patch change point. */
export function versionTable(entry: Entry): string | null {
  const g = versionGroups(entry, 'patches');
  return g
    ? `**Every release** (patch releases where the rules change included):\n\n${versionsTableMarkdown(g)}`
    : null;
}

/** The verdict hover: one line per group of release lines. */
export function versionShortForm(entry: Entry): string | null {
  const g = versionGroups(entry, 'lines');
  return g ? versionsShortMarkdown(g, 'newest patch of each line; Explain shows every patch change') : null;
}

/** Releases the document could be upgraded to, newest first, and the version it is evaluated at. */
export function upgradeTargets(entry: Entry): UpgradeTargetsResult | null {
  if (!isOurs(entry) || entry.outcome.kind !== 'ok') return null;
  const from = entry.outcome.analysis.ciliumVersion.evaluated;
  const pf = parseCiliumVersion(from);
  const releases = knownReleases().filter((r) => {
    const p = parseCiliumVersion(r);
    return pf.ok && p.ok && compareVersion(p.value, pf.value) > 0;
  });
  return {
    uri: entry.uri,
    from,
    source:
      entry.outcome.analysis.ciliumVersion.source === 'option' || entry.versionFromSettings
        ? 'setting'
        : entry.outcome.analysis.ciliumVersion.source,
    releases,
  };
}

/** The upgrade report from the document's version (or `from`) to `to`, as Markdown. */
export function upgradeReportFor(entry: Entry, to: string, from?: string): UpgradeReportResult | null {
  if (!isOurs(entry) || entry.outcome.kind !== 'ok') return null;
  const start = from ?? entry.outcome.analysis.ciliumVersion.evaluated;
  const r = upgradeReport(entryFiles(entry), { from: start, to, kernel: kernelOf(entry) });
  if (!r.ok)
    return {
      uri: entry.uri,
      from: start,
      to,
      worse: false,
      error: r.error.message,
      markdown: `**No upgrade report:** ${r.error.message}\n`,
      changes: [],
    };
  const rep = r.report;
  return {
    uri: entry.uri,
    from: rep.from.ciliumVersion.evaluated,
    to: rep.to.ciliumVersion.evaluated,
    worse: rep.worse,
    error: null,
    markdown: upgradeMarkdown(rep, baseName(entry.uri)),
    changes: rep.changes,
  };
}
