/**
 * Chart version constraints as Helm, Flux, Argo CD and Kustomize read them (the Masterminds
 * semver syntax): `1.15.3`, `1.15` / `1.15.x` / `1.15.*` (any patch), `~1.15.0`, `^1.14`,
 * `>=1.14.0 <1.16.0`, `>=1.14, <1.16`, `1.14 - 1.15.2`, `!=1.15.1`, alternatives joined by `||`.
 * A constraint is evaluated against the releases we know (version.ts): the newest one inside it
 * is the one the controller installs today. Pure.
 */
import { LATEST_KNOWN_PATCH, NEWEST_LINE, OLDEST_LINE } from '../../version';

type Triple = [number, number, number];

interface Comparator {
  op: '=' | '!=' | '>' | '>=' | '<' | '<=';
  v: Triple;
}

export interface VersionConstraint {
  raw: string;
  /** alternatives (`||`), each a conjunction of comparators */
  anyOf: Comparator[][];
  /** exactly one version (no operator, all three numbers) */
  exact?: string;
}

export type ConstraintResult = { ok: true; value: VersionConstraint } | { ok: false; error: string };

const PART = /^(?:v)?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

interface Partial {
  parts: Array<number | undefined>;
  /** how many leading parts are numbers */
  fixed: number;
}

function parsePartial(s: string): Partial | undefined {
  const m = PART.exec(s.trim());
  if (!m) return undefined;
  const parts = [m[1], m[2], m[3]].map((x) => (x === undefined || /^[xX*]$/.test(x) ? undefined : Number(x)));
  let fixed = 0;
  while (fixed < 3 && parts[fixed] !== undefined) fixed++;
  return { parts, fixed };
}

function lower(p: Partial): Triple {
  return [p.parts[0] ?? 0, p.fixed > 1 ? p.parts[1]! : 0, p.fixed > 2 ? p.parts[2]! : 0];
}

/** The first version after every version that the partial covers. */
function upperExclusive(p: Partial): Triple | undefined {
  if (p.fixed === 0) return undefined;
  if (p.fixed === 1) return [p.parts[0]! + 1, 0, 0];
  if (p.fixed === 2) return [p.parts[0]!, p.parts[1]! + 1, 0];
  return [p.parts[0]!, p.parts[1]!, p.parts[2]! + 1];
}

function comparators(op: string, p: Partial): Comparator[] | undefined {
  const lo = lower(p);
  const hi = upperExclusive(p);
  switch (op) {
    case '':
    case '=':
      return hi
        ? [
            { op: '>=', v: lo },
            { op: '<', v: hi },
          ]
        : [];
    case '!=':
      if (!hi) return [{ op: '<', v: [0, 0, 0] }];
      if (p.fixed === 3) return [{ op: '!=', v: lo }];
      return undefined; // `!=1.15` (a whole line) is rare; say we cannot read it
    case '>':
      return hi ? [{ op: '>=', v: hi }] : [{ op: '<', v: [0, 0, 0] }];
    case '>=':
    case '=>':
      return [{ op: '>=', v: lo }];
    case '<':
      return [{ op: '<', v: lo }];
    case '<=':
    case '=<':
      return hi ? [{ op: '<', v: hi }] : [];
    case '~':
    case '~>': {
      if (p.fixed <= 1)
        return hi
          ? [
              { op: '>=', v: lo },
              { op: '<', v: hi },
            ]
          : [];
      return [
        { op: '>=', v: lo },
        { op: '<', v: [lo[0], lo[1] + 1, 0] },
      ];
    }
    case '^': {
      if (p.fixed === 0) return [];
      if (lo[0] > 0 || p.fixed === 1)
        return [
          { op: '>=', v: lo },
          { op: '<', v: [lo[0] + 1, 0, 0] },
        ];
      if (lo[1] > 0 || p.fixed === 2)
        return [
          { op: '>=', v: lo },
          { op: '<', v: [0, lo[1] + 1, 0] },
        ];
      return [
        { op: '>=', v: lo },
        { op: '<', v: [0, 0, lo[2] + 1] },
      ];
    }
  }
  return undefined;
}

