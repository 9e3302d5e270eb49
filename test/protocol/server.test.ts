/**
 * The language server over in-memory streams (test client in ./harness.ts): a real server and a
 * real client protocol connection, so JSON-RPC framing, capabilities and the serialisation of
 * `Diagnostic.data` are exercised. Waits are on the matching publishDiagnostics, never on sleeps.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  FileChangeType,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { Harness, suiteHarness } from './harness';
import { tempDir } from '../helpers';
import { ruleDocsUrl } from '../../server/src/core/families/registry';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'protocol');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const fixtureUri = (name: string) => pathToFileURL(join(FIXTURES, name)).href;

const AGENT_LOG_BPF_MASQ =
  'BPF host routing requires enable-bpf-masquerade. Falling back to legacy host routing (enable-host-legacy-routing=true).';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();

describe('language server (in memory)', () => {
  // initialised by the first test, with the temporary folder as the workspace
  const h = suiteHarness(null);
  const { path: tmp } = tempDir('cilium-datapath-lsp-');

  test('initialize announces the capabilities', async () => {
    const r = await h.initialize(undefined, undefined, [pathToFileURL(tmp).href]);
    const c = r.capabilities;
    assert.deepEqual(c.textDocumentSync, { openClose: true, change: 2 /* incremental */ });
    assert.equal(c.hoverProvider, true);
    assert.deepEqual(c.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.deepEqual(c.codeLensProvider, { resolveProvider: false });
    assert.deepEqual(c.executeCommandProvider, { commands: ['ciliumDatapath.explain'] });
    assert.equal(r.serverInfo?.name, 'cilium-datapath-language-server');
  });

  const pitfall = fixtureUri('values-masquerade-pitfall.yaml');

  test('masquerade pitfall: one warning on the value, with the exact agent log line and the rule link', async () => {
    const ds = await h.openAndWait(pitfall, fixture('values-masquerade-pitfall.yaml'));
    assert.equal(ds.length, 1);
    const d = ds[0];
    assert.equal(d.code, 'iptables-masquerade');
    assert.equal(d.source, 'cilium-datapath');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    // line 0 is the modeline; `enableIPv4Masquerade: true` is line 2, `true` at columns 22–26
    assert.deepEqual(d.range, { start: { line: 2, character: 22 }, end: { line: 2, character: 26 } });
    assert.equal(d.message.split('\n')[1], `Agent log: ${AGENT_LOG_BPF_MASQ}`);
    assert.ok(d.message.startsWith('IPv4 masquerading is on'), d.message);
    assert.deepEqual(d.codeDescription, { href: ruleDocsUrl('iptables-masquerade') });
    const data = d.data as { ruleId: string; fixes: Array<{ title: string }> };
    assert.equal(data.ruleId, 'iptables-masquerade');
    assert.ok(data.fixes.length >= 1);
  });

  test('hover on enableIPv4Masquerade explains the key and its part in this verdict', async () => {
    const md = await h.hover(pitfall, 2, 5);
    assert.match(md, /\*\*`enableIPv4Masquerade`\*\* → cilium-config `enable-ipv4-masquerade`/);
    assert.match(md, /Chart 1\.16\.15 default: `true`\./);
    assert.match(md, /\*History:\*.*chart 1\.10/);
    assert.ok(md.includes('**This file:** this is why host routing is Legacy (`iptables-masquerade`)'), md);
    assert.ok(md.includes(`The agent logs: \`${AGENT_LOG_BPF_MASQ}\``), md);
    // hovering the value gives the same key
    assert.equal(await h.hover(pitfall, 2, 24), md);
    // nothing on indentation-free empty space after the file
    assert.equal(await h.hover(pitfall, 3, 0), '');
  });

  test('hover on bpf.masquerade in another document', async () => {
    const uri = fixtureUri('values-bpf-masquerade-off.yaml');
    await h.openAndWait(uri, fixture('values-bpf-masquerade-off.yaml'));
    const md = await h.hover(uri, 4, 4);
    assert.match(md, /^\*\*`bpf\.masquerade`\*\* → cilium-config `enable-bpf-masquerade`/);
    assert.match(
      md,
      /Chart 1\.16\.15 default: `null` — the templates decide what to render; without `enable-bpf-masquerade` the agent uses `false`\./,
    );
    assert.ok(md.includes('**This file:** this is why host routing is Legacy (`iptables-masquerade`)'), md);
    assert.ok(md.includes(AGENT_LOG_BPF_MASQ));
    assert.ok(md.includes('The agent sees `enable-bpf-masquerade = "false"` — set on line 5 (`bpf.masquerade`).'), md);
    // the parent map: a plain chart key
    const bpf = await h.hover(uri, 3, 1);
    assert.match(bpf, /\*\*`bpf`\*\* — map in chart 1\.16\.15/);
    assert.match(bpf, /Not an input of the host-routing decision\./);
    await h.close(uri);
  });

  test('hover on a key that is no reason, and on a key the chart does not have', async () => {
    const uri = 'file:///project/hover/values.yaml';
    await h.openAndWait(
      uri,
      '# cilium-datapath: version=1.16.4\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\nkubeProxyReplacment: true\n',
    );
    const md = await h.hover(uri, 3, 4);
    assert.ok(md.includes('**This file:** not a reason here — the verdict is BPF host routing.'), md);
    assert.ok(md.includes('The agent sees `enable-bpf-masquerade = "true"` — set on line 4 (`bpf.masquerade`).'), md);
    const typo = await h.hover(uri, 4, 3);
    assert.match(
      typo,
      /^\*\*`kubeProxyReplacment`\*\*\n\nNot a value of the cilium chart 1\.16\.15: Helm passes it to the templates, which never read it \(a typo\?\)\.$/,
    );
    await h.close(uri);
  });

  test('hover on the first line explains the whole chain', async () => {
    const md = await h.hover(pitfall, 0, 3);
    assert.match(md, /^\*\*Host routing: Legacy\*\* — Cilium 1\.16\.4 \(from the modeline\), kernel ≥ 5\.10 assumed/);
    assert.ok(md.includes('1. `iptables-masquerade` **(decides)**'), md);
    assert.ok(md.includes(`The agent logs: \`${AGENT_LOG_BPF_MASQ}\``));
    assert.ok(md.includes('`enable-ipv4-masquerade = "true"` — set on line 3 (`enableIPv4Masquerade`)'), md);
    assert.ok(md.includes('`enable-ipv4 = "true"` — chart default of `ipv4.enabled` (chart 1.16.15)'), md);
    assert.ok(md.includes('**Assumptions:**'));
  });

  test('the lens shows the verdict and runs the explain command', async () => {
    const lenses = (await h.lenses(pitfall))!;
    assert.equal(lenses.length, 2, 'verdict lens and datapath summary lens');
    assert.deepEqual(lenses[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.equal(lenses[1].command?.title, 'Datapath: legacy host routing · KPR');
    assert.equal(lenses[1].command?.command, 'ciliumDatapath.explain');
    assert.equal(lenses[0].command?.title, 'Host routing: Legacy on Cilium 1.16.4 — iptables masquerades, not BPF');
    assert.equal(lenses[0].command?.command, 'ciliumDatapath.explain');
    assert.deepEqual(lenses[0].command?.arguments, [pitfall]);
    const md = await h.client.sendRequest(ExecuteCommandRequest.type, {
      command: 'ciliumDatapath.explain',
      arguments: [pitfall],
    });
    assert.equal(typeof md, 'string');
    assert.ok((md as string).startsWith('**Host routing: Legacy**'));
    assert.equal(
      await h.client.sendRequest(ExecuteCommandRequest.type, { command: 'ciliumDatapath.unknown', arguments: [] }),
      null,
    );
  });

  test('ciliumDatapath/verdict', async () => {
    const v = (await h.verdict(pitfall))!;
    assert.equal(v.mode, 'Legacy');
    assert.equal(v.summary, 'Legacy on Cilium 1.16.4 — BPF host routing requires enable-bpf-masquerade.');
    assert.deepEqual(v.ciliumVersion, { evaluated: '1.16.4', requested: '1.16.4', source: 'modeline' });
    assert.deepEqual(v.kernel, { requested: null, assumed: true });
    assert.deepEqual(
      v.reasons.map((r) => [r.ruleId, r.decisive, r.agentLog]),
      [['iptables-masquerade', true, AGENT_LOG_BPF_MASQ]],
    );
    assert.equal(await h.verdict('file:///not/open.yaml'), null);
  });

  test('quick fix: apply the edit, diagnostics clear and the lens says BPF', async () => {
    const ds = (await h.diagnostics(pitfall, 1)).diagnostics;
    const actions = await h.codeActions(pitfall, ds);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Masquerade with BPF (bpf.masquerade: true)', 'quickfix', true],
        ['Suppress iptables-masquerade in this file', 'quickfix', false],
      ],
    );
    const edits = actions[0].edit!.changes![pitfall];
    assert.ok(edits.length > 0);
    const version = await h.edit(pitfall, edits);
    assert.equal(
      h.text(pitfall),
      '# cilium-datapath: version=1.16.4\nkubeProxyReplacement: true\nenableIPv4Masquerade: true\nbpf:\n  masquerade: true\n',
    );
    assert.deepEqual((await h.diagnostics(pitfall, version)).diagnostics, []);
    const lenses = (await h.lenses(pitfall))!;
    assert.equal(lenses[0].command?.title, 'Host routing: BPF on Cilium 1.16.4');
    // back to the pitfall for the next tests
    const v2 = await h.replace(pitfall, fixture('values-masquerade-pitfall.yaml'));
    assert.deepEqual(codes((await h.diagnostics(pitfall, v2)).diagnostics), ['iptables-masquerade']);
  });

  test('suppression: the code action adds a modeline line after the existing one and the finding goes', async () => {
    const version = h.publishedFor(pitfall).at(-1)!.version!;
    const ds = (await h.diagnostics(pitfall, version)).diagnostics;
    const suppress = (await h.codeActions(pitfall, ds)).find(
      (a) => a.title === 'Suppress iptables-masquerade in this file',
    )!;
    const v = await h.edit(pitfall, suppress.edit!.changes![pitfall]);
    assert.equal(
      h.text(pitfall),
      '# cilium-datapath: version=1.16.4\n# cilium-datapath: disable=iptables-masquerade reason\nkubeProxyReplacement: true\nenableIPv4Masquerade: true\n',
    );
    assert.deepEqual((await h.diagnostics(pitfall, v)).diagnostics, []);
    // the verdict does not change, the explanation lists the suppression
    assert.equal((await h.verdict(pitfall))!.mode, 'Legacy');
    assert.ok((await h.hover(pitfall, 0, 0)).includes('- `iptables-masquerade` — reason'));
    // a written suppression without a reason is reported on the modeline
    const v3 = await h.replace(
      pitfall,
      '# cilium-datapath: version=1.16.4 disable=iptables-masquerade\nkubeProxyReplacement: true\nenableIPv4Masquerade: true\n',
    );
    const ds3 = (await h.diagnostics(pitfall, v3)).diagnostics;
    assert.deepEqual(codes(ds3), ['modeline']);
    assert.equal(ds3[0].range.start.line, 0);
    await h.close(pitfall);
  });

  test('settings: ciliumVersion from workspace/configuration; a change re-validates; the modeline wins', async () => {
    const uri = fixtureUri('values-endpoint-routes.yaml');
    const pinned = 'file:///project/pinned/values.yaml';
    h.settings = { '': { ciliumVersion: '1.16.4' } };
    // a client says when settings change (the answers are cached per workspace folder until then)
    await h.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const before = h.configurationRequests;
    assert.deepEqual(await h.openAndWait(uri, fixture('values-endpoint-routes.yaml')), []);
    assert.ok(h.configurationRequests > before, 'the server asked for the settings');
    assert.equal((await h.lenses(uri))![0].command?.title, 'Host routing: BPF on Cilium 1.16.4');
    await h.openAndWait(pinned, '# cilium-datapath: version=1.16.4\n' + fixture('values-endpoint-routes.yaml'));
    assert.equal((await h.verdict(uri))!.ciliumVersion?.source, 'setting');

    h.settings = { '': { ciliumVersion: '1.13.4' } };
    const next = h.nextDiagnostics(uri);
    const nextPinned = h.nextDiagnostics(pinned);
    await h.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const after = (await next).diagnostics;
    assert.ok(codes(after).includes('endpoint-routes'), codes(after).join());
    assert.ok(codes(after).includes('kpr-invalid-value'), codes(after).join());
    assert.match((await h.lenses(uri))![0].command!.title, /^Host routing: AgentFails on Cilium 1\.13\.4 — /);
    // the modeline beats the setting
    assert.deepEqual((await nextPinned).diagnostics, []);
    assert.equal((await h.verdict(pinned))!.ciliumVersion?.evaluated, '1.16.4');

    // severity overrides per rule, `off` drops the diagnostic
    h.settings = {
      '': {
        ciliumVersion: '1.13.4',
        severity: { 'endpoint-routes': 'error', 'kpr-invalid-value': 'off', 'chart-refuses': 'hint' },
      },
    };
    const next2 = h.nextDiagnostics(uri);
    await h.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const ds2 = (await next2).diagnostics;
    assert.ok(!codes(ds2).includes('kpr-invalid-value'));
    assert.equal(ds2.find((d) => d.code === 'endpoint-routes')?.severity, DiagnosticSeverity.Error);
    assert.equal(ds2.find((d) => d.code === 'chart-refuses')?.severity, DiagnosticSeverity.Hint);

    // a bad version in the settings is reported, and the newest line is used
    h.settings = { '': { ciliumVersion: 'one-point-sixteen' } };
    const next3 = h.nextDiagnostics(uri);
    await h.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const ds3 = (await next3).diagnostics;
    assert.equal(ds3.find((d) => d.code === 'settings')?.severity, DiagnosticSeverity.Warning);
    assert.match(
      ds3.find((d) => d.code === 'settings')!.message,
      /ciliumDatapath\.ciliumVersion: "one-point-sixteen" is not a Cilium version/,
    );
    h.settings = {};
    const next4 = h.nextDiagnostics(uri);
    await h.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await next4;
    await h.close(uri);
    await h.close(pinned);
  });

  test('a document that becomes malformed gets one diagnostic, then recovers', async () => {
    const uri = 'file:///project/cluster/values.yaml';
    assert.deepEqual(codes(await h.openAndWait(uri, 'kubeProxyReplacement: true\nenableIPv4Masquerade: true\n')), [
      'iptables-masquerade',
    ]);
    const v2 = await h.replace(
      uri,
      'kubeProxyReplacement: true\nbpf: [masquerade\nenableIPv4Masquerade: true\n  - : :\n',
    );
    const ds = (await h.diagnostics(uri, v2)).diagnostics;
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'malformed-yaml');
    assert.equal(ds[0].severity, DiagnosticSeverity.Error);
    assert.match(ds[0].message, /^Malformed YAML: /);
    assert.ok(ds[0].range.start.line >= 1);
    assert.equal((await h.verdict(uri))!.mode, 'Unknown');
    assert.deepEqual(await h.lenses(uri), []);
    const v3 = await h.replace(uri, 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');
    assert.deepEqual((await h.diagnostics(uri, v3)).diagnostics, []);
    await h.close(uri);
  });

  test('an untitled document that is not Cilium gets nothing, and becomes ours by content', async () => {
    const uri = 'untitled:Untitled-1';
    await h.open(uri, 'frobnicate: 3\nwidgets: []\n');
    assert.equal(await h.verdict(uri), null);
    const v2 = await h.replace(uri, 'kubeProxyReplacement: true\nenableIPv4Masquerade: true\n');
    assert.deepEqual(codes((await h.diagnostics(uri, v2)).diagnostics), ['iptables-masquerade']);
    // once ours, a broken version is reported although the name says nothing
    const v3 = await h.replace(uri, 'kubeProxyReplacement: true\nenableIPv4Masquerade: [true\n');
    assert.deepEqual(codes((await h.diagnostics(uri, v3)).diagnostics), ['malformed-yaml']);
    await h.close(uri);
    assert.equal(
      h.publishedFor(uri).filter((p) => p.version === 1).length,
      0,
      'nothing published for the non-Cilium version',
    );
  });

  test('a cilium-config ConfigMap inside a multi-document file', async () => {
    const uri = fixtureUri('rendered-manifests.yaml');
    const text = fixture('rendered-manifests.yaml');
    const ds = await h.openAndWait(uri, text);
    const line = text.split('\n').findIndex((l) => l.includes('enable-ipv4-masquerade'));
    const d = ds.find((x) => x.code === 'iptables-masquerade')!;
    assert.ok(d, codes(ds).join());
    assert.equal(d.range.start.line, line);
    assert.equal(d.message.split('\n')[1], `Agent log: ${AGENT_LOG_BPF_MASQ}`);
    const md = await h.hover(uri, line, 4);
    assert.match(md, /^\*\*`enable-ipv4-masquerade`\*\* \(cilium-config\)/);
    assert.ok(md.includes('Helm value: `enableIPv4Masquerade`'), md);
    assert.ok(md.includes('**This file:** this is why host routing is Legacy (`iptables-masquerade`)'), md);
    const lens = (await h.lenses(uri))![0].command!.title;
    assert.equal(lens, 'Host routing: Legacy on Cilium 1.20.0 — iptables masquerades, not BPF');
    await h.close(uri);
  });

  test('Helm templates get no diagnostics at all', async () => {
    const inTemplates = 'file:///project/chart/templates/cilium-configmap.yaml';
    const withActions = 'file:///project/chart/values-cilium.yaml';
    await h.open(inTemplates, fixture('chart-configmap-template.yaml'));
    await h.open(withActions, fixture('chart-configmap-template.yaml'));
    assert.equal(await h.verdict(inTemplates), null);
    assert.equal(await h.verdict(withActions), null);
    assert.equal(await h.hover(withActions, 0, 0), '');
    assert.deepEqual(await h.lenses(withActions), []);
    // a document opened afterwards is published after both (same debounce, queued in order)
    const marker = 'file:///project/after-templates/values.yaml';
    await h.openAndWait(marker, 'kubeProxyReplacement: true\n');
    assert.deepEqual(h.publishedFor(inTemplates), []);
    assert.deepEqual(h.publishedFor(withActions), []);
    for (const u of [inTemplates, withActions, marker]) await h.close(u);
  });

  test('a 10 MB document: one clear diagnostic, fast, no crash', async () => {
    const uri = 'file:///project/huge/values.yaml';
    const line = 'someKey: "padding padding padding padding padding padding padding padding"\n';
    const text = 'kubeProxyReplacement: true\n' + line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    assert.ok(text.length >= 10 * 1024 * 1024);
    const start = performance.now();
    const ds = await h.openAndWait(uri, text);
    const ms = performance.now() - start;
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'too-large');
    assert.deepEqual(ds[0].range.start, { line: 0, character: 0 });
    assert.match(ds[0].message, /^This file is larger than 5 MiB/);
    assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
    assert.equal(await h.hover(uri, 5, 3), '');
    assert.deepEqual(await h.lenses(uri), []);
    await h.close(uri);
  });

  test('binary junk is not ours; junk in a values file gets at most one diagnostic', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    const junk = bytes.toString('latin1');
    const binary = 'file:///project/blob.yaml';
    await h.open(binary, junk);
    assert.equal(await h.verdict(binary), null);
    const named = 'file:///project/junk/values.yaml';
    await h.open(named, junk.replace(/\u0000/g, ''));
    const v = await h.verdict(named);
    assert.ok(v === null || v.mode === 'Unknown');
    const marker = 'file:///project/after-junk/values.yaml';
    await h.openAndWait(marker, 'kubeProxyReplacement: true\n');
    assert.deepEqual(h.publishedFor(binary), []);
    assert.ok(h.publishedFor(named).every((p) => p.diagnostics.length <= 1));
    // still alive
    assert.ok((await h.hover(marker, 0, 2)).includes('kubeProxyReplacement'));
    for (const u of [binary, named, marker]) await h.close(u);
  });

  test('base files: merged first, re-validated when the base changes (open or on disk)', async () => {
    const basePath = join(tmp, 'values-base.yaml');
    writeFileSync(basePath, 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');
    const baseUri = pathToFileURL(basePath).href;
    const overlay = pathToFileURL(join(tmp, 'env', 'values-prod.yaml')).href;
    const text = '# cilium-datapath: version=1.16.4 base=../values-base.yaml\nenableIPv4Masquerade: true\n';
    assert.deepEqual(await h.openAndWait(overlay, text), []);
    assert.equal((await h.lenses(overlay))![0].command?.title, 'Host routing: BPF on Cilium 1.16.4');

    // the base opens in the editor and changes: the overlay follows
    let next = h.nextDiagnostics(overlay);
    await h.open(baseUri, readFileSync(basePath, 'utf8'));
    await next;
    next = h.nextDiagnostics(overlay);
    const refreshed = h.nextLensRefresh();
    await h.replace(baseUri, 'kubeProxyReplacement: true\nbpf:\n  masquerade: false\n');
    const ds = (await next).diagnostics;
    await refreshed; // the overlay's lens is asked for again
    assert.equal(
      (await h.lenses(overlay))![0].command?.title,
      'Host routing: Legacy on Cilium 1.16.4 — iptables masquerades, not BPF',
    );
    assert.deepEqual(codes(ds), ['iptables-masquerade']);
    assert.deepEqual(ds[0].range.start, { line: 1, character: 22 });
    const rel = ds[0].relatedInformation ?? [];
    assert.ok(
      rel.some(
        (r) =>
          r.location.uri === baseUri &&
          r.location.range.start.line === 2 &&
          r.message.startsWith('enable-bpf-masquerade = "false"'),
      ),
      JSON.stringify(rel),
    );

    // closing it falls back to the file on disk (masquerade: true)
    next = h.nextDiagnostics(overlay);
    await h.close(baseUri);
    assert.deepEqual((await next).diagnostics, []);

    // the file changes on disk: workspace/didChangeWatchedFiles
    writeFileSync(basePath, 'kubeProxyReplacement: true\nbpf:\n  masquerade: false\n');
    next = h.nextDiagnostics(overlay);
    await h.client.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: baseUri, type: FileChangeType.Changed }],
    });
    assert.deepEqual(codes((await next).diagnostics), ['iptables-masquerade']);
    await h.close(overlay);
  });

  test('a document that gains a base= modeline by an edit follows that base from then on', async () => {
    const basePath = join(tmp, 'values-base-later.yaml');
    writeFileSync(basePath, 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');
    const baseUri = pathToFileURL(basePath).href;
    const overlay = pathToFileURL(join(tmp, 'later', 'values-prod.yaml')).href;
    // opened without a modeline: masquerading by iptables
    const alone = '# cilium-datapath: version=1.16.4\nkubeProxyReplacement: true\nenableIPv4Masquerade: true\n';
    assert.deepEqual(codes(await h.openAndWait(overlay, alone)), ['iptables-masquerade']);
    // the edit adds the base: BPF masquerade comes from it
    let next = h.nextDiagnostics(overlay);
    await h.replace(
      overlay,
      '# cilium-datapath: version=1.16.4 base=../values-base-later.yaml\nenableIPv4Masquerade: true\n',
    );
    assert.deepEqual((await next).diagnostics, []);
    // and a change to the base reaches it
    next = h.nextDiagnostics(overlay);
    await h.open(baseUri, 'kubeProxyReplacement: true\nbpf:\n  masquerade: false\n');
    assert.deepEqual(codes((await next).diagnostics), ['iptables-masquerade']);
    await h.close(baseUri);
    await h.close(overlay);
  });

  test('a missing base file: one warning on the modeline', async () => {
    const uri = pathToFileURL(join(tmp, 'values-missing-base.yaml')).href;
    const ds = await h.openAndWait(
      uri,
      '# cilium-datapath: version=1.16.4 base=./nope.yaml\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n',
    );
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'base-file');
    assert.equal(ds[0].severity, DiagnosticSeverity.Warning);
    assert.deepEqual(ds[0].range, { start: { line: 0, character: 34 }, end: { line: 0, character: 50 } });
    assert.match(ds[0].message, /^base file \.\/nope\.yaml not found/);
    await h.close(uri);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///project/close/values.yaml';
    assert.equal((await h.openAndWait(uri, 'kubeProxyReplacement: true\nenableIPv4Masquerade: true\n')).length, 1);
    const cleared = h.nextDiagnostics(uri);
    await h.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
    assert.equal(await h.verdict(uri), null);
  });

  test('a burst of edits publishes only for the newest version', async () => {
    const uri = 'file:///project/burst/values.yaml';
    await h.open(uri, 'kubeProxyReplacement: true\n');
    let last = 1;
    for (let i = 0; i < 20; i++)
      last = await h.replace(uri, `kubeProxyReplacement: true\nenableIPv4Masquerade: ${i % 2 === 1}\n`);
    const p = await h.diagnostics(uri, last);
    assert.deepEqual(codes(p.diagnostics), ['iptables-masquerade']);
    const versions = h.publishedFor(uri).map((x) => x.version);
    assert.ok(versions.length < 5, `published for versions ${versions.join(',')}`);
    assert.ok(
      versions.every((v, i) => i === 0 || v! > versions[i - 1]!),
      'never an older version after a newer one',
    );
    await h.close(uri);
  });

  test('no handler error was logged', () => {
    assert.deepEqual(
      h.logs.filter((l) => / failed:/.test(l)),
      [],
    );
  });
});

