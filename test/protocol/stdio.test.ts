/**
 * The bundled server (`dist/server.js`) as an editor starts it: a child process speaking LSP over
 * stdio. Catches bundling mistakes (missing modules, dynamic requires) and checks a clean exit.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { within } from '../helpers';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PublishDiagnosticsNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { BundledServer } from './harness';

const root = resolve(__dirname, '..', '..');
const bundle = join(root, 'dist', 'server.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestSource(p) : st.mtimeMs);
  }
  return newest;
}

/** `npm test` builds before the suites run; run alone, rebuild when the bundle is missing or older than the sources. */
before(() => {
  const sources = Math.max(newestSource(join(root, 'server', 'src')), statSync(join(root, 'package.json')).mtimeMs);
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  // The build also bundles other entry points; what matters here is a fresh server bundle.
  assert.ok(
    existsSync(bundle) && statSync(bundle).mtimeMs >= sources,
    `node scripts/build.mjs did not produce a fresh dist/server.js:\n${r.stderr}`,
  );
});

test('dist/server.js --stdio: initialize, diagnostics, hover, shutdown and exit 0', async () => {
  const server = new BundledServer(bundle);
  const uri = 'file:///stdio/values.yaml';
  const diagnostics = new Promise<PublishDiagnosticsParams>((res) => {
    server.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      if (p.uri === uri && p.version === 1) res(p);
    });
  });
  try {
    const init = await server.initialize();
    assert.equal(init.serverInfo?.name, 'cilium-datapath-language-server');
    assert.equal(init.capabilities.hoverProvider, true);
    await server.open(
      uri,
      '# cilium-datapath: version=1.16.4\nkubeProxyReplacement: true\nenableIPv4Masquerade: true\n',
    );
    const p = await within(diagnostics, 15_000, 'publishDiagnostics');
    assert.deepEqual(
      p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['iptables-masquerade', 2, 22]],
    );
    assert.match(await server.hover(uri, 1, 3), /kube-proxy-replacement/);
    await server.shutdown();
    assert.equal(await within(server.exited, 10_000, 'process exit'), 0);
    assert.equal(server.stderr, '');
  } finally {
    server.dispose();
  }
});
