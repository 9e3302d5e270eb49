import type { Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { KPR_DISABLED_LINE_1_12, agentPod, node } from './common';

const NAME = 'kpr-disabled-1.12';
const V = '1.12.16';

const truth = {
  hostRouting: 'Legacy' as const,
  fallbackLog: KPR_DISABLED_LINE_1_12,
  masquerading: 'IPTables' as const,
  kubeProxyReplacement: 'Disabled',
  network: 'Tunnel' as const,
  tunnelProtocol: 'vxlan' as const,
  cniChaining: 'none',
  why: '1.12 chart default kube-proxy-replacement "disabled": NodePort off, legacy with the "Auto-disabling …" line',
};

export const kprDisabled112: Scenario = {
  name: NAME,
  description:
    'Cilium 1.12.16 with chart defaults (KPR disabled): Legacy with the "Auto-disabling" line; no cilium-dbg, no CiliumNodeConfig CRD (the API server reports 1.30 only so that kubectl uses WebSocket exec)',
  kubernetesVersion: 'v1.30.4',
  cilium: {
    version: V,
    configMap: chartConfigMap(V, { kubeProxyReplacement: 'disabled' }),
    installedMinutesAgo: 60 * 24 * 400,
  },
  nodes: ['old-1', 'old-2', 'old-3'].map((name, i) =>
    node(
      {
        name,
        kernel: '5.4.0-200-generic',
        osImage: 'Ubuntu 20.04.6 LTS',
        ip: `10.40.0.${11 + i}`,
        podCIDR: `10.0.${i}.0/24`,
        controlPlane: i === 0,
      },
      agentPod(NAME, name, V, truth, { startedMinutesAgo: 60 * 24 * 80 + i }),
    ),
  ),
};
