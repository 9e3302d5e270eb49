// Is the memory of closed documents given back? The resident size cannot say: V8 keeps the
// pages it grew into. So this runs our bundled server in this process (`startServer` over
// in-memory streams, started with --expose-gc) and reads the live heap after a full collection:
// before opening 10 copies of a large document, with them open, and after closing them, for
// several rounds. Given back means: once warm (the first rounds also fill one-time caches and
// optimised code), closing returns the heap to where it was before the round.
//
//   node --expose-gc scripts/bench/heap.cjs SERVER_BUNDLE FILE [ROUNDS]
'use strict';
const { PassThrough } = require('node:stream');
const { readFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const { join, dirname, basename } = require('node:path');
const rpc = require('vscode-languageserver-protocol/node');
const { createConnection, ProposedFeatures } = require('vscode-languageserver/node');

const [bundle, file, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 4);
if (typeof global.gc !== 'function') throw new Error('run with --expose-gc');
const { startServer } = require(bundle);

const toServer = new PassThrough();
const toClient = new PassThrough();
startServer(
  createConnection(ProposedFeatures.all, new rpc.StreamMessageReader(toServer), new rpc.StreamMessageWriter(toClient)),
);
const client = rpc.createProtocolConnection(
  new rpc.StreamMessageReader(toClient),
  new rpc.StreamMessageWriter(toServer),
);
const waits = new Map();
client.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
  const w = waits.get(`${p.uri}#${p.version}`);
  if (w) {
    waits.delete(`${p.uri}#${p.version}`);
    w();
  }
});
client.listen();

const liveMB = () => {
  global.gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

(async () => {
  await client.sendRequest(rpc.InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: {},
    initializationOptions: {},
    workspaceFolders: null,
  });
  await client.sendNotification(rpc.InitializedNotification.type, {});
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const uris = Array.from(
      { length: 10 },
      (_, i) => pathToFileURL(join(dirname(file), `heap-${r}`, `c${i}`, basename(file))).href,
    );
    const before = liveMB();
    for (const uri of uris) {
      const done = new Promise((resolve) => waits.set(`${uri}#1`, resolve));
      await client.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'yaml', version: 1, text },
      });
      await done;
    }
    await sleep(50);
    const open = liveMB();
    for (const uri of uris)
      await client.sendNotification(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await sleep(50);
    out.push({ before, open, closed: liveMB() });
  }
  process.stdout.write(JSON.stringify({ documents: 10, rounds: out }) + '\n');
  process.exit(0);
})().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
