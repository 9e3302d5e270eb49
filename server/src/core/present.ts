/**
 * Presentation helpers shared by every front end (CLI text, hovers, explanations): plain strings,
 * no formatting markup.
 */
import type { Evidence } from './types';
import { agentDefault } from './facts/agentDefaults';
import { parseCiliumVersion } from './version';
import { echo } from './echo';

/** `"true"`, or `unset → false` with the agent's default for the evaluated version. */
export function describeValue(e: Evidence, evaluatedVersion: string): string {
  if (e.value !== null) return `"${echo(e.value)}"`;
  const v = parseCiliumVersion(evaluatedVersion);
  const def = v.ok ? agentDefault(e.key, v.value) : undefined;
  return def !== undefined ? `unset → ${def}` : 'unset';
}

/** Evidence without repeats (the same key and value listed by several inputs). */
export function uniqueEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.key}=${e.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
