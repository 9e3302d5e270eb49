/** Suppressions: `# cilium-datapath: disable=RULE reason` in any input's modeline turns a rule's findings off. */
import type { Finding } from '../types';
import type { Loaded } from './load';

export function suppress(
  all: Finding[],
  loaded: Loaded[],
): { findings: Finding[]; suppressed: Array<Finding & { reason: string }> } {
  const suppressions = loaded.flatMap((l) => l.input.modeline.suppressions);
  const findings: Finding[] = [];
  const suppressed: Array<Finding & { reason: string }> = [];
  for (const f of all) {
    const s = suppressions.find((x) => x.ruleId === f.ruleId);
    if (s) suppressed.push({ ...f, reason: s.reason });
    else findings.push(f);
  }
  return { findings, suppressed };
}
