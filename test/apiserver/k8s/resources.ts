/**
 * The API resources the fake server advertises, and the legacy discovery documents built from
 * them (`/api`, `/api/v1`, `/apis`, `/apis/<group>`, `/apis/<group>/<version>`).
 *
 * kubectl asks for aggregated discovery first (`Accept: application/json;g=apidiscovery.k8s.io;
 * v=v2;as=APIGroupDiscoveryList, …, application/json`); answering with plain `application/json`
 * `APIVersions` / `APIGroupList` makes client-go fall back to fetching each group version.
 *
 * Which cilium.io versions serve which kinds depends on the Cilium release whose CRDs are installed
 * (CiliumNodeConfig: v2alpha1 from 1.13, v2 from 1.16; host-routing-spec §2.10).
 */
import { atLeast } from '../cilium/version';

export interface ResourceDef {
  group: string; // '' = core
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** subresources such as `exec`, `log`, `status` */
  subresources?: Array<{ name: string; kind: string; verbs: string[] }>;
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function core(
  plural: string,
  singular: string,
  kind: string,
  namespaced: boolean,
  shortNames?: string[],
  extra: Partial<ResourceDef> = {},
): ResourceDef {
  return { group: '', version: 'v1', plural, singular, kind, namespaced, shortNames, ...extra };
}

export const CORE_RESOURCES: ResourceDef[] = [
  core('configmaps', 'configmap', 'ConfigMap', true, ['cm']),
  core('endpoints', 'endpoints', 'Endpoints', true, ['ep']),
  core('events', 'event', 'Event', true, ['ev']),
  core('limitranges', 'limitrange', 'LimitRange', true, ['limits']),
  core('namespaces', 'namespace', 'Namespace', false, ['ns'], {
    subresources: [{ name: 'status', kind: 'Namespace', verbs: ['get', 'patch', 'update'] }],
  }),
  core('nodes', 'node', 'Node', false, ['no'], {
    subresources: [{ name: 'status', kind: 'Node', verbs: ['get', 'patch', 'update'] }],
  }),
  core('persistentvolumeclaims', 'persistentvolumeclaim', 'PersistentVolumeClaim', true, ['pvc']),
  core('persistentvolumes', 'persistentvolume', 'PersistentVolume', false, ['pv']),
  core('pods', 'pod', 'Pod', true, ['po'], {
    categories: ['all'],
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'eviction', kind: 'Eviction', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    ],
  }),
  core('podtemplates', 'podtemplate', 'PodTemplate', true),
  core('replicationcontrollers', 'replicationcontroller', 'ReplicationController', true, ['rc'], {
    categories: ['all'],
  }),
  core('resourcequotas', 'resourcequota', 'ResourceQuota', true, ['quota']),
  core('secrets', 'secret', 'Secret', true),
  core('serviceaccounts', 'serviceaccount', 'ServiceAccount', true, ['sa']),
  core('services', 'service', 'Service', true, ['svc'], { categories: ['all'] }),
];

export const APPS_RESOURCES: ResourceDef[] = [
  {
    group: 'apps',
    version: 'v1',
    plural: 'controllerrevisions',
    singular: 'controllerrevision',
    kind: 'ControllerRevision',
    namespaced: true,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
  },
];

export const AUTHZ_RESOURCES: ResourceDef[] = [
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    plural: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
  },
];

export const APIEXT_RESOURCES: ResourceDef[] = [
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
  },
];

interface CiliumKind {
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** first release serving it in v2alpha1 / v2 (undefined = never) */
  v2alpha1?: string;
  v2?: string;
}

