/**
 * The tuning features as data (tuning-spec §1–§14, checked against Cilium's source where the
 * spec said [inf]; see docs/ground-truth.md): keys and Helm values per release line, kernel needs,
 * `cilium status` labels, and the exact strings the agent logs. The evaluator (evaluate.ts) reads
 * these; nothing else in the family spells a key, a kernel version or an agent message.
 */
import type { CiliumVersion, KernelVersion } from '../../types';
import { before, kernelAtLeast, lineAtLeast } from '../../version';
import { KERNEL_FEATURES, type KernelFeatureName } from '../../facts/kernel';
import { kprFull } from '../../facts/kpr';
import type { FeatureId } from './types';

/** A kernel requirement: the version and the helper or attribute the agent probes for. */
export interface KernelNeed {
  major: number;
  minor: number;
  /** shown after the version: `5.18 (bpf_skb_set_tstamp)` */
  what: string;
  /** shown instead of `major.minor` when a patch matters (`4.19.57`) */
  label?: string;
  /**
   * Release lines (`4.19`, `5.1`) where the patch release decides: the agent probes the feature, and
   * a kernel version string does not tell the patch reliably (distributions number their own
   * builds, e.g. Debian's `4.19.0-27` is an upstream 4.19.3xx), so on these lines it is not known.
   */
  patchLines?: readonly string[];
}

/** A tuning feature's kernel need, read from the kernel-features table (facts/kernel.ts). */
function need(f: KernelFeatureName, what: string, label?: string, patchLines?: readonly string[]): KernelNeed {
  const [major, minor] = KERNEL_FEATURES[f].since.split('.').map(Number);
  return { major, minor, what, ...(label ? { label } : {}), ...(patchLines ? { patchLines } : {}) };
}

/** Kernel versions the tuning features need (tuning-spec §4–§14; host-routing spec §2). */
export const KERNEL: Readonly<Record<string, KernelNeed>> = {
  nodePort: need('fibLookup', 'bpf_fib_lookup for BPF NodePort'),
  socketLbUdp: need('socketLbUdp', 'cgroup hooks for UDP socket load-balancing', '4.19.57 (or 5.1.16, 5.2)', [
    '4.19',
    '5.1',
  ]),
  hostRouting: need('redirectHelpers', 'bpf_redirect_neigh / bpf_redirect_peer'),
  bandwidthManager: need('edt', 'bpf_skb_ecn_set_ce'),
  clockJiffies: need('jiffies', 'bpf_jiffies64'),
  socketLbTracing: need('socketLbTracing', 'socket-LB tracing'),
  bbr: need('skbTstamp', 'bpf_skb_set_tstamp'),
  ipv6BigTcp: need('bigTcpIpv6', 'IPv6 gso_max_size above 64k'),
  ipv4BigTcp: need('bigTcpIpv4', 'gso_ipv4_max_size'),
  netkit: need('netkit', 'netkit devices and CONFIG_NETKIT'),
};

export function kernelLabel(k: KernelNeed): string {
  return `${k.label ?? `${k.major}.${k.minor}`} (${k.what})`;
}

/** true / false against a known kernel; undefined when no kernel was given. */
export function kernelMeets(kernel: KernelVersion | undefined, need: KernelNeed): boolean | undefined {
  if (!kernel) return undefined;
  if (need.patchLines?.includes(`${kernel.major}.${kernel.minor}`)) return undefined;
  return kernelAtLeast(kernel, need.major, need.minor);
}

/** One feature's static description. */
export interface FeatureRow {
  id: FeatureId;
  title: string;
  /** short label for the lens summary */
  short: string;
  /** first release line that has the feature, or null (all supported lines) */
  since: string | null;
  /** the cilium-config keys in version v */
  keys(v: CiliumVersion): string[];
  /** the Helm values in version v */
  valuePaths(v: CiliumVersion): string[];
  /** kernel need, or null when the feature has no kernel check of its own */
  kernel(v: CiliumVersion): string | null;
  /** hover text, in our words */
  summary: string;
  /** what to set to turn it on (advice), in words, for version v */
  enable(v: CiliumVersion): string[];
}

