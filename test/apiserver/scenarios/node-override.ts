import type { Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { REASON, agentPod, appPod, bpfTruth, fallbackLine, node } from './common';

const NAME = 'node-override';
const V = '1.17.3';

const bpf = bpfTruth({
  kubeProxyReplacement: 'True',
  network: 'Native',
  why: '1.17: ConfigMap alone: KPR true, BPF masquerade, kernel 6.1: BPF',
});
const overridden = {
  ...bpf,
  hostRouting: 'Legacy' as const,
  masquerading: 'IPTables' as const,
  fallbackLog: fallbackLine(REASON.bpfMasquerade),
  why: 'CiliumNodeConfig "egress-iptables" sets enable-bpf-masquerade=false on egress=iptables nodes: iptables masquerading, logged fallback',
};

const nodes = [1, 2, 3, 4].map((i) => {
  const name = `pool-a-${i}`;
  const override = i >= 3;
  return node(
    {
      name,
      kernel: '6.1.0-28-cloud-amd64',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      ip: `10.30.0.${10 + i}`,
      podCIDR: `10.31.${i}.0/24`,
      labels: override ? { egress: 'iptables' } : { egress: 'default' },
    },
    agentPod(NAME, name, V, override ? overridden : bpf, { startedMinutesAgo: 60 * 24 * 2 + 9 * i }),
  );
});

export const nodeOverride: Scenario = {
  name: NAME,
  description:
    'Cilium 1.17.3, 4 nodes; a CiliumNodeConfig sets enable-bpf-masquerade "false" on the 2 nodes labelled egress=iptables: those are Legacy',
  kubernetesVersion: 'v1.32.1',
  cilium: {
    version: V,
    configMap: chartConfigMap(V, {
      routingMode: 'native',
      ipv4NativeRoutingCIDR: '10.31.0.0/16',
      autoDirectNodeRoutes: true,
      kubeProxyReplacement: 'true',
      bpfMasquerade: true,
      clusterPoolIPv4CIDR: '10.31.0.0/16',
    }),
    nodeConfigs: [
      {
        name: 'egress-iptables',
        nodeSelector: { egress: 'iptables' },
        defaults: { 'enable-bpf-masquerade': 'false' },
        createdMinutesAgo: 60 * 24 * 5,
      },
    ],
  },
  nodes,
  otherPods: [appPod(NAME, 'gateway', 'edge', 'pool-a-3', 'envoyproxy/envoy:v1.32.2')],
};
