/**
 * Plain-text pieces of the tuning checklist shared by the CLI, the Explain view and hovers
 * (no formatting markup here).
 */
import type { Advice, FeatureVerdict, TuningView } from './types';

export interface ChecklistRow {
  id: string;
  feature: string;
  /** `✓ active`, `– off`, `✗ agent fails`, `? unknown` */
  state: string;
  /** requested / not requested, and why it is off or unknown */
  why: string;
  kernel: string;
  status: string;
}

const MARK: Record<FeatureVerdict['state'], string> = {
  active: '✓ active',
  inactive: '– off',
  'agent-fails': '✗ agent fails',
  unknown: '? unknown',
};

const CAUSE: Record<string, string> = {
  'not-requested': 'not requested',
  'not-in-version': 'not in this version',
  'chart-overrides': 'the chart overrides it',
  'agent-turns-off': 'the agent turns it off (warning)',
  'silently-ignored': 'the agent ignores it (no log)',
  'prerequisite-missing': 'a prerequisite is missing',
};

export function stateLabel(f: FeatureVerdict): string {
  return MARK[f.state];
}

/** Why the feature is in its state, in one line. */
export function whyLine(f: FeatureVerdict): string {
  const main = f.reasons.find((r) => r.kind !== 'note');
  if (f.state === 'active') return f.detail ?? 'on';
  if (f.state === 'inactive' && f.inactiveCause === 'not-requested' && !main)
    return f.detail ? `not requested (${f.detail})` : 'not requested';
  const cause = f.inactiveCause ? CAUSE[f.inactiveCause] : '';
  const msg = main?.message ?? '';
  return [cause, msg].filter(Boolean).join(': ');
}

export function checklistRows(r: TuningView): ChecklistRow[] {
  return r.features.map((f) => ({
    id: f.id,
    feature: f.title,
    state: stateLabel(f),
    why: whyLine(f),
    kernel: f.kernelNeeded ?? '—',
    status: f.status ?? '—',
  }));
}

/** "What else could I enable": one line per feature, what to set and what stands in the way. */
export function adviceLines(advice: Advice[]): string[] {
  return advice.map(
    (a) => `${a.title}: set ${a.steps.join('; ')}${a.needs.length ? ` — needs ${a.needs.join('; ')}` : ''}`,
  );
}

/** The agent log line of a reason, or a word for silence. */
export function logText(agentLog: string | null): string {
  return agentLog ?? 'silent (nothing logged)';
}
