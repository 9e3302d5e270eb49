/**
 * Turns a scenario into the objects the fake API server serves (nodes, pods, the `cilium`
 * DaemonSet, `cilium-config`, CiliumNodeConfigs, CRDs, namespaces, a few deployments) and into one
 * agent context per Cilium pod (used to answer `exec` and `log`).
 *
 * Object shapes follow the real API (metadata / spec / status, list items without kind and
 * apiVersion for built-in kinds, with them for custom resources).
 */
import type { AgentPod, NodeSpec, OtherPod, Scenario } from '../types';
import type { AgentContext, LogContext, Peer } from '../cilium/agent';
import { healthIP, routerIP } from '../cilium/agent';
import { effectiveConfig } from '../cilium/configMap';
import { atLeast } from '../cilium/version';
import { containerId, hexOf, imageDigest, nameSuffix, uidOf } from '../cilium/ids';
import { allResources, type ResourceDef } from './resources';

export const CILIUM_AGENT_CONTAINER = 'cilium-agent';

export interface AgentRecord {
  namespace: string;
  podName: string;
  node: NodeSpec;
  pod: AgentPod;
  /** undefined when the agent is not running */
  context?: AgentContext;
  /** always present: what the container log is generated from */
  logContext: LogContext;
  /** the configuration the agent started with */
  config: Record<string, string>;
}

export interface Cluster {
  scenario: Scenario;
  startedAt: Date;
  ciliumNamespace: string;
  resources: ResourceDef[];
  /** objects by `group/plural` (served under every version of the group that has the resource) */
  objects: Map<string, Array<Record<string, any>>>;
  /** agents by `namespace/pod` */
  agents: Map<string, AgentRecord>;
  resourceVersion: number;
}

export { nameSuffix };

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function ciliumImage(version: string): string {
  const ref = `quay.io/cilium/cilium:v${version}`;
  return `${ref}@${imageDigest(ref)}`;
}

function operatorImage(version: string): string {
  const ref = `quay.io/cilium/operator-generic:v${version}`;
  return `${ref}@${imageDigest(ref)}`;
}

