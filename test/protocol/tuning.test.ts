/**
 * The tuning checklist through the real language server (in memory, ./harness.ts): diagnostics on
 * the key that asks for something that will not happen (error when the agent refuses, warning when
 * it is silently off), quick fixes, the key hover's feature section, the datapath lens and the
 * Explain view's checklist table.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, ExecuteCommandRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { suiteHarness } from './harness';

const uri = (name: string) => `untitled:/tuning/${name}`;

const byCode = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);

describe('tuning checklist in the language server', () => {
  const h = suiteHarness();

  test('1.16.4 netkit on kernel 6.6: error on bpf.datapathMode, verdict AgentFails, lens says so (issue #13 example)', async () => {
    const u = uri('netkit.yaml');
    const text =
      '# cilium-datapath: version=1.16.4 kernel=6.6\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n  datapathMode: netkit\n';
    const ds = await h.openAndWait(u, text);
    const [d] = byCode(ds, 'netkit-kernel');
    assert.ok(d, JSON.stringify(ds.map((x) => x.code)));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 4, 'on the datapathMode line');
    assert.match(d.message, /6\.7/);
    assert.ok(JSON.stringify(d).includes('netkit devices need kernel 6.7.0 or newer and CONFIG_NETKIT'));
    const lenses = (await h.lenses(u))!;
    assert.match(lenses[0].command!.title, /^Host routing: AgentFails on Cilium 1\.16\.4/);
    assert.equal(lenses[1].command!.title, 'Datapath: BPF host routing · BPF masq · KPR · netkit stops the agent');
    const actions = await h.codeActions(u, [d]);
    assert.ok(
      actions.some((a) => a.title === 'Use veth devices (bpf.datapathMode: veth)'),
      actions.map((a) => a.title).join(' | '),
    );
    const v = (await h.verdict(u))!;
    assert.equal(v.mode, 'AgentFails');
  });

  test('DSR on a VXLAN tunnel (1.16): error on loadBalancer.mode with the Geneve quick fix that clears it', async () => {
    const u = uri('dsr.yaml');
    const text =
      '# cilium-datapath: version=1.16.4 kernel=6.1\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\nloadBalancer:\n  mode: dsr\n';
    const ds = await h.openAndWait(u, text);
    const [d] = byCode(ds, 'dsr-tunnel');
    assert.ok(d);
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 5);
    const actions = await h.codeActions(u, [d]);
    const geneve = actions.find((a) => a.title === 'Use Geneve dispatch on a Geneve tunnel');
    assert.ok(geneve, actions.map((a) => a.title).join(' | '));
    const version = await h.edit(u, geneve.edit!.changes![u]);
    assert.match(h.text(u), /dsrDispatch: geneve/);
    assert.match(h.text(u), /tunnelProtocol: geneve/);
    const after = (await h.diagnostics(u, version)).diagnostics;
    assert.deepEqual(byCode(after, 'dsr-tunnel'), []);
    assert.match((await h.lenses(u))![1].command!.title, /· DSR$/);
  });

  test('BBR with configured legacy routing on 1.18: error with hostns-only and drop-BBR fixes', async () => {
    const u = uri('bbr.yaml');
    const text =
      '# cilium-datapath: version=1.18.3 kernel=6.8\nkubeProxyReplacement: true\nroutingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\nbpf:\n  masquerade: true\n  hostLegacyRouting: true\nbandwidthManager:\n  enabled: true\n  bbr: true\n';
    const ds = await h.openAndWait(u, text);
    const [d] = byCode(ds, 'needs-bpf-host-routing');
    assert.ok(d, JSON.stringify(ds.map((x) => x.code)));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 9, 'on bandwidthManager.bbr');
    const titles = (await h.codeActions(u, [d])).map((a) => a.title);
    assert.ok(
      titles.includes('Apply BBR in the host namespace only (bandwidthManager.bbrHostNamespaceOnly: true)'),
      titles.join(' | '),
    );
    assert.ok(titles.includes('Drop BBR (bandwidthManager.bbr: false)'));
  });

  test('a silently ignored setting is a warning: DSR without kube-proxy replacement', async () => {
    const u = uri('dsr-no-kpr.yaml');
    const ds = await h.openAndWait(u, '# cilium-datapath: version=1.17.8 kernel=6.1\nloadBalancer:\n  mode: dsr\n');
    const [d] = byCode(ds, 'feature-needs-node-port');
    assert.ok(d);
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.equal(d.range.start.line, 2);
  });

  test('the seed cluster on kernel 4.19 (1.13.4): bandwidth manager warning, lens names the kernel', async () => {
    const u = uri('seed.yaml');
    const text =
      '# cilium-datapath: version=1.13.4 kernel=4.19\ntunnel: disabled\nautoDirectNodeRoutes: true\nipv4NativeRoutingCIDR: 10.42.0.0/16\nkubeProxyReplacement: strict\nbpf:\n  masquerade: true\nbandwidthManager:\n  enabled: true\n';
    const ds = await h.openAndWait(u, text);
    const [d] = byCode(ds, 'bandwidth-manager-off');
    assert.ok(d);
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.equal(d.range.start.line, 8);
    assert.equal(
      (await h.lenses(u))![1].command!.title,
      'Datapath: legacy host routing · BPF masq · KPR · native routing · BWM off (kernel 4.19 < 5.1)',
    );
  });

  test("hover on a tuning key: what it does, its kernel and this file's verdict for it", async () => {
    const u = uri('bbr.yaml');
    const md = await h.hover(u, 9, 4);
    assert.match(md, /Datapath feature: BBR congestion control for pods/);
    assert.match(md, /Kernel: 5\.18 \(bpf_skb_set_tstamp\)/);
    assert.match(md, /\*\*This file:\*\* BBR congestion control for pods stops the agent — /);
    assert.ok(md.includes("BPF bandwidth manager's BBR setup requires BPF host routing."), md);
    const cm = uri('cm.yaml');
    await h.openAndWait(
      cm,
      '# cilium-datapath: version=1.16.4 kernel=6.1\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n  enable-ipv4-big-tcp: "true"\n  routing-mode: native\n  ipv4-native-routing-cidr: 10.0.0.0/8\n  kube-proxy-replacement: "true"\n  enable-bpf-masquerade: "true"\n',
    );
    const md2 = await h.hover(cm, 7, 5);
    assert.match(md2, /Datapath feature: IPv4 BIG TCP/);
    assert.match(md2, /Kernel: 6\.3/);
    assert.match(md2, /is off — the agent turns it off \(warning\)/);
  });

  test('Explain shows the checklist table and what else could be enabled', async () => {
    const u = uri('seed.yaml');
    const md = (await h.client.sendRequest(ExecuteCommandRequest.type, {
      command: 'ciliumDatapath.explain',
      arguments: [u],
    })) as string;
    assert.ok(md.includes('| Feature | State | Why / detail | Kernel | `cilium status` |'), md);
    assert.ok(md.includes('| Bandwidth manager | – off |'), md);
    assert.ok(md.includes('`BPF bandwidth manager needs kernel 5.1 or newer. Disabling the feature.`'));
    assert.ok(md.includes('**What else could I enable**'));
    assert.match(md, /- \*\*IPv6 BIG TCP\*\*: .* needs: kernel 5\.19 or newer \(given: 4\.19\)/);
  });
});
