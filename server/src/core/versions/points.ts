/**
 * The release lines and patch releases a version-spanning question is answered at: every known
 * line, and inside each line the patch releases where something that matters changes (the change
 * points of version.ts). A point stands for itself and every later patch up to the next point.
 */
import type { CiliumVersion } from '../types';
import {
  LATEST_KNOWN_PATCH,
  NEWEST_LINE,
  OLDEST_LINE,
  PATCH_CHANGE_POINTS,
  compareVersion,
  parseCiliumVersion,
  type Result,
} from '../version';

/** A bound of a version range: a whole line (`1.14`) or one patch release (`1.14.5`). */
export interface VersionBound {
  line: string;
  major: number;
  minor: number;
  /** undefined: the whole line (start of the line for a lower bound, end for an upper one) */
  patch?: number;
}

export interface VersionSpan {
  from: VersionBound;
  to: VersionBound;
}

/** Every known release line, oldest first (`1.9` … `1.20`). */
export function knownLines(): string[] {
  const out: string[] = [];
  for (let m = OLDEST_LINE.minor; m <= NEWEST_LINE.minor; m++) out.push(`${NEWEST_LINE.major}.${m}`);
  return out;
}

export function mkVersion(line: string, patch: number): CiliumVersion {
  const [major, minor] = line.split('.').map(Number);
  return { raw: `${line}.${patch}`, major, minor, patch, line };
}

/** Newest patch of a line that the ground truth covers. */
export function newestPatch(line: string): number {
  return LATEST_KNOWN_PATCH[line] ?? 0;
}

/** Known releases for a quick pick: every change point and the newest known patch of each line, newest first. */
export function knownReleases(): string[] {
  const out: string[] = [];
  for (const line of knownLines()) {
    const pts = new Set([...(PATCH_CHANGE_POINTS[line] ?? [0]), newestPatch(line)]);
    for (const p of [...pts].sort((a, b) => a - b)) out.push(`${line}.${p}`);
  }
  return out.reverse();
}

function boundOf(v: CiliumVersion): VersionBound {
  return { line: v.line, major: v.major, minor: v.minor, patch: v.patch };
}

/**
 * Parses `1.12..1.20`, `1.14.5..1.16.4`, `1.14..` (to the newest line), `..1.13` (from the oldest)
 * or a single `1.16` (that line alone). Lines outside 1.9–1.20 are refused.
 */
export function parseVersionSpan(text: string): Result<VersionSpan> {
  const t = text.trim();
  const parts = t.includes('..') ? t.split('..') : [t, t];
  if (parts.length !== 2)
    return { ok: false, error: `"${text}" is not a version range (expected e.g. 1.12..1.20 or 1.14.5..1.16.4)` };
  const lines = knownLines();
  const bound = (s: string, fallback: string): Result<VersionBound> => {
    const p = parseCiliumVersion(s.trim() === '' ? fallback : s);
    if (!p.ok) return p;
    if (!lines.includes(p.value.line))
      return {
        ok: false,
        error: `Cilium ${p.value.raw} is outside the lines this tool knows (${lines[0]} to ${lines[lines.length - 1]})`,
      };
    return { ok: true, value: boundOf(p.value) };
  };
  const from = bound(parts[0], lines[0]);
  if (!from.ok) return from;
  const to = bound(parts[1], lines[lines.length - 1]);
  if (!to.ok) return to;
  const lo = { ...from.value, patch: from.value.patch ?? 0 };
  const hi = { ...to.value, patch: to.value.patch ?? Number.MAX_SAFE_INTEGER };
  if (compareVersion(lo, hi) > 0) return { ok: false, error: `"${text}": the first version is newer than the second` };
  return { ok: true, value: { from: from.value, to: to.value } };
}

/** One version to evaluate, with the patch releases it stands for. */
export interface SpanPoint {
  version: CiliumVersion;
  /** last patch it stands for; undefined: to the end of its line */
  untilPatch?: number;
  /** stands for its whole line (evaluated at the newest patch; patch differences not looked at) */
  wholeLine?: boolean;
}

/** One point per line of the span, at its newest known patch: the coarse view (a hover, a quick look). */
export function linePoints(span: VersionSpan): SpanPoint[] {
  const lines = knownLines();
  const from = lines.indexOf(span.from.line);
  const to = lines.indexOf(span.to.line);
  return lines.slice(from, to + 1).map((line) => ({ version: mkVersion(line, newestPatch(line)), wholeLine: true }));
}

/** The versions to evaluate for a span: its start, then every change point inside it; each covers up to the next. */
export function spanPoints(span: VersionSpan): SpanPoint[] {
  const out: SpanPoint[] = [];
  for (const line of knownLines()) {
    const [major, minor] = line.split('.').map(Number);
    if (compareVersion({ major, minor }, { major: span.from.major, minor: span.from.minor }) < 0) continue;
    if (compareVersion({ major, minor }, { major: span.to.major, minor: span.to.minor }) > 0) break;
    const start = line === span.from.line ? (span.from.patch ?? 0) : 0;
    const end = line === span.to.line ? span.to.patch : undefined;
    const pts = (PATCH_CHANGE_POINTS[line] ?? [0]).filter((p) => p > start && (end === undefined || p <= end));
    const all = [start, ...pts];
    all.forEach((p, i) => {
      const next = all[i + 1];
      out.push({ version: mkVersion(line, p), untilPatch: next !== undefined ? next - 1 : end });
    });
  }
  return out;
}

/** `1.12.0–1.13.x`, `1.14–1.20`, `1.16.2–1.16.4`, `1.15`: the releases from `first` through `last`. */
export function describeSpan(first: SpanPoint, last: SpanPoint): string {
  const start = first.version;
  const endLine = last.version.line;
  const wholeStart = first.wholeLine === true || start.patch === 0;
  const wholeEnd = last.untilPatch === undefined;
  if (wholeStart && wholeEnd) return start.line === endLine ? start.line : `${start.line}–${endLine}`;
  const from = `${start.line}.${start.patch}`;
  const to = wholeEnd ? `${endLine}.x` : `${endLine}.${last.untilPatch}`;
  return from === to ? from : `${from}–${to}`;
}

/** Lines as a phrase: `1.15 or older`, `1.14 or newer`, `1.14–1.15`, `1.16`, or a list when not contiguous. */
export function describeLines(lines: string[]): string {
  const all = knownLines();
  const idx = lines
    .map((l) => all.indexOf(l))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b);
  if (idx.length === 0) return 'no known release';
  const contiguous = idx.every((v, i) => i === 0 || v === idx[i - 1] + 1);
  if (!contiguous) {
    // runs of consecutive lines
    const runs: string[] = [];
    let s = idx[0];
    for (let i = 1; i <= idx.length; i++) {
      if (i === idx.length || idx[i] !== idx[i - 1] + 1) {
        const e = idx[i - 1];
        runs.push(s === e ? all[s] : `${all[s]}–${all[e]}`);
        s = idx[i];
      }
    }
    return runs.join(', ');
  }
  const lo = idx[0];
  const hi = idx[idx.length - 1];
  if (lo === 0 && hi === all.length - 1) return 'every line';
  if (lo === hi) return `${all[lo]} only`;
  if (lo === 0) return `${all[hi]} or older`;
  if (hi === all.length - 1) return `${all[lo]} or newer`;
  return `${all[lo]}–${all[hi]}`;
}