export function buildCluster(scenario: Scenario, startedAt: Date = new Date()): Cluster {
  startedAt = new Date(Math.floor(startedAt.getTime() / 1000) * 1000);
  const ago = (minutes: number): Date => new Date(startedAt.getTime() - minutes * 60000);
  const cilium = scenario.cilium;
  const ns = cilium?.namespace ?? 'kube-system';
  const crdVersion = cilium === null ? null : cilium.crdVersion === undefined ? cilium.version : cilium.crdVersion;
  const cluster: Cluster = {
    scenario,
    startedAt,
    ciliumNamespace: ns,
    resources: allResources(crdVersion),
    objects: new Map(),
    agents: new Map(),
    resourceVersion: 1000 + (parseInt(hexOf(scenario.name, 4), 16) % 5000),
  };
  const rv = (): string => String(++cluster.resourceVersion);
  const put = (group: string, plural: string, obj: Record<string, any>): void => {
    const key = `${group}/${plural}`;
    const list = cluster.objects.get(key) ?? [];
    obj['metadata']['resourceVersion'] = rv();
    list.push(obj);
    cluster.objects.set(key, list);
  };
  const installed = ago(cilium?.installedMinutesAgo ?? 60 * 24 * 40);
  const clusterCreated = ago(60 * 24 * 120);

  // namespaces
  const namespaces = new Set(['default', 'kube-node-lease', 'kube-public', 'kube-system', ns]);
  for (const p of scenario.otherPods ?? []) namespaces.add(p.namespace);
  for (const n of [...namespaces].sort()) {
    put('', 'namespaces', {
      metadata: {
        name: n,
        uid: uidOf(`ns:${scenario.name}:${n}`),
        creationTimestamp: iso(clusterCreated),
        labels: { 'kubernetes.io/metadata.name': n },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  // nodes
  for (const node of scenario.nodes) put('', 'nodes', nodeObject(scenario, node, clusterCreated, startedAt));

  // cilium-config and CiliumNodeConfigs
  const baseConfig = cilium?.configMap ?? {};
  const overrides = (cilium?.nodeConfigs ?? []).map((c) => ({ ...c, namespace: c.namespace ?? ns }));
  if (cilium?.configMap) {
    put('', 'configmaps', {
      metadata: {
        name: 'cilium-config',
        namespace: ns,
        uid: uidOf(`cm:${scenario.name}`),
        creationTimestamp: iso(installed),
        labels: { 'app.kubernetes.io/managed-by': 'Helm' },
        annotations: { 'meta.helm.sh/release-name': 'cilium', 'meta.helm.sh/release-namespace': ns },
        managedFields: [
          {
            manager: 'helm',
            operation: 'Update',
            apiVersion: 'v1',
            time: iso(installed),
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': {} },
          },
          ...(cilium.configMapChangedMinutesAgo !== undefined
            ? [
                {
                  manager: 'helm',
                  operation: 'Update',
                  apiVersion: 'v1',
                  time: iso(ago(cilium.configMapChangedMinutesAgo)),
                  fieldsType: 'FieldsV1',
                  fieldsV1: { 'f:data': {} },
                },
              ]
            : []),
        ],
      },
      data: { ...cilium.configMap },
    });
  }
  for (const c of overrides) {
    put('cilium.io', 'ciliumnodeconfigs', {
      kind: 'CiliumNodeConfig',
      metadata: {
        name: c.name,
        namespace: c.namespace,
        uid: uidOf(`cnc:${scenario.name}:${c.name}`),
        generation: 1,
        creationTimestamp: iso(ago(c.createdMinutesAgo ?? 60 * 24 * 7)),
      },
      spec: { nodeSelector: { matchLabels: { ...c.nodeSelector } }, defaults: { ...c.defaults } },
    });
  }

  // the cilium DaemonSet and its pods
  const dsUid = uidOf(`ds:${scenario.name}`);
  const dsVersion = cilium?.version ?? '0.0.0';
  const generation = cilium?.generation ?? 1;
  const agentNodes = scenario.nodes.filter((n) => n.agent !== undefined);
  const running = agentNodes.filter((n) => n.agent!.state === 'running');
  const peers: Peer[] = running.map((n) => ({ name: n.name, ip: n.internalIP, healthIP: healthIP(n) }));
  const revisionHash = (version: string): string => nameSuffix(`rev:${scenario.name}:${version}`, 10);
  for (const node of agentNodes) {
    const pod = node.agent!;
    const labels = nodeLabels(node);
    const config = pod.startupConfig ?? effectiveConfig(baseConfig, overrides, labels);
    const logContext: LogContext = {
      version: pod.version,
      node,
      pod,
      truth: pod.truth,
      config,
      kubernetesVersion: scenario.kubernetesVersion,
      peers,
      cluster: config['cluster-name'] || 'default',
      now: startedAt,
      startedAt: ago(pod.startedMinutesAgo),
    };
    const record: AgentRecord = { namespace: ns, podName: pod.name, node, pod, config, logContext };
    if (pod.state === 'running' && pod.truth) record.context = { ...logContext, truth: pod.truth };
    cluster.agents.set(`${ns}/${pod.name}`, record);
    const podGeneration = pod.version === dsVersion ? generation : Math.max(1, generation - 1);
    put(
      '',
      'pods',
      agentPodObject({ scenario, node, pod, ns, dsUid, startedAt, podGeneration, revision: revisionHash(pod.version) }),
    );
  }
  if (cilium && cilium.daemonSet !== false) {
    const ready = running.length;
    const updated = agentNodes.filter((n) => n.agent!.version === dsVersion).length;
    put(
      'apps',
      'daemonsets',
      daemonSetObject({
        ns,
        uid: dsUid,
        created: installed,
        version: dsVersion,
        generation,
        desired: agentNodes.length,
        ready,
        updated,
      }),
    );
    // cilium-operator
    const opNode = scenario.nodes.find((n) => n.controlPlane) ?? scenario.nodes[0];
    if (opNode) {
      const hash = revisionHash(`op:${dsVersion}`).slice(0, 10);
      const opLabels = {
        'app.kubernetes.io/name': 'cilium-operator',
        'app.kubernetes.io/part-of': 'cilium',
        'io.cilium/app': 'operator',
        name: 'cilium-operator',
        'pod-template-hash': hash,
      };
      put(
        'apps',
        'deployments',
        deploymentObject(
          ns,
          'cilium-operator',
          opLabels,
          operatorImage(dsVersion),
          'cilium-operator',
          installed,
          scenario.name,
        ),
      );
      put(
        '',
        'pods',
        otherPodObject(
          scenario,
          {
            name: `cilium-operator-${hash}-${nameSuffix(`op:${scenario.name}`)}`,
            namespace: ns,
            labels: opLabels,
            nodeName: opNode.name,
            image: operatorImage(dsVersion),
            container: 'cilium-operator',
            ownerKind: 'ReplicaSet',
            ownerName: `cilium-operator-${hash}`,
            hostNetwork: true,
            startedMinutesAgo: Math.min(cilium.installedMinutesAgo ?? 60 * 24 * 40, 60 * 24 * 3),
          },
          startedAt,
        ),
      );
    }
  }
  // CoreDNS is in every cluster
  const dnsHash = revisionHash('coredns').slice(0, 10);
  const dnsLabels = { 'k8s-app': 'kube-dns', 'pod-template-hash': dnsHash };
  put(
    'apps',
    'deployments',
    deploymentObject(
      'kube-system',
      'coredns',
      { 'k8s-app': 'kube-dns' },
      'registry.k8s.io/coredns/coredns:v1.11.3',
      'coredns',
      clusterCreated,
      scenario.name,
    ),
  );
  scenario.nodes.slice(0, 2).forEach((n, i) => {
    put(
      '',
      'pods',
      otherPodObject(
        scenario,
        {
          name: `coredns-${dnsHash}-${nameSuffix(`dns:${scenario.name}:${i}`)}`,
          namespace: 'kube-system',
          labels: dnsLabels,
          nodeName: n.name,
          image: 'registry.k8s.io/coredns/coredns:v1.11.3',
          container: 'coredns',
          ownerKind: 'ReplicaSet',
          ownerName: `coredns-${dnsHash}`,
          podIP: `${n.podCIDR.split('.').slice(0, 3).join('.')}.${20 + i}`,
          startedMinutesAgo: 60 * 24 * 30,
        },
        startedAt,
      ),
    );
  });
  for (const p of scenario.otherPods ?? []) put('', 'pods', otherPodObject(scenario, p, startedAt));

  // CRDs of the installed Cilium
  const crds = new Map<string, ResourceDef[]>();
  for (const r of cluster.resources.filter((x) => x.group === 'cilium.io')) {
    const list = crds.get(r.plural) ?? [];
    list.push(r);
    crds.set(r.plural, list);
  }
  for (const [plural, defs] of [...crds.entries()].sort()) {
    const d = defs[0];
    const versions = defs.map((x) => x.version).sort((a, b) => (a === 'v2' ? -1 : b === 'v2' ? 1 : 0));
    put('apiextensions.k8s.io', 'customresourcedefinitions', {
      kind: 'CustomResourceDefinition',
      metadata: {
        name: `${plural}.cilium.io`,
        uid: uidOf(`crd:${scenario.name}:${plural}`),
        generation: 1,
        creationTimestamp: iso(installed),
        labels: {
          'io.cilium.k8s.crd.schema.version': `1.${30 + (crdVersion ? Number(crdVersion.split('.')[1]) : 0)}.1`,
        },
      },
      spec: {
        group: 'cilium.io',
        names: {
          categories: d.categories,
          kind: d.kind,
          listKind: `${d.kind}List`,
          plural,
          shortNames: d.shortNames,
          singular: d.singular,
        },
        scope: d.namespaced ? 'Namespaced' : 'Cluster',
        versions: versions.map((v, i) => ({
          name: v,
          served: true,
          storage: i === 0,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        })),
      },
      status: {
        acceptedNames: { kind: d.kind, listKind: `${d.kind}List`, plural, singular: d.singular },
        conditions: [
          {
            type: 'NamesAccepted',
            status: 'True',
            reason: 'NoConflicts',
            message: 'no conflicts found',
            lastTransitionTime: iso(installed),
          },
          {
            type: 'Established',
            status: 'True',
            reason: 'InitialNamesAccepted',
            message: 'the initial names have been accepted',
            lastTransitionTime: iso(installed),
          },
        ],
        storedVersions: [versions[0]],
      },
    });
  }
  return cluster;
}

export function nodeLabels(node: NodeSpec): Record<string, string> {
  const arch = node.arch ?? 'amd64';
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': node.name,
    'kubernetes.io/os': 'linux',
  };
  if (node.controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  return { ...labels, ...(node.labels ?? {}) };
}

function nodeObject(scenario: Scenario, node: NodeSpec, created: Date, now: Date): Record<string, any> {
  const cpus = node.cpus ?? 4;
  const memKi = cpus * 4 * 1024 * 1024 - 180000;
  const agentUp = node.agent?.state === 'running';
  const heartbeat = iso(new Date(now.getTime() - 23000));
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: iso(created),
    reason,
    message,
  });
  const conditions: Array<Record<string, string>> = [];
  if (node.agent) {
    conditions.push({
      type: 'NetworkUnavailable',
      status: agentUp ? 'False' : 'True',
      lastHeartbeatTime: heartbeat,
      lastTransitionTime: iso(created),
      reason: agentUp ? 'CiliumIsUp' : 'CiliumIsDown',
      message: agentUp ? 'Cilium is running on this node' : 'Cilium agent is not running on this node',
    });
  }
  conditions.push(
    cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  );
  const annotations: Record<string, string> = {
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
  };
  if (node.agent) annotations['io.cilium.network.ipv4-cilium-host'] = routerIP(node);
  return {
    metadata: {
      name: node.name,
      uid: uidOf(`node:${scenario.name}:${node.name}`),
      creationTimestamp: iso(created),
      labels: nodeLabels(node),
      annotations,
    },
    spec: {
      podCIDR: node.podCIDR,
      podCIDRs: [node.podCIDR],
      ...(node.controlPlane
        ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
        : {}),
    },
    status: {
      capacity: {
        cpu: String(cpus),
        'ephemeral-storage': '101430960Ki',
        'hugepages-2Mi': '0',
        memory: `${memKi}Ki`,
        pods: '110',
      },
      allocatable: {
        cpu: String(cpus),
        'ephemeral-storage': '93478772582',
        'hugepages-2Mi': '0',
        memory: `${memKi - 102400}Ki`,
        pods: '110',
      },
      conditions,
      addresses: [
        { type: 'InternalIP', address: node.internalIP },
        { type: 'Hostname', address: node.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: hexOf(`machine:${node.name}`, 32),
        systemUUID: uidOf(`sys:${node.name}`),
        bootID: uidOf(`boot:${node.name}`),
        kernelVersion: node.kernel,
        osImage: node.osImage,
        containerRuntimeVersion: node.containerRuntime ?? 'containerd://1.7.22',
        kubeletVersion: node.kubeletVersion ?? scenario.kubernetesVersion,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: node.arch ?? 'amd64',
      },
    },
  };
}

const INIT_CONTAINERS = [
  'config',
  'mount-cgroup',
  'apply-sysctl-overwrites',
  'mount-bpf-fs',
  'clean-cilium-state',
  'install-cni-binaries',
];

function agentContainerSpec(image: string): Record<string, any> {
  return {
    name: CILIUM_AGENT_CONTAINER,
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['cilium-agent'],
    args: ['--config-dir=/tmp/cilium/config-map'],
    env: [
      { name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
      { name: 'CILIUM_K8S_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      { name: 'CILIUM_CLUSTERMESH_CONFIG', value: '/var/lib/cilium/clustermesh/' },
      { name: 'GOMEMLIMIT', valueFrom: { resourceFieldRef: { divisor: '1', resource: 'limits.memory' } } },
    ],
    livenessProbe: {
      failureThreshold: 10,
      httpGet: {
        host: '127.0.0.1',
        path: '/healthz',
        port: 9879,
        scheme: 'HTTP',
        httpHeaders: [{ name: 'brief', value: 'true' }],
      },
      periodSeconds: 30,
      successThreshold: 1,
      timeoutSeconds: 5,
    },
    readinessProbe: {
      failureThreshold: 3,
      httpGet: {
        host: '127.0.0.1',
        path: '/healthz',
        port: 9879,
        scheme: 'HTTP',
        httpHeaders: [{ name: 'brief', value: 'true' }],
      },
      periodSeconds: 30,
      successThreshold: 1,
      timeoutSeconds: 5,
    },
    securityContext: {
      capabilities: {
        add: [
          'CHOWN',
          'KILL',
          'NET_ADMIN',
          'NET_RAW',
          'IPC_LOCK',
          'SYS_MODULE',
          'SYS_ADMIN',
          'SYS_RESOURCE',
          'DAC_OVERRIDE',
          'FOWNER',
          'SETGID',
          'SETUID',
        ],
        drop: ['ALL'],
      },
      seLinuxOptions: { level: 's0', type: 'spc_t' },
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'FallbackToLogsOnError',
    volumeMounts: [
      { mountPath: '/host/proc/sys/net', name: 'host-proc-sys-net' },
      { mountPath: '/sys/fs/bpf', mountPropagation: 'HostToContainer', name: 'bpf-maps' },
      { mountPath: '/var/run/cilium', name: 'cilium-run' },
      { mountPath: '/tmp/cilium/config-map', name: 'cilium-config-path', readOnly: true },
    ],
  };
}

/**
 * Pod annotations of the agent DaemonSet: AppArmor `unconfined` annotations in charts 1.14–1.17;
 * `kubectl.kubernetes.io/default-container` only from chart 1.18 (upstream PR #38589), so with
 * older charts `kubectl exec` without `-c` prints `Defaulted container "cilium-agent" out of: …`.
 */
function agentPodAnnotations(version: string): Record<string, string> {
  if (atLeast(version, '1.18')) return { 'kubectl.kubernetes.io/default-container': CILIUM_AGENT_CONTAINER };
  if (!atLeast(version, '1.14')) return {};
  const a: Record<string, string> = {};
  for (const c of [CILIUM_AGENT_CONTAINER, 'apply-sysctl-overwrites', 'clean-cilium-state', 'mount-cgroup']) {
    a[`container.apparmor.security.beta.kubernetes.io/${c}`] = 'unconfined';
  }
  return a;
}

function agentPodTemplate(image: string, labels: Record<string, string>, version: string): Record<string, any> {
  return {
    metadata: {
      annotations: agentPodAnnotations(version),
      labels,
    },
    spec: {
      automountServiceAccountToken: true,
      containers: [agentContainerSpec(image)],
      initContainers: INIT_CONTAINERS.map((name) => ({
        name,
        image,
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'FallbackToLogsOnError',
      })),
      dnsPolicy: 'ClusterFirst',
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-node-critical',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccount: 'cilium',
      serviceAccountName: 'cilium',
      terminationGracePeriodSeconds: 1,
      tolerations: [{ operator: 'Exists' }],
      volumes: [
        { name: 'cilium-run', hostPath: { path: '/var/run/cilium', type: 'DirectoryOrCreate' } },
        { name: 'bpf-maps', hostPath: { path: '/sys/fs/bpf', type: 'DirectoryOrCreate' } },
        { name: 'host-proc-sys-net', hostPath: { path: '/proc/sys/net', type: 'Directory' } },
        { name: 'cilium-config-path', configMap: { defaultMode: 420, name: 'cilium-config' } },
      ],
    },
  };
}

const AGENT_LABELS = {
  'app.kubernetes.io/name': 'cilium-agent',
  'app.kubernetes.io/part-of': 'cilium',
  'k8s-app': 'cilium',
};

function agentPodObject(a: {
  scenario: Scenario;
  node: NodeSpec;
  pod: AgentPod;
  ns: string;
  dsUid: string;
  startedAt: Date;
  podGeneration: number;
  revision: string;
}): Record<string, any> {
  const { node, pod, ns } = a;
  const image = ciliumImage(pod.version);
  const tagRef = `quay.io/cilium/cilium:v${pod.version}`;
  const created = new Date(a.startedAt.getTime() - pod.startedMinutesAgo * 60000);
  const uid = uidOf(`pod:${a.scenario.name}:${pod.name}`);
  const labels = {
    ...AGENT_LABELS,
    'controller-revision-hash': a.revision,
    'pod-template-generation': String(a.podGeneration),
  };
  const template = agentPodTemplate(image, labels, pod.version);
  const running = pod.state === 'running';
  const restarts = pod.restartCount ?? 0;
  const cid = containerId(`${a.scenario.name}:${pod.name}:${restarts}`);
  const containerStarted = running ? created : new Date(a.startedAt.getTime() - 95000);
  const agentStatus: Record<string, any> = {
    name: CILIUM_AGENT_CONTAINER,
    ready: running,
    started: running,
    restartCount: restarts,
    image: tagRef,
    imageID: `quay.io/cilium/cilium@${imageDigest(tagRef)}`,
    containerID: `containerd://${cid}`,
    state: running
      ? { running: { startedAt: iso(new Date(created.getTime() + 9000)) } }
      : {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off 5m0s restarting failed container=${CILIUM_AGENT_CONTAINER} pod=${pod.name}_${ns}(${uid})`,
          },
        },
    lastState: running
      ? {}
      : {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt: iso(containerStarted),
            finishedAt: iso(new Date(containerStarted.getTime() + 4000)),
            containerID: `containerd://${containerId(`${a.scenario.name}:${pod.name}:${restarts - 1}`)}`,
          },
        },
  };
  if (!running)
    agentStatus['lastState']['terminated']['message'] = (pod.fatalMessage ?? 'daemon creation failed').slice(0, 200);
  const initStatuses = INIT_CONTAINERS.map((name, i) => ({
    name,
    ready: true,
    started: false,
    restartCount: 0,
    image: tagRef,
    imageID: `quay.io/cilium/cilium@${imageDigest(tagRef)}`,
    containerID: `containerd://${containerId(`${pod.name}:init:${name}`)}`,
    state: {
      terminated: {
        exitCode: 0,
        reason: 'Completed',
        startedAt: iso(new Date(created.getTime() + 2000 + i * 600)),
        finishedAt: iso(new Date(created.getTime() + 2500 + i * 600)),
        containerID: `containerd://${containerId(`${pod.name}:init:${name}`)}`,
      },
    },
  }));
  const condTime = iso(new Date(created.getTime() + 10000));
  return {
    metadata: {
      name: pod.name,
      generateName: 'cilium-',
      namespace: ns,
      uid,
      creationTimestamp: iso(created),
      labels,
      annotations: { ...template['metadata']['annotations'] },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: 'cilium',
          uid: a.dsUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      ...template['spec'],
      nodeName: node.name,
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.name] }] }],
          },
        },
      },
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: iso(created) },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: condTime },
        running
          ? { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: condTime }
          : {
              type: 'Ready',
              status: 'False',
              lastProbeTime: null,
              lastTransitionTime: condTime,
              reason: 'ContainersNotReady',
              message: `containers with unready status: [${CILIUM_AGENT_CONTAINER}]`,
            },
        running
          ? { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: condTime }
          : {
              type: 'ContainersReady',
              status: 'False',
              lastProbeTime: null,
              lastTransitionTime: condTime,
              reason: 'ContainersNotReady',
              message: `containers with unready status: [${CILIUM_AGENT_CONTAINER}]`,
            },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: iso(created) },
      ],
      hostIP: node.internalIP,
      hostIPs: [{ ip: node.internalIP }],
      podIP: node.internalIP,
      podIPs: [{ ip: node.internalIP }],
      startTime: iso(created),
      initContainerStatuses: initStatuses,
      containerStatuses: [agentStatus],
      qosClass: 'Burstable',
    },
  };
}

