/**
 * Data of the live-cluster check: what was gathered from the cluster (a snapshot), what the core
 * predicts for each node, and the report that compares the two. Pure data; the gathering itself
 * (kubectl) lives in `server/src/live`, outside the pure core.
 */
import type { AgentStatus, HostRoutingFallback } from '../status/types';
import type { TuningStatus } from '../status/tuningStatus';
import type { NodeTuning } from './tuning';
import type { HostRoutingMode } from '../types';

export type LiveProblemKind =
  | 'kubectl-not-found'
  | 'no-context'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'timeout'
  | 'cancelled'
  | 'no-cilium-pods'
  | 'no-configmap'
  | 'agent-not-running'
  | 'no-cilium-dbg'
  | 'unparsable-output'
  | 'exec-failed'
  | 'not-found'
  | 'kubectl-failed'
  | 'invalid-name'
  /** kubectl needs a login it cannot do without asking (a password prompt, an interactive credential plugin) */
  | 'credentials-needed'
  /** the API server answered with something that is not a Kubernetes API response */
  | 'bad-response'
  /** the check's overall deadline passed before this part was done */
  | 'deadline';

export interface LiveProblem {
  kind: LiveProblemKind;
  /** one sentence for the user */
  message: string;
  /** what to do about it */
  hint?: string;
  /** node the problem is about, when it is about one */
  node?: string;
  /** the kubectl call that failed, as `kubectl get pods -n kube-system …` (never credentials) */
  call?: string;
  /** kubectl's own words (first lines of its stderr or of the answer), shown with --verbose */
  detail?: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A CiliumNodeConfig object: cilium-config keys that override the ConfigMap on matching nodes. */
export interface NodeConfigOverride {
  name: string;
  apiVersion: string;
  /** null = no selector: the agent's list path matches nothing then; `{}` matches every node */
  nodeSelector: LabelSelector | null;
  defaults: Record<string, string>;
  /** newest managedFields time or creation time (RFC 3339), when known */
  lastChange: string | null;
}

export interface LiveNode {
  name: string;
  kernel: string | null;
  osImage: string | null;
  labels: Record<string, string>;
}

export interface LivePod {
  name: string;
  nodeName: string;
  image: string | null;
  /** Cilium version from the image tag (`v1.16.4` → `1.16.4`), null for digest-only images */
  imageVersion: string | null;
  phase: string | null;
  /** the agent container is running */
  running: boolean;
  ready: boolean;
  /** `CrashLoopBackOff`, `ContainerCreating`, … when not running */
  waitingReason: string | null;
  /** when the running agent container started (RFC 3339) */
  startedAt: string | null;
  restarts: number;
}

export type StatusCommand =
  'cilium-dbg status -o json' | 'cilium status -o json' | 'cilium-dbg status' | 'cilium status';

export interface NodeObservation {
  name: string;
  /** null when the Node object could not be read */
  node: LiveNode | null;
  pod: LivePod | null;
  status: AgentStatus | null;
  /** the tuning lines of the same status output (tuningStatus.ts); absent in snapshots written before them */
  tuning?: TuningStatus | null;
  statusCommand: StatusCommand | null;
  /** agent log lines that explain a fallback to legacy host routing (bounded) */
  fallbackLog: HostRoutingFallback[];
  /** whether the log was read (false when it failed or was skipped) */
  logRead: boolean;
  /** the options the agent printed at start-up (`  --key='value'`), when the log has them */
  startupFlags?: Record<string, string> | null;
  problems: LiveProblem[];
  /**
   * false: the agent was not asked (its node is predicted from its group's checked agent);
   * absent means true (snapshots written before sampling existed)
   */
  checked?: boolean;
  /** why this agent was checked itself: `sample of its group`, `not ready`, `restarted 12 min ago`, … */
  checkReasons?: string[];
}

export interface ClusterSnapshot {
  context: string | null;
  namespace: string;
  agentSelector: string;
  kubernetesVersion: string | null;
  daemonSet: {
    name: string;
    image: string | null;
    imageVersion: string | null;
    desired: number | null;
    ready: number | null;
  } | null;
  configMap: { name: string; data: Record<string, string>; lastChange: string | null } | null;
  nodeConfigs: NodeConfigOverride[];
  nodes: NodeObservation[];
  /** problems that are not about one node */
  problems: LiveProblem[];
  /** set when nothing could be gathered at all (kubectl missing, cluster unreachable, …) */
  fatal: LiveProblem | null;
  /** every kubectl call made, for the output channel / `--verbose` */
  calls: string[];
  /** how the agents to check were chosen (absent: every agent was checked) */
  sampling?: { perGroup: number; all: boolean; nodeFilter: string[] };
  /** the check's overall deadline, ms, and whether it passed before everything was read */
  deadline?: { ms: number; passed: boolean };
}

export type NodeVerdict = 'match' | 'explained' | 'unexplained' | 'error';

export interface NodeResult {
  name: string;
  kernel: string | null;
  osImage: string | null;
  ciliumVersion: string | null;
  pod: string | null;
  reported: {
    hostRouting: 'BPF' | 'Legacy' | null;
    masquerading: string | null;
    kubeProxyReplacement: string | null;
    routing: string | null;
    /** the command whose output was read */
    via: StatusCommand | null;
  };
  predicted: {
    hostRouting: HostRoutingMode;
    summary: string;
    /** rule id of the decisive reason */
    rule: string | null;
    /** the line the agent logs for it, null when silent */
    agentLog: string | null;
    /** overrides from CiliumNodeConfig that applied to this node */
    overrides: Array<{ key: string; value: string; from: string }>;
  };
  /** fallback sentences found in the agent log */
  logged: string[];
  /**
   * Per tuning feature (and the attach mode): the node's status next to its own prediction.
   * null when there is no prediction or no status to compare.
   */
  tuning: NodeTuning | null;
  /** why the node runs what it runs, most important first (prediction and log) */
  reasons: string[];
  match: boolean;
  verdict: NodeVerdict;
  /** for mismatches: what explains it, or why it is unexplained */
  explanation: string | null;
  problems: LiveProblem[];
  /**
   * true: this node's agent was asked (status, log); false: predicted from its group — `reported`
   * then repeats what the group's checked agent (`sample`) reported
   */
  checked: boolean;
  /** why it was checked itself (empty when predicted) */
  checkReasons: string[];
  /** id of its group (`g1`, …): nodes that share everything the verdict depends on */
  group: string;
  /** for a predicted node: the checked node of its group whose report it repeats */
  sample: string | null;
}

/** Nodes that share Cilium version, kernel line and effective configuration (ConfigMap + overrides). */
export interface GroupResult {
  id: string;
  ciliumVersion: string | null;
  /** `6.8`, null when unknown */
  kernelLine: string | null;
  /** the CiliumNodeConfig overrides every node of the group gets */
  overrides: Array<{ key: string; value: string; from: string }>;
  nodes: number;
  checked: number;
  predicted: HostRoutingMode;
  /** the decisive reason's summary for the group */
  summary: string;
  /** what its checked agents report: one mode, `mixed`, or null when none could be read */
  reported: 'BPF' | 'Legacy' | 'mixed' | null;
  matches: number;
  mismatches: number;
  errors: number;
  /** up to 5 node names, for the report */
  examples: string[];
}

export interface FileComparison {
  files: string[];
  predicted: HostRoutingMode;
  summary: string;
  /** one sentence: "Your file predicts BPF; the cluster runs legacy on 3 of 6 nodes because …" */
  message: string;
  agrees: boolean;
}

export interface LiveReport {
  formatVersion: 1;
  context: string | null;
  namespace: string;
  kubernetesVersion: string | null;
  ciliumImage: string | null;
  ciliumVersions: string[];
  configMapFound: boolean;
  nodeConfigs: string[];
  /** one line, e.g. "3 of 6 nodes run legacy host routing: kernel 4.19 < 5.10" */
  summary: string;
  counts: {
    nodes: number;
    bpf: number;
    legacy: number;
    unknown: number;
    mismatches: number;
    errors: number;
    checked: number;
    predicted: number;
    groups: number;
    /** nodes whose tuning status differs from the prediction in a way nothing explains */
    tuningMismatches: number;
  };
  /** "1,204 nodes in 5 groups; 5 agents checked, 1,199 predicted from their group." */
  coverage: string;
  groups: GroupResult[];
  nodes: NodeResult[];
  problems: LiveProblem[];
  fatal: LiveProblem | null;
  fileComparison: FileComparison | null;
  calls: string[];
  /** true when every node was read and matches its prediction */
  ok: boolean;
}
