/**
 * Base files only from the workspace (issue 17): outside the workspace folders refused without
 * telling whether the path exists, nothing followed in an untrusted workspace, a base that is
 * not Cilium values reported on the modeline while the document is still analysed.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Harness } from './harness';
import { tempDir } from '../helpers';

const trusted = new Harness();
const untrusted = new Harness();
after(async () => {
  await trusted.dispose();
  await untrusted.dispose();
});
// (the folders are removed after the servers have stopped)
const workspace = tempDir('cdp-ws-');
const ws = workspace.path;
mkdirSync(join(ws, 'env'));
workspace.file('values-base.yaml', 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');
workspace.file('deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
const outside = tempDir('cdp-outside-');
const outsideDir = outside.path;
outside.file('values.yaml', 'kubeProxyReplacement: true\n');

const messages = (ds: Array<{ message: string }>) => ds.map((d) => d.message);

test('inside the workspace: read; outside: refused with the same words whether the file exists or not', async () => {
  await trusted.initialize({ debounceMs: 0 }, undefined, [pathToFileURL(ws).href]);
  const inside = pathToFileURL(join(ws, 'env', 'values-a.yaml')).href;
  assert.deepEqual(
    messages(
      await trusted.openAndWait(
        inside,
        '# cilium-datapath: version=1.16.4 base=../values-base.yaml\nenableIPv4Masquerade: true\n',
      ),
    ),
    [],
  );
  const refusedExisting = messages(
    await trusted.openAndWait(
      pathToFileURL(join(ws, 'env', 'values-b.yaml')).href,
      `# cilium-datapath: version=1.16.4 base=${join(outsideDir, 'values.yaml')}\nkubeProxyReplacement: true\n`,
    ),
  );
  const refusedMissing = messages(
    await trusted.openAndWait(
      pathToFileURL(join(ws, 'env', 'values-c.yaml')).href,
      `# cilium-datapath: version=1.16.4 base=${join(outsideDir, 'nope.yaml')}\nkubeProxyReplacement: true\n`,
    ),
  );
  const etc = messages(
    await trusted.openAndWait(
      pathToFileURL(join(ws, 'env', 'values-d.yaml')).href,
      '# cilium-datapath: version=1.16.4 base=../../../../../../../etc/passwd\nkubeProxyReplacement: true\n',
    ),
  );
  for (const list of [refusedExisting, refusedMissing, etc]) {
    const m = list.find((x) => /base=/.test(x));
    assert.ok(m, list.join('\n'));
    assert.match(m!, /only files inside the workspace folders are read as base files/);
    assert.doesNotMatch(m!, /not found|not a (regular )?file|directory|permission/);
  }
});

test('a base that is not Cilium values: a warning on the modeline, the document analysed alone', async () => {
  const uri = pathToFileURL(join(ws, 'env', 'values-e.yaml')).href;
  const ds = await trusted.openAndWait(
    uri,
    '# cilium-datapath: version=1.16.4 base=../deployment.yaml\nkubeProxyReplacement: true\nenableIPv4Masquerade: true\n',
  );
  const base = ds.find((d) => d.range.start.line === 0);
  assert.ok(base, messages(ds).join('\n'));
  assert.match(base!.message, /deployment\.yaml.*analysed without it/);
  assert.ok(
    ds.some((d) => d.code === 'iptables-masquerade'),
    'the document itself is analysed',
  );
  assert.equal((await trusted.verdict(uri))?.mode, 'Legacy');
});

test('an untrusted workspace: no base file is followed', async () => {
  await untrusted.initialize({ debounceMs: 0, workspaceTrusted: false }, undefined, [pathToFileURL(ws).href]);
  const uri = pathToFileURL(join(ws, 'env', 'values-f.yaml')).href;
  const ds = await untrusted.openAndWait(
    uri,
    '# cilium-datapath: version=1.16.4 base=../values-base.yaml\nenableIPv4Masquerade: true\n',
  );
  assert.ok(
    ds.some((d) => /not read in an untrusted workspace/.test(d.message)),
    messages(ds).join('\n'),
  );
});

test('files a wrapper names (Kustomize valuesFile): as base files, only inside the workspace, none untrusted', async () => {
  mkdirSync(join(ws, 'kz'), { recursive: true });
  writeFileSync(join(ws, 'kz', 'values.yaml'), 'kubeProxyReplacement: true\n');
  const text = `helmCharts:
  - name: cilium
    repo: https://helm.cilium.io
    version: 1.16.1
    valuesFile: values.yaml
    additionalValuesFiles:
      - ${join(outsideDir, 'values.yaml')}
    valuesInline:
      enableIPv4Masquerade: true
`;
  const unseenLines = (ds: Array<{ code?: unknown; range: { start: { line: number } } }>) =>
    ds.filter((d) => d.code === 'wrapper-values-unseen').map((d) => d.range.start.line);
  const u = pathToFileURL(join(ws, 'kz', 'kustomization.yaml')).href;
  assert.deepEqual(unseenLines(await trusted.openAndWait(u, text)), [6], 'the file outside is not read');
  const v = pathToFileURL(join(ws, 'kz', 'kustomization-2.yaml')).href;
  assert.deepEqual(unseenLines(await untrusted.openAndWait(v, text)), [4, 6], 'untrusted: nothing is read');
});
