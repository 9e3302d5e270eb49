/**
 * What each kernel release brings that Cilium's datapath uses: one row per feature, read by the
 * rules (host routing, NodePort probing, tuning features) instead of kernel literals in code.
 */
import type { KernelVersion } from '../types';

export interface KernelFeature {
  /** first kernel release (major.minor) with the feature */
  since: string;
  /** our short description of what the kernel added */
  what: string;
}

export const KERNEL_FEATURES = {
  /** bpf_fib_lookup: BPF NodePort (kube-proxy-replacement=probe turns it on only from here) */
  fibLookup: { since: '4.17', what: 'the bpf_fib_lookup helper, which BPF NodePort needs' },
  /** cgroup hooks for UDP socket load-balancing (the patch matters: 4.19.57, 5.1.16, 5.2) */
  socketLbUdp: { since: '4.19', what: 'cgroup hooks for UDP socket load-balancing (from 4.19.57, 5.1.16 or 5.2)' },
  /** earliest departure time pacing (bandwidth manager) */
  edt: { since: '5.1', what: 'earliest-departure-time pacing, which the bandwidth manager needs' },
  /** bpf_jiffies64: the BPF clock probe's jiffies clock */
  jiffies: { since: '5.5', what: 'the bpf_jiffies64 helper, which the BPF clock probe uses' },
  /** socket-LB tracing */
  socketLbTracing: { since: '5.7', what: 'socket-LB tracing' },
  /** bpf_redirect_neigh and bpf_redirect_peer: BPF host routing */
  redirectHelpers: {
    since: '5.10',
    what: 'the bpf_redirect_neigh and bpf_redirect_peer helpers, which BPF host routing needs',
  },
  /** skb delivery time stamps kept across namespaces (BBR for pods) */
  skbTstamp: { since: '5.18', what: 'delivery time stamps kept across network namespaces, which BBR for pods needs' },
  /** IPv6 BIG TCP */
  bigTcpIpv6: { since: '5.19', what: 'IPv6 BIG TCP' },
  /** IPv4 BIG TCP */
  bigTcpIpv4: { since: '6.3', what: 'IPv4 BIG TCP' },
  /** tcx links: the agent attaches with tcx instead of tc filters (1.16+, `Attach Mode: TCX`) */
  tcx: { since: '6.6', what: 'tcx links, which the agent attaches its programs with when enable-tcx is on' },
  /** netkit devices */
  netkit: { since: '6.7', what: 'netkit devices' },
} as const satisfies Record<string, KernelFeature>;

export type KernelFeatureName = keyof typeof KERNEL_FEATURES;

/** `5.10`: the first kernel with the feature. */
export function kernelSince(f: KernelFeatureName): string {
  return KERNEL_FEATURES[f].since;
}

/**
 * Does the kernel have the feature? An unknown kernel (none given) is assumed new enough, as
 * every analysis states in its assumptions.
 */
export function kernelHas(k: KernelVersion | undefined, f: KernelFeatureName): boolean {
  if (!k) return true;
  const [major, minor] = KERNEL_FEATURES[f].since.split('.').map(Number);
  return k.major > major || (k.major === major && k.minor >= minor);
}