function otherPodObject(scenario: Scenario, p: OtherPod, now: Date): Record<string, any> {
  const node = scenario.nodes.find((n) => n.name === p.nodeName);
  const created = new Date(now.getTime() - p.startedMinutesAgo * 60000);
  const hostIP = node?.internalIP ?? '10.255.0.1';
  const podIP = p.hostNetwork
    ? hostIP
    : (p.podIP ??
      (node
        ? `${node.podCIDR.split('.').slice(0, 3).join('.')}.${40 + (parseInt(hexOf(p.name, 2), 16) % 150)}`
        : '10.0.0.99'));
  const owner =
    p.ownerKind && p.ownerName
      ? [
          {
            apiVersion: 'apps/v1',
            kind: p.ownerKind,
            name: p.ownerName,
            uid: uidOf(`owner:${scenario.name}:${p.ownerName}`),
            controller: true,
            blockOwnerDeletion: true,
          },
        ]
      : undefined;
  return {
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: uidOf(`pod:${scenario.name}:${p.namespace}/${p.name}`),
      creationTimestamp: iso(created),
      labels: { ...p.labels },
      ...(owner ? { ownerReferences: owner } : {}),
    },
    spec: {
      containers: [
        {
          name: p.container,
          image: p.image,
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      nodeName: p.nodeName,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: iso(created) },
        {
          type: 'Ready',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: iso(new Date(created.getTime() + 5000)),
        },
        {
          type: 'ContainersReady',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: iso(new Date(created.getTime() + 5000)),
        },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: iso(created) },
      ],
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: iso(created),
      containerStatuses: [
        {
          name: p.container,
          ready: true,
          started: true,
          restartCount: 0,
          image: p.image.split('@')[0],
          imageID: `${p.image.split(':')[0]}@${imageDigest(p.image)}`,
          containerID: `containerd://${containerId(`${scenario.name}:${p.name}`)}`,
          state: { running: { startedAt: iso(new Date(created.getTime() + 3000)) } },
          lastState: {},
        },
      ],
      qosClass: 'BestEffort',
    },
  };
}

