/**
 * What the agent uses when a cilium-config key is absent: the one table of agent defaults, read
 * by the agent model (`AgentConfig.bool`) and shown to the user ("unset → false").
 */
import type { CiliumVersion } from '../types';
import { lineAtLeast } from '../version';
import { kprAgentRow } from './kpr';

export function agentDefault(key: string, v: CiliumVersion): string | undefined {
  switch (key) {
    case 'kube-proxy-replacement':
      return kprAgentRow(v).default;
    case 'enable-ipv4':
    case 'enable-ipv4-masquerade':
    case 'enable-ipv6-masquerade':
    case 'masquerade':
    case 'enable-remote-node-identity':
      return 'true';
    case 'enable-ipv6':
    case 'enable-bpf-masquerade':
    case 'enable-host-legacy-routing':
    case 'enable-node-port':
    case 'enable-endpoint-routes':
    case 'enable-ipsec':
    case 'enable-wireguard':
    case 'enable-ip-masq-agent':
    case 'bpf-lb-sock':
    case 'enable-host-reachable-services':
    case 'enable-bbr':
    case 'enable-bbr-hostns-only':
    case 'enable-ipv4-big-tcp':
    case 'enable-ipv6-big-tcp':
      return 'false';
    case 'tunnel':
      return lineAtLeast(v, '1.15') ? undefined : 'vxlan';
    case 'routing-mode':
      return lineAtLeast(v, '1.14') ? 'tunnel' : undefined;
    case 'tunnel-protocol':
      return lineAtLeast(v, '1.14') ? 'vxlan' : undefined;
    case 'host-reachable-services-protos':
      return 'tcp,udp';
    case 'enable-tcx':
      // flag added in 1.16 with default true (v1.16.0 daemon/cmd/daemon_main.go)
      return lineAtLeast(v, '1.16') ? 'true' : undefined;
    default:
      return undefined;
  }
}