/** Reads a constraint; an exact version (`1.15.3`, `v1.15.3`) is a constraint too. */
export function parseConstraint(raw: string): ConstraintResult {
  const text = raw.trim();
  if (text === '') return { ok: false, error: 'empty version' };
  const anyOf: Comparator[][] = [];
  for (const alt of text.split('||')) {
    let s = alt.trim();
    const all: Comparator[] = [];
    // hyphen ranges: `1.14 - 1.15.2`
    const hy = /^(\S+)\s+-\s+(\S+)$/.exec(s);
    if (hy) {
      const a = parsePartial(hy[1]);
      const b = parsePartial(hy[2]);
      if (!a || !b) return { ok: false, error: `cannot read the version range "${raw}"` };
      const hi = upperExclusive(b);
      all.push({ op: '>=', v: lower(a) });
      if (hi) all.push({ op: '<', v: hi });
      anyOf.push(all);
      continue;
    }
    s = s.replace(/,/g, ' ');
    // operators may be followed by spaces: `>= 1.14`
    const tokens = s
      .replace(/(>=|=>|<=|=<|!=|~>|[<>=~^])\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    if (tokens.length === 0) return { ok: false, error: `cannot read the version range "${raw}"` };
    for (const t of tokens) {
      const m = /^(>=|=>|<=|=<|!=|~>|[<>=~^])?(.*)$/.exec(t)!;
      const p = parsePartial(m[2]);
      const cs = p ? comparators(m[1] ?? '', p) : undefined;
      if (!cs) return { ok: false, error: `cannot read the version range "${raw}"` };
      all.push(...cs);
    }
    anyOf.push(all);
  }
  const exactM = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/.exec(text);
  return { ok: true, value: { raw: text, anyOf, exact: exactM ? text.replace(/^v/, '') : undefined } };
}

function cmp(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function satisfies(c: VersionConstraint, v: Triple): boolean {
  return c.anyOf.some((all) =>
    all.every((x) => {
      const d = cmp(v, x.v);
      switch (x.op) {
        case '=':
          return d === 0;
        case '!=':
          return d !== 0;
        case '>':
          return d > 0;
        case '>=':
          return d >= 0;
        case '<':
          return d < 0;
        case '<=':
          return d <= 0;
      }
    }),
  );
}

export interface ConstraintEvaluation {
  /** newest known release inside the constraint: `1.15.19`; undefined when none is known */
  newest?: string;
  /** the known releases inside it, per line: `1.15.0–1.15.19` */
  lines: string[];
  /** how many known releases it allows */
  count: number;
  /** the constraint allows releases newer than the newest we know */
  beyondKnown: boolean;
}

/** Every known release inside the constraint, newest first. */
export function evaluateConstraint(c: VersionConstraint): ConstraintEvaluation {
  const lines: string[] = [];
  let newest: string | undefined;
  let count = 0;
  for (let minor = NEWEST_LINE.minor; minor >= OLDEST_LINE.minor; minor--) {
    const line = `${NEWEST_LINE.major}.${minor}`;
    const latest = LATEST_KNOWN_PATCH[line];
    if (latest === undefined) continue;
    const inside: number[] = [];
    for (let patch = latest; patch >= 0; patch--)
      if (satisfies(c, [NEWEST_LINE.major, minor, patch])) inside.push(patch);
    if (inside.length === 0) continue;
    count += inside.length;
    if (!newest) newest = `${line}.${inside[0]}`;
    const lo = inside[inside.length - 1];
    const contiguous = inside[0] - lo + 1 === inside.length;
    lines.push(
      inside.length === 1
        ? `${line}.${lo}`
        : contiguous
          ? `${line}.${lo}–${line}.${inside[0]}`
          : inside
              .reverse()
              .map((p) => `${line}.${p}`)
              .join(', '),
    );
  }
  const newestLine = `${NEWEST_LINE.major}.${NEWEST_LINE.minor}`;
  const beyondKnown =
    satisfies(c, [NEWEST_LINE.major, NEWEST_LINE.minor, (LATEST_KNOWN_PATCH[newestLine] ?? 0) + 1]) ||
    satisfies(c, [NEWEST_LINE.major, NEWEST_LINE.minor + 1, 0]);
  return { newest, lines, count, beyondKnown };
}
