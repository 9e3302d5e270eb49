/**
 * Types of the tuning family: one verdict per datapath tuning feature (tuning-spec §1–§14).
 * The field names of `FeatureVerdict` are part of the CLI's JSON output (`features[]`) and are
 * documented in the README: keep them stable.
 */
import type { Evidence } from '../../types';
import type { FixIntent } from '../rule';

/** Stable feature ids (CLI JSON, docs, status parsing). */
export const FEATURE_IDS = [
  'native-routing',
  'kube-proxy-replacement',
  'bpf-masquerade',
  'host-routing',
  'dsr',
  'bypass-conntrack',
  'ipv6-big-tcp',
  'ipv4-big-tcp',
  'bandwidth-manager',
  'bbr',
  'xdp-acceleration',
  'netkit',
  'clock-probe',
  'socket-lb',
] as const;

export type FeatureId = (typeof FEATURE_IDS)[number];

export type FeatureState = 'active' | 'inactive' | 'agent-fails' | 'unknown';

/** Why an inactive feature is inactive. */
export type InactiveCause =
  /** nothing asks for it */
  | 'not-requested'
  /** the feature (or its key) does not exist in this release */
  | 'not-in-version'
  /** the Helm chart renders a different value than the user asked for */
  | 'chart-overrides'
  /** the agent logs a warning and turns it off */
  | 'agent-turns-off'
  /** the agent ignores it without a word */
  | 'silently-ignored'
  /** something it needs is missing (kernel, another feature) */
  | 'prerequisite-missing';

/** What a reason does to the feature. */
export type ReasonKind =
  /** the agent refuses to start */
  | 'fatal'
  /** the agent logs a warning and switches the feature off */
  | 'warning-off'
  /** the agent switches it off (or ignores it) without a word */
  | 'silent-off'
  /** the chart renders something else */
  | 'chart-override'
  /** the outcome depends on something a file cannot tell */
  | 'unknown'
  /** informational: the agent logs something, or a caveat */
  | 'note';

export interface FeatureReason {
  /** stable rule id (diagnostics, SARIF, docs/rules/<id>.md) */
  ruleId: string;
  kind: ReasonKind;
  /** our explanation */
  message: string;
  /** the exact line the agent logs (or the error it stops with); null when it says nothing */
  agentLog: string | null;
  /** true when the agent takes this path without logging anything */
  silent: boolean;
  evidence: Evidence[];
  /** changes that would make the reason go away */
  fixes: FixIntent[];
}

export interface FeatureVerdict {
  id: FeatureId;
  title: string;
  /** the configuration asks for it (explicitly or through a default) */
  requested: boolean;
  state: FeatureState;
  /** for `inactive`: the main cause */
  inactiveCause?: InactiveCause;
  /** one-line detail: the mode or variant (`DSR, geneve dispatch`, `BBR`, `netkit`) */
  detail?: string;
  reasons: FeatureReason[];
  /** the kernel the feature needs, in words (`5.18 (bpf_skb_set_tstamp)`), or null when it has no kernel check of its own */
  kernelNeeded: string | null;
  /** what `cilium status` prints for it (tabs shown as two spaces), or null when there is no line */
  status: string | null;
  /** the cilium-config keys that control it in this version */
  keys: string[];
  /** the Helm values that render those keys in this version */
  valuePaths: string[];
}

/** "What else could I enable": an inactive feature and what it needs, from the spec. */
export interface Advice {
  id: FeatureId;
  title: string;
  /** what to set, in words */
  steps: string[];
  /** what else it needs (kernel, other features); empty when nothing else */
  needs: string[];
  /** true when something in this file or kernel stands in the way (`needs` says what) */
  blocked: boolean;
}

/** What the views read: the checklist, the advice and the one-line summary. */
export type TuningView = Pick<TuningResult, 'features' | 'advice' | 'summary'>;

export interface TuningResult {
  features: FeatureVerdict[];
  /** the first reason that stops the agent among the features, or null */
  fatal: (FeatureReason & { feature: FeatureId }) | null;
  advice: Advice[];
  /** one line for the lens: `Datapath: BPF host routing · BPF masq · KPR · DSR · BBR off (kernel 5.15 < 5.18)` */
  summary: string;
}
