/**
 * What a finding says about a file's fit to a version: the key is gone (removed or renamed), on
 * its way out (deprecated), its value is refused, or the agent has a requirement the node or the
 * file does not meet. Inference and the upgrade report both read findings through this.
 */
import type { Finding } from '../types';
import { configMapOverlay, valueOverlay } from '../facts/overlay';

export type ChangeKind =
  | 'verdict'
  | 'removed-key'
  | 'renamed-key'
  | 'deprecated-key'
  | 'refused-value'
  | 'default'
  | 'requirement'
  | 'feature';

const REMOVED = new Set(['removed-key', 'ignored-value', 'masquerade-key-ignored', 'key-not-in-version']);
const DEPRECATED = new Set(['deprecated-key', 'deprecated-value']);
const REFUSED = new Set(['chart-refuses', 'unsupported-value', 'kpr-invalid-value', 'value-type', 'invalid-boolean']);

/** The key or value a finding is about: the file's own setting, else the kernel, else none. */
export interface Subject {
  /** Helm value path or ConfigMap key (`kernel` for the node kernel) */
  path: string;
  /** `kubeProxyReplacement: strict`, `kernel 4.19` */
  label: string;
}

export function subjectOf(f: Finding): Subject | null {
  const explicit = f.evidence.filter((e) => e.origin.kind === 'explicit');
  if (explicit.length === 0) return null;
  const first = explicit[0];
  if (first.key === 'kernel' && !first.origin.location)
    return { path: 'kernel', label: `kernel ${first.value ?? '?'}` };
  const label = explicit.map((e) => `${e.origin.valuePath ?? e.key}: ${e.value ?? '(unset)'}`).join(' with ');
  return { path: first.origin.valuePath ?? first.key, label };
}

/** How a finding counts in version comparisons; null for findings that only explain the verdict. */
export function lifecycleKind(f: Finding, inputKind: 'helm-values' | 'configmap'): ChangeKind | null {
  if (REMOVED.has(f.ruleId)) {
    const s = subjectOf(f);
    const successor =
      s && (inputKind === 'configmap' ? configMapOverlay(s.path)?.removed?.use : valueOverlay(s.path)?.removed?.use);
    return successor ? 'renamed-key' : 'removed-key';
  }
  if (DEPRECATED.has(f.ruleId)) return 'deprecated-key';
  if (REFUSED.has(f.ruleId)) return f.severity === 'error' ? 'refused-value' : null;
  if (f.severity === 'error') return 'requirement';
  return null;
}

/** Kinds that mean the file was not written for that version (the key is gone, or it does not run). */
export function blocks(kind: ChangeKind | null): boolean {
  return kind === 'removed-key' || kind === 'renamed-key' || kind === 'refused-value' || kind === 'requirement';
}
