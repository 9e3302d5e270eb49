/**
 * The rules the tuning family reports (ids appear in diagnostics, SARIF, `features[].reasons[]`
 * and docs/rules/<id>.md). Summaries are ours; the exact agent strings live in facts.ts.
 * `needs-bpf-host-routing` and `bpf-masquerade-unusable` are shared with the host-routing rules.
 */
import type { RuleMeta } from '../rule';

export const TUNING_RULES: readonly RuleMeta[] = [
  {
    id: 'native-routing-cidr',
    title: 'Native routing without a native-routing CIDR',
    defaultSeverity: 'error',
    summary:
      'With native routing and masquerading on, the agent must know which destination CIDR is reachable without masquerading (ipv4NativeRoutingCIDR, nativeRoutingCIDR before 1.11; ipv6NativeRoutingCIDR for IPv6). Without it the agent refuses to start, unless the IPAM is ENI (or Alibaba Cloud from 1.12) or, from 1.15, the ip-masq-agent decides what to masquerade.',
  },
  {
    id: 'auto-direct-node-routes-tunnel',
    title: 'autoDirectNodeRoutes with tunnelling',
    defaultSeverity: 'error',
    summary:
      "autoDirectNodeRoutes installs routes to other nodes' pod CIDRs through the underlay, which contradicts tunnelling. Every release refuses to start with both; use native routing or turn the option off.",
  },
  {
    id: 'kpr-kernel',
    title: 'Kube-proxy replacement and the kernel',
    defaultSeverity: 'error',
    summary:
      'BPF NodePort needs bpf_fib_lookup (kernel 4.17). With full kube-proxy replacement an older kernel stops the agent; in probe mode (up to 1.12) NodePort is quietly left off.',
  },
  {
    id: 'kpr-deprecated-value',
    title: 'Deprecated kube-proxy-replacement value',
    defaultSeverity: 'info',
    summary: 'The agent still accepts the value but logs that it is deprecated; the next release lines refuse it.',
    noteOnly: { coveredBy: 'deprecated-value' },
  },
  {
    id: 'feature-needs-node-port',
    title: 'Load-balancer setting without BPF NodePort',
    defaultSeverity: 'warning',
    summary:
      'DSR (loadBalancer.mode) and XDP acceleration (loadBalancer.acceleration) are part of BPF NodePort. When kube-proxy replacement leaves NodePort off, the agent ignores these settings without a word.',
  },
  {
    id: 'dsr-tunnel',
    title: 'DSR with tunnelling',
    defaultSeverity: 'error',
    summary:
      'Direct server return must carry the service address to the backend. Up to 1.12 the agent warns and runs SNAT instead when pods are tunnelled; 1.13 refuses the combination; from 1.14 it works only with Geneve dispatch on a Geneve tunnel (1.14 refuses VXLAN outright, 1.15+ asks for Geneve dispatch).',
  },
  {
    id: 'dsr-dispatch',
    title: 'DSR mode or dispatch not accepted',
    defaultSeverity: 'error',
    summary:
      'loadBalancer.mode accepts snat, dsr and hybrid; loadBalancer.dsrDispatch accepts opt, ipip and (1.14+) geneve, with hybrid not taking ipip. IPIP dispatch is for the standalone load balancer with XDP (up to 1.18). Other values stop the agent.',
  },
  {
    id: 'no-conntrack-requirements',
    title: 'Bypassing iptables conntrack: requirements',
    defaultSeverity: 'error',
    summary:
      'installNoConntrackIptablesRules needs native routing, IPv4, full kube-proxy replacement and, when masquerading (always in 1.10–1.11), BPF masquerade. The agent refuses to start when one is missing. Only IPv4 pod traffic is exempted, and cilium status has no line for it.',
  },
  {
    id: 'big-tcp-kernel',
    title: 'BIG TCP and the kernel',
    defaultSeverity: 'warning',
    summary:
      'IPv6 BIG TCP needs kernel 5.19 and IPv4 BIG TCP 6.3. On older kernels the agent logs a warning and leaves the GSO/GRO sizes alone. From 1.15 cilium status still prints Enabled (with 65536) in that case, because it shows the configured value.',
  },
  {
    id: 'big-tcp-unsupported',
    title: 'BIG TCP with an unsupported datapath',
    defaultSeverity: 'error',
    summary:
      'BIG TCP refuses tunnelling (1.19 needs the enableTunnelBIGTCP opt-in, 1.20 kernel support for UDP tunnels), IPsec (WireGuard is fine), non-veth datapath modes (up to 1.15; lb-only until 1.17) and, in 1.20, IPIP DSR dispatch. From 1.15 these checks run before the kernel probe, so they stop the agent even on a kernel too old for BIG TCP.',
  },
  {
    id: 'bandwidth-manager-off',
    title: 'Bandwidth manager switched off',
    defaultSeverity: 'warning',
    summary:
      'The agent starts but switches the bandwidth manager off with a warning on kernels before 5.1 (up to 1.15; from 1.16 the agent needs 5.2 to start) and when IPsec is on. Pod egress-bandwidth annotations are then not enforced.',
  },
  {
    id: 'bbr-kernel',
    title: 'BBR for pods needs kernel 5.18',
    defaultSeverity: 'error',
    summary:
      'Pod BBR relies on packet timestamps surviving the namespace switch, which arrived in kernel 5.18. With bandwidthManager.bbr on an older kernel the agent refuses to start.',
  },
  {
    id: 'bbr-hostns-only',
    title: 'bbrHostNamespaceOnly without BBR',
    defaultSeverity: 'error',
    summary:
      'From 1.18, enable-bbr-hostns-only narrows BBR to the host namespace; set alone (without enable-bbr) it stops the agent.',
  },
  {
    id: 'bbr-needs-bandwidth-manager',
    title: 'BBR without the bandwidth manager',
    defaultSeverity: 'warning',
    summary:
      'BBR is set up by the bandwidth manager. When the manager is off, or the agent switches it off (old kernel, IPsec), the BBR setting is ignored without a word of its own.',
  },
  {
    id: 'xdp-acceleration',
    title: 'XDP acceleration',
    defaultSeverity: 'error',
    summary:
      'loadBalancer.acceleration accepts disabled, native, testing-only and (1.15+) best-effort. Up to 1.12 it cannot be combined with tunnelling. native needs a NIC driver with XDP support on each native device, which a file cannot show: without it the agent fails to attach the program.',
  },
  {
    id: 'netkit-kernel',
    title: 'netkit devices and the kernel',
    defaultSeverity: 'error',
    summary:
      'netkit devices (bpf.datapathMode: netkit or netkit-l2, 1.16+) need kernel 6.7 built with CONFIG_NETKIT; otherwise the agent refuses to start (1.20: auto falls back to veth with a warning). Before 1.20 nothing checks the documented need for BPF host routing.',
  },
  {
    id: 'clock-probe',
    title: 'BPF clock probe',
    defaultSeverity: 'warning',
    summary:
      'With bpfClockProbe the datapath uses jiffies when the kernel has bpf_jiffies64 (5.5); on older kernels it silently stays on ktime. Charts up to 1.13.4 turn the probe on by default, and only the top-level bpfClockProbe value is read.',
  },
  {
    id: 'socket-lb-kernel',
    title: 'Socket load-balancing and the kernel',
    defaultSeverity: 'error',
    summary:
      'Socket-level load-balancing for UDP needs cgroup hooks from kernel 4.19.57 (5.1.16, 5.2); full kube-proxy replacement forces it on, so an older kernel stops the agent. Socket-LB tracing needs 5.7 and is switched off alone.',
  },
  {
    id: 'chart-overrides-feature',
    title: 'The chart overrides a tuning value',
    defaultSeverity: 'warning',
    summary:
      'Some values never reach the agent as written: the chart forces install-no-conntrack-iptables-rules off for ENI, Azure, GKE and CNI chaining, and never reads bpf.clockProbe (the top-level bpfClockProbe is the real switch).',
  },
];
