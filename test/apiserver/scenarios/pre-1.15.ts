import type { Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { agentPod, appPod, bpfTruth, node } from './common';

const NAME = 'pre-1.15';
const V = '1.14.12';

const bpf = bpfTruth({
  kubeProxyReplacement: 'Strict',
  network: 'Native',
  why: '1.14: KPR strict (deprecated alias of true), BPF masquerade, kernel 5.15: BPF',
});
const explicitLegacy = {
  ...bpf,
  hostRouting: 'Legacy' as const,
  why: 'CiliumNodeConfig "gpu-legacy-routing" sets enable-host-legacy-routing=true on pool=gpu: explicit, silent (no fallback line)',
};

export const pre115: Scenario = {
  name: NAME,
  description:
    'Cilium 1.14.12 (no cilium-dbg, "Host Routing:" line), KPR strict; a v2alpha1 CiliumNodeConfig forces legacy routing on the gpu node',
  kubernetesVersion: 'v1.30.6',
  cilium: {
    version: V,
    generation: 5,
    configMap: chartConfigMap(V, {
      routingMode: 'native',
      ipv4NativeRoutingCIDR: '10.244.0.0/16',
      autoDirectNodeRoutes: true,
      kubeProxyReplacement: 'strict',
      bpfMasquerade: true,
      clusterPoolIPv4CIDR: '10.244.0.0/16',
    }),
    nodeConfigs: [
      {
        name: 'gpu-legacy-routing',
        nodeSelector: { pool: 'gpu' },
        defaults: { 'enable-host-legacy-routing': 'true' },
        createdMinutesAgo: 60 * 24 * 30,
      },
    ],
  },
  nodes: [
    node(
      {
        name: 'k8s-cp-01',
        kernel: '5.15.0-122-generic',
        osImage: 'Ubuntu 22.04.4 LTS',
        ip: '10.10.1.10',
        podCIDR: '10.244.0.0/24',
        controlPlane: true,
        labels: { pool: 'general' },
      },
      agentPod(NAME, 'k8s-cp-01', V, bpf),
    ),
    node(
      {
        name: 'k8s-node-01',
        kernel: '5.15.0-122-generic',
        osImage: 'Ubuntu 22.04.4 LTS',
        ip: '10.10.1.11',
        podCIDR: '10.244.1.0/24',
        labels: { pool: 'general' },
      },
      agentPod(NAME, 'k8s-node-01', V, bpf),
    ),
    node(
      {
        name: 'k8s-gpu-01',
        kernel: '5.15.0-122-generic',
        osImage: 'Ubuntu 22.04.4 LTS',
        ip: '10.10.1.20',
        podCIDR: '10.244.2.0/24',
        cpus: 16,
        labels: { pool: 'gpu', 'nvidia.com/gpu.present': 'true' },
      },
      agentPod(NAME, 'k8s-gpu-01', V, explicitLegacy),
    ),
  ],
  otherPods: [appPod(NAME, 'trainer', 'ml', 'k8s-gpu-01', 'nvcr.io/nvidia/pytorch:24.05-py3')],
};
