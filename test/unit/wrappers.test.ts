/** Wrapped Cilium releases: detection per wrapper kind, exact positions inside strings, edit mapping. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findWrappedReleases, type WrappedRelease } from '../../server/src/core/parse/wrappers';
import type { Range } from '../../server/src/core/types';

const slice = (text: string, r: Range) => text.slice(r.start.offset, r.end.offset);

/** The range's line/character agree with its offsets. */
function consistent(text: string, r: Range): void {
  for (const p of [r.start, r.end]) {
    const before = text.slice(0, p.offset);
    const line = before.split('\n').length - 1;
    const character = p.offset - (before.lastIndexOf('\n') + 1);
    assert.deepEqual({ line: p.line, character: p.character }, { line, character }, `offset ${p.offset}`);
  }
}

function one(file: string, text: string, read?: Parameters<typeof findWrappedReleases>[2]): WrappedRelease {
  const s = findWrappedReleases(file, text, read);
  assert.equal(s.problem, undefined, s.problem?.message);
  assert.equal(s.releases.length, 1, `releases: ${s.releases.map((r) => r.kind).join(', ')}`);
  return s.releases[0];
}

function applyEdits(text: string, edits: Array<{ range: Range; newText: string }>): string {
  return [...edits]
    .sort((a, b) => b.range.start.offset - a.range.start.offset)
    .reduce((t, e) => t.slice(0, e.range.start.offset) + e.newText + t.slice(e.range.end.offset), text);
}

const HELM_RELEASE = `---
apiVersion: v1
kind: Namespace
metadata:
  name: kube-system
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cilium
  namespace: kube-system
spec:
  interval: 10m
  chart:
    spec:
      chart: cilium
      version: "1.13.4"
      sourceRef:
        kind: HelmRepository
        name: cilium
  valuesFrom:
    - kind: ConfigMap
      name: cilium-base
    - kind: Secret
      name: cilium-secret-values
  values:
    kubeProxyReplacement: strict
    bpf:
      masquerade: false
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-base
  namespace: kube-system
data:
  values.yaml: |
    routingMode: native
    ipv4NativeRoutingCIDR: 10.0.0.0/8
`;

test('Flux HelmRelease: values, valuesFrom ConfigMap in the same file, unseen Secret, exact version', () => {
  const r = one('hr.yaml', HELM_RELEASE);
  assert.equal(r.kind, 'HelmRelease');
  assert.equal(r.name, 'cilium');
  assert.equal(r.namespace, 'kube-system');
  assert.equal(r.docIndex, 1);
  assert.equal(r.version?.raw, '1.13.4');
  assert.equal(r.version?.kind, 'exact');
  assert.equal(r.version?.source, 'HelmRelease');
  assert.equal(slice(HELM_RELEASE, r.version!.range!), '"1.13.4"');
  assert.deepEqual(
    r.layers.map((l) => [l.origin, l.style]),
    [
      ['ConfigMap cilium-base key values.yaml', 'literal'],
      ['spec.values', 'map'],
    ],
  );
  assert.deepEqual(r.values, {
    routingMode: 'native',
    ipv4NativeRoutingCIDR: '10.0.0.0/8',
    kubeProxyReplacement: 'strict',
    bpf: { masquerade: false },
  });
  const masq = r.layers[1].input.locations.get('bpf.masquerade')!;
  assert.equal(slice(HELM_RELEASE, masq.key), 'masquerade');
  assert.equal(slice(HELM_RELEASE, masq.value), 'false');
  consistent(HELM_RELEASE, masq.value);
  const rm = r.layers[0].input.locations.get('routingMode')!;
  assert.equal(slice(HELM_RELEASE, rm.key), 'routingMode');
  assert.equal(slice(HELM_RELEASE, rm.value), 'native');
  assert.equal(rm.key.start.line, 37);
  assert.equal(rm.key.start.character, 4);
  assert.equal(r.unresolved.length, 1);
  assert.match(r.unresolved[0].message, /Secret cilium-secret-values/);
  assert.equal(r.unresolved[0].field, 'spec.valuesFrom[1]');
});

