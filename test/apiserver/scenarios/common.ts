/** Building blocks shared by the scenarios: node and agent factories, the exact log sentences. */
import type { AgentPod, AgentTruth, NodeSpec, OtherPod } from '../types';
import { nameSuffix } from '../k8s/cluster';

/** Trailer of every explicit host-routing fallback line (host-routing-spec §2.13). */
export const FALLBACK_TRAILER = ' Falling back to legacy host routing (enable-host-legacy-routing=true).';

/** Reason sentences the agent logs in front of the trailer (§2.4, §2.5). */
export const REASON = {
  kernel: 'BPF host routing requires kernel 5.10 or newer.',
  bpfMasquerade: 'BPF host routing requires enable-bpf-masquerade.',
} as const;

export function fallbackLine(reason: string): string {
  return `${reason}${FALLBACK_TRAILER}`;
}

/** What 1.12–1.15 print for `kube-proxy-replacement: disabled` (§2.2, §2.13). */
export const KPR_DISABLED_LINE_1_12 =
  'Auto-disabling "enable-node-port", "enable-external-ips", "bpf-lb-sock", "enable-host-port" features and falling back to "enable-host-legacy-routing"';

export interface NodeInput {
  name: string;
  kernel: string;
  osImage: string;
  ip: string;
  podCIDR: string;
  labels?: Record<string, string>;
  cpus?: number;
  controlPlane?: boolean;
  containerRuntime?: string;
  kubeletVersion?: string;
  device?: string;
}

export function node(n: NodeInput, agent?: AgentPod): NodeSpec {
  return {
    name: n.name,
    kernel: n.kernel,
    osImage: n.osImage,
    internalIP: n.ip,
    podCIDR: n.podCIDR,
    labels: n.labels,
    cpus: n.cpus,
    controlPlane: n.controlPlane,
    containerRuntime: n.containerRuntime,
    kubeletVersion: n.kubeletVersion,
    device: n.device,
    agent,
  };
}

export function agentPod(
  scenario: string,
  nodeName: string,
  version: string,
  truth: AgentTruth | null,
  extra: Partial<AgentPod> = {},
): AgentPod {
  return {
    name: `cilium-${nameSuffix(`${scenario}:${nodeName}`)}`,
    version,
    state: 'running',
    startedMinutesAgo: 60 * 24 * 6 + 17,
    truth,
    ...extra,
  };
}

/** A plain application pod (so that `-l k8s-app=cilium` matters). */
export function appPod(
  scenario: string,
  app: string,
  namespace: string,
  nodeName: string,
  image: string,
  minutesAgo = 60 * 24 * 2,
): OtherPod {
  const hash = nameSuffix(`${scenario}:${app}:rs`, 10);
  return {
    name: `${app}-${hash}-${nameSuffix(`${scenario}:${app}:${nodeName}`)}`,
    namespace,
    labels: { app, 'pod-template-hash': hash },
    nodeName,
    image,
    container: app,
    ownerKind: 'ReplicaSet',
    ownerName: `${app}-${hash}`,
    startedMinutesAgo: minutesAgo,
  };
}

export function bpfTruth(o: Partial<AgentTruth> & Pick<AgentTruth, 'kubeProxyReplacement' | 'network'>): AgentTruth {
  return {
    hostRouting: 'BPF',
    fallbackLog: null,
    masquerading: 'BPF',
    cniChaining: 'none',
    why: 'KPR on, BPF masquerading, no chaining, kernel >= 5.10: nothing forces legacy',
    ...(o.network === 'Tunnel' ? { tunnelProtocol: 'vxlan' as const } : {}),
    ...o,
  };
}
