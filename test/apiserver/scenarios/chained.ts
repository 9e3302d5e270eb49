import type { OtherPod, Scenario } from '../types';
import { chartConfigMap } from '../cilium/configMap';
import { nameSuffix } from '../k8s/cluster';
import { agentPod, node } from './common';

const NAME = 'chained';
const V = '1.15.7';

const truth = {
  hostRouting: 'Legacy' as const,
  fallbackLog: null,
  masquerading: 'Disabled' as const,
  kubeProxyReplacement: 'False',
  network: 'Native' as const,
  cniChaining: 'aws-cni',
  why: 'chart 1.13+ renders enable-host-legacy-routing "true" for CNI chaining (aws-cni): explicit, silent',
};

const nodeNames = [
  'ip-10-0-1-23.eu-west-1.compute.internal',
  'ip-10-0-2-87.eu-west-1.compute.internal',
  'ip-10-0-3-141.eu-west-1.compute.internal',
];

function hostDaemon(app: string, image: string, nodeName: string): OtherPod {
  return {
    name: `${app}-${nameSuffix(`${NAME}:${app}:${nodeName}`)}`,
    namespace: 'kube-system',
    labels: { 'k8s-app': app, 'controller-revision-hash': nameSuffix(`${NAME}:${app}`, 10) },
    nodeName,
    image,
    container: app,
    ownerKind: 'DaemonSet',
    ownerName: app,
    hostNetwork: true,
    startedMinutesAgo: 60 * 24 * 9,
  };
}

export const chained: Scenario = {
  name: NAME,
  description:
    'EKS with Cilium 1.15.7 chained behind the AWS VPC CNI (cni-chaining-mode aws-cni): Legacy, set by the chart, no fallback line',
  kubernetesVersion: 'v1.30.8-eks-2d5f260',
  cilium: {
    version: V,
    configMap: chartConfigMap(V, {
      chainingMode: 'aws-cni',
      routingMode: 'native',
      ipv4NativeRoutingCIDR: '10.0.0.0/16',
      ipv4Masquerade: false,
      kubeProxyReplacement: 'false',
    }),
  },
  nodes: nodeNames.map((name, i) =>
    node(
      {
        name,
        kernel: '5.10.230-223.885.amzn2.x86_64',
        osImage: 'Amazon Linux 2',
        ip: name.replace(/^ip-(\d+)-(\d+)-(\d+)-(\d+)\..*$/, '$1.$2.$3.$4'),
        podCIDR: `10.0.${16 + i * 16}.0/20`,
        containerRuntime: 'containerd://1.7.23',
        kubeletVersion: 'v1.30.7-eks-59bf375',
        labels: {
          'eks.amazonaws.com/nodegroup': 'default',
          'node.kubernetes.io/instance-type': 'm5.large',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': `eu-west-1${'abc'[i]}`,
        },
        cpus: 2,
      },
      agentPod(NAME, name, V, truth, { startedMinutesAgo: 60 * 24 * 9 + 3 }),
    ),
  ),
  otherPods: nodeNames.flatMap((n) => [
    hostDaemon('aws-node', '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.0-eksbuild.1', n),
    hostDaemon(
      'kube-proxy',
      '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.30.6-minimal-eksbuild.3',
      n,
    ),
  ]),
};
