import type { Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { agentPod, appPod, bpfTruth, node } from './common';

const NAME = 'upgrade';
const NEW = '1.16.5';
const OLD = '1.15.7';
const settings = { routingMode: 'tunnel' as const, kubeProxyReplacement: 'true', bpfMasquerade: true };

const truthNew = bpfTruth({
  kubeProxyReplacement: 'True',
  network: 'Tunnel',
  tunnelProtocol: 'vxlan',
  why: '1.16.5 (updated pod): KPR true, BPF masquerade, kernel 5.15: BPF',
});
const truthOld = {
  ...truthNew,
  why: '1.15.7 (not yet updated): same decision, reported on the old "Host Routing:" line',
};

export const upgrade: Scenario = {
  name: NAME,
  description:
    'Mid-upgrade 1.15.7 -> 1.16.5: the DaemonSet runs 1.16.5, 2 of 4 pods still run 1.15.7 (old status format); BPF everywhere',
  kubernetesVersion: 'v1.31.4',
  cilium: { version: NEW, generation: 7, configMap: chartConfigMap(NEW, settings), installedMinutesAgo: 60 * 24 * 200 },
  nodes: [1, 2, 3, 4].map((i) => {
    const name = `node-${i}`;
    const updated = i <= 2;
    return node(
      {
        name,
        kernel: '5.15.0-126-generic',
        osImage: 'Ubuntu 22.04.5 LTS',
        ip: `192.168.60.${10 + i}`,
        podCIDR: `10.0.${i}.0/24`,
        controlPlane: i === 1,
      },
      updated
        ? agentPod(NAME, name, NEW, truthNew, { startedMinutesAgo: 7 - i })
        : agentPod(NAME, name, OLD, truthOld, {
            startedMinutesAgo: 60 * 24 * 34 + i,
            startupConfig: chartConfigMap(OLD, settings),
          }),
    );
  }),
  otherPods: [appPod(NAME, 'web', 'default', 'node-4', 'nginx:1.27.3')],
};
