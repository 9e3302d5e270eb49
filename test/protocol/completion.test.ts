/**
 * Completion, key-check diagnostics and their quick fixes through the real server over in-memory
 * streams: keys and values per Cilium version (1.13 vs 1.16), ConfigMap data keys, half-typed
 * files, the rename fix for a typo, hovers on undescribed chart keys, and the
 * `ciliumDatapath.schemaChecks` setting next to the Red Hat YAML extension.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompletionItemTag,
  DidChangeConfigurationNotification,
  InitializeRequest,
  type CompletionItem,
  type Diagnostic,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { Harness, suiteHarness } from './harness';

/** Replaces the text and returns the diagnostics of the new version. */
async function replace(c: Harness, uri: string, text: string): Promise<Diagnostic[]> {
  return (await c.diagnostics(uri, await c.replace(uri, text))).diagnostics;
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const current = (items: CompletionItem[]) =>
  items.filter((i) => !i.tags?.includes(CompletionItemTag.Deprecated)).map((i) => i.label);

/** Applies LSP edits to a text (later edits first). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

describe('completion and key checks over LSP', () => {
  const c = suiteHarness();

  test('the server announces completion', async () => {
    const other = new Harness();
    const r = await other.client.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
    });
    assert.deepEqual(r.capabilities.completionProvider, { resolveProvider: false });
    await other.dispose();
  });

  test('kubeProxyReplacement values: strict/partial/disabled on 1.13, true/false on 1.16', async () => {
    const v113 = 'file:///ws/a/values.yaml';
    await c.openAndWait(v113, '# cilium-datapath: version=1.13.4\nkubeProxyReplacement: \n');
    assert.deepEqual(labels(await c.complete(v113, 1, 22)), ['strict', 'partial', 'disabled']);
    const v116 = 'file:///ws/b/values.yaml';
    await c.openAndWait(v116, '# cilium-datapath: version=1.16\nkubeProxyReplacement: \n');
    const items = await c.complete(v116, 1, 22);
    assert.deepEqual(labels(items), ['true', 'false']);
    assert.equal(items[0].textEdit && 'range' in items[0].textEdit ? items[0].textEdit.newText : undefined, 'true');
    // 1.14 still takes the old words, marked deprecated
    const v114 = 'file:///ws/c/values.yaml';
    await c.openAndWait(v114, '# cilium-datapath: version=1.14\nkubeProxyReplacement: str\n');
    const old = await c.complete(v114, 1, 25);
    assert.deepEqual(current(old), ['true', 'false']);
    assert.deepEqual(labels(old.filter((i) => i.tags?.includes(CompletionItemTag.Deprecated))), [
      'strict',
      'partial',
      'disabled',
    ]);
    assert.deepEqual(old[2].textEdit && 'range' in old[2].textEdit ? old[2].textEdit.range : undefined, {
      start: { line: 1, character: 22 },
      end: { line: 1, character: 25 },
    });
  });

  test('keys per version: bpf.datapathMode is offered from 1.16, tunnel only up to 1.14; values of bpf.datapathMode per version', async () => {
    const u113 = 'file:///ws/d/values.yaml';
    await c.openAndWait(u113, '# cilium-datapath: version=1.13\nbpf:\n  masquerade: true\n  \n');
    const keys113 = labels(await c.complete(u113, 3, 2));
    assert.ok(keys113.includes('hostLegacyRouting'));
    assert.ok(!keys113.includes('datapathMode'));
    assert.ok(!keys113.includes('masquerade'), 'keys already written are not offered again');
    const u116 = 'file:///ws/e/values.yaml';
    await c.openAndWait(u116, '# cilium-datapath: version=1.16\nbpf:\n  masquerade: true\n  datap\n');
    const keys116 = await c.complete(u116, 3, 7);
    const dm = keys116.find((i) => i.label === 'datapathMode');
    assert.ok(dm, labels(keys116).join(' '));
    assert.equal(dm.detail, 'string = "veth"');
    assert.match((dm.documentation as MarkupContent).value, /netkit/);
    const top116 = labels(await c.complete(u116, 4, 0));
    assert.ok(top116.includes('routingMode') && !top116.includes('tunnel'));
    const top113 = labels(await c.complete(u113, 4, 0));
    assert.ok(top113.includes('tunnel') && !top113.includes('routingMode'));

    const dm116 = 'file:///ws/f/values.yaml';
    await c.openAndWait(dm116, '# cilium-datapath: version=1.16\nbpf:\n  datapathMode: \n');
    assert.deepEqual(labels(await c.complete(dm116, 2, 16)), ['veth', 'netkit', 'netkit-l2', 'lb-only']);
    const dm120 = 'file:///ws/g/values.yaml';
    await c.openAndWait(dm120, '# cilium-datapath: version=1.20\nbpf:\n  datapathMode: \n');
    assert.deepEqual(labels(await c.complete(dm120, 2, 16)), ['auto', 'veth', 'netkit', 'netkit-l2']);
  });

  test('ConfigMap data: keys of the version, quoted values', async () => {
    const cm = 'file:///ws/h/cilium-config.yaml';
    await c.openAndWait(
      cm,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  routing-mode: \n  \n',
    );
    const values = await c.complete(cm, 5, 16);
    assert.deepEqual(labels(values), ['tunnel', 'native']);
    assert.equal(
      values[1].textEdit && 'range' in values[1].textEdit ? values[1].textEdit.newText : undefined,
      '"native"',
    );
    const keys = labels(await c.complete(cm, 6, 2));
    assert.ok(
      keys.includes('enable-bpf-masquerade') && keys.includes('tunnel-protocol') && !keys.includes('routing-mode'),
    );
  });

  test('completion keeps working while the file does not parse', async () => {
    const u = 'file:///ws/i/values.yaml';
    await c.openAndWait(
      u,
      '# cilium-datapath: version=1.16\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n  hostLeg\n   :\n',
    );
    assert.ok(labels(await c.complete(u, 4, 9)).includes('hostLegacyRouting'));
  });

  test('a typo gets a warning with "did you mean" and a quick fix that renames it; the fix clears it', async () => {
    const u = 'file:///ws/j/values.yaml';
    const text = '# cilium-datapath: version=1.16\nkubeProxyReplacment: true\n';
    const ds = await c.openAndWait(u, text);
    const d = ds.find((x) => x.code === 'unknown-key');
    assert.ok(d, JSON.stringify(ds));
    assert.equal(d.severity, 2 /* warning */);
    assert.match(d.message, /Did you mean `kubeProxyReplacement`\?/);
    assert.deepEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 19 } });
    const actions = await c.codeActions(u, [d]);
    const fix = actions.find((a) => a.title === 'Rename to kubeProxyReplacement');
    assert.ok(fix?.isPreferred);
    const fixed = applyEdits(text, fix.edit!.changes![u]);
    assert.equal(fixed, '# cilium-datapath: version=1.16\nkubeProxyReplacement: true\n');
    const after = await replace(c, u, fixed);
    assert.ok(!after.some((x) => x.code === 'unknown-key'));
  });

  test('hover on a chart key we never described: its type and default in the chosen version', async () => {
    const u = 'file:///ws/k/values.yaml';
    await c.openAndWait(u, '# cilium-datapath: version=1.16\nhubble:\n  relay:\n    enabled: true\n');
    const md = await c.hover(u, 3, 6);
    assert.match(md, /\*\*`hubble\.relay\.enabled`\*\* — boolean in chart 1\.16\.15/);
    assert.match(md, /Chart 1\.16\.15 default: `false`\./);
  });

  test('schemaChecks: auto leaves type errors to the YAML extension where it validates the file; on shows them; off hides every key check', async () => {
    const y = new Harness();
    await y.initialize({ debounceMs: 5, yamlExtensionPresent: true });
    const text =
      '# yaml-language-server: $schema=https://example.com/cilium-values.json\n# cilium-datapath: version=1.16\nkubeProxyReplacement: true\nbpf:\n  masquerade: "true"\nkubeProxyReplacment: true\n';
    const u = 'file:///ws/l/values.yaml';
    const auto = await y.openAndWait(u, text);
    assert.ok(!auto.some((d) => d.code === 'value-type'), JSON.stringify(auto.map((d) => d.code)));
    assert.ok(
      auto.some((d) => d.code === 'unknown-key'),
      'only type errors are left to the YAML extension',
    );
    // without a schema association the YAML extension does not validate the file: we do
    const plain = 'file:///ws/m/values.yaml';
    assert.ok((await y.openAndWait(plain, text.split('\n').slice(1).join('\n'))).some((d) => d.code === 'value-type'));
    // … unless yaml.schemas maps it
    y.sections = { 'yaml.schemas': { 'https://example.com/cilium-values.json': 'values.yaml' } };
    await y.client.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const mapped = await replace(y, plain, text.split('\n').slice(1).join('\n') + '\n');
    assert.ok(!mapped.some((d) => d.code === 'value-type'), JSON.stringify(mapped.map((d) => d.code)));

    y.sections = {};
    y.settings = { '': { schemaChecks: 'on' } };
    await y.client.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    assert.ok((await replace(y, u, text + '\n')).some((d) => d.code === 'value-type'));
    y.settings = { '': { schemaChecks: 'off' } };
    await y.client.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const off = await replace(y, u, text + '\n\n');
    assert.ok(
      !off.some((d) => ['value-type', 'unknown-key'].includes(String(d.code))),
      JSON.stringify(off.map((d) => d.code)),
    );
    await y.dispose();
  });
});
