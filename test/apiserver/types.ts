/**
 * Data model of a fake cluster. A scenario is plain typed data: the Kubernetes objects the fake
 * API server serves are built from it (k8s/objects.ts), and the Cilium agent's answers (status
 * output, log) are generated from the per-node *truth* it records (cilium/*.ts).
 *
 * Times are relative ("minutes ago") so that ages stay plausible whenever the fixture runs.
 */

export type HostRoutingMode = 'BPF' | 'Legacy';
export type MasqueradingTruth = 'BPF' | 'IPTables' | 'Disabled';

/** What the agent on one node really runs with, as the real agent of that version decides it. */
export interface AgentTruth {
  hostRouting: HostRoutingMode;
  /**
   * Exact `msg` text of the fallback line the agent logged at startup (host-routing-spec §2.13),
   * quotes unescaped; null when it runs BPF host routing or took a silent path.
   */
  fallbackLog: string | null;
  masquerading: MasqueradingTruth;
  /** `KubeProxyReplacement:` mode as the agent prints it: `True`, `False`, `Strict`, `Partial`, `Disabled` */
  kubeProxyReplacement: string;
  network: 'Native' | 'Tunnel';
  /** only in tunnel mode */
  tunnelProtocol?: 'vxlan' | 'geneve';
  /** `CNI Chaining:` value: `none`, `aws-cni`, `portmap`, `generic-veth` */
  cniChaining: string;
  /** one sentence: why the agent ended up like this (used in test messages and the README) */
  why: string;
  /** the tuning features as the agent runs (and prints) them; absent: everything off, SNAT, ktime */
  tuning?: TuningTruth;
  /**
   * True when the state does not follow from the node's current effective configuration
   * (e.g. an agent that was not restarted after a ConfigMap change): a checker should report an
   * unexplained mismatch here.
   */
  unexplained?: boolean;
}

/** Tuning lines of the status (tuning-spec §1), as this agent prints them. */
export interface TuningTruth {
  /** `BandwidthManager:` on, with `cubic`/`bbr` (1.12+) */
  bandwidthManager?: { congestionControl: 'cubic' | 'bbr' };
  /**
   * `IPv4 BIG TCP:` / `IPv6 BIG TCP:` — `enabled` and the GSO/GRO size printed; 65536 with
   * enabled = the 1.15+ quirk (flag on, the kernel refused, status still says Enabled)
   */
  ipv4BigTcp?: { size: number };
  ipv6BigTcp?: { size: number };
  /** KPR NodePort mode and DSR dispatch as printed (`DSR`, `IP Option/Extension`) */
  nodePortMode?: 'SNAT' | 'DSR' | 'Hybrid';
  dsrDispatch?: 'IP Option/Extension' | 'IPIP' | 'Geneve';
  /** `Native`, `Generic`, `Best-Effort`, `Disabled` (default) */
  xdpAcceleration?: string;
  /** `jiffies` with its Hz, else ktime */
  clockJiffiesHz?: number;
}

export interface AgentPod {
  /** pod name, e.g. `cilium-7xk2p` */
  name: string;
  /** Cilium version of this pod's image, e.g. `1.16.5` (may differ from the DaemonSet's during an upgrade) */
  version: string;
  /** `running`, or the agent container is crash-looping (waiting, reason CrashLoopBackOff) */
  state: 'running' | 'crashloop';
  restartCount?: number;
  /** when the pod was created / the current container started, in minutes before the server started */
  startedMinutesAgo: number;
  /**
   * The cilium-config keys the agent read at its last start. Defaults to the node's current
   * effective configuration (ConfigMap + matching CiliumNodeConfigs). Set it to model drift.
   */
  startupConfig?: Record<string, string>;
  /** null when the agent is not running (no status can be read) */
  truth: AgentTruth | null;
  /** `garbage`: `cilium status` prints unparsable output (exit code 0) */
  statusOutput?: 'normal' | 'garbage';
  /** for a crash-looping agent: the fatal message it last died with */
  fatalMessage?: string;
}

export interface NodeSpec {
  name: string;
  /** `uname -r`, e.g. `6.2.0-39-generic` */
  kernel: string;
  /** e.g. `Ubuntu 22.04.3 LTS` */
  osImage: string;
  internalIP: string;
  /** the node's pod CIDR, e.g. `10.0.1.0/24` */
  podCIDR: string;
  labels?: Record<string, string>;
  arch?: 'amd64' | 'arm64';
  /** `containerd://1.7.22` (default) or `docker://…` (cri-dockerd: other exec error style) */
  containerRuntime?: string;
  /** default: the server's version */
  kubeletVersion?: string;
  controlPlane?: boolean;
  /** main network device, default `eth0` */
  device?: string;
  /** number of CPUs (status `NodeMonitor:` line) */
  cpus?: number;
  /** absent: no Cilium agent pod on this node */
  agent?: AgentPod;
}

export interface CiliumNodeConfigSpec {
  name: string;
  /** default: the Cilium namespace */
  namespace?: string;
  nodeSelector: Record<string, string>;
  defaults: Record<string, string>;
  createdMinutesAgo?: number;
}

/** A pod that is not a Cilium agent (so that label selectors matter). */
export interface OtherPod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  nodeName: string;
  image: string;
  container: string;
  ownerKind?: 'ReplicaSet' | 'DaemonSet' | 'StatefulSet';
  ownerName?: string;
  hostNetwork?: boolean;
  podIP?: string;
  startedMinutesAgo: number;
}

export interface ForbiddenFault {
  /** the user the API server names in its messages */
  user: string;
  /**
   * resources (with subresource) that are forbidden for every verb, e.g. `pods/exec`, `pods/log`,
   * `configmaps`, `ciliumnodeconfigs`
   */
  resources: string[];
}

export interface Faults {
  /** exec and log requests answer only after `slowDelayMs` (default 120 s); other requests answer at once */
  slow?: boolean;
  slowDelayMs?: number;
  forbidden?: ForbiddenFault;
}

export interface CiliumInstall {
  /** chart / DaemonSet image version, e.g. `1.16.5` */
  version: string;
  /** the namespace of the DaemonSet, ConfigMap and CiliumNodeConfigs (default `kube-system`) */
  namespace?: string;
  /** false: the DaemonSet `cilium` is missing (pods may still be listed) */
  daemonSet?: boolean;
  /** DaemonSet `metadata.generation` (default 1) */
  generation?: number;
  /** cilium-config data; null = no ConfigMap */
  configMap: Record<string, string> | null;
  nodeConfigs?: CiliumNodeConfigSpec[];
  /**
   * Cilium version whose CRDs are installed (decides which cilium.io versions serve
   * `ciliumnodeconfigs`); default `version`. null = no cilium.io API group at all.
   */
  crdVersion?: string | null;
  /** the Helm chart was installed this many minutes before the server started */
  installedMinutesAgo?: number;
  /**
   * cilium-config was last changed (a `helm upgrade`) this many minutes before the server started:
   * its `managedFields` then carry that time, as a real API server records it. Default: never changed.
   */
  configMapChangedMinutesAgo?: number;
}

export interface Scenario {
  name: string;
  /** one line */
  description: string;
  /** `/version` gitVersion, e.g. `v1.31.4` or `v1.30.8-eks-2d5f260`; must be ≥ 1.30 (WebSocket exec) */
  kubernetesVersion: string;
  /** null: Cilium is not installed at all */
  cilium: CiliumInstall | null;
  nodes: NodeSpec[];
  otherPods?: OtherPod[];
  faults?: Faults;
}
