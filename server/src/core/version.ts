/**
 * Cilium and kernel versions: parsing, comparison, and the patch releases at which
 * behaviour changes inside a release line (host-routing-spec §2.0b).
 */
import type { CiliumVersion, KernelVersion } from './types';
import { echo } from './echo';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Oldest and newest release lines the inference knows. */
export const OLDEST_LINE = { major: 1, minor: 9 };
export const NEWEST_LINE = { major: 1, minor: 20 };

/** Newest patch of each line that the ground truth covers; used when the user gives only `1.16`. */
export const LATEST_KNOWN_PATCH: Record<string, number> = {
  '1.9': 18,
  '1.10': 20,
  '1.11': 20,
  '1.12': 16,
  '1.13': 12,
  '1.14': 16,
  '1.15': 7,
  '1.16': 15,
  '1.17': 14,
  '1.18': 3,
  '1.19': 0,
  '1.20': 0,
};

/**
 * Patch releases at which something that matters for host routing changed, per line
 * (agent decision, chart defaults or chart validation). A result computed without a patch
 * number is re-checked at each of these points so that we can say when it would differ.
 */
export const PATCH_CHANGE_POINTS: Record<string, number[]> = {
  '1.9': [0, 1, 2, 4, 5, 9, 18],
  '1.10': [0, 6, 13, 20],
  '1.11': [0, 7, 18, 20],
  '1.12': [0, 1, 11, 16],
  '1.13': [0, 4, 5, 12],
  '1.14': [0, 3, 6, 16],
  '1.15': [0, 7],
  '1.16': [0, 2, 15],
  '1.17': [0, 6, 14],
  '1.18': [0, 3],
  '1.19': [0],
  '1.20': [0],
};

/** Longer text is not a version (kernel release strings stay well below it too). */
const MAX_VERSION_CHARS = 64;

const VERSION_RE = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/;