/** full kube-proxy replacement as this version spells it (core/facts/kpr.ts owns the spelling) */
const kprValue = kprFull;

export const KEYS = {
  dsrMode: (v: CiliumVersion) => (before(v, '1.10') ? 'node-port-mode' : 'bpf-lb-mode'),
  dsrDispatch: 'bpf-lb-dsr-dispatch',
  xdp: (v: CiliumVersion) => (before(v, '1.10') ? 'node-port-acceleration' : 'bpf-lb-acceleration'),
  socketLb: (v: CiliumVersion) => (before(v, '1.12') ? 'enable-host-reachable-services' : 'bpf-lb-sock'),
  nativeCidr4: (v: CiliumVersion) => (before(v, '1.11') ? 'native-routing-cidr' : 'ipv4-native-routing-cidr'),
  nativeCidr6: 'ipv6-native-routing-cidr',
  noConntrack: 'install-no-conntrack-iptables-rules',
  clockProbe: 'enable-bpf-clock-probe',
  bandwidthManager: 'enable-bandwidth-manager',
  bbr: 'enable-bbr',
  bbrHostnsOnly: 'enable-bbr-hostns-only',
  bigTcp6: 'enable-ipv6-big-tcp',
  bigTcp4: 'enable-ipv4-big-tcp',
  tunnelBigTcp: 'enable-tunnel-big-tcp',
  datapathMode: 'datapath-mode',
  adnr: 'auto-direct-node-routes',
} as const;

