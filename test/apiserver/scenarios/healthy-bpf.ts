import type { Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { agentPod, appPod, bpfTruth, node } from './common';

const NAME = 'healthy-bpf';
const V = '1.17.8';

const truth = bpfTruth({
  kubeProxyReplacement: 'True',
  network: 'Native',
  why: '1.17: KPR true, BPF masquerade, native routing, kernel 6.8: every check passes',
});

const ubuntu = (name: string, i: number) =>
  node(
    {
      name,
      kernel: '6.8.0-51-generic',
      osImage: 'Ubuntu 24.04.1 LTS',
      ip: `192.168.10.${11 + i}`,
      podCIDR: `10.0.${i}.0/24`,
      cpus: 8,
      controlPlane: i === 0,
    },
    agentPod(NAME, name, V, truth, { startedMinutesAgo: 60 * 24 * 12 + 40 * i }),
  );

export const healthyBpf: Scenario = {
  name: NAME,
  description:
    'Cilium 1.17.8, 3 nodes on kernel 6.8, native routing, KPR true, BPF masquerade: BPF host routing everywhere',
  kubernetesVersion: 'v1.31.4',
  cilium: {
    version: V,
    generation: 2,
    configMap: chartConfigMap(V, {
      routingMode: 'native',
      ipv4NativeRoutingCIDR: '10.0.0.0/16',
      autoDirectNodeRoutes: true,
      kubeProxyReplacement: 'true',
      bpfMasquerade: true,
      clusterPoolIPv4CIDR: '10.0.0.0/16',
    }),
  },
  nodes: ['cp-1', 'worker-1', 'worker-2'].map((n, i) => ubuntu(n, i)),
  otherPods: [
    appPod(NAME, 'web', 'default', 'worker-1', 'nginx:1.27.3'),
    appPod(NAME, 'api', 'shop', 'worker-2', 'ghcr.io/example/api:2.4.1'),
  ],
};
