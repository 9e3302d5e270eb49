/**
 * The VS Code tool installer (scripts/vscode-tools.mjs) gives its child `npm` a clean environment:
 * run from `npm run demo`, the parent carries what the outer npm set for its script, which told
 * code-server's postinstall it ran on Node 20 (npm_config_user_agent) and pointed node-gyp at the
 * wrong headers (npm_config_nodedir).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { repoRoot, withTempDir } from '../helpers';

type ChildEnv = (parent: NodeJS.ProcessEnv, opts?: { nodeBinDir?: string }) => Record<string, string>;
const load = async (): Promise<ChildEnv> => {
  const url = pathToFileURL(join(repoRoot, 'scripts', 'vscode-tools.mjs')).href;
  return ((await import(url)) as { childEnv: ChildEnv }).childEnv;
};

/** What `npm run demo` (npm 11 on Node 20) puts in its script's environment, plus the user's own. */
const polluted: NodeJS.ProcessEnv = {
  HOME: '/home/someone',
  LANG: 'C.UTF-8',
  HTTPS_PROXY: 'http://proxy.example:3128',
  EDITOR: 'vi',
  PATH: [
    '/srv/example-project/node_modules/.bin',
    '/srv/node_modules/.bin',
    '/node_modules/.bin',
    '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin',
    '/usr/local/bin',
    '/usr/bin',
    '/bin',
  ].join(':'),
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_nodedir: '/usr',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_prefix: '/usr',
  npm_config_local_prefix: '/srv/example-project',
  npm_config_loglevel: 'silent',
  npm_config_npm_version: '11.19.1',
  NPM_CONFIG_ENGINE_STRICT: 'true',
  npm_config_registry: 'https://registry.example/',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
  npm_lifecycle_event: 'demo',
  npm_lifecycle_script: 'node scripts/demo.mjs',
  npm_package_name: 'cilium-datapath',
  npm_package_version: '0.1.0',
  npm_package_json: '/srv/example-project/package.json',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_node_execpath: '/usr/bin/node',
  npm_command: 'run-script',
  INIT_CWD: '/srv/example-project',
  NODE: '/usr/bin/node',
  COLOR: '0',
  NODE_TEST_CONTEXT: 'child-v8',
};

test("nothing npm set for the outer script reaches the child; the user's own settings do", async () => {
  const childEnv = await load();
  const env = childEnv(polluted, { nodeBinDir: '/cache/node-24/bin' });
  const leaked = Object.keys(env).filter(
    (k) => /^(npm_|init_cwd$|node$|color$|node_test_context$)/i.test(k) && !/^npm_config_(registry|cafile)$/.test(k),
  );
  assert.deepEqual(leaked, []);
  assert.equal(env.npm_config_user_agent, undefined);
  assert.equal(env.npm_config_nodedir, undefined);
  assert.equal(env.NPM_CONFIG_ENGINE_STRICT, undefined);
  // where to download from is kept (the child would read it from the npmrc files anyway)
  assert.equal(env.npm_config_registry, 'https://registry.example/');
  assert.equal(env.npm_config_cafile, '/etc/ssl/certs/ca-certificates.crt');
  assert.equal(env.HOME, '/home/someone');
  assert.equal(env.HTTPS_PROXY, 'http://proxy.example:3128');
  assert.equal(env.EDITOR, 'vi');
  // the intended Node first, npm's own PATH entries gone, the rest in order
  assert.deepEqual(env.PATH.split(':'), ['/cache/node-24/bin', '/usr/local/bin', '/usr/bin', '/bin']);
  // the parent is not modified
  assert.equal(polluted.npm_config_user_agent?.startsWith('npm/'), true);
});

test('without a Node to put first, PATH is only cleaned; a Node already on PATH is not duplicated', async () => {
  const childEnv = await load();
  assert.deepEqual(childEnv(polluted).PATH.split(':'), ['/usr/local/bin', '/usr/bin', '/bin']);
  assert.deepEqual(childEnv({ PATH: '/usr/bin:/cache/n/bin' }, { nodeBinDir: '/cache/n/bin' }).PATH.split(':'), [
    '/cache/n/bin',
    '/usr/bin',
  ]);
});

test('a child started with that environment runs the intended node and sees no outer npm', async () => {
  const childEnv = await load();
  await withTempDir('cilium-datapath-toolsenv-', (dir) => {
    // a stand-in for the cached Node 24: reports its version and what npm left in its environment
    const fake = join(dir, 'node');
    writeFileSync(
      fake,
      '#!/bin/sh\necho "v24.0.0-fake ua=${npm_config_user_agent:-none} nodedir=${npm_config_nodedir:-none} init=${INIT_CWD:-none}"\n',
    );
    chmodSync(fake, 0o755);
    const parent = { ...polluted, PATH: `${polluted.PATH}:${process.env.PATH}` };
    const env = childEnv(parent, { nodeBinDir: dir });
    // /usr/bin/env resolves `node` through the child's PATH, as an npm script's shebang does
    const r = spawnSync('/usr/bin/env', ['node', '--version'], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'v24.0.0-fake ua=none nodedir=none init=none');
    // and the polluted parent, unchanged, would have leaked all three
    const leaky = spawnSync('/usr/bin/env', ['node', '--version'], {
      env: { ...parent, PATH: `${dir}:${parent.PATH}` } as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    assert.match(leaky.stdout, /ua=npm\/11\.19\.1 node\/v20\.20\.2 .* nodedir=\/usr init=\/srv\/example-project/);
  });
});