test('Flux HelmRelease: semver range, chartRef to an OCIRepository, other charts ignored', () => {
  const ranged = HELM_RELEASE.replace('"1.13.4"', '">=1.14.0 <1.16.0"');
  const r = one('hr.yaml', ranged);
  assert.equal(r.version?.kind, 'range');
  assert.ok(r.version?.constraint);
  const oci = `apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata:
  name: cilium-chart
spec:
  url: oci://quay.io/cilium/charts/cilium
  ref:
    semver: "~1.15.0"
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cni
spec:
  chartRef:
    kind: OCIRepository
    name: cilium-chart
  values:
    ipam:
      mode: kubernetes
`;
  const o = one('oci.yaml', oci);
  assert.equal(o.version?.raw, '~1.15.0');
  assert.equal(o.version?.kind, 'range');
  assert.equal(o.version?.field, 'OCIRepository spec.ref.semver');
  const noSource = oci.split('---\n')[1];
  const n = one('oci2.yaml', noSource);
  assert.equal(n.version?.kind, 'unknown');
  assert.match(n.version!.note!, /not in this file/);
  const other = HELM_RELEASE.replace('chart: cilium', 'chart: ingress-nginx');
  assert.equal(findWrappedReleases('x.yaml', other).releases.length, 0);
});

test('Flux HelmRelease without spec.values: empty values, a fix adds spec.values under spec', () => {
  const text = `apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata:
  name: cilium
spec:
  chart:
    spec:
      chart: cilium
      version: 1.16.x
`;
  const r = one('bare.yaml', text);
  assert.deepEqual(r.values, {});
  assert.equal(r.version?.kind, 'range');
  const layer = r.layers[r.layers.length - 1];
  const edits = layer.mapEdits([
    {
      file: 'bare.yaml',
      range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } },
      newText: 'bpf:\n  masquerade: true\n',
    },
  ]);
  assert.ok(edits);
  const out = applyEdits(text, edits!);
  assert.match(out, /\nspec:\n {2}values:\n {4}bpf:\n {6}masquerade: true\n {2}chart:/);
  const again = one('bare.yaml', out);
  assert.deepEqual(again.values, { bpf: { masquerade: true } });
});

const RKE2 = `# RKE2 server manifest
apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: rke2-cilium
  namespace: kube-system
spec:
  valuesContent: |-
    kubeProxyReplacement: true
    k8sServiceHost: 192.168.1.10
    bpf:
      masquerade: false
    hostFirewall:
      enabled: true
`;

test('RKE2 HelmChartConfig: valuesContent block scalar with exact positions', () => {
  const r = one('rke2.yaml', RKE2);
  assert.equal(r.kind, 'HelmChartConfig');
  assert.equal(r.name, 'rke2-cilium');
  assert.equal(r.version?.kind, 'unknown');
  assert.equal(r.layers[0].style, 'literal');
  assert.equal(r.layers[0].exact, true);
  const l = r.layers[0].input.locations;
  for (const [path, key, value, line, ch] of [
    ['kubeProxyReplacement', 'kubeProxyReplacement', 'true', 8, 4],
    ['k8sServiceHost', 'k8sServiceHost', '192.168.1.10', 9, 4],
    ['bpf.masquerade', 'masquerade', 'false', 11, 6],
    ['hostFirewall.enabled', 'enabled', 'true', 13, 6],
  ] as const) {
    const loc = l.get(path)!;
    assert.ok(loc, path);
    assert.equal(slice(RKE2, loc.key), key);
    assert.equal(slice(RKE2, loc.value), value);
    assert.equal(loc.key.start.line, line, path);
    assert.equal(loc.key.start.character, ch, path);
    consistent(RKE2, loc.key);
    consistent(RKE2, loc.value);
  }
  assert.deepEqual(r.values, {
    kubeProxyReplacement: true,
    k8sServiceHost: '192.168.1.10',
    bpf: { masquerade: false },
    hostFirewall: { enabled: true },
  });
});

