// The benchmark's inputs: the chart's own defaults (read in place from ../shared when it is
// there), a typical user values file, a 20,000-line synthetic values file and a rendered
// multi-document manifest holding the cilium-config ConfigMap. Everything except the chart
// file is written here or generated deterministically, so every run measures the same text.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A values file as a platform team keeps it for one production cluster (80 lines). */
export const USER_VALUES = `# Cilium for the prod-eu-1 cluster (bare metal, BGP to the top-of-rack switches).
# Managed by the platform team; change through a merge request, not by hand.
cluster:
  name: prod-eu-1
  id: 12

k8sServiceHost: api.prod-eu-1.example.internal
k8sServicePort: 6443
kubeProxyReplacement: true

routingMode: native
ipv4NativeRoutingCIDR: 10.32.0.0/12
autoDirectNodeRoutes: false
enableIPv4Masquerade: true
bpf:
  masquerade: true
  preallocateMaps: true
  mapDynamicSizeRatio: 0.005

ipam:
  mode: cluster-pool
  operator:
    clusterPoolIPv4PodCIDRList:
      - 10.32.0.0/12
    clusterPoolIPv4MaskSize: 24

bgpControlPlane:
  enabled: true

loadBalancer:
  algorithm: maglev
  mode: dsr
  acceleration: disabled

bandwidthManager:
  enabled: true
  bbr: false

hubble:
  enabled: true
  metrics:
    enabled:
      - dns
      - drop
      - tcp
      - flow
      - icmp
  relay:
    enabled: true
    replicas: 2
  ui:
    enabled: true

operator:
  replicas: 2
  resources:
    requests:
      cpu: 100m
      memory: 128Mi

resources:
  requests:
    cpu: 200m
    memory: 512Mi
  limits:
    memory: 2Gi

prometheus:
  enabled: true
  serviceMonitor:
    enabled: true

tolerations:
  - operator: Exists

podAnnotations:
  team: platform
  cost-centre: "4711"

rollOutCiliumPods: true
`;

/** A small deterministic generator (mulberry32), so the synthetic file is the same in every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'agent',
  'operator',
  'relay',
  'proxy',
  'envoy',
  'monitor',
  'policy',
  'identity',
  'endpoint',
  'service',
  'tunnel',
  'gateway',
  'mesh',
  'health',
  'metrics',
  'cache',
  'queue',
  'backend',
  'frontend',
  'route',
];

/**
 * About `lines` lines of values in the chart's own style: comment blocks, nested maps, lists,
 * quoted and plain scalars. The Cilium keys a real file has come first and `bpf.masquerade` sits
 * in the middle; the bulk lives under free-form maps the chart accepts (`extraConfig`,
 * `podAnnotations`-like maps under `extraObjects`), so both servers see a valid file.
 */
export function syntheticValues(lines = 20_000) {
  const r = rng(0xc111);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const out = [
    '# Synthetic values file for the benchmark (generated, deterministic).',
    'kubeProxyReplacement: true',
    'routingMode: tunnel',
    'tunnelProtocol: vxlan',
    'enableIPv4Masquerade: true',
    'extraConfig:',
  ];
  let section = 0;
  const half = Math.floor(lines / 2);
  let placedBpf = false;
  while (out.length < lines - 4) {
    if (!placedBpf && out.length >= half) {
      // Close the free-form map, put the datapath keys in the middle, open another one.
      out.push(
        'bpf:',
        '  # -- Masquerade with eBPF instead of iptables.',
        '  masquerade: true',
        '  preallocateMaps: false',
        'podAnnotations:',
      );
      placedBpf = true;
      continue;
    }
    section++;
    const name = `${pick(WORDS)}-${section}`;
    out.push(`  # -- Settings for the ${name} component.`, `  # Generated block ${section}.`, `  ${name}:`);
    const keys = 3 + Math.floor(r() * 6);
    for (let k = 0; k < keys && out.length < lines - 4; k++) {
      const key = `${pick(WORDS)}${k}`;
      switch (Math.floor(r() * 5)) {
        case 0:
          out.push(`    ${key}: ${r() < 0.5 ? 'true' : 'false'}`);
          break;
        case 1:
          out.push(`    ${key}: ${Math.floor(r() * 100000)}`);
          break;
        case 2:
          out.push(`    ${key}: "${pick(WORDS)}.${pick(WORDS)}.example.internal"`);
          break;
        case 3:
          out.push(`    ${key}:`);
          for (let i = 0, n = 1 + Math.floor(r() * 3); i < n; i++)
            out.push(`      - ${pick(WORDS)}-${Math.floor(r() * 1000)}`);
          break;
        default:
          out.push(
            `    ${key}:`,
            `      enabled: ${r() < 0.5}`,
            `      port: ${1024 + Math.floor(r() * 60000)}`,
            `      name: ${pick(WORDS)}`,
          );
      }
    }
  }
  while (out.length < lines) out.push(`  # padding ${out.length}`);
  return out.slice(0, lines).join('\n') + '\n';
}

