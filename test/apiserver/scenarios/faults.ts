/** Fault scenarios: the same kind of cluster as the others, with something in the way. */
import type { Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { agentPod, appPod, bpfTruth, node } from './common';
import { nameSuffix } from '../cilium/ids';
import { healthyBpf } from './healthy-bpf';

const V16 = '1.16.5';
const bpf16 = bpfTruth({
  kubeProxyReplacement: 'True',
  network: 'Tunnel',
  tunnelProtocol: 'vxlan',
  why: '1.16: KPR true, BPF masquerade, kernel 6.2: BPF',
});
const config16 = chartConfigMap(V16, { routingMode: 'tunnel', kubeProxyReplacement: 'true', bpfMasquerade: true });

function threeNodes(scenario: string, agent: (name: string, i: number) => ReturnType<typeof agentPod> | undefined) {
  return ['node-a', 'node-b', 'node-c'].map((name, i) =>
    node(
      {
        name,
        kernel: '6.2.0-39-generic',
        osImage: 'Ubuntu 22.04.3 LTS',
        ip: `10.50.0.${11 + i}`,
        podCIDR: `10.0.${i}.0/24`,
        controlPlane: i === 0,
      },
      agent(name, i),
    ),
  );
}

/** exec and log requests answer only after 120 s; everything else at once */
export const slow: Scenario = {
  ...healthyBpf,
  name: 'slow',
  description: 'healthy-bpf, but exec and log requests hang (answer after 120 s); gets and lists answer at once',
  nodes: healthyBpf.nodes.map((n) => ({
    ...n,
    agent: n.agent ? { ...n.agent, name: `cilium-${nameSuffix(`slow:${n.name}`)}` } : undefined,
  })),
  faults: { slow: true, slowDelayMs: 120_000 },
};

export const forbiddenScenario: Scenario = {
  name: 'forbidden',
  description:
    'Cilium 1.16.5 (BPF); the user may list pods and read cilium-config but not exec (pods/exec) or read logs (pods/log)',
  kubernetesVersion: 'v1.31.4',
  cilium: { version: V16, configMap: config16 },
  nodes: threeNodes('forbidden', (name) => agentPod('forbidden', name, V16, bpf16)),
  otherPods: [appPod('forbidden', 'web', 'dev', 'node-b', 'nginx:1.27.3')],
  faults: { forbidden: { user: 'system:serviceaccount:dev:viewer', resources: ['pods/exec', 'pods/log'] } },
};

export const noPods: Scenario = {
  name: 'no-pods',
  description: 'cilium-config and the Cilium CRDs are present but the DaemonSet "cilium" and its agent pods are gone',
  kubernetesVersion: 'v1.31.4',
  cilium: { version: V16, configMap: config16, daemonSet: false },
  nodes: threeNodes('no-pods', () => undefined),
  otherPods: [appPod('no-pods', 'web', 'default', 'node-b', 'nginx:1.27.3')],
};

export const notRunning: Scenario = {
  name: 'not-running',
  description: 'Cilium 1.16.5 (BPF); the agent on node-c is in CrashLoopBackOff (exec fails: container not found)',
  kubernetesVersion: 'v1.31.4',
  cilium: { version: V16, configMap: config16 },
  nodes: threeNodes('not-running', (name, i) =>
    i === 2
      ? agentPod('not-running', name, V16, null, {
          state: 'crashloop',
          restartCount: 14,
          startedMinutesAgo: 60 * 3 + 20,
          fatalMessage:
            'daemon creation failed: error while initializing daemon: failed while reinitializing datapath: unable to install ip rules: file exists',
        })
      : agentPod('not-running', name, V16, bpf16),
  ),
};

export const badOutput: Scenario = {
  name: 'bad-output',
  description:
    'Cilium 1.16.5 (BPF); the status command on node-b prints garbage (text with NUL bytes, JSON cut off) and exits 0',
  kubernetesVersion: 'v1.31.4',
  cilium: { version: V16, configMap: config16 },
  nodes: threeNodes('bad-output', (name, i) =>
    agentPod('bad-output', name, V16, bpf16, i === 1 ? { statusOutput: 'garbage' } : {}),
  ),
};