function daemonSetObject(d: {
  ns: string;
  uid: string;
  created: Date;
  version: string;
  generation: number;
  desired: number;
  ready: number;
  updated: number;
}): Record<string, any> {
  const labels = {
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/name': 'cilium-agent',
    'app.kubernetes.io/part-of': 'cilium',
    'k8s-app': 'cilium',
  };
  return {
    metadata: {
      name: 'cilium',
      namespace: d.ns,
      uid: d.uid,
      generation: d.generation,
      creationTimestamp: iso(d.created),
      labels,
      annotations: {
        'deprecated.daemonset.template.generation': String(d.generation),
        'meta.helm.sh/release-name': 'cilium',
        'meta.helm.sh/release-namespace': d.ns,
      },
    },
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: { 'k8s-app': 'cilium' } },
      template: agentPodTemplate(ciliumImage(d.version), { ...AGENT_LABELS }, d.version),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 2 } },
    },
    status: {
      currentNumberScheduled: d.desired,
      desiredNumberScheduled: d.desired,
      numberAvailable: d.ready,
      numberMisscheduled: 0,
      numberReady: d.ready,
      ...(d.desired - d.ready > 0 ? { numberUnavailable: d.desired - d.ready } : {}),
      observedGeneration: d.generation,
      updatedNumberScheduled: d.updated,
    },
  };
}

