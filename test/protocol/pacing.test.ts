/**
 * Paced diagnostics (the default, without `debounceMs`): the pacing rules on a fake clock, then
 * the server over in-memory streams — every edit of a cheap document is published right away,
 * a burst on a costly document is coalesced, and typing in one document publishes nothing for
 * the others. Waits are on the matching publishDiagnostics, never on sleeps.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/server';
import { Pacer } from '../../server/src/protocol/documents/pacing';
import { within } from '../helpers';

describe('pacing rules', () => {
  const options = { cheapMs: 4, maxDelayMs: 400, window: 5 };
  let now = 0;
  const pacer = () => new Pacer(options, () => now);

  test('the first change and changes of a cheap document run at once', () => {
    now = 0;
    const p = pacer();
    assert.equal(p.delayFor('a', false), 0);
    p.record('a', 2);
    now = 1;
    assert.equal(p.delayFor('a', false), 0);
    assert.equal(p.delayFor('a', true), 0, 'even in a burst');
  });

  test('a costly document runs at once after a pause, waits one analysis in a burst', () => {
    now = 0;
    const p = pacer();
    p.delayFor('a', false);
    p.record('a', 40);
    now = 100; // 100 ms after the previous change: a pause
    assert.equal(p.delayFor('a', false), 0);
    now = 110; // 10 ms later: a burst
    assert.equal(p.delayFor('a', false), 40);
    now = 200; // long after, but a delayed run is still waiting: still the burst
    assert.equal(p.delayFor('a', true), 40);
  });

  test('the delay follows the median of recent analyses, ignores one slow run and is bounded', () => {
    now = 0;
    const p = pacer();
    p.delayFor('a', false);
    p.record('a', 100);
    p.record('a', 300);
    assert.equal(p.cost('a'), 200);
    p.record('a', 20);
    p.record('a', 30);
    p.record('a', 5000);
    assert.equal(p.cost('a'), 100);
    now = 1;
    assert.equal(p.delayFor('a', true), 100);
    for (const ms of [900, 800, 700]) p.record('a', ms);
    now = 2;
    assert.equal(p.delayFor('a', true), 400, 'bounded');
  });

  test('documents are paced separately and forgotten on close', () => {
    now = 0;
    const p = pacer();
    p.delayFor('a', false);
    p.record('a', 50);
    assert.equal(p.cost('b'), undefined);
    now = 1;
    assert.equal(p.delayFor('b', false), 0);
    p.forget('a');
    assert.equal(p.cost('a'), undefined);
  });
});

/** A values file whose analysis takes a few tens of milliseconds. */
function costlyValues(): string {
  const lines = ['kubeProxyReplacement: true', 'enableIPv4Masquerade: true', 'extraConfig:'];
  for (let i = 0; i < 1500; i++) lines.push(`  key-${i}: "value ${i}"`, `  # comment ${i}`);
  return lines.join('\n') + '\n';
}

describe('language server, paced diagnostics (no debounceMs)', () => {
  let client: ProtocolConnection;
  const publishes: PublishDiagnosticsParams[] = [];
  let waiters: Array<{
    match: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }> = [];
  const versions = new Map<string, number>();

  const diagnostics = (uri: string, version: number) => {
    const match = (p: PublishDiagnosticsParams) => p.uri === uri && p.version === version;
    const seen = publishes.find(match);
    if (seen) return Promise.resolve(seen);
    return within(
      new Promise<PublishDiagnosticsParams>((resolve) => waiters.push({ match, resolve })),
      15_000,
      `diagnostics for ${uri} v${version}`,
    );
  };
  const open = (uri: string, text: string) => {
    versions.set(uri, 1);
    return client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
  };
  const replace = async (uri: string, text: string) => {
    const version = versions.get(uri)! + 1;
    versions.set(uri, version);
    await client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  };
  const close = (uri: string) =>
    client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  const publishedFor = (uri: string) => publishes.filter((p) => p.uri === uri && p.version !== undefined);

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    startServer(
      createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)),
    );
    client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.onNotification(PublishDiagnosticsNotification.type, (p) => {
      publishes.push(p);
      const ready = waiters.filter((w) => w.match(p));
      waiters = waiters.filter((w) => !w.match(p));
      for (const w of ready) w.resolve(p);
    });
    client.listen();
    await client.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      capabilities: {},
      initializationOptions: {},
      workspaceFolders: null,
    });
    await client.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
  });

  test('a cheap document: every edit is published, in order, and hover follows the newest version', async () => {
    const uri = 'file:///paced/small/values.yaml';
    await open(uri, 'kubeProxyReplacement: true\n');
    await diagnostics(uri, 1);
    for (let i = 0; i < 5; i++) {
      const v = await replace(uri, `kubeProxyReplacement: true\nenableIPv4Masquerade: ${i % 2 === 0}\n`);
      const p = await diagnostics(uri, v);
      assert.deepEqual(
        p.diagnostics.map((d) => d.code),
        i % 2 === 0 ? ['iptables-masquerade'] : [],
      );
    }
    const h = await client.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 1, character: 3 },
    });
    assert.match((h!.contents as MarkupContent).value, /enableIPv4Masquerade/);
    const vs = publishedFor(uri).map((p) => p.version!);
    assert.ok(
      vs.every((v, i) => i === 0 || v > vs[i - 1]),
      `versions in order: ${vs.join(',')}`,
    );
    await close(uri);
  });

  test('a burst on a costly document is coalesced and ends with the newest version', async () => {
    const uri = 'file:///paced/large/values.yaml';
    const text = costlyValues();
    await open(uri, text);
    await diagnostics(uri, 1);
    const edits = 12;
    let last = 1;
    for (let i = 0; i < edits; i++)
      last = await replace(uri, text.replace('enableIPv4Masquerade: true', `enableIPv4Masquerade: ${i % 2 === 1}`));
    const p = await diagnostics(uri, last);
    assert.deepEqual(
      p.diagnostics.map((d) => d.code),
      ['iptables-masquerade'],
    );
    const vs = publishedFor(uri).map((x) => x.version!);
    assert.ok(vs.length - 1 < edits / 2, `published for versions ${vs.join(',')}`);
    assert.ok(
      vs.every((v, i) => i === 0 || v > vs[i - 1]),
      'never an older version after a newer one',
    );
    await close(uri);
  });

  test('typing in one document publishes nothing for the others', async () => {
    const a = 'file:///paced/a/values.yaml';
    const b = 'file:///paced/b/values.yaml';
    await open(a, 'kubeProxyReplacement: true\n');
    await open(b, 'kubeProxyReplacement: true\nenableIPv4Masquerade: true\n');
    await diagnostics(a, 1);
    await diagnostics(b, 1);
    const before = publishes.filter((p) => p.uri === b).length;
    for (let i = 0; i < 6; i++) await diagnostics(a, await replace(a, `kubeProxyReplacement: ${i % 2 === 0}\n`));
    assert.equal(publishes.filter((p) => p.uri === b).length, before);
    await close(a);
    await close(b);
  });
});