test('edits inside a valuesContent block keep its indentation', () => {
  const r = one('rke2.yaml', RKE2);
  const layer = r.layers[0];
  const inner = layer.inner!;
  const loc = inner.input.locations.get('bpf.masquerade')!;
  assert.equal(inner.text.slice(loc.value.start.offset, loc.value.end.offset), 'false');
  // replace a value
  const replaced = applyEdits(RKE2, layer.mapEdits([{ file: 'x', range: loc.value, newText: 'true' }])!);
  assert.deepEqual(one('rke2.yaml', replaced).values.bpf, { masquerade: true });
  // insert a nested key after masquerade (what fix.ts does for a sibling)
  const eol = inner.text.indexOf('\n', loc.value.end.offset);
  const at = { line: 0, character: 0, offset: eol };
  const inserted = applyEdits(
    RKE2,
    layer.mapEdits([{ file: 'x', range: { start: at, end: at }, newText: '\n  hostLegacyRouting: false' }])!,
  );
  assert.match(inserted, /\n {6}masquerade: false\n {6}hostLegacyRouting: false\n {4}hostFirewall:/);
  // append at the end of a `|-` block (top-level key)
  const end = { line: 0, character: 0, offset: inner.text.length };
  const appended = applyEdits(
    RKE2,
    layer.mapEdits([{ file: 'x', range: { start: end, end }, newText: '\nroutingMode: native\n' }])!,
  );
  assert.ok(appended.endsWith('      enabled: true\n    routingMode: native\n'), JSON.stringify(appended.slice(-80)));
  assert.equal(one('rke2.yaml', appended).values.routingMode, 'native');
  // delete a whole line
  const k8s = inner.input.locations.get('k8sServiceHost')!;
  const ls = k8s.key.start.offset;
  const le = inner.text.indexOf('\n', k8s.value.end.offset) + 1;
  const deleted = applyEdits(
    RKE2,
    layer.mapEdits([
      {
        file: 'x',
        range: { start: { line: 0, character: 0, offset: ls }, end: { line: 0, character: 0, offset: le } },
        newText: '',
      },
    ])!,
  );
  assert.equal(one('rke2.yaml', deleted).values.k8sServiceHost, undefined);
  assert.match(deleted, /kubeProxyReplacement: true\n {4}bpf:/);
});

test('k3s HelmChart with valuesContent, spec.set and its HelmChartConfig: one release, merge order', () => {
  const text = `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: cilium
  namespace: kube-system
spec:
  repo: https://helm.cilium.io/
  chart: cilium
  version: 1.15.6
  set:
    bpf.masquerade: "true"
    operator.replicas: 1
    tunnelProtocol: geneve
  valuesContent: |
    bpf:
      masquerade: false
    routingMode: tunnel
---
apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: cilium
  namespace: kube-system
spec:
  valuesContent: |
    routingMode: native
`;
  const r = one('k3s.yaml', text);
  assert.equal(r.kind, 'HelmChart');
  assert.equal(r.version?.raw, '1.15.6');
  assert.deepEqual(
    r.layers.map((l) => l.origin),
    ['spec.valuesContent', 'HelmChartConfig cilium spec.valuesContent', 'spec.set'],
  );
  assert.deepEqual(r.values, {
    bpf: { masquerade: true },
    routingMode: 'native',
    operator: { replicas: 1 },
    tunnelProtocol: 'geneve',
  });
  const set = r.layers[2].input.locations.get('bpf.masquerade')!;
  assert.equal(slice(text, set.key), 'bpf.masquerade');
  assert.equal(slice(text, set.value), '"true"');
  const cfg = r.layers[1].input.locations.get('routingMode')!;
  assert.equal(cfg.key.start.line, 25);
  assert.equal(slice(text, cfg.value), 'native');
  // a set value can be replaced, not a new key added
  assert.ok(r.layers[2].mapEdits([{ file: 'k3s.yaml', range: set.value, newText: 'false' }]));
  assert.equal(
    r.layers[2].mapEdits([
      { file: 'k3s.yaml', range: { start: set.value.end, end: set.value.end }, newText: '\nx: 1' },
    ]),
    undefined,
  );
});

