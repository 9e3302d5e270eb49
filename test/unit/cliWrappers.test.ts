/** The bundled CLI on wrapped releases: one verdict per release, the wrapper's chart version, exact positions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempDir } from '../helpers';
import { LATEST_KNOWN_PATCH } from '../../server/src/core/version';

const { file } = tempDir('cdp-wrap-');
const run = (args: string[]) => runCli(args);
const json = (args: string[]) => {
  const r = run(['explain', '--format', 'json', ...args]);
  assert.ok(r.stdout.trim().startsWith('{'), `${r.status}: ${r.stderr}`);
  return { status: r.status, j: JSON.parse(r.stdout), stderr: r.stderr };
};

const helmRelease = (
  version: string,
  values = '    bpf:\n      masquerade: false\n',
) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cilium
  namespace: kube-system
spec:
  interval: 10m
  chart:
    spec:
      chart: cilium
      version: "${version}"
      sourceRef:
        kind: HelmRepository
        name: cilium
  values:
    kubeProxyReplacement: strict
    tunnel: disabled
    autoDirectNodeRoutes: true
    ipv4NativeRoutingCIDR: 10.0.0.0/8
${values}`;

test('HelmRelease pinning 1.13.4: the version comes from the wrapper, the finding sits on the key inside it', () => {
  const f = file('hr.yaml', helmRelease('1.13.4'));
  const r = run(['explain', '--no-color', f]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /^── HelmRelease kube-system\/cilium \(.*hr\.yaml:2\) ──\nHost routing: Legacy {3}\(Cilium 1\.13\.4 from spec\.chart\.spec\.version/,
  );
  assert.match(r.stdout, /enable-bpf-masquerade = "false" {2}— set in .*hr\.yaml:21:19 \(bpf\.masquerade\)/);
  const { j } = json([f]);
  assert.deepEqual(j.ciliumVersion, { requested: '1.13.4', evaluated: '1.13.4', line: '1.13', source: 'HelmRelease' });
  assert.equal(j.release.kind, 'HelmRelease');
  assert.equal(j.release.chartVersion.field, 'spec.chart.spec.version');
  assert.deepEqual(j.release.chartVersion.location, { file: f, line: 11, column: 16, endLine: 11, endColumn: 24 });
  const finding = j.findings.find((x: { ruleId: string }) => x.ruleId === 'iptables-masquerade');
  assert.deepEqual(finding.location, { file: f, line: 21, column: 19, endLine: 21, endColumn: 24 });
  assert.deepEqual(finding.fixes[0].edits, [
    { file: f, line: 21, column: 19, endLine: 21, endColumn: 24, newText: 'true' },
  ]);
});

test('version precedence: option, then modeline, then the wrapper; a range is evaluated at its newest known release', () => {
  const f = file('hr-range.yaml', helmRelease('~1.14.0'));
  const { j } = json([f]);
  const newest = `1.14.${LATEST_KNOWN_PATCH['1.14']}`;
  assert.equal(j.ciliumVersion.evaluated, newest);
  assert.equal(j.ciliumVersion.source, 'HelmRelease');
  assert.ok(
    j.assumptions.some(
      (a: string) => a.includes('"~1.14.0"') && a.includes(`evaluated at ${newest}`) && a.includes(`1.14.0–${newest}`),
    ),
    j.assumptions.join('\n'),
  );
  const opt = json(['--cilium-version', '1.16.4', f]).j;
  assert.equal(opt.ciliumVersion.source, 'option');
  assert.equal(opt.ciliumVersion.evaluated, '1.16.4');
  assert.ok(opt.assumptions.some((a: string) => a.includes('names ~1.14.0') && a.includes('given version')));
  const m = file('hr-modeline.yaml', '# cilium-datapath: version=1.15.2\n' + helmRelease('1.13.4'));
  const ml = json([m]).j;
  assert.equal(ml.ciliumVersion.source, 'modeline');
  assert.equal(ml.ciliumVersion.evaluated, '1.15.2');
});

test('Argo CD Application with a values string: diagnostics inside the block, parameters win, SARIF', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: cilium
  namespace: argocd
spec:
  source:
    repoURL: https://helm.cilium.io/
    chart: cilium
    targetRevision: 1.16.5
    helm:
      values: |
        kubeProxyReplacement: true
        routingMode: native
        ipv4NativeRoutingCIDR: 10.0.0.0/8
        bpf:
          hostLegacyRouting: true
      parameters:
        - name: bpf.masquerade
          value: "true"
  destination:
    server: https://kubernetes.default.svc
`;
  const f = file('app.yaml', text);
  const { j } = json([f]);
  assert.equal(j.ciliumVersion.source, 'Application');
  assert.equal(j.ciliumVersion.evaluated, '1.16.5');
  assert.equal(j.hostRouting.mode, 'Legacy');
  const f1 = j.findings.find((x: { ruleId: string }) => x.ruleId === 'explicit-legacy-routing');
  assert.deepEqual(f1.location, { file: f, line: 17, column: 30, endLine: 17, endColumn: 34 });
  assert.equal(f1.fixes[0].edits[0].newText, 'false');
  assert.equal(f1.fixes[0].edits[0].line, 17);
  assert.equal(j.masquerading.mode, 'BPF');
  const s = JSON.parse(run(['explain', '--format', 'sarif', f]).stdout);
  const res = s.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'explicit-legacy-routing');
  assert.equal(res.locations[0].physicalLocation.region.startLine, 17);
  assert.equal(res.locations[0].physicalLocation.region.startColumn, 30);
  assert.equal(s.runs[0].properties.ciliumVersionSource, 'Application');
  assert.equal(s.runs[0].properties.release.kind, 'Application');
});

test('k3s HelmChart + HelmChartConfig: one release; positions inside valuesContent; fix keeps the block indentation', () => {
  const text = `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: cilium
  namespace: kube-system
spec:
  chart: cilium
  repo: https://helm.cilium.io
  version: 1.16.3
  valuesContent: |-
    kubeProxyReplacement: true
    routingMode: native
    ipv4NativeRoutingCIDR: 10.42.0.0/16
    autoDirectNodeRoutes: true
---
apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: cilium
  namespace: kube-system
spec:
  valuesContent: |
    bpf:
      masquerade: false
`;
  const f = file('k3s.yaml', text);
  const { j } = json([f]);
  assert.equal(j.ciliumVersion.source, 'HelmChart');
  const fi = j.findings.find((x: { ruleId: string }) => x.ruleId === 'iptables-masquerade');
  assert.deepEqual(fi.location, { file: f, line: 24, column: 19, endLine: 24, endColumn: 24 });
  assert.deepEqual(fi.fixes[0].edits, [{ file: f, line: 24, column: 19, endLine: 24, endColumn: 24, newText: 'true' }]);
  // without the HelmChartConfig, the fix adds the key at the end of the |- block, indented like it
  const alone = file('k3s-alone.yaml', text.split('---\n')[0]);
  const a = json([alone]).j;
  const fa = a.findings.find((x: { ruleId: string }) => x.ruleId === 'iptables-masquerade');
  assert.deepEqual(fa.location, { file: alone, line: 10, column: 3, endLine: 10, endColumn: 16 });
  assert.deepEqual(fa.fixes[0].edits, [
    { file: alone, line: 14, column: 31, endLine: 14, endColumn: 31, newText: '\n    bpf:\n      masquerade: true' },
  ]);
});

test('RKE2 HelmChartConfig alone: the chart version is unknown, settings or modeline decide', () => {
  const text = `apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: rke2-cilium
  namespace: kube-system
spec:
  valuesContent: |-
    kubeProxyReplacement: true
    enableIPv4Masquerade: true
    bpf:
      masquerade: false
`;
  const f = file('rke2.yaml', text);
  const { j } = json([f]);
  assert.equal(j.ciliumVersion.source, 'default');
  assert.equal(j.release.kind, 'HelmChartConfig');
  assert.ok(j.assumptions.some((a: string) => a.includes('bundled with the k3s/RKE2 release')));
  const fi = j.findings.find((x: { ruleId: string }) => x.ruleId === 'iptables-masquerade');
  assert.equal(fi.location.line, 9);
  assert.equal(fi.location.column, 27);
  assert.ok(
    fi.related.some(
      (x: { location: { line: number; column: number } }) => x.location.line === 11 && x.location.column === 19,
    ),
  );
});

test('Cluster API HelmChartProxy: templated values are left alone', () => {
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
  version: 1.17.1
  valuesTemplate: |
    k8sServiceHost: {{ .Cluster.spec.controlPlaneEndpoint.host }}
    kubeProxyReplacement: {{ .Cluster.metadata.annotations.kpr }}
    bpf:
      masquerade: true
`;
  const f = file('capi.yaml', text);
  const r = run(['explain', '--fail-on', 'never', '--format', 'json', f]);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.ciliumVersion.source, 'HelmChartProxy');
  const judged = j.findings.filter((x: { ruleId: string; message: string }) =>
    /k8sServiceHost|kubeProxyReplacement:|\{\{|_{4}/.test(x.message),
  );
  assert.equal(judged.length, 0, JSON.stringify(judged));
  assert.ok(
    j.assumptions.some(
      (a: string) => a.startsWith('Set by Go templates') && a.includes('k8sServiceHost, kubeProxyReplacement'),
    ),
    j.assumptions.join('\n'),
  );
});

test('Kustomize helmCharts: valuesFile read beside the kustomization, positions in that file', () => {
  const k = file(
    'kz/kustomization.yaml',
    `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
helmCharts:
  - name: cilium
    repo: https://helm.cilium.io
    version: 1.15.4
    releaseName: cilium
    valuesFile: values.yaml
    valuesInline:
      kubeProxyReplacement: true
`,
  );
  const v = file(
    'kz/values.yaml',
    'routingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\nbpf:\n  masquerade: false\n',
  );
  const { j } = json([k]);
  assert.equal(j.ciliumVersion.source, 'Kustomization');
  assert.deepEqual(j.files, [v, k]);
  const fi = j.findings.find((x: { ruleId: string }) => x.ruleId === 'iptables-masquerade');
  assert.deepEqual(fi.location, { file: v, line: 4, column: 15, endLine: 4, endColumn: 20 });
});

test('umbrella chart: the cilium subtree, version from Chart.yaml', () => {
  file(
    'umb/Chart.yaml',
    'apiVersion: v2\nname: platform\nversion: 1.0.0\ndependencies:\n  - name: cilium\n    version: 1.16.6\n    repository: https://helm.cilium.io\n',
  );
  const f = file(
    'umb/values.yaml',
    'global:\n  x: 1\ncilium:\n  kubeProxyReplacement: true\n  bpf:\n    masquerade: false\n',
  );
  const { j } = json([f]);
  assert.equal(j.ciliumVersion.source, 'UmbrellaChart');
  assert.equal(j.ciliumVersion.evaluated, '1.16.6');
  const fi = j.findings.find((x: { ruleId: string }) => x.ruleId === 'iptables-masquerade');
  assert.equal(fi.location.line, 6);
  assert.equal(fi.location.column, 17);
});

test('CiliumNodeConfig: its keys analysed as per-node config', () => {
  const f = file(
    'cnc.yaml',
    `apiVersion: cilium.io/v2
kind: CiliumNodeConfig
metadata:
  name: legacy-nodes
  namespace: kube-system
spec:
  nodeSelector:
    matchLabels:
      pool: legacy
  defaults:
    enable-host-legacy-routing: "true"
`,
  );
  const { j } = json(['--cilium-version', '1.16.4', f]);
  assert.equal(j.inputKind, 'configmap');
  assert.equal(j.release.kind, 'CiliumNodeConfig');
  assert.equal(j.release.nodeSelector, 'pool=legacy');
  assert.equal(j.hostRouting.mode, 'Legacy');
  assert.equal(j.hostRouting.reasons[0].evidence[0].location.line, 11);
});

test('CiliumNodeConfig over the cluster ConfigMap: the nodes it selects get its keys', () => {
  const cm = file(
    'cilium-config.yaml',
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  kube-proxy-replacement: "true"
  enable-bpf-masquerade: "true"
  enable-ipv4-masquerade: "true"
  routing-mode: native
  ipv4-native-routing-cidr: 10.0.0.0/8
`,
  );
  const cnc = file(
    'cnc-old.yaml',
    `apiVersion: cilium.io/v2alpha1
kind: CiliumNodeConfig
metadata:
  name: old-kernels
  namespace: kube-system
spec:
  nodeSelector:
    matchLabels:
      kernel: old
  defaults:
    enable-bpf-masquerade: "false"
`,
  );
  const base = json(['--cilium-version', '1.16.4', cm]).j;
  assert.equal(base.hostRouting.mode, 'BPF');
  const { j } = json(['--cilium-version', '1.16.4', cm, cnc]);
  assert.equal(j.release.kind, 'CiliumNodeConfig');
  assert.equal(j.hostRouting.mode, 'Legacy');
  const ev = j.hostRouting.reasons[0].evidence.find((e: { key: string }) => e.key === 'enable-bpf-masquerade');
  assert.deepEqual(ev.location, { file: cnc, line: 11, column: 28, endLine: 11, endColumn: 35 });
  assert.ok(j.assumptions.some((a: string) => a.includes('laid over') && a.includes('kernel=old')));
});

test('several releases in one file: one verdict each, JSON as a list; unseen values are findings', () => {
  const text = `${helmRelease('1.13.4')}  valuesFrom:
    - kind: Secret
      name: more-values
---
apiVersion: v1
kind: Service
metadata:
  name: unrelated
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: cilium-b
spec:
  source:
    repoURL: https://helm.cilium.io/
    chart: cilium
    targetRevision: 1.16.5
    helm:
      values: |
        kubeProxyReplacement: true
`;
  const f = file('multi.yaml', text);
  const r = run(['explain', '--no-color', f]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((r.stdout.match(/^── /gm) ?? []).length, 2);
  assert.match(r.stdout, /── Application cilium-b/);
  const { j } = json([f]);
  assert.equal(j.releases.length, 2);
  assert.deepEqual(
    j.releases.map((x: { release: { kind: string } }) => x.release.kind),
    ['HelmRelease', 'Application'],
  );
  const unseen = j.releases[0].findings.find((x: { ruleId: string }) => x.ruleId === 'wrapper-values-unseen');
  assert.match(unseen.message, /Secret more-values/);
  assert.equal(unseen.location.line, 23);
  assert.equal(j.releases[1].ciliumVersion.evaluated, '1.16.5');
});

test('malformed YAML inside a values string: exit 4, one message at the line inside the block', () => {
  const f = file(
    'bad.yaml',
    `apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: rke2-cilium
spec:
  valuesContent: |
    bpf:
      masquerade: [true
    other: 1
`,
  );
  const r = run(['explain', f]);
  assert.equal(r.status, 4, r.stdout + r.stderr);
  assert.match(r.stderr, /bad\.yaml:(8|9):\d+: malformed YAML in spec\.valuesContent/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

test('a values file, then a HelmRelease: merged in order, the wrapper version decides', () => {
  const base = file('base-values.yaml', 'bpf:\n  masquerade: true\nenableIPv4Masquerade: true\n');
  const hr = file('hr-last.yaml', helmRelease('1.14.4', ''));
  const { j } = json([base, hr]);
  assert.equal(j.ciliumVersion.source, 'HelmRelease');
  assert.deepEqual(j.files, [base, hr]);
  assert.equal(j.masquerading.mode, 'BPF');
  const bad = run(['explain', hr, base]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /one wrapped release as the last file/);
});
