/**
 * Inclusive version ranges of the facts tables: `{ from: '1.14', to: '1.15' }`, `{ from: '1.13.4' }`.
 * A bound without a patch stands for the whole release line.
 */
import type { CiliumVersion } from '../types';
import { compareVersion } from '../version';

/** Inclusive version range; a bound without patch is a whole release line. */
export interface VersionRange {
  from?: string;
  to?: string;
}

/** What happens to a value outside `accept`. */
export type Otherwise = 'agent-refuses' | 'chart-refuses' | 'unknown';

export interface ValueRange extends VersionRange {
  accept: Array<string | number | boolean>;
  /** still accepted, with the value to use instead (null: no direct replacement) */
  deprecated?: Record<string, string | number | boolean | null>;
  otherwise: Otherwise;
}

function parseBound(s: string): { major: number; minor: number; patch?: number } {
  const [a, b, c] = s.split('.').map(Number);
  return { major: a, minor: b, patch: c };
}

/** Is `v` inside the range? Line bounds compare by release line, patch bounds by patch. */
export function inRange(v: Pick<CiliumVersion, 'major' | 'minor' | 'patch'>, r: VersionRange | undefined): boolean {
  if (!r) return true;
  if (r.from) {
    const f = parseBound(r.from);
    const c =
      f.patch === undefined
        ? compareVersion({ major: v.major, minor: v.minor }, { major: f.major, minor: f.minor })
        : compareVersion(v, f);
    if (c < 0) return false;
  }
  if (r.to) {
    const t = parseBound(r.to);
    const c =
      t.patch === undefined
        ? compareVersion({ major: v.major, minor: v.minor }, { major: t.major, minor: t.minor })
        : compareVersion({ ...v, patch: v.patch ?? Number.MAX_SAFE_INTEGER }, t);
    if (c > 0) return false;
  }
  return true;
}

/** `1.14+`, `1.9–1.12`, `1.13` */
export function describeRange(r: VersionRange): string {
  if (r.from && r.to) return r.from === r.to ? r.from : `${r.from}–${r.to}`;
  if (r.from) return `${r.from}+`;
  if (r.to) return `up to ${r.to}`;
  return 'every version';
}