/**
 * `helm template` output for a Cilium install: service accounts, the cilium-config ConfigMap,
 * RBAC, services, the DaemonSet and the operator Deployment — the ConfigMap is what is analysed.
 * About 1,750 lines.
 */
export function renderedManifest() {
  const docs = [];
  const sa = (name) =>
    `---\n# Source: cilium/templates/${name}/serviceaccount.yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: "${name}"\n  namespace: kube-system\n`;
  docs.push(sa('cilium'), sa('cilium-envoy'), sa('cilium-operator'), sa('hubble-relay'));
  const data = {
    'identity-allocation-mode': 'crd',
    debug: 'false',
    'enable-policy': 'default',
    'prometheus-serve-addr': '":9962"',
    'proxy-prometheus-port': '"9964"',
    'enable-ipv4': '"true"',
    'enable-ipv6': '"false"',
    'custom-cni-conf': '"false"',
    'enable-bpf-clock-probe': '"false"',
    'monitor-aggregation': 'medium',
    'monitor-aggregation-interval': '"5s"',
    'monitor-aggregation-flags': 'all',
    'bpf-map-dynamic-size-ratio': '"0.0025"',
    'bpf-policy-map-max': '"16384"',
    'bpf-lb-map-max': '"65536"',
    'bpf-lb-external-clusterip': '"false"',
    'preallocate-bpf-maps': '"false"',
    'cluster-name': 'default',
    'cluster-id': '"0"',
    'routing-mode': '"tunnel"',
    'tunnel-protocol': '"vxlan"',
    'enable-ipv4-masquerade': '"true"',
    'enable-ipv6-masquerade': '"true"',
    'enable-bpf-masquerade': '"false"',
    'enable-masquerade-to-route-source': '"false"',
    'enable-xt-socket-fallback': '"true"',
    'install-no-conntrack-iptables-rules': '"false"',
    'auto-direct-node-routes': '"false"',
    'kube-proxy-replacement': '"true"',
    'kube-proxy-replacement-healthz-bind-address': '""',
    'bpf-lb-sock': '"false"',
    'enable-health-check-nodeport': '"true"',
    'node-port-bind-protection': '"true"',
    'enable-auto-protect-node-port-range': '"true"',
    'bpf-lb-acceleration': 'disabled',
    'enable-svc-source-range-check': '"true"',
    'enable-l2-neigh-discovery': '"true"',
    'arping-refresh-period': '"30s"',
    'enable-endpoint-health-checking': '"true"',
    'enable-health-checking': '"true"',
    'enable-well-known-identities': '"false"',
    'enable-remote-node-identity': '"true"',
    'synchronize-k8s-nodes': '"true"',
    'operator-api-serve-addr': '"127.0.0.1:9234"',
    ipam: '"cluster-pool"',
    'cluster-pool-ipv4-cidr': '"10.0.0.0/8"',
    'cluster-pool-ipv4-mask-size': '"24"',
    'enable-l7-proxy': '"true"',
    'enable-ipv4-fragment-tracking': '"true"',
    'enable-hubble': '"true"',
    'hubble-socket-path': '"/var/run/cilium/hubble.sock"',
    'hubble-listen-address': '":4244"',
    'hubble-disable-tls': '"false"',
    'enable-k8s-networkpolicy': '"true"',
    'write-cni-conf-when-ready': '/host/etc/cni/net.d/05-cilium.conflist',
    'cni-exclusive': '"true"',
    'cni-log-file': '"/var/run/cilium/cilium-cni.log"',
    'nodes-gc-interval': '"5m0s"',
    'agent-not-ready-taint-key': '"node.cilium.io/agent-not-ready"',
  };
  docs.push(
    `---\n# Source: cilium/templates/cilium-configmap.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n` +
      Object.entries(data)
        .map(([k, v]) => `\n  # ${k.replace(/-/g, ' ')}\n  ${k}: ${v}`)
        .join('') +
      '\n',
  );
  const rule = (groups, resources, verbs) =>
    `- apiGroups:\n  - ${groups}\n  resources:\n${resources.map((x) => `  - ${x}`).join('\n')}\n  verbs:\n${verbs.map((x) => `  - ${x}`).join('\n')}\n`;
  for (const role of ['cilium', 'cilium-operator', 'hubble-relay', 'cilium-envoy']) {
    let body = `---\n# Source: cilium/templates/${role}/clusterrole.yaml\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${role}\nrules:\n`;
    for (let i = 0; i < 12; i++)
      body += rule(
        i % 2 ? 'cilium.io' : '""',
        [`resource${i}a`, `resource${i}b`, `resource${i}c`],
        ['get', 'list', 'watch', ...(i % 3 ? [] : ['update', 'patch'])],
      );
    docs.push(body);
    docs.push(
      `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${role}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${role}\nsubjects:\n- kind: ServiceAccount\n  name: "${role}"\n  namespace: kube-system\n`,
    );
  }
  const container = (name, indent) => {
    const p = ' '.repeat(indent);
    let s = `${p}- name: ${name}\n${p}  image: "quay.io/cilium/${name}:v1.20.0"\n${p}  imagePullPolicy: IfNotPresent\n${p}  command:\n${p}  - ${name}\n${p}  args:\n${p}  - --config-dir=/tmp/cilium/config-map\n${p}  env:\n`;
    for (let i = 0; i < 14; i++)
      s += `${p}  - name: ENV_${name.toUpperCase().replace(/-/g, '_')}_${i}\n${p}    valueFrom:\n${p}      fieldRef:\n${p}        apiVersion: v1\n${p}        fieldPath: metadata.name\n`;
    s += `${p}  securityContext:\n${p}    capabilities:\n${p}      add:\n${p}      - NET_ADMIN\n${p}      - SYS_MODULE\n${p}      drop:\n${p}      - ALL\n${p}  volumeMounts:\n`;
    for (let i = 0; i < 10; i++)
      s += `${p}  - name: volume-${i}\n${p}    mountPath: /var/lib/${name}/${i}\n${p}    readOnly: ${i % 2 === 0}\n`;
    return s;
  };
  let ds = `---\n# Source: cilium/templates/cilium-agent/daemonset.yaml\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: cilium\n  namespace: kube-system\n  labels:\n    k8s-app: cilium\nspec:\n  selector:\n    matchLabels:\n      k8s-app: cilium\n  template:\n    metadata:\n      labels:\n        k8s-app: cilium\n    spec:\n      containers:\n`;
  for (const c of [
    'cilium-agent',
    'config',
    'mount-cgroup',
    'apply-sysctl-overwrites',
    'mount-bpf-fs',
    'clean-cilium-state',
    'install-cni-binaries',
  ])
    ds += container(c, 6);
  ds += '      volumes:\n';
  for (let i = 0; i < 10; i++)
    ds += `      - name: volume-${i}\n        hostPath:\n          path: /var/lib/cilium/${i}\n          type: DirectoryOrCreate\n`;
  docs.push(ds);
  let op = `---\n# Source: cilium/templates/cilium-operator/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cilium-operator\n  namespace: kube-system\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n`;
  op += container('cilium-operator', 6);
  docs.push(op);
  return docs.join('');
}

