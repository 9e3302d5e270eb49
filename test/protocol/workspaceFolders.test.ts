/**
 * Workspace folders added and removed after start (workspace/didChangeWorkspaceFolders), through
 * the real server: base files follow the new folders (the open documents whose base becomes
 * allowed or refused are analysed again, the others are not), and so does the workspace analysis
 * (files of an added folder get diagnostics, those of a removed one lose them).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWorkspaceFoldersNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { Harness } from './harness';
import { WorkspaceScannedNotification, type ScanStats } from '../../server/src/protocol/documents/workspaceScan';
import { within } from '../helpers';

const PITFALL = '# cilium-datapath: version=1.16.4\nkubeProxyReplacement: true\nenableIPv4Masquerade: true\n';
const top = mkdtempSync(join(tmpdir(), 'cdp-folders-'));
const a = join(top, 'a');
const b = join(top, 'b');
mkdirSync(join(a, 'env'), { recursive: true });
mkdirSync(join(b, 'cluster'), { recursive: true });
writeFileSync(join(a, 'base-a.yaml'), 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');
writeFileSync(join(b, 'base.yaml'), 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');
writeFileSync(join(b, 'cluster', 'values.yaml'), PITFALL); // not open: the workspace analysis finds it
const A = pathToFileURL(a).href;
const B = pathToFileURL(b).href;
const uri = (...p: string[]) => pathToFileURL(join(top, ...p)).href;

const h = new Harness();
const scans: ScanStats[] = [];
h.client.onNotification(WorkspaceScannedNotification, (s) => scans.push(s));
const scanAfter = (n: number) =>
  within(
    new Promise<ScanStats>((resolve) => {
      const t = setInterval(() => {
        if (scans.length > n) {
          clearInterval(t);
          resolve(scans[n]);
        }
      }, 10);
    }),
    20_000,
    'the workspace scan',
  );
after(() => h.dispose());

const refusal = /only files inside the workspace folders are read as base files/;
const change = (added: string[], removed: string[]) =>
  h.client.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
    event: {
      added: added.map((u) => ({ uri: u, name: u.split('/').pop()! })),
      removed: removed.map((u) => ({ uri: u, name: u.split('/').pop()! })),
    },
  });

test('folders added and removed after start: base files and the workspace analysis follow', async () => {
  const init = await h.initialize(
    { debounceMs: 0 },
    { workspace: { configuration: true, workspaceFolders: true, codeLens: { refreshSupport: true } } },
    [A],
  );
  assert.deepEqual(init.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
  await scanAfter(0);

  // a base in the other folder: refused while only A is open
  const doc = uri('a', 'env', 'values.yaml');
  const first = await h.openAndWait(
    doc,
    '# cilium-datapath: version=1.16.4 base=../../b/base.yaml\nenableIPv4Masquerade: true\n',
  );
  assert.ok(
    first.some((d) => refusal.test(d.message)),
    first.map((d) => d.message).join('\n'),
  );
  assert.notEqual((await h.verdict(doc))?.mode, 'BPF');
  // documents whose bases do not change: inside A all along, and none at all
  const steady = uri('a', 'env', 'steady.yaml');
  await h.openAndWait(steady, '# cilium-datapath: version=1.16.4 base=../base-a.yaml\nenableIPv4Masquerade: true\n');
  const plain = uri('a', 'env', 'plain.yaml');
  await h.openAndWait(plain, PITFALL);
  assert.equal(h.publishedFor(uri('b', 'cluster', 'values.yaml')).length, 0, 'B is not scanned yet');

  // B added: the document is analysed again with its base; B's files are analysed
  const again = h.nextDiagnostics(doc);
  const scanned = scanAfter(scans.length);
  const before = { steady: h.publishedFor(steady).length, plain: h.publishedFor(plain).length };
  await change([B], []);
  const withBase = (await again).diagnostics;
  assert.deepEqual(
    withBase.map((d) => d.message),
    [],
  );
  assert.equal((await h.verdict(doc))?.mode, 'BPF');
  const stats = await scanned;
  assert.equal(stats.folders, 2);
  const bValues = h.publishedFor(uri('b', 'cluster', 'values.yaml')).at(-1);
  assert.ok(bValues && bValues.diagnostics.some((d) => d.code === 'iptables-masquerade'), 'B analysed');
  assert.deepEqual(
    { steady: h.publishedFor(steady).length, plain: h.publishedFor(plain).length },
    before,
    'documents whose base resolution did not change are not analysed again',
  );

  // B removed: refused again, B's diagnostics cleared
  const refusedAgain = h.nextDiagnostics(doc);
  const rescanned = scanAfter(scans.length);
  await change([], [B]);
  assert.ok((await refusedAgain).diagnostics.some((d) => refusal.test(d.message)));
  await rescanned;
  assert.deepEqual(h.publishedFor(uri('b', 'cluster', 'values.yaml')).at(-1)?.diagnostics, []);
  assert.notEqual((await h.verdict(doc))?.mode, 'BPF');

  // A removed too (no folder left): the document's own folder is the limit, so the base one
  // folder up is refused now; the document whose base was refused all along is left alone
  const steadyRefused = h.nextDiagnostics(steady);
  const docCount = h.publishedFor(doc).length;
  await change([], [A]);
  assert.ok((await steadyRefused).diagnostics.some((d) => refusal.test(d.message)));
  assert.equal(h.publishedFor(doc).length, docCount);

  // malformed events: ignored, no Error in the log, the server still answers
  const errorsBefore = h.logs.filter((l) => /failed|TypeError/.test(l)).length;
  await h.client.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: null } as never);
  await h.client.sendNotification('workspace/didChangeWorkspaceFolders', null);
  await h.client.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
    event: { added: 'x', removed: [{ uri: 7 }] },
  } as never);
  const hover = await h.client.sendRequest(HoverRequest.type, {
    textDocument: { uri: plain },
    position: { line: 1, character: 2 },
  });
  assert.ok(hover);
  assert.equal(h.logs.filter((l) => /failed|TypeError/.test(l)).length, errorsBefore, h.logs.join('\n'));
});
