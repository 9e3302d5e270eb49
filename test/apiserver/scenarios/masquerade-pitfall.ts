import type { Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { REASON, agentPod, appPod, fallbackLine, node } from './common';

const NAME = 'masquerade-pitfall-1.16';
const V = '1.16.4';

const truth = {
  hostRouting: 'Legacy' as const,
  fallbackLog: fallbackLine(REASON.bpfMasquerade),
  masquerading: 'IPTables' as const,
  kubeProxyReplacement: 'True',
  network: 'Tunnel' as const,
  tunnelProtocol: 'vxlan' as const,
  cniChaining: 'none',
  why: '1.16: enable-ipv4-masquerade true without enable-bpf-masquerade = iptables masquerading, logged fallback',
};

export const masqueradePitfall: Scenario = {
  name: NAME,
  description:
    "Cilium 1.16.4, KPR true but BPF masquerade not enabled (iptables masquerading): Legacy on every node with the agent's log line",
  kubernetesVersion: 'v1.31.2',
  cilium: {
    version: V,
    configMap: chartConfigMap(V, { routingMode: 'tunnel', kubeProxyReplacement: 'true', ipv4Masquerade: true }),
  },
  nodes: ['node-1', 'node-2', 'node-3'].map((name, i) =>
    node(
      {
        name,
        kernel: '5.15.0-126-generic',
        osImage: 'Ubuntu 22.04.5 LTS',
        ip: `172.18.0.${2 + i}`,
        podCIDR: `10.0.${i}.0/24`,
        controlPlane: i === 0,
      },
      agentPod(NAME, name, V, truth, { startedMinutesAgo: 60 * 24 * 21 + 5 * i }),
    ),
  ),
  otherPods: [appPod(NAME, 'web', 'default', 'node-2', 'nginx:1.27.3')],
};