/** Parses `1.16`, `1.16.4`, `v1.17.6-cee.1`, `1.15.0-rc.1`. */
export function parseCiliumVersion(input: string): Result<CiliumVersion> {
  const raw = input.trim();
  // no Cilium version is longer than this; longer input is not read as one (and not echoed in full)
  const m = raw.length <= MAX_VERSION_CHARS ? VERSION_RE.exec(raw) : null;
  if (!m) {
    return {
      ok: false,
      error: `"${echo(input)}" is not a Cilium version (expected e.g. 1.16, 1.16.4 or v1.17.6-cee.1)`,
    };
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = m[3] === undefined ? undefined : Number(m[3]);
  const v: CiliumVersion = { raw, major, minor, patch, line: `${major}.${minor}` };
  if (m[4] !== undefined) v.prerelease = m[4];
  if (major !== 1) {
    return { ok: false, error: `Cilium ${raw} is not a 1.x release; this tool knows Cilium 1.9 to 1.20` };
  }
  if (minor < OLDEST_LINE.minor) {
    return {
      ok: false,
      error: `Cilium ${raw} predates BPF host routing (introduced in 1.9): it always routes through the host stack; this tool knows 1.9 to 1.20`,
    };
  }
  return { ok: true, value: v };
}

/** Parses `6.2.0-39-generic`, `4.19`, `5.10.0`, `v6.1`. */
export function parseKernelVersion(input: string): Result<KernelVersion> {
  const raw = input.trim();
  const m = raw.length <= MAX_VERSION_CHARS ? /^v?(\d+)\.(\d+)(?:[.\-+_~][0-9A-Za-z.\-+_~]*)?$/.exec(raw) : null;
  if (!m)
    return { ok: false, error: `"${echo(input)}" is not a kernel version (expected e.g. 5.10, 6.2.0-39-generic)` };
  return { ok: true, value: { raw, major: Number(m[1]), minor: Number(m[2]) } };
}

/** Compares two versions by major, minor and patch (a missing patch counts as 0). */
export function compareVersion(
  a: { major: number; minor: number; patch?: number },
  b: { major: number; minor: number; patch?: number },
): number {
  return a.major - b.major || a.minor - b.minor || (a.patch ?? 0) - (b.patch ?? 0);
}

/** Parses a `major.minor[.patch]` literal used inside the rules; throws on a programming error only. */
function lit(s: string): { major: number; minor: number; patch: number } {
  const [a, b, c] = s.split('.').map(Number);
  return { major: a, minor: b, patch: c ?? 0 };
}

/** `atLeast(v, '1.13.4')`: is v at or after that release? */
export function atLeast(v: { major: number; minor: number; patch?: number }, s: string): boolean {
  return compareVersion(v, lit(s)) >= 0;
}

/** `before(v, '1.14')`: is v strictly before that release? */
export function before(v: { major: number; minor: number; patch?: number }, s: string): boolean {
  return compareVersion(v, lit(s)) < 0;
}

/** Inclusive range test on major.minor.patch. */
export function within(v: { major: number; minor: number; patch?: number }, from: string, to: string): boolean {
  return atLeast(v, from) && compareVersion(v, lit(to)) <= 0;
}

/** `1.14`-style minor comparisons ignore the patch. */
export function lineAtLeast(v: { major: number; minor: number }, s: string): boolean {
  const l = lit(s);
  return v.major > l.major || (v.major === l.major && v.minor >= l.minor);
}

export function lineOf(v: { major: number; minor: number }): string {
  return `${v.major}.${v.minor}`;
}

/**
 * The version the rules evaluate: the given one with its patch filled in (newest known
 * patch of the line when absent); lines newer than the newest known are evaluated with
 * the newest line's rules.
 */
export interface ResolvedVersion {
  /** what the user asked for, or undefined when nothing was given */
  requested?: CiliumVersion;
  /** the version the rules were evaluated at */
  effective: CiliumVersion;
  /** human-readable notes about how it was chosen */
  notes: string[];
}

export function resolveVersion(requested: CiliumVersion | undefined): ResolvedVersion {
  const notes: string[] = [];
  if (!requested) {
    const line = lineOf(NEWEST_LINE);
    const patch = LATEST_KNOWN_PATCH[line];
    notes.push(`No Cilium version given: assumed the newest supported line, ${line} (evaluated as ${line}.${patch}).`);
    return { effective: mk(NEWEST_LINE.major, NEWEST_LINE.minor, patch), notes };
  }
  if (!lineAtLeast(requested, '1.9')) {
    // parseCiliumVersion already refuses these; keep the function total anyway.
    notes.push(`Cilium ${requested.raw} is older than 1.9; evaluated with the 1.9 rules.`);
    return { requested, effective: mk(1, 9, 0), notes };
  }
  if (requested.minor > NEWEST_LINE.minor) {
    const line = lineOf(NEWEST_LINE);
    notes.push(
      `Cilium ${requested.raw} is newer than the newest line this tool knows (${line}); evaluated with the ${line} rules, which may have changed since.`,
    );
    return { requested, effective: mk(NEWEST_LINE.major, NEWEST_LINE.minor, LATEST_KNOWN_PATCH[line]), notes };
  }
  const line = requested.line;
  const known = LATEST_KNOWN_PATCH[line];
  if (requested.patch === undefined) {
    notes.push(
      `Cilium ${requested.raw} has no patch number: evaluated as ${line}.${known}, the newest ${line} release this tool knows.`,
    );
    return { requested, effective: { ...mk(requested.major, requested.minor, known) }, notes };
  }
  if (requested.patch > known) {
    notes.push(
      `Cilium ${requested.raw} is newer than the newest ${line} patch this tool has read (${line}.${known}); assumed to behave like it.`,
    );
  }
  if (requested.prerelease) {
    notes.push(`Pre-release or vendor build ${requested.raw}: evaluated as ${line}.${requested.patch}.`);
  }
  return { requested, effective: requested, notes };
}

function mk(major: number, minor: number, patch: number): CiliumVersion {
  return { raw: `${major}.${minor}.${patch}`, major, minor, patch, line: `${major}.${minor}` };
}

/** Versions at which to re-evaluate a result whose patch number the user did not give. */
export function patchVariants(requested: CiliumVersion | undefined): CiliumVersion[] {
  if (!requested || requested.patch !== undefined) return [];
  const points = PATCH_CHANGE_POINTS[requested.line];
  if (!points) return [];
  return points.map((p) => mk(requested.major, requested.minor, p));
}

/** Kernel at least major.minor. */
export function kernelAtLeast(k: KernelVersion, major: number, minor: number): boolean {
  return k.major > major || (k.major === major && k.minor >= minor);
}

export function formatVersion(v: CiliumVersion): string {
  return v.patch === undefined ? v.line : `${v.line}.${v.patch}${v.prerelease ? '-' + v.prerelease : ''}`;
}
