/** Small version helpers for the fixture (kept apart from the product's own version code on purpose). */

export interface Semver {
  major: number;
  minor: number;
  patch: number;
}

export function parseSemver(v: string): Semver {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
  if (!m) throw new Error(`not a version: ${v}`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? 0 : Number(m[3]) };
}

export function cmpVersion(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** `atLeast('1.16.4', '1.16')` */
export function atLeast(v: string, min: string): boolean {
  return cmpVersion(v, min) >= 0;
}

/** `kernelAtLeast('6.2.0-39-generic', 5, 10)` */
export function kernelAtLeast(kernel: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(kernel);
  if (!m) return false;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a > major || (a === major && b >= minor);
}

/** `1.16` */
export function lineOf(v: string): string {
  const s = parseSemver(v);
  return `${s.major}.${s.minor}`;
}