test('Argo CD Application: values string, parameters, targetRevision; valuesObject wins over values', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: cilium
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://helm.cilium.io/
    chart: cilium
    targetRevision: 1.14.5
    helm:
      releaseName: cilium
      valueFiles:
        - values-prod.yaml
      values: |
        kubeProxyReplacement: "true"
        bpf:
          masquerade: true
      parameters:
        - name: bpf.masquerade
          value: "false"
        - name: ipam.mode
          value: kubernetes
          forceString: true
  destination:
    server: https://kubernetes.default.svc
    namespace: kube-system
`;
  const r = one('app.yaml', text);
  assert.equal(r.kind, 'Application');
  assert.equal(r.version?.raw, '1.14.5');
  assert.equal(r.version?.field, 'spec.source.targetRevision');
  assert.deepEqual(r.values, {
    kubeProxyReplacement: 'true',
    bpf: { masquerade: false },
    ipam: { mode: 'kubernetes' },
  });
  assert.equal(r.unresolved.length, 1);
  assert.match(r.unresolved[0].message, /values-prod\.yaml/);
  const kpr = r.layers[0].input.locations.get('kubeProxyReplacement')!;
  assert.equal(slice(text, kpr.value), '"true"');
  assert.equal(kpr.key.start.line, 16);
  assert.equal(kpr.key.start.character, 8);
  const p = r.layers[1].input.locations.get('bpf.masquerade')!;
  assert.equal(slice(text, p.value), '"false"');
  const edits = r.layers[1].mapEdits([{ file: 'app.yaml', range: p.value, newText: 'true' }])!;
  assert.equal(edits[0].newText, '"true"');

  const both = text.replace('      parameters:', '      valuesObject:\n        routingMode: native\n      parameters:');
  const b = one('app.yaml', both);
  assert.deepEqual(
    b.layers.map((l) => l.origin),
    ['spec.source.helm.valuesObject', 'spec.source.helm.parameters'],
  );
  assert.equal(b.problems[0].kind, 'ignored');
  assert.match(b.problems[0].message, /valuesObject/);
});

test('Argo CD Application with several sources: one release per cilium source; git refs are not versions', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: net
spec:
  sources:
    - repoURL: https://github.com/example/values.git
      targetRevision: main
      ref: values
    - repoURL: https://helm.cilium.io
      chart: cilium
      targetRevision: 1.16.*
      helm:
        valuesObject:
          routingMode: native
    - repoURL: https://github.com/cilium/cilium.git
      path: install/kubernetes/cilium
      targetRevision: main
      helm:
        values: "kubeProxyReplacement: true\\nbpf:\\n  masquerade: true\\n"
`;
  const s = findWrappedReleases('multi.yaml', text);
  assert.equal(s.releases.length, 2);
  const [a, b] = s.releases;
  assert.equal(a.version?.kind, 'range');
  assert.equal(a.name, 'net (spec.sources[1])');
  assert.equal(b.version?.kind, 'unknown');
  assert.match(b.version!.note!, /git reference/);
  assert.equal(b.layers[0].style, 'double');
  assert.deepEqual(b.values, { kubeProxyReplacement: true, bpf: { masquerade: true } });
  const m = b.layers[0].input.locations.get('bpf.masquerade')!;
  assert.equal(slice(text, m.key), 'masquerade');
  assert.equal(slice(text, m.value), 'true');
  // an edit inside a double-quoted string is escaped
  const inner = b.layers[0].inner!;
  const il = inner.input.locations.get('bpf.masquerade')!;
  const e = b.layers[0].mapEdits([
    { file: 'x', range: { start: il.value.end, end: il.value.end }, newText: '\n  hostLegacyRouting: "no"' },
  ])!;
  assert.equal(e[0].newText, '\\n  hostLegacyRouting: \\"no\\"');
  const out = applyEdits(text, e);
  assert.equal(
    findWrappedReleases('multi.yaml', out).releases[1].values.bpf &&
      (findWrappedReleases('multi.yaml', out).releases[1].values.bpf as Record<string, unknown>).hostLegacyRouting,
    'no',
  );
});