const CILIUM_KINDS: CiliumKind[] = [
  {
    plural: 'ciliumclusterwidenetworkpolicies',
    singular: 'ciliumclusterwidenetworkpolicy',
    kind: 'CiliumClusterwideNetworkPolicy',
    namespaced: false,
    shortNames: ['ccnp'],
    categories: ['cilium', 'ciliumpolicy'],
    v2: '1.0',
  },
  {
    plural: 'ciliumendpoints',
    singular: 'ciliumendpoint',
    kind: 'CiliumEndpoint',
    namespaced: true,
    shortNames: ['cep', 'ciliumep'],
    categories: ['cilium'],
    v2: '1.0',
  },
  {
    plural: 'ciliumexternalworkloads',
    singular: 'ciliumexternalworkload',
    kind: 'CiliumExternalWorkload',
    namespaced: false,
    shortNames: ['cew'],
    categories: ['cilium'],
    v2: '1.9',
  },
  {
    plural: 'ciliumidentities',
    singular: 'ciliumidentity',
    kind: 'CiliumIdentity',
    namespaced: false,
    shortNames: ['ciliumid'],
    categories: ['cilium'],
    v2: '1.0',
  },
  {
    plural: 'ciliumnetworkpolicies',
    singular: 'ciliumnetworkpolicy',
    kind: 'CiliumNetworkPolicy',
    namespaced: true,
    shortNames: ['cnp', 'ciliumnp'],
    categories: ['cilium', 'ciliumpolicy'],
    v2: '1.0',
  },
  {
    plural: 'ciliumnodes',
    singular: 'ciliumnode',
    kind: 'CiliumNode',
    namespaced: false,
    shortNames: ['cn', 'ciliumn'],
    categories: ['cilium'],
    v2: '1.0',
  },
  {
    plural: 'ciliumnodeconfigs',
    singular: 'ciliumnodeconfig',
    kind: 'CiliumNodeConfig',
    namespaced: true,
    categories: ['cilium'],
    v2alpha1: '1.13',
    v2: '1.16',
  },
  {
    plural: 'ciliumendpointslices',
    singular: 'ciliumendpointslice',
    kind: 'CiliumEndpointSlice',
    namespaced: false,
    shortNames: ['ces'],
    categories: ['cilium'],
    v2alpha1: '1.11',
  },
  {
    plural: 'ciliumloadbalancerippools',
    singular: 'ciliumloadbalancerippool',
    kind: 'CiliumLoadBalancerIPPool',
    namespaced: false,
    shortNames: ['ippools', 'ippool', 'lbippool', 'lbippools'],
    categories: ['cilium'],
    v2alpha1: '1.13',
    v2: '1.17',
  },
  {
    plural: 'ciliumcidrgroups',
    singular: 'ciliumcidrgroup',
    kind: 'CiliumCIDRGroup',
    namespaced: false,
    shortNames: ['ccg'],
    categories: ['cilium'],
    v2alpha1: '1.14',
  },
  {
    plural: 'ciliumbgppeeringpolicies',
    singular: 'ciliumbgppeeringpolicy',
    kind: 'CiliumBGPPeeringPolicy',
    namespaced: false,
    shortNames: ['bgpp'],
    categories: ['cilium', 'ciliumbgp'],
    v2alpha1: '1.12',
  },
];

/** cilium.io resources served by the CRDs of Cilium `crdVersion` (null: no cilium.io group). */
export function ciliumResources(crdVersion: string | null): ResourceDef[] {
  if (crdVersion === null) return [];
  const out: ResourceDef[] = [];
  for (const k of CILIUM_KINDS) {
    for (const version of ['v2', 'v2alpha1'] as const) {
      const since = k[version];
      if (since === undefined || !atLeast(crdVersion, since)) continue;
      out.push({
        group: 'cilium.io',
        version,
        plural: k.plural,
        singular: k.singular,
        kind: k.kind,
        namespaced: k.namespaced,
        shortNames: k.shortNames,
        categories: k.categories,
        subresources:
          k.plural === 'ciliumnodes' || k.plural.endsWith('policies')
            ? [{ name: 'status', kind: k.kind, verbs: ['get', 'patch', 'update'] }]
            : undefined,
      });
    }
  }
  return out;
}

export function allResources(crdVersion: string | null): ResourceDef[] {
  return [
    ...CORE_RESOURCES,
    ...APPS_RESOURCES,
    ...APIEXT_RESOURCES,
    ...AUTHZ_RESOURCES,
    ...ciliumResources(crdVersion),
  ];
}

/** `apiVersion` of a resource: `v1`, `apps/v1`, `cilium.io/v2` */
export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

// ---------------------------------------------------------------------------------------------
// discovery documents

export function apiVersionsDoc(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupVersions(resources: ResourceDef[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of resources) {
    if (r.group === '') continue;
    const list = groups.get(r.group) ?? [];
    if (!list.includes(r.version)) list.push(r.version);
    groups.set(r.group, list);
  }
  // preferred (first) version: v2 before v2alpha1, v1 before anything else
  for (const list of groups.values()) list.sort((a, b) => versionPriority(b) - versionPriority(a));
  return groups;
}

function versionPriority(v: string): number {
  const m = /^v(\d+)(alpha|beta)?(\d*)$/.exec(v);
  if (!m) return 0;
  const major = Number(m[1]) * 1000;
  const stage = m[2] === undefined ? 900 : m[2] === 'beta' ? 500 : 100;
  return major + stage + (m[3] ? Number(m[3]) : 0);
}

function apiGroupDoc(group: string, versions: string[]): Record<string, unknown> {
  const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupListDoc(resources: ResourceDef[]): unknown {
  const groups = groupVersions(resources);
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups.entries()].map(([g, vs]) => apiGroupDoc(g, vs)),
  };
}

export function apiGroupDocFor(resources: ResourceDef[], group: string): unknown | undefined {
  const vs = groupVersions(resources).get(group);
  if (!vs) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroupDoc(group, vs) };
}

export function apiResourceListDoc(resources: ResourceDef[], group: string, version: string): unknown | undefined {
  const rs = resources.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const list: Array<Record<string, unknown>> = [];
  for (const r of [...rs].sort((a, b) => (a.plural < b.plural ? -1 : 1))) {
    const entry: Record<string, unknown> = {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.group === 'authorization.k8s.io' ? ['create'] : RW,
    };
    if (r.shortNames) entry['shortNames'] = r.shortNames;
    if (r.categories) entry['categories'] = r.categories;
    entry['storageVersionHash'] = Buffer.from(`${group}/${version}/${r.plural}`).toString('base64').slice(0, 11);
    list.push(entry);
    for (const s of r.subresources ?? []) {
      list.push({
        name: `${r.plural}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: s.kind,
        verbs: s.verbs,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: list,
  };
}
