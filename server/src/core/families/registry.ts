/**
 * The families of the core, in one list: the order here is the order of the rule list (docs,
 * SARIF, settings); each family's `stage` says when it runs. A new family is a folder beside
 * these and one row here (plus its verdict type in `Verdicts` when it gives a verdict).
 */
import type { Family, VerdictBase } from './family';
import type { RuleMeta } from './rule';
import { hostRouting, type HostRoutingVerdict } from './hostRouting';
import { chart } from './chart';
import { configMap } from './configMap';
import { keys } from './keys';
import { tuning, type TuningVerdict } from './tuning';

import { wrappers } from './wrappers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each family has its own verdict type
export const FAMILIES: readonly Family<any>[] = [hostRouting, tuning, chart, configMap, keys, wrappers];

/** The verdict of every verdict family, by family id. */
export interface Verdicts {
  hostRouting: HostRoutingVerdict;
  tuning: TuningVerdict;
}

/**
 * The verdicts the CLI and the editor show generically (every verdict family but host routing,
 * which they lay out in full), with their family's title.
 */
export function otherVerdicts(verdicts: Verdicts): Array<{ id: string; title: string; verdict: VerdictBase }> {
  const all = verdicts as unknown as Record<string, VerdictBase | undefined>;
  return FAMILIES.filter((f) => f.id !== 'hostRouting' && all[f.id]).map((f) => ({
    id: f.id,
    title: f.title,
    verdict: all[f.id]!,
  }));
}

export const RULES: readonly RuleMeta[] = FAMILIES.flatMap((f) => f.rules);

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}

/** Where each rule's page lives in the repository. */
export const RULE_DOCS_BASE = 'https://github.com/cilium-datapath/cilium-datapath/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}