test('Cluster API HelmChartProxy: Go templates are left alone and not judged', () => {
  const text = `apiVersion: addons.cluster.x-k8s.io/v1alpha1
kind: HelmChartProxy
metadata:
  name: cilium
spec:
  clusterSelector:
    matchLabels:
      cni: cilium
  repoURL: https://helm.cilium.io/
  chartName: cilium
  version: 1.15.1
  valuesTemplate: |
    k8sServiceHost: {{ .Cluster.spec.controlPlaneEndpoint.host }}
    k8sServicePort: "{{ .Cluster.spec.controlPlaneEndpoint.port }}"
    {{- if .Cluster.metadata.labels.ipv6 }}
    ipv6:
      enabled: true
    {{- end }}
    kubeProxyReplacement: true
`;
  const r = one('capi.yaml', text);
  assert.equal(r.kind, 'HelmChartProxy');
  assert.equal(r.version?.raw, '1.15.1');
  assert.deepEqual(r.layers[0].templated.sort(), ['k8sServiceHost', 'k8sServicePort']);
  assert.deepEqual(r.values, { ipv6: { enabled: true }, kubeProxyReplacement: true });
  const kpr = r.layers[0].input.locations.get('kubeProxyReplacement')!;
  assert.equal(kpr.key.start.line, 18);
  assert.equal(slice(text, kpr.value), 'true');
});

