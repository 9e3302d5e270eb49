import type { Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { agentPod, appPod, bpfTruth, node } from './common';

const NAME = 'drift';
const V = '1.16.6';

const settings = { routingMode: 'tunnel' as const, kubeProxyReplacement: 'true', bpfMasquerade: true };
const config = chartConfigMap(V, settings);
/** the ConfigMap before `bpf.hostLegacyRouting=true` was removed from the values */
const previous = chartConfigMap(V, { ...settings, hostLegacyRouting: true });

const bpf = bpfTruth({
  kubeProxyReplacement: 'True',
  network: 'Tunnel',
  tunnelProtocol: 'vxlan',
  why: '1.16, restarted after the ConfigMap change: BPF',
});
const stale = {
  ...bpf,
  hostRouting: 'Legacy' as const,
  unexplained: true,
  why: 'agent not restarted since enable-host-legacy-routing "true" was removed from cilium-config: still Legacy, no fallback line (its flag dump shows the old value)',
};

export const drift: Scenario = {
  name: NAME,
  description:
    "Cilium 1.16.6, config predicts BPF; node-3's agent predates the last ConfigMap change and still runs Legacy with no fallback line (unexplained mismatch)",
  kubernetesVersion: 'v1.31.4',
  cilium: { version: V, configMap: config, installedMinutesAgo: 60 * 24 * 60, configMapChangedMinutesAgo: 60 },
  nodes: [
    node(
      {
        name: 'node-1',
        kernel: '5.15.0-130-generic',
        osImage: 'Ubuntu 22.04.5 LTS',
        ip: '192.168.50.11',
        podCIDR: '10.0.0.0/24',
        controlPlane: true,
      },
      agentPod(NAME, 'node-1', V, bpf, { startedMinutesAgo: 47 }),
    ),
    node(
      {
        name: 'node-2',
        kernel: '5.15.0-130-generic',
        osImage: 'Ubuntu 22.04.5 LTS',
        ip: '192.168.50.12',
        podCIDR: '10.0.1.0/24',
      },
      agentPod(NAME, 'node-2', V, bpf, { startedMinutesAgo: 45 }),
    ),
    node(
      {
        name: 'node-3',
        kernel: '5.15.0-130-generic',
        osImage: 'Ubuntu 22.04.5 LTS',
        ip: '192.168.50.13',
        podCIDR: '10.0.2.0/24',
      },
      agentPod(NAME, 'node-3', V, stale, { startedMinutesAgo: 60 * 24 * 9 + 2, startupConfig: previous }),
    ),
  ],
  otherPods: [appPod(NAME, 'web', 'default', 'node-3', 'nginx:1.27.3')],
};
