/**
 * "Did you mean": the optimal-string-alignment (restricted Damerau–Levenshtein) distance,
 * case-insensitive, and the closest candidate within a distance that grows with the length.
 */

/** Edit distance with adjacent transpositions, case-insensitive; stops early above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  if (Math.abs(s.length - t.length) > max) return max + 1;
  const n = s.length;
  const m = t.length;
  let prev2: number[] = new Array(m + 1).fill(0);
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  let cur: number[] = new Array(m + 1).fill(0);
  let prevRowMin = 0;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = s.charCodeAt(i - 1) === t.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (
        i > 1 &&
        j > 1 &&
        s.charCodeAt(i - 1) === t.charCodeAt(j - 2) &&
        s.charCodeAt(i - 2) === t.charCodeAt(j - 1)
      ) {
        d = Math.min(d, prev2[j - 2] + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // a transposition can reach this row from two rows up, so both rows must be over the limit
    if (rowMin > max && prevRowMin > max) return max + 1;
    prevRowMin = rowMin;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/** How far a name may be from a candidate to count as a typo of it. */
export function typoBudget(name: string): number {
  const n = name.length;
  if (n <= 3) return 0; // only a case difference
  if (n <= 6) return 1;
  if (n <= 12) return 2;
  return 3;
}

/**
 * The candidates closest to `name` within its typo budget, best first (ties keep the input
 * order). A case-only difference always counts.
 */
export function closest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const budget = typoBudget(name);
  const scored: Array<{ c: string; d: number; i: number }> = [];
  let i = 0;
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(name, c, budget);
    if (d <= budget) scored.push({ c, d, i: i++ });
  }
  scored.sort((x, y) => x.d - y.d || x.i - y.i);
  return scored.slice(0, limit).map((x) => x.c);
}

/**
 * `closest` over a fixed candidate list, built once and queried many times: candidates are
 * bucketed by (lower-cased) length, so a query only measures the candidates whose length is within
 * its typo budget, and a letter-count bound skips most of those before the edit distance runs.
 * Gives exactly what `closest(name, candidates, limit)` gives.
 */
export class SuggestIndex {
  private readonly byLength = new Map<number, Array<{ c: string; lower: string; i: number; bag: Uint8Array }>>();
  readonly size: number;

  constructor(candidates: Iterable<string>) {
    let i = 0;
    for (const c of candidates) {
      const lower = c.toLowerCase();
      let bucket = this.byLength.get(lower.length);
      if (!bucket) this.byLength.set(lower.length, (bucket = []));
      bucket.push({ c, lower, i: i++, bag: letterBag(lower) });
    }
    this.size = i;
  }

  closest(name: string, limit = 3): string[] {
    const budget = typoBudget(name);
    const lower = name.toLowerCase();
    const bag = letterBag(lower);
    const scored: Array<{ c: string; d: number; i: number }> = [];
    for (let len = lower.length - budget; len <= lower.length + budget; len++) {
      const bucket = this.byLength.get(len);
      if (!bucket) continue;
      for (const e of bucket) {
        if (e.c === name) continue;
        if (bagDistance(bag, e.bag) > budget) continue;
        const d = editDistance(lower, e.lower, budget);
        if (d <= budget) scored.push({ c: e.c, d, i: e.i });
      }
    }
    scored.sort((x, y) => x.d - y.d || x.i - y.i);
    return scored.slice(0, limit).map((x) => x.c);
  }
}

/** Counts of the characters of a string folded into 32 classes (saturating at 255). */
function letterBag(s: string): Uint8Array {
  const bag = new Uint8Array(32);
  for (let k = 0; k < s.length; k++) {
    const slot = s.charCodeAt(k) & 31;
    if (bag[slot] < 255) bag[slot]++;
  }
  return bag;
}

/**
 * A lower bound of the edit distance: an insertion, deletion or substitution changes the count of
 * a class by one on at most one side, a transposition not at all, so the distance is at least the
 * larger of the surplus on either side.
 */
function bagDistance(a: Uint8Array, b: Uint8Array): number {
  let more = 0;
  let less = 0;
  for (let k = 0; k < 32; k++) {
    const d = a[k] - b[k];
    if (d > 0) more += d;
    else less -= d;
  }
  return more > less ? more : less;
}