test('Kustomize helmCharts: valuesFile through the reader, valuesInline on top, additional files after', () => {
  const text = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
helmCharts:
  - name: cilium
    repo: https://helm.cilium.io
    version: 1.17.2
    releaseName: cilium
    namespace: kube-system
    valuesFile: values/base.yaml
    additionalValuesFiles:
      - values/missing.yaml
    valuesInline:
      bpf:
        masquerade: true
`;
  const files: Record<string, string> = { 'values/base.yaml': 'bpf:\n  masquerade: false\nroutingMode: native\n' };
  const read = (p: string) => (p in files ? { name: `/repo/${p}`, text: files[p] } : undefined);
  const r = one('/repo/kustomization.yaml', text, read);
  assert.equal(r.kind, 'Kustomization');
  assert.equal(r.version?.raw, '1.17.2');
  assert.deepEqual(
    r.layers.map((l) => [l.file, l.origin]),
    [
      ['/repo/values/base.yaml', 'helmCharts[0].valuesFile values/base.yaml'],
      ['/repo/kustomization.yaml', 'helmCharts[0].valuesInline'],
    ],
  );
  assert.deepEqual(r.values, { bpf: { masquerade: true }, routingMode: 'native' });
  assert.equal(r.unresolved.length, 1);
  assert.match(r.unresolved[0].message, /missing\.yaml could not be read/);
  const fileLoc = r.layers[0].input.locations.get('routingMode')!;
  assert.equal(fileLoc.key.start.line, 2);
  // valuesMerge: merge → the file wins
  const merged = one(
    '/repo/kustomization.yaml',
    text.replace('    valuesInline:', '    valuesMerge: merge\n    valuesInline:'),
    read,
  );
  assert.deepEqual(merged.values.bpf, { masquerade: false });
  // no reader: named as unseen
  const blind = one('/repo/kustomization.yaml', text);
  assert.equal(blind.unresolved.length, 2);
});

test('umbrella chart: the cilium subtree, version from Chart.yaml beside it (alias honoured)', () => {
  const values = `global:
  domain: example.org
cni:
  kubeProxyReplacement: true
  bpf:
    masquerade: true
ingress-nginx:
  controller:
    replicaCount: 2
`;
  const chart = `apiVersion: v2
name: platform
version: 0.1.0
dependencies:
  - name: cilium
    alias: cni
    version: ~1.16.0
    repository: https://helm.cilium.io
`;
  const read = (p: string) => (p === 'Chart.yaml' ? { name: '/c/Chart.yaml', text: chart } : undefined);
  const r = one('/c/values.yaml', values, read);
  assert.equal(r.kind, 'UmbrellaChart');
  assert.equal(r.version?.raw, '~1.16.0');
  assert.equal(r.version?.file, '/c/Chart.yaml');
  assert.equal(r.version?.range?.start.line, 6);
  assert.deepEqual(r.values, { kubeProxyReplacement: true, bpf: { masquerade: true } });
  assert.equal(r.layers[0].input.locations.get('bpf.masquerade')!.key.start.line, 5);
  // without Chart.yaml: only a `cilium:` key holding cilium values counts
  assert.equal(findWrappedReleases('/c/values.yaml', values).releases.length, 0);
  const plain = one('/c/values.yaml', values.replace('cni:', 'cilium:'));
  assert.equal(plain.version, undefined);
  assert.equal(findWrappedReleases('v.yaml', 'cilium:\n  foo: 1\n').releases.length, 0);
});

test('CiliumNodeConfig: per-node keys in the shape of a ConfigMap', () => {
  const text = `# cilium-datapath: base=cilium-config.yaml
apiVersion: cilium.io/v2
kind: CiliumNodeConfig
metadata:
  namespace: kube-system
  name: old-kernels
spec:
  nodeSelector:
    matchLabels:
      io.cilium.old-kernel: "true"
  defaults:
    enable-host-legacy-routing: "true"
    enable-bpf-masquerade: false
`;
  const r = one('cnc.yaml', text);
  assert.equal(r.kind, 'CiliumNodeConfig');
  const nc = r.nodeConfig!;
  assert.equal(nc.nodeSelector, 'io.cilium.old-kernel=true');
  assert.equal(nc.input.data.get('enable-host-legacy-routing')!.value, 'true');
  assert.equal(nc.input.data.get('enable-bpf-masquerade')!.nonString, true);
  assert.equal(slice(text, nc.input.data.get('enable-bpf-masquerade')!.location.value), 'false');
  assert.equal(nc.input.modeline.bases[0].value, 'cilium-config.yaml');
});

test('malformed YAML inside a string: one problem at the right place', () => {
  const text = `apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: rke2-cilium
spec:
  valuesContent: |
    bpf:
      masquerade: true
     broken: [1, 2
    ok: 1
`;
  const s = findWrappedReleases('bad.yaml', text);
  assert.equal(s.releases.length, 1);
  const r = s.releases[0];
  assert.equal(r.layers.length, 0);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].kind, 'malformed');
  assert.match(r.problems[0].message, /spec\.valuesContent/);
  const line = r.problems[0].range.start.line;
  assert.ok(line >= 6 && line <= 9, `line ${line}`);
  assert.ok(r.problems[0].range.start.character >= 4);
});

test('quoted and folded strings map positions exactly', () => {
  const text = `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: rke2-cilium
spec:
  chart: rke2-cilium
  valuesContent: 'bpf: {masquerade: true}'
---
apiVersion: helm.cattle.io/v1
kind: HelmChartProxy
`;
  const r = one('q.yaml', text);
  const m = r.layers[0].input.locations.get('bpf.masquerade')!;
  assert.equal(slice(text, m.key), 'masquerade');
  assert.equal(slice(text, m.value), 'true');
  assert.equal(r.layers[0].style, 'single');
  const folded = text.replace(
    `'bpf: {masquerade: true}'`,
    '>\n    bpf:\n      masquerade: true\n      devices: eth0\n',
  );
  const f = one('f.yaml', folded);
  assert.equal(f.layers[0].style, 'folded');
  assert.equal(f.layers[0].exact, true);
  const d = f.layers[0].input.locations.get('bpf.devices')!;
  assert.equal(slice(folded, d.value), 'eth0');
});

test('files that are not wrappers: nothing found, no problem', () => {
  for (const t of [
    'kubeProxyReplacement: true\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  a: "1"\n',
    '',
    'not: [valid',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cilium-operator\n',
  ]) {
    const s = findWrappedReleases('x.yaml', t);
    assert.equal(s.releases.length, 0, t);
    assert.equal(s.problem, undefined, t);
  }
  const broken = findWrappedReleases('x.yaml', 'kind: HelmRelease\nspec: [cilium\n');
  assert.equal(broken.problem?.kind, 'malformed');
});

test('version constraints as Helm reads them, evaluated against the known releases', async () => {
  const { parseConstraint, satisfies, evaluateConstraint } = await import('../../server/src/core/parse/wrappers');
  const { LATEST_KNOWN_PATCH } = await import('../../server/src/core/version');
  const ok = (s: string) => {
    const c = parseConstraint(s);
    assert.ok(c.ok, s);
    return c.ok ? c.value : (undefined as never);
  };
  assert.equal(ok('1.13.4').exact, '1.13.4');
  assert.equal(ok('v1.13.4').exact, '1.13.4');
  assert.equal(ok('1.13').exact, undefined);
  const cases: Array<[string, [number, number, number], boolean]> = [
    ['1.13', [1, 13, 9], true],
    ['1.13.x', [1, 14, 0], false],
    ['1.13.*', [1, 13, 0], true],
    ['~1.15.2', [1, 15, 1], false],
    ['~1.15.2', [1, 15, 9], true],
    ['~1.15.2', [1, 16, 0], false],
    ['^1.14', [1, 19, 0], true],
    ['>=1.14.0 <1.16.0', [1, 16, 0], false],
    ['>=1.14, <1.16', [1, 15, 3], true],
    ['>= 1.14 < 1.16', [1, 14, 0], true],
    ['1.14 - 1.15.2', [1, 15, 2], true],
    ['1.14 - 1.15.2', [1, 15, 3], false],
    ['!=1.15.1', [1, 15, 1], false],
    ['1.13.x || 1.15.x', [1, 15, 0], true],
    ['1.13.x || 1.15.x', [1, 14, 0], false],
    ['*', [1, 9, 0], true],
    ['>1.14', [1, 14, 99], false],
    ['<=1.14', [1, 14, 99], true],
  ];
  for (const [s, v, want] of cases) assert.equal(satisfies(ok(s), v), want, `${s} ∋ ${v.join('.')}`);
  for (const bad of ['latest', 'main', '', '>=', '1.2.3.4']) assert.equal(parseConstraint(bad).ok, false, bad);
  const e = evaluateConstraint(ok('~1.15.0'));
  assert.equal(e.newest, `1.15.${LATEST_KNOWN_PATCH['1.15']}`);
  assert.equal(e.count, LATEST_KNOWN_PATCH['1.15'] + 1);
  assert.deepEqual(e.lines, [`1.15.0–1.15.${LATEST_KNOWN_PATCH['1.15']}`]);
  assert.equal(e.beyondKnown, false);
  const open = evaluateConstraint(ok('>=1.14'));
  assert.equal(open.beyondKnown, true);
  assert.equal(evaluateConstraint(ok('>=9.0')).newest, undefined);
});

test('positions inside strings agree with a direct parse, for every embedding style', () => {
  const docs = [
    'kubeProxyReplacement: true\nbpf:\n  masquerade: false\n  hostLegacyRouting: true\nipam:\n  mode: kubernetes\n',
    'a: 1\n\nb:\n  c: [1, 2]\n  d: {e: f}\n# comment\ng: "quoted: yes"\n',
    'routingMode: native\n',
  ];
  for (const d of docs) {
    const embeddings: Array<[string, string]> = [
      [
        '|',
        '|\n' +
          d
            .split('\n')
            .map((l) => (l ? '    ' + l : l))
            .join('\n'),
      ],
      [
        '|-',
        '|-\n' +
          d
            .trimEnd()
            .split('\n')
            .map((l) => (l ? '      ' + l : l))
            .join('\n') +
          '\n',
      ],
      ['double', JSON.stringify(d) + '\n'],
    ];
    for (const [name, emb] of embeddings) {
      const text = `apiVersion: helm.cattle.io/v1\nkind: HelmChartConfig\nmetadata:\n  name: rke2-cilium\nspec:\n  valuesContent: ${emb}`;
      const r = one('p.yaml', text);
      const layer = r.layers[0];
      assert.equal(layer.exact, true, `${name}: ${JSON.stringify(d)}`);
      assert.equal(layer.inner!.text, d.replace(/\n$/, name === '|-' ? '' : '\n'));
      for (const [path, inner] of layer.inner!.input.locations) {
        const outer = layer.input.locations.get(path)!;
        const innerKey = layer.inner!.text.slice(inner.key.start.offset, inner.key.end.offset);
        assert.equal(slice(text, outer.key).replace(/\\"/g, '"'), innerKey, `${name} ${path}`);
        consistent(text, outer.key);
        consistent(text, outer.value);
      }
    }
  }
});