function deploymentObject(
  ns: string,
  name: string,
  labels: Record<string, string>,
  image: string,
  container: string,
  created: Date,
  scenarioName: string,
): Record<string, any> {
  const selector = Object.fromEntries(Object.entries(labels).filter(([k]) => k !== 'pod-template-hash'));
  const replicas = name === 'coredns' ? 2 : 1;
  return {
    metadata: {
      name,
      namespace: ns,
      uid: uidOf(`deploy:${scenarioName}:${name}`),
      generation: 1,
      creationTimestamp: iso(created),
      labels: selector,
    },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: selector }, spec: { containers: [{ name: container, image }] } },
    },
    status: {
      availableReplicas: replicas,
      readyReplicas: replicas,
      replicas,
      updatedReplicas: replicas,
      observedGeneration: 1,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
      ],
    },
  };
}

/** Checks a scenario for mistakes that would make the fixture lie (used at start-up). */
export function validateScenario(s: Scenario): void {
  const m = /^v?(\d+)\.(\d+)/.exec(s.kubernetesVersion);
  if (!m || Number(m[1]) !== 1 || Number(m[2]) < 30) {
    throw new Error(
      `scenario ${s.name}: kubernetesVersion ${s.kubernetesVersion} must be >= 1.30 (kubectl then uses WebSocket exec, the only exec protocol this server speaks)`,
    );
  }
  const names = new Set<string>();
  for (const n of s.nodes) {
    if (names.has(n.name)) throw new Error(`scenario ${s.name}: duplicate node ${n.name}`);
    names.add(n.name);
    if (n.agent?.state === 'running' && !n.agent.truth)
      throw new Error(`scenario ${s.name}: running agent on ${n.name} has no truth`);
  }
  if (s.cilium) {
    for (const n of s.nodes)
      if (n.agent && !atLeast(n.agent.version, '1.9'))
        throw new Error(`scenario ${s.name}: agent version ${n.agent.version}`);
  }
}
