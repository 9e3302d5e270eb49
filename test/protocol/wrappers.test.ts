/**
 * Wrapped Cilium releases through the real language server (in-memory client, ./harness.ts):
 * diagnostics on the right key inside HelmReleases, Applications, HelmCharts and their strings,
 * hovers, quick fixes written back with the block's indentation, one lens per release, Explain
 * per release and completion inside the values.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecuteCommandRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { suiteHarness } from './harness';
import { tempDir } from '../helpers';
import { ExplainDataRequest } from '../../server/src/protocol/requests';

const at = (d: Diagnostic) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
const byCode = (ds: Diagnostic[], code: string) => ds.find((d) => d.code === code);

const HELM_RELEASE = `apiVersion: helm.toolkit.fluxcd.io/v2
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
  values:
    kubeProxyReplacement: strict
    tunnel: disabled
    autoDirectNodeRoutes: true
    ipv4NativeRoutingCIDR: 10.0.0.0/8
    bpf:
      masquerade: false
`;

const RKE2 = `apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: rke2-cilium
  namespace: kube-system
spec:
  valuesContent: |-
    kubeProxyReplacement: true
    routingMode: native
    ipv4NativeRoutingCIDR: 10.42.0.0/16
    autoDirectNodeRoutes: true
    bpf:
      masquerade: false
`;

const APP = `apiVersion: argoproj.io/v1alpha1
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
          masquerade: true
          hostLegacyRouting: true
---
apiVersion: helm.toolkit.fluxcd.io/v2beta2
kind: HelmRelease
metadata:
  name: cilium-b
spec:
  chart:
    spec:
      chart: cilium
      version: 1.15.x
  values:
    kubeProxyReplacement: true
    bpf:
      masquerade: true
`;

describe('wrapped releases in the language server', () => {
  const h = suiteHarness();
  const { path: dir, file } = tempDir('cdp-lsp-wrap-');
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;

  test('Flux HelmRelease: the finding on the key in spec.values, the version from the chart spec', async () => {
    // the file name matches no include glob: the content decides
    const u = uri('release.yaml');
    const ds = await h.openAndWait(u, HELM_RELEASE);
    const d = byCode(ds, 'iptables-masquerade')!;
    assert.ok(d, JSON.stringify(ds));
    assert.deepEqual(at(d), [20, 18, 20, 23]);
    const v = await h.verdict(u);
    assert.equal(v?.ciliumVersion?.source, 'HelmRelease');
    assert.equal(v?.ciliumVersion?.evaluated, '1.13.4');
    const lenses = (await h.lenses(u))!;
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 1);
    assert.match(lenses[0].command!.title, /^Host routing: Legacy on Cilium 1\.13\.4/);
    const hover = await h.hover(u, 20, 8);
    assert.match(hover, /bpf\.masquerade/);
    assert.match(hover, /1\.13/);
    const md = await h.client.sendRequest(ExecuteCommandRequest.type, {
      command: 'ciliumDatapath.explain',
      arguments: [u, 0],
    });
    assert.match(String(md), /HelmRelease `cilium`/);
    assert.match(String(md), /from the HelmRelease's spec\.chart\.spec\.version/);
    // quick fix inside spec.values
    const actions = await h.codeActions(u, ds);
    const fix = actions.find((a) => a.title.startsWith('Masquerade with BPF'))!;
    const version = await h.edit(u, fix.edit!.changes![u]);
    assert.match(h.text(u), /\n {4}bpf:\n {6}masquerade: true\n$/);
    const after = (await h.diagnostics(u, version)).diagnostics;
    assert.equal(byCode(after, 'iptables-masquerade'), undefined);
  });

  test('RKE2 HelmChartConfig: diagnostic positions inside the valuesContent block, fix keeps its indentation', async () => {
    const u = uri('rke2-cilium-config.yaml');
    const ds = await h.openAndWait(u, RKE2);
    const d = byCode(ds, 'iptables-masquerade')!;
    assert.ok(d, JSON.stringify(ds));
    // `masquerade: false` is line 12 (0-based), the value starts at column 18
    assert.deepEqual(at(d), [12, 18, 12, 23]);
    const hover = await h.hover(u, 12, 8);
    assert.match(hover, /bpf\.masquerade/);
    const fix = (await h.codeActions(u, ds)).find((a) => a.title.startsWith('Masquerade with BPF'))!;
    await h.edit(u, fix.edit!.changes![u]);
    assert.ok(h.text(u).endsWith('    bpf:\n      masquerade: true\n'), h.text(u));
  });

  test('a missing key is added inside the block scalar, indented like its lines', async () => {
    const u = uri('rke2-add.yaml');
    const text = RKE2.replace('    bpf:\n      masquerade: false\n', '');
    const ds = await h.openAndWait(u, text);
    const d = byCode(ds, 'iptables-masquerade')!;
    assert.deepEqual(at(d), [6, 2, 6, 15], 'on the valuesContent key when the value is not written');
    const fix = (await h.codeActions(u, ds)).find((a) => a.title.startsWith('Masquerade with BPF'))!;
    const v = await h.edit(u, fix.edit!.changes![u]);
    assert.ok(
      h.text(u).endsWith('    autoDirectNodeRoutes: true\n    bpf:\n      masquerade: true\n'),
      JSON.stringify(h.text(u)),
    );
    assert.equal(byCode((await h.diagnostics(u, v)).diagnostics, 'iptables-masquerade'), undefined);
  });

  test('two releases in one file: a lens and a verdict each, Explain per release', async () => {
    const u = uri('apps.yaml');
    const ds = await h.openAndWait(u, APP);
    const legacy = byCode(ds, 'explicit-legacy-routing')!;
    assert.deepEqual(at(legacy), [17, 29, 17, 33]);
    const lenses = (await h.lenses(u))!;
    assert.equal(lenses.length, 2);
    assert.deepEqual(
      lenses.map((l) => l.range.start.line),
      [1, 20],
    );
    assert.match(lenses[0].command!.title, /^cilium: Host routing: Legacy on Cilium 1\.16\.5/);
    assert.match(lenses[1].command!.title, /^cilium-b: Host routing: BPF on Cilium 1\.15\./);
    assert.deepEqual(lenses[1].command!.arguments, [u, 1]);
    const md = String(
      await h.client.sendRequest(ExecuteCommandRequest.type, {
        command: 'ciliumDatapath.explain',
        arguments: lenses[1].command!.arguments,
      }),
    );
    assert.match(md, /HelmRelease `cilium-b`/);
    assert.match(md, /range "1\.15\.x"/);
    // the report view's data: the same release, its own verdict and the command's Markdown
    const [d0, d1] = await Promise.all(
      [0, 1].map((release) => h.client.sendRequest(ExplainDataRequest, { uri: u, release })),
    );
    assert.equal(d0?.mode, 'Legacy');
    assert.match(d0!.inputs, /^Application cilium, /);
    assert.equal(d1?.mode, 'BPF');
    assert.match(d1!.inputs, /^\w+ cilium-b, /);
    assert.equal(d1!.markdown, md);
    assert.equal(
      (await h.client.sendRequest(ExplainDataRequest, { uri: u }))?.mode,
      'Legacy',
      'no index: the first release',
    );
    // hovers belong to the release whose values hold the line
    assert.match(await h.hover(u, 17, 12), /hostLegacyRouting/);
    assert.match(await h.hover(u, 31, 8), /bpf\.masquerade/);
  });

  test('completion inside a values block and inside spec.values', async () => {
    const u = uri('complete.yaml');
    await h.openAndWait(u, RKE2.replace('    bpf:\n      masquerade: false\n', '    bpf:\n      masq\n'));
    const items = await h.complete(u, 12, 10);
    const masq = items.find((i) => i.label === 'masquerade');
    assert.ok(masq, items.map((i) => i.label).join(', '));
    const te = masq!.textEdit as { range: { start: { line: number; character: number } }; newText: string };
    assert.deepEqual(te.range.start, { line: 12, character: 6 });
    const hr = uri('complete-hr.yaml');
    // typed into a release that was analysed: the half-typed key breaks the YAML for a moment
    await h.openAndWait(hr, HELM_RELEASE);
    await h.diagnostics(
      hr,
      await h.replace(hr, HELM_RELEASE.replace('    bpf:\n      masquerade: false\n', '    bp\n')),
    );
    const top = await h.complete(hr, 19, 6);
    const bpf = top.find((i) => i.label === 'bpf');
    assert.ok(bpf);
    assert.equal((bpf!.textEdit as { newText: string }).newText, 'bpf:\n      ');
  });

  test('malformed YAML inside a values string: one error at its line, even with the YAML extension', async () => {
    const u = uri('broken.yaml');
    const ds = await h.openAndWait(u, RKE2.replace('      masquerade: false', '      masquerade: [false'));
    assert.equal(ds.length, 1, JSON.stringify(ds));
    assert.equal(ds[0].code, 'malformed-yaml');
    assert.match(ds[0].message, /spec\.valuesContent/);
    assert.ok(ds[0].range.start.line >= 12, JSON.stringify(ds[0].range));
  });

  test('Kustomize helmCharts: values from the valuesFile beside it; unseen files said so', async () => {
    file('kz/values.yaml', 'bpf:\n  masquerade: false\nenableIPv4Masquerade: true\n');
    const u = pathToFileURL(join(dir, 'kz', 'kustomization.yaml')).href;
    const ds = await h.openAndWait(
      u,
      `helmCharts:
  - name: cilium
    repo: https://helm.cilium.io
    version: 1.16.1
    valuesFile: values.yaml
    additionalValuesFiles:
      - nowhere.yaml
    valuesInline:
      kubeProxyReplacement: true
`,
    );
    const unseen = byCode(ds, 'wrapper-values-unseen')!;
    assert.ok(unseen, JSON.stringify(ds));
    assert.equal(unseen.range.start.line, 6);
    const v = await h.verdict(u);
    assert.equal(v?.ciliumVersion?.source, 'Kustomization');
    assert.equal(v?.mode, 'Legacy');
  });

  test('CiliumNodeConfig with a base ConfigMap named by the modeline: diagnostics on its own key', async () => {
    file(
      'cilium-config.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  kube-proxy-replacement: "true"\n  enable-bpf-masquerade: "true"\n  routing-mode: native\n  ipv4-native-routing-cidr: 10.0.0.0/8\n',
    );
    const u = uri('node-config.yaml');
    const ds = await h.openAndWait(
      u,
      `# cilium-datapath: version=1.16.4 base=cilium-config.yaml
apiVersion: cilium.io/v2
kind: CiliumNodeConfig
metadata:
  name: legacy
spec:
  nodeSelector:
    matchLabels:
      pool: legacy
  defaults:
    enable-host-legacy-routing: "true"
`,
    );
    const d = byCode(ds, 'explicit-legacy-routing');
    assert.ok(d, JSON.stringify(ds));
    assert.equal(d!.range.start.line, 10);
    const v = await h.verdict(u);
    assert.equal(v?.mode, 'Legacy');
    assert.equal(v?.ciliumVersion?.source, 'modeline');
  });

  test('a YAML file that is no wrapper and not Cilium stays silent', async () => {
    const u = uri('deployment.yaml');
    await h.open(u, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cilium-operator\n');
    assert.deepEqual(await h.lenses(u), []);
    assert.equal(await h.verdict(u), null);
  });
});