export const FEATURES: readonly FeatureRow[] = [
  {
    id: 'native-routing',
    title: 'Native routing',
    short: 'native routing',
    since: null,
    keys: (v) =>
      before(v, '1.14')
        ? ['tunnel', KEYS.nativeCidr4(v), KEYS.adnr]
        : ['routing-mode', 'tunnel-protocol', KEYS.nativeCidr4(v), KEYS.adnr],
    valuePaths: (v) =>
      before(v, '1.14')
        ? ['tunnel', before(v, '1.11') ? 'nativeRoutingCIDR' : 'ipv4NativeRoutingCIDR', 'autoDirectNodeRoutes']
        : ['routingMode', 'tunnelProtocol', 'ipv4NativeRoutingCIDR', 'autoDirectNodeRoutes'],
    kernel: () => null,
    summary:
      'Pod traffic between nodes is routed by the underlay instead of being wrapped in VXLAN or Geneve. The agent needs to know which CIDR is routable without masquerading (ipv4NativeRoutingCIDR) unless masquerading is off, the ip-masq-agent decides (1.15+) or the IPAM is a cloud one; autoDirectNodeRoutes installs direct routes when all nodes share an L2 segment.',
    enable: (v) =>
      before(v, '1.14')
        ? [
            'tunnel: disabled',
            'ipv4NativeRoutingCIDR: <pod CIDR routable in your network>',
            'autoDirectNodeRoutes: true (nodes on one L2 segment) or routes from your network',
          ]
        : [
            'routingMode: native',
            'ipv4NativeRoutingCIDR: <pod CIDR routable in your network>',
            'autoDirectNodeRoutes: true (nodes on one L2 segment) or routes from your network',
          ],
  },
  {
    id: 'kube-proxy-replacement',
    title: 'Kube-proxy replacement',
    short: 'KPR',
    since: null,
    keys: (v) => (lineAtLeast(v, '1.19') ? ['kube-proxy-replacement'] : ['kube-proxy-replacement', 'enable-node-port']),
    valuePaths: () => ['kubeProxyReplacement'],
    kernel: () => kernelLabel(KERNEL.socketLbUdp),
    summary:
      'Services (ClusterIP, NodePort, HostPort, ExternalIPs) are load-balanced in BPF at the socket and at the device instead of by kube-proxy iptables rules. Full replacement is the base for BPF host routing, DSR, XDP acceleration and bypassing iptables conntrack.',
    enable: (v) => [
      `kubeProxyReplacement: ${kprValue(v)}`,
      'k8sServiceHost / k8sServicePort pointing at the API server (kube-proxy removed)',
    ],
  },
  {
    id: 'bpf-masquerade',
    title: 'BPF masquerading',
    short: 'BPF masq',
    since: null,
    keys: (v) =>
      before(v, '1.10')
        ? ['enable-bpf-masquerade', 'masquerade']
        : ['enable-bpf-masquerade', 'enable-ipv4-masquerade', 'enable-ipv6-masquerade'],
    valuePaths: (v) =>
      before(v, '1.10')
        ? ['bpf.masquerade', 'masquerade']
        : ['bpf.masquerade', 'enableIPv4Masquerade', 'enableIPv6Masquerade'],
    kernel: () => null,
    summary:
      'Source NAT for traffic leaving the cluster is done by BPF programs on the native devices instead of iptables MASQUERADE rules. Up to 1.18 it needs BPF NodePort (kube-proxy replacement); iptables masquerading forces legacy host routing.',
    enable: (v) => [
      'bpf.masquerade: true',
      ...(lineAtLeast(v, '1.19') ? [] : [`kubeProxyReplacement: ${kprValue(v)} (BPF NodePort)`]),
    ],
  },
  {
    id: 'host-routing',
    title: 'BPF host routing',
    short: 'BPF host routing',
    since: null,
    keys: () => ['enable-host-legacy-routing'],
    valuePaths: (v) => (before(v, '1.12') ? ['bpf.hostRouting'] : ['bpf.hostLegacyRouting']),
    kernel: () => kernelLabel(KERNEL.hostRouting),
    summary:
      'Packets to and from pods are redirected between devices by BPF, bypassing the host stack (iptables, routing). See the host-routing verdict for the full chain of conditions.',
    enable: (v) => [
      `kubeProxyReplacement: ${kprValue(v)}`,
      'bpf.masquerade: true',
      'no enable-host-legacy-routing / bpf.hostLegacyRouting',
    ],
  },
  {
    id: 'dsr',
    title: 'Direct server return (DSR)',
    short: 'DSR',
    since: null,
    keys: (v) => (before(v, '1.10') ? [KEYS.dsrMode(v)] : [KEYS.dsrMode(v), KEYS.dsrDispatch]),
    valuePaths: (v) => (before(v, '1.10') ? ['loadBalancer.mode'] : ['loadBalancer.mode', 'loadBalancer.dsrDispatch']),
    kernel: () => null,
    summary:
      'For NodePort and LoadBalancer services, the backend answers the client directly instead of through the node that received the request (mode dsr, or hybrid: DSR for TCP, SNAT for UDP). Needs BPF NodePort. The service address travels in an IP option (opt), an IPIP header (ipip) or a Geneve header (geneve); with tunnelling only geneve dispatch on a Geneve tunnel works (1.14+).',
    enable: (v) => [
      'loadBalancer.mode: dsr',
      `kubeProxyReplacement: ${kprValue(v)}`,
      'native routing, or (1.14+) a Geneve tunnel with loadBalancer.dsrDispatch: geneve',
    ],
  },
  {
    id: 'bypass-conntrack',
    title: 'Bypass iptables connection tracking',
    short: 'no-conntrack',
    since: '1.10',
    keys: () => [KEYS.noConntrack],
    valuePaths: () => ['installNoConntrackIptablesRules'],
    kernel: () => null,
    summary:
      'The agent installs raw-table NOTRACK rules for pod traffic (IPv4 only) so iptables conntrack is skipped. Needs native routing, IPv4, full kube-proxy replacement and (when masquerading) BPF masquerade; the chart forces it off for ENI, Azure, GKE and CNI chaining.',
    enable: (v) => [
      'installNoConntrackIptablesRules: true',
      'native routing',
      `kubeProxyReplacement: ${kprValue(v)}`,
      'bpf.masquerade: true (when masquerading)',
    ],
  },
  {
    id: 'ipv6-big-tcp',
    title: 'IPv6 BIG TCP',
    short: 'IPv6 BIG TCP',
    since: '1.13',
    keys: () => [KEYS.bigTcp6],
    valuePaths: () => ['enableIPv6BIGTCP'],
    kernel: () => kernelLabel(KERNEL.ipv6BigTcp),
    summary:
      'Raises the GSO/GRO size of the native devices (and pods) above 64 KiB for IPv6, so fewer, larger packets cross the stack. Needs BPF host routing, no tunnelling (1.19+ has opt-ins), no IPsec, and a NIC whose TSO limit allows it.',
    enable: () => ['enableIPv6BIGTCP: true', 'ipv6.enabled: true', 'BPF host routing, native routing, no IPsec'],
  },
  {
    id: 'ipv4-big-tcp',
    title: 'IPv4 BIG TCP',
    short: 'IPv4 BIG TCP',
    since: '1.14',
    keys: () => [KEYS.bigTcp4],
    valuePaths: () => ['enableIPv4BIGTCP'],
    kernel: () => kernelLabel(KERNEL.ipv4BigTcp),
    summary:
      'Raises the IPv4 GSO/GRO size of the native devices (and pods) above 64 KiB. Same conditions as IPv6 BIG TCP, with a newer kernel.',
    enable: () => ['enableIPv4BIGTCP: true', 'BPF host routing, native routing, no IPsec'],
  },
  {
    id: 'bandwidth-manager',
    title: 'Bandwidth manager',
    short: 'BWM',
    since: null,
    keys: () => [KEYS.bandwidthManager],
    valuePaths: (v) => (before(v, '1.12') ? ['bandwidthManager'] : ['bandwidthManager.enabled']),
    kernel: (v) => (lineAtLeast(v, '1.16') ? null : kernelLabel(KERNEL.bandwidthManager)),
    summary:
      'Enforces the kubernetes.io/egress-bandwidth pod annotation with BPF and earliest-departure-time pacing on multi-queue fq, instead of the bandwidth CNI plugin. The agent switches it off with a warning on kernels before 5.1 (up to 1.15; from 1.16 the agent needs 5.2 to start at all) and with IPsec.',
    enable: (v) => [before(v, '1.12') ? 'bandwidthManager: true' : 'bandwidthManager.enabled: true'],
  },
  {
    id: 'bbr',
    title: 'BBR congestion control for pods',
    short: 'BBR',
    since: '1.12',
    keys: (v) => (lineAtLeast(v, '1.18') ? [KEYS.bbr, KEYS.bbrHostnsOnly] : [KEYS.bbr]),
    valuePaths: (v) =>
      lineAtLeast(v, '1.18')
        ? ['bandwidthManager.bbr', 'bandwidthManager.bbrHostNamespaceOnly']
        : ['bandwidthManager.bbr'],
    kernel: () => kernelLabel(KERNEL.bbr),
    summary:
      'Pods use BBR congestion control with their pacing kept across the network namespace switch. Part of the bandwidth manager; needs kernel 5.18 and BPF host routing (except with bbrHostNamespaceOnly, 1.18+). A kernel that is too old or legacy host routing stops the agent.',
    enable: () => [
      'bandwidthManager.enabled: true',
      'bandwidthManager.bbr: true',
      'BPF host routing (or bandwidthManager.bbrHostNamespaceOnly: true on 1.18+)',
    ],
  },
  {
    id: 'xdp-acceleration',
    title: 'XDP acceleration',
    short: 'XDP',
    since: null,
    keys: (v) => [KEYS.xdp(v)],
    valuePaths: () => ['loadBalancer.acceleration'],
    kernel: () => null,
    summary:
      'NodePort and LoadBalancer traffic is load-balanced at the XDP hook of the NIC driver, before the kernel allocates a socket buffer. Needs BPF NodePort and a driver with native XDP (native), or falls back to no XDP (best-effort, 1.15+); testing-only runs generic XDP.',
    enable: (v) => [
      'loadBalancer.acceleration: native' + (lineAtLeast(v, '1.15') ? ' (or best-effort)' : ''),
      `kubeProxyReplacement: ${kprValue(v)}`,
      'a NIC driver with native XDP support',
    ],
  },
  {
    id: 'netkit',
    title: 'netkit devices',
    short: 'netkit',
    since: '1.16',
    keys: () => [KEYS.datapathMode],
    valuePaths: () => ['bpf.datapathMode'],
    kernel: () => kernelLabel(KERNEL.netkit),
    summary:
      'Pods get netkit device pairs instead of veth: the BPF program runs inside the pair, so pod egress is handled without a second pass through the host-side device. Needs kernel 6.7 with CONFIG_NETKIT; BPF host routing, BPF masquerade and kube-proxy replacement are documented requirements (enforced from 1.20).',
    enable: () => [
      'bpf.datapathMode: netkit',
      'kernel 6.7+ with CONFIG_NETKIT',
      'BPF host routing, BPF masquerade, kube-proxy replacement',
    ],
  },
  {
    id: 'clock-probe',
    title: 'BPF clock probe (jiffies)',
    short: 'clock probe',
    since: null,
    keys: () => [KEYS.clockProbe],
    valuePaths: () => ['bpfClockProbe'],
    kernel: () => kernelLabel(KERNEL.clockJiffies),
    summary:
      'BPF programs read the cheaper jiffies clock instead of ktime for conntrack timestamps when the kernel has bpf_jiffies64. Set with the top-level bpfClockProbe value (bpf.clockProbe is never read by the chart).',
    enable: () => ['bpfClockProbe: true'],
  },
  {
    id: 'socket-lb',
    title: 'Socket-level load-balancing',
    short: 'socket-LB',
    since: null,
    keys: (v) =>
      before(v, '1.12')
        ? ['enable-host-reachable-services', 'host-reachable-services-protos']
        : ['bpf-lb-sock', 'bpf-lb-sock-hostns-only'],
    valuePaths: (v) =>
      before(v, '1.12')
        ? ['hostServices.enabled', 'hostServices.protocols']
        : ['socketLB.enabled', 'socketLB.hostNamespaceOnly'],
    kernel: () => kernelLabel(KERNEL.socketLbUdp),
    summary:
      'Service addresses are translated at connect()/sendmsg() time in the socket layer, so pods talk to backends directly. Forced on by full kube-proxy replacement; counts towards what bypassing iptables conntrack needs.',
    enable: (v) => [
      before(v, '1.12') ? 'hostServices.enabled: true' : 'socketLB.enabled: true',
      `or kubeProxyReplacement: ${kprValue(v)}`,
    ],
  },
];

