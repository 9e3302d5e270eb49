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
      if (i > 1 && j > 1 && s.charCodeAt(i - 1) === t.charCodeAt(j - 2) && s.charCodeAt(i - 2) === t.charCodeAt(j - 1)) {
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