/** The 1.20 development chart's values.yaml beside the repository, or undefined. */
export function chartValues(repoRoot) {
  const dir = resolve(repoRoot, '..', 'shared', 'cilium', 'charts', '1.20.0-dev');
  const values = join(dir, 'values.yaml');
  const schema = join(dir, 'values.schema.json');
  if (!existsSync(values)) return undefined;
  return { text: readFileSync(values, 'utf8'), values, schema: existsSync(schema) ? schema : undefined };
}

/** The chart schema to give yaml-language-server: the 1.20-dev one, else the newest chart that has one. */
export function chartSchema(repoRoot) {
  const charts = resolve(repoRoot, '..', 'shared', 'cilium', 'charts');
  if (!existsSync(charts)) return undefined;
  for (const v of ['1.20.0-dev', '1.19.0-dev', '1.18.3', '1.17.8', '1.16.15']) {
    const p = join(charts, v, 'values.schema.json');
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** 50 different small values files (variations of the user file) for the memory run. */
export function manyUserFiles(n = 50) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(
      USER_VALUES.replace('prod-eu-1', `cluster-${i}`)
        .replace('id: 12', `id: ${i + 1}`)
        .replace('replicas: 2\n  resources', `replicas: ${1 + (i % 3)}\n  resources`)
        .replace('memory: 512Mi', `memory: ${256 + i * 8}Mi`),
    );
  }
  return out;
}
