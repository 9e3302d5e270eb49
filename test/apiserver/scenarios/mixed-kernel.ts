import type { Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { REASON, agentPod, appPod, bpfTruth, fallbackLine, node } from './common';

const NAME = 'mixed-kernel';
const V = '1.16.5';

const onNew = bpfTruth({
  kubeProxyReplacement: 'True',
  network: 'Tunnel',
  tunnelProtocol: 'vxlan',
  why: '1.16 on kernel 6.2: KPR true, BPF masquerade, tunnel mode is fine since 1.10',
});
const onOld = {
  ...onNew,
  hostRouting: 'Legacy' as const,
  fallbackLog: fallbackLine(REASON.kernel),
  why: '1.16 on kernel 5.4: passes the start-up probes (5.2), but the helper probe fails (bpf_redirect_neigh/peer need 5.10), logged fallback',
};

const nodes = [0, 1, 2, 3, 4, 5].map((i) => {
  const name = `worker-${i + 1}`;
  const modern = i < 3;
  return node(
    modern
      ? {
          name,
          kernel: '6.2.0-39-generic',
          osImage: 'Ubuntu 22.04.3 LTS',
          ip: `10.20.0.${21 + i}`,
          podCIDR: `10.0.${i}.0/24`,
          labels: { pool: 'ubuntu-2204' },
          controlPlane: false,
        }
      : {
          name,
          kernel: '5.4.0-200-generic',
          osImage: 'Ubuntu 20.04.6 LTS',
          ip: `10.20.0.${21 + i}`,
          podCIDR: `10.0.${i}.0/24`,
          labels: { pool: 'ubuntu-2004' },
        },
    agentPod(NAME, name, V, modern ? onNew : onOld, { startedMinutesAgo: 60 * 24 * 3 + 11 * i }),
  );
});

export const mixedKernel: Scenario = {
  name: NAME,
  description:
    'Cilium 1.16.5, 6 nodes: 3 on kernel 6.2 (BPF), 3 on 5.4 (Legacy, "requires kernel 5.10 or newer"); BPF-capable config',
  kubernetesVersion: 'v1.30.8',
  cilium: {
    version: V,
    generation: 3,
    configMap: chartConfigMap(V, { routingMode: 'tunnel', kubeProxyReplacement: 'true', bpfMasquerade: true }),
  },
  nodes,
  otherPods: [
    appPod(NAME, 'web', 'default', 'worker-2', 'nginx:1.27.3'),
    appPod(NAME, 'web', 'default', 'worker-5', 'nginx:1.27.3'),
    appPod(NAME, 'redis', 'shop', 'worker-4', 'redis:7.4.1'),
  ],
};