export function featureRow(id: FeatureId): FeatureRow {
  const row = FEATURES.find((f) => f.id === id);
  if (!row) throw new Error(`unknown tuning feature ${id}`);
  return row;
}

/**
 * Exact agent strings, per release line where they differ (tuning-spec; corrections in
 * docs/ground-truth.md). Functions take the values the agent formats in.
 */
export const LOG = {
  nativeCidr4(v: CiliumVersion, ipam: string): string {
    if (before(v, '1.11'))
      return `native routing cidr must be configured with option --native-routing-cidr in combination with --masquerade --tunnel=disabled --ipam=${ipam} --enable-ipv4=true`;
    if (before(v, '1.14'))
      return `native routing cidr must be configured with option --ipv4-native-routing-cidr in combination with --enable-ipv4-masquerade --tunnel=disabled --ipam=${ipam} --enable-ipv4=true`;
    if (before(v, '1.15'))
      return `native routing cidr must be configured with option --ipv4-native-routing-cidr in combination with --enable-ipv4-masquerade --routing-mode=native --ipam=${ipam} --enable-ipv4=true`;
    return `native routing cidr must be configured with option --ipv4-native-routing-cidr in combination with --enable-ipv4=true --enable-ipv4-masquerade=true --enable-ip-masq-agent=false --routing-mode=native --ipam=${ipam}`;
  },
  nativeCidr6(v: CiliumVersion): string {
    if (before(v, '1.14'))
      return 'native routing cidr must be configured with option --ipv6-native-routing-cidr in combination with --enable-ipv6-masquerade --tunnel=disabled --enable-ipv6=true';
    if (before(v, '1.15'))
      return 'native routing cidr must be configured with option --ipv6-native-routing-cidr in combination with --enable-ipv6-masquerade --routing-mode=native --enable-ipv6=true';
    return 'native routing cidr must be configured with option --ipv6-native-routing-cidr in combination with --enable-ipv6=true --enable-ipv6-masquerade=true --enable-ip-masq-agent=false --routing-mode=native';
  },
  adnrTunnel(v: CiliumVersion): string {
    return lineAtLeast(v, '1.20')
      ? 'auto-direct-node-routes requires native or hybrid routing mode.'
      : 'auto-direct-node-routes cannot be used with tunneling. Packets must be routed through the tunnel device.';
  },
  adnrWithoutCidr:
    'If auto-direct-node-routes is enabled, then you are recommended to also configure ipv4-native-routing-cidr. If ipv4-native-routing-cidr is not configured, this may lead to pod to pod traffic being masqueraded, which can cause problems with performance, observability and policy',
  nodePortKernel: 'BPF NodePort services needs kernel 4.17.0 or newer.',
  dsrTunnelWarn: (mode: string) => `Disabling NodePort's "${mode}" mode feature due to tunneling mode being enabled`,
  dsrTunnel113: (mode: string) => `Node Port "${mode}" mode cannot be used with tunneling.`,
  dsrVxlan114: (mode: string, proto: string) => `Node Port "${mode}" mode cannot be used with ${proto} tunneling.`,
  dsrGeneveOpt114: (mode: string, dispatch: string, proto: string) =>
    `Node Port "${mode}" mode with ${dispatch} dispatch cannot be used with ${proto} tunneling.`,
  dsrGeneveNeeds114: (mode: string, dispatch: string) =>
    `Node Port "${mode}" mode with ${dispatch} dispatch requires geneve tunneling.`,
  dsrTunnelNeedsGeneve: (mode: string) => `Tunnel routing with Node Port "${mode}" mode requires geneve dispatch.`,
  dsrGeneveNeedsTunnel: (v: CiliumVersion, mode: string, dispatch: string) =>
    lineAtLeast(v, '1.18')
      ? `Node Port "${mode}" mode with "${dispatch}" dispatch requires geneve tunnel protocol.`
      : `Node Port "${mode}" mode with ${dispatch} dispatch requires geneve tunnel protocol.`,
  dsrIpipLbOnly: 'DSR dispatch mode ipip only supported for --datapath-mode=lb-only',
  dsrIpipXdp: (v: CiliumVersion) =>
    lineAtLeast(v, '1.18')
      ? 'DSR dispatch mode "ipip" currently only available under XDP acceleration'
      : 'DSR dispatch mode ipip currently only available under XDP acceleration',
  invalidValue: (key: string, value: string) => `Invalid value for --${key}: ${value}`,
  noConntrackTunnel: 'install-no-conntrack-iptables-rules requires the agent to run in direct routing mode.',
  noConntrackIpv4: 'install-no-conntrack-iptables-rules requires IPv4 support.',
  noConntrackKpr(v: CiliumVersion): string {
    if (lineAtLeast(v, '1.19'))
      return 'install-no-conntrack-iptables-rules requires the agent to run with kube-proxy-replacement.';
    return `install-no-conntrack-iptables-rules requires the agent to run with kube-proxy-replacement=${kprFull(v)}.`;
  },
  noConntrackBpfMasq: 'install-no-conntrack-iptables-rules requires the agent to run with enable-bpf-masquerade.',
  bigTcpKernel: (family: 4 | 6) =>
    family === 6
      ? 'Cannot enable --enable-ipv6-big-tcp, needs kernel 5.19 or newer'
      : 'Cannot enable --enable-ipv4-big-tcp, needs kernel 6.3 or newer',
  bigTcp(v: CiliumVersion, what: 'datapath' | 'tunnel' | 'encryption' | 'legacy'): string {
    const p = before(v, '1.14') ? 'IPv6 BIG TCP' : 'BIG TCP';
    switch (what) {
      case 'datapath':
        return lineAtLeast(v, '1.16')
          ? 'BIG TCP is supported only in veth & netkit datapath mode'
          : `${p} is supported only in veth datapath mode`;
      case 'tunnel':
        return `${p} is not supported in tunneling mode`;
      case 'encryption':
        return `${p} is not supported with encryption enabled`;
      case 'legacy':
        return `${p} is not supported with legacy host routing`;
    }
  },
  bigTcpTunnel119:
    'BIG TCP in tunneling mode requires pending kernel support and needs to be enabled by enable-tunnel-big-tcp',
  bigTcpTunnel120: 'BIG TCP in tunneling mode requires pending kernel support',
  bigTcpIpip120: "bpf-lb-dsr-dispatch ipip creates IPIP tunnels that aren't compatible with BIG TCP",
  bigTcpGeneve120: 'BIG TCP with bpf-lb-dsr-dispatch geneve requires pending kernel support',
  bwmKernel: 'BPF bandwidth manager needs kernel 5.1 or newer. Disabling the feature.',
  bwmIpsec: 'The bandwidth manager cannot be used with IPSec. Disabling the bandwidth manager.',
  bwmSetup: 'Setting up BPF bandwidth manager',
  bbrKernel: (v: CiliumVersion) =>
    before(v, '1.15')
      ? 'Cannot enable --enable-bbr, needs kernel 5.18 or newer.'
      : 'cannot enable --enable-bbr, needs kernel 5.18 or newer',
  bbrLegacy: "BPF bandwidth manager's BBR setup requires BPF host routing.",
  bbrHostnsOnly: 'cannot enable --enable-bbr-hostns-only without enabling --enable-bbr',
  xdpTunnel: (v: CiliumVersion) =>
    `Cannot use NodePort acceleration with tunneling. Either run cilium-agent with --${KEYS.xdp(v)}=disabled or --tunnel=disabled`,
  xdpBestEffort: 'Failed to attach XDP program, ignoring due to best-effort mode',
  netkitKernel116: 'netkit devices need kernel 6.7.0 or newer and CONFIG_NETKIT',
  netkitKernel120:
    'netkit connector not available: netkit device probe failed, requires kernel 6.7.0+ and CONFIG_NETKIT',
  netkitAuto120: 'datapath autodiscovery failed, reverting from netkit to veth',
  clockNoHz: 'Auto-disabling "enable-bpf-clock-probe" feature since KERNEL_HZ cannot be determined',
  socketLbUdpKernel: 'BPF host-reachable services for UDP needs kernel 4.19.57, 5.1.16, 5.2.0 or newer',
  socketLbTracing: 'Disabling socket-LB tracing as it requires kernel 5.7 or newer',
} as const;

/** Release lines that have the feature's keys at all. */
export function featureExists(row: FeatureRow, v: CiliumVersion): boolean {
  return row.since === null || lineAtLeast(v, row.since);
}
