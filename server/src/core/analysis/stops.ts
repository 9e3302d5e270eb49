/** Reason merging: a stop (helm or the agent refusing the configuration) becomes a verdict's decisive reason. */
import type { Reason } from '../types';
import type { Stop, VerdictBase } from '../families/family';

/** The mode of a verdict whose configuration never runs. */
export const STOPPED = 'AgentFails';

/** Makes `stop` decisive for `verdict`: the mode becomes AgentFails and earlier reasons follow it. */
export function applyStop(verdict: VerdictBase, stop: Stop): void {
  if (stop.reasons.length === 0) return;
  if (stop.policy === 'unless-failing' && verdict.mode === STOPPED) return;
  const added: Reason[] = (stop.policy === 'unless-failing' ? stop.reasons.slice(0, 1) : stop.reasons).map((r, i) => ({
    ...r,
    decisive: i === 0,
  }));
  verdict.mode = STOPPED;
  for (const r of verdict.reasons) r.decisive = false;
  verdict.reasons.unshift(...added);
}
