/**
 * Candidates for "did you mean" on unknown keys, indexed once per chart version and parent key
 * (see SuggestIndex), and the budget that bounds the unknown-key work of one analysis.
 */
import { CHART_VERSIONS, chartChildKeys } from '../chart/chartKeys';
import { pathsInChart } from './valuesSchema';
import { SuggestIndex } from './suggest';

/** Bounds of the unknown-key work of one analysis. */
export interface KeyCheckBudget {
  /** unknown keys reported one by one, with suggestions; the rest are summarised in one finding */
  unknownKeyFindings: number;
  /** time after which the remaining unknown keys are summarised too (milliseconds) */
  milliseconds: number;
}

export const DEFAULT_KEY_CHECK_BUDGET: KeyCheckBudget = { unknownKeyFindings: 100, milliseconds: 1000 };

/** Tracks one analysis against its budget; the time counts from the first unknown key on. */
export class BudgetClock {
  private deadline: number | undefined;
  private used = 0;

  constructor(readonly budget: KeyCheckBudget) {}

  /** True once the findings or the time are used up. */
  spent(): boolean {
    const now = Date.now();
    this.deadline ??= now + this.budget.milliseconds;
    return this.used >= this.budget.unknownKeyFindings || now > this.deadline;
  }

  /** Takes one unknown-key finding from the budget; false when it is spent (count or time). */
  take(): boolean {
    if (this.spent()) return false;
    this.used++;
    return true;
  }
}

// Indexes live as long as the process; keys are chart versions and parent paths of the chart
// (a bounded set), and the caches are dropped wholesale if they ever grow past a limit.
const MAX_ENTRIES = 2048;
const siblings = new Map<string, SuggestIndex>();
const elsewhere = new Map<string, SuggestIndex>();
const byLeaf = new Map<string, Map<string, string[]>>();

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** The keys valid under `parent` in `chart` (`global` counts at the top). */
export function siblingIndex(chart: string, parent: string): SuggestIndex {
  return remember(
    siblings,
    `${chart}\u0000${parent}`,
    () => new SuggestIndex(parent === '' ? ['global', ...chartChildKeys(chart, '')] : chartChildKeys(chart, parent)),
  );
}

/** The keys under `parent` in the other chart versions, not in `chart`. */
export function elsewhereIndex(chart: string, parent: string): SuggestIndex {
  return remember(elsewhere, `${chart}\u0000${parent}`, () => {
    const out = new Set<string>();
    for (const other of CHART_VERSIONS) if (other !== chart) for (const k of chartChildKeys(other, parent)) out.add(k);
    for (const k of chartChildKeys(chart, parent)) out.delete(k);
    if (parent === '') out.delete('global');
    return new SuggestIndex(out);
  });
}

/** The paths of `chart` whose last segment is `leaf` (case-insensitive). */
export function pathsWithLeaf(chart: string, leaf: string): readonly string[] {
  const index = remember(byLeaf, chart, () => {
    const m = new Map<string, string[]>();
    for (const p of pathsInChart(chart)) {
      const l = p.slice(p.lastIndexOf('.') + 1).toLowerCase();
      let list = m.get(l);
      if (!list) m.set(l, (list = []));
      list.push(p);
    }
    return m;
  });
  return index.get(leaf.toLowerCase()) ?? [];
}