describe('language server with the Red Hat YAML extension present', () => {
  test('malformed YAML is left to the YAML extension', async () => {
    const h = new Harness();
    try {
      await h.initialize({ debounceMs: 0, yamlExtensionPresent: true, advertiseExplainCommand: false }, {});
      const uri = 'file:///project/yamlext/values.yaml';
      await h.open(uri, 'kubeProxyReplacement: true\nenableIPv4Masquerade: true\n');
      assert.deepEqual(codes((await h.diagnostics(uri, 1)).diagnostics), ['iptables-masquerade']);
      const v2 = await h.replace(uri, 'kubeProxyReplacement: [true\n');
      assert.deepEqual((await h.diagnostics(uri, v2)).diagnostics, []);
      assert.equal((await h.verdict(uri))!.mode, 'Unknown');
    } finally {
      await h.dispose();
    }
  });

  test('without workspace/configuration, pushed settings are used', async () => {
    const h = new Harness();
    try {
      const r = await h.initialize({ debounceMs: 0, advertiseExplainCommand: false }, {});
      assert.deepEqual(r.capabilities.executeCommandProvider, { commands: [] });
      const uri = 'file:///project/push/values.yaml';
      await h.client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { ciliumDatapath: { ciliumVersion: '1.13.4' } },
      });
      await h.open(uri, fixture('values-endpoint-routes.yaml'));
      assert.ok(codes((await h.diagnostics(uri, 1)).diagnostics).includes('endpoint-routes'));
      assert.equal(h.configurationRequests, 0);
      // the explain command still answers when it is not advertised
      const md = await h.client.sendRequest(ExecuteCommandRequest.type, {
        command: 'ciliumDatapath.explain',
        arguments: [uri],
      });
      assert.match(md as string, /^\*\*Host routing: AgentFails\*\* — Cilium 1\.13\.4 \(from settings\)/);
    } finally {
      await h.dispose();
    }
  });
});
