/**
 * A tuned 1.17 cluster whose nodes differ in what the tuning checklist gives them (tuning-spec
 * §6, §7): BIG TCP, the bandwidth manager with BBR through a CiliumNodeConfig, DSR, the BPF
 * clock probe. Kernels 6.8 and 5.15 decide what each node really gets:
 *
 * | node | kernel | pool | truth |
 * |---|---|---|---|
 * | tk-1, tk-2 | 6.8 | fast (override enable-bbr) | BPF; BWM [BBR]; IPv4 BIG TCP [196608]; DSR; jiffies; TCX |
 * | tk-3 | 5.15 | std | BPF; BWM [CUBIC]; IPv4 BIG TCP refused by the kernel (< 6.3), status still `Enabled [65536]`; Legacy TC |
 * | tk-4 | 5.15 | fast (override enable-bbr) | agent refuses to start: BBR needs 5.18 (CrashLoopBackOff) |
 * | tk-5 | 6.8 | std | BPF; BWM [CUBIC]; its NIC refused BIG TCP: status `Enabled [65536]` where 196608 is predicted |
 */
import type { AgentTruth, Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { agentPod, appPod, bpfTruth, node } from './common';

const NAME = 'tuned-mixed';
const V = '1.17.8';

const base = bpfTruth({ kubeProxyReplacement: 'True', network: 'Native' });
const common = { nodePortMode: 'DSR' as const, dsrDispatch: 'IP Option/Extension' as const, clockJiffiesHz: 250 };

const fast: AgentTruth = {
  ...base,
  why: '1.17 on 6.8 with enable-bbr from the CiliumNodeConfig: BBR, BIG TCP raised to 192k',
  tuning: { ...common, bandwidthManager: { congestionControl: 'bbr' }, ipv4BigTcp: { size: 196608 } },
};
const std515: AgentTruth = {
  ...base,
  why: '1.17 on 5.15: IPv4 BIG TCP needs 6.3, the agent warns and keeps 64k, the status still prints Enabled',
  tuning: { ...common, bandwidthManager: { congestionControl: 'cubic' }, ipv4BigTcp: { size: 65536 } },
};
const std68: AgentTruth = {
  ...base,
  why: '1.17 on 6.8, but the NIC caps GSO at 64k: BIG TCP is not raised although the kernel has it',
  tuning: { ...common, bandwidthManager: { congestionControl: 'cubic' }, ipv4BigTcp: { size: 65536 } },
};

const K68 = { kernel: '6.8.0-1019-aws', osImage: 'Ubuntu 24.04.1 LTS' };
const K515 = { kernel: '5.15.0-1068-aws', osImage: 'Ubuntu 22.04.5 LTS' };

const plan: Array<{ k: typeof K68; pool: 'fast' | 'std'; truth: AgentTruth | null }> = [
  { k: K68, pool: 'fast', truth: fast },
  { k: K68, pool: 'fast', truth: fast },
  { k: K515, pool: 'std', truth: std515 },
  { k: K515, pool: 'fast', truth: null },
  { k: K68, pool: 'std', truth: std68 },
];

const nodes = plan.map((p, i) => {
  const name = `tk-${i + 1}`;
  return node(
    {
      name,
      ...p.k,
      ip: `10.40.0.${11 + i}`,
      podCIDR: `10.41.${i}.0/24`,
      labels: { pool: p.pool },
      cpus: 16,
    },
    p.truth
      ? agentPod(NAME, name, V, p.truth, { startedMinutesAgo: 60 * 24 + 7 * i })
      : agentPod(NAME, name, V, null, {
          state: 'crashloop',
          restartCount: 9,
          startedMinutesAgo: 60 * 2,
          fatalMessage: 'cannot enable --enable-bbr, needs kernel 5.18 or newer',
        }),
  );
});

export const tunedMixed: Scenario = {
  name: NAME,
  description:
    'Cilium 1.17.8 tuned (DSR, BIG TCP, bandwidth manager, clock probe; BBR via a CiliumNodeConfig on pool=fast), kernels 6.8 and 5.15: tuning differs per node, one agent refuses BBR on 5.15',
  kubernetesVersion: 'v1.32.1',
  cilium: {
    version: V,
    configMap: chartConfigMap(V, {
      routingMode: 'native',
      ipv4NativeRoutingCIDR: '10.41.0.0/16',
      autoDirectNodeRoutes: true,
      kubeProxyReplacement: 'true',
      bpfMasquerade: true,
      clusterPoolIPv4CIDR: '10.41.0.0/16',
      extra: {
        'enable-bandwidth-manager': 'true',
        'enable-ipv4-big-tcp': 'true',
        'bpf-lb-mode': 'dsr',
        'enable-bpf-clock-probe': 'true',
      },
    }),
    nodeConfigs: [
      {
        name: 'bbr-fast',
        nodeSelector: { pool: 'fast' },
        defaults: { 'enable-bbr': 'true' },
        createdMinutesAgo: 60 * 24 * 3,
      },
    ],
  },
  nodes,
  otherPods: [appPod(NAME, 'web', 'default', 'tk-1', 'nginx:1.27.3')],
};
