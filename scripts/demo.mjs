// `npm run demo`: Cilium Datapath in a real VS Code (code-server) in your browser, no cluster needed.
//
//  1. builds and packages the extension (.vsix) and prepares code-server (cached after the first run);
//  2. starts the demo cluster: the test API server replaying a recorded 6-node cluster with mixed
//     kernels (3 nodes on 6.2 run BPF host routing, 3 on 5.4 fall back to legacy), with KUBECONFIG
//     pointing at it, so "Cilium: Check Live Cluster" works with the real kubectl;
//  3. opens a workspace of example values files and ConfigMaps (a copy of examples/) and prints
//     http://127.0.0.1:PORT/?folder=… — open it; Ctrl-C stops everything.
//
// Options: --scenario NAME (another recorded cluster: node scripts/demo.mjs --list), --no-package
// (load the extension from this folder instead of the .vsix).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const say = (m) => console.log(`[demo] ${m}`);

if (args.includes('--list')) {
  const r = spawn(process.execPath, ['--import', 'tsx', 'test/apiserver/main.ts', '--list'], {
    cwd: root,
    stdio: 'inherit',
  });
  r.on('exit', (c) => process.exit(c ?? 0));
} else {
  main().catch((e) => {
    console.error(`[demo] ${e.message}`);
    process.exit(1);
  });
}

async function main() {
  const scenario = opt('--scenario', 'mixed-kernel');
  const t0 = Date.now();
  const cleanups = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch {
        /* best effort */
      }
    }
  };
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await cleanup();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const { ensureTools } = await import(pathToFileURL(join(root, 'scripts', 'vscode-tools.mjs')).href);
  say(
    'preparing code-server and Node 24 (the first run installs them: about 3 to 5 minutes, with progress below; later runs start in seconds)',
  );
  // no Chromium: the demo's workbench opens in your own browser
  const tools = await ensureTools({ quiet: false, browser: false });

  let vsix = null;
  if (!args.includes('--no-package')) {
    say('building and packaging the extension');
    const { packageExtension } = await import(pathToFileURL(join(root, 'scripts', 'package.mjs')).href);
    vsix = await packageExtension({ build: true, quiet: true });
    vsix = typeof vsix === 'string' ? vsix : (vsix?.path ?? vsix?.vsix);
    say(`packaged ${vsix}`);
  } else {
    const b = spawn(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    await new Promise((ok, fail) => b.on('exit', (c) => (c === 0 ? ok() : fail(new Error('build failed')))));
  }

  say(`starting the demo cluster (scenario ${scenario})`);
  const api = spawn(process.execPath, ['--import', 'tsx', 'test/apiserver/main.ts', '--scenario', scenario], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  cleanups.push(() => {
    try {
      process.kill(-api.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  });
  const kubeconfig = await new Promise((ok, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error('the demo API server did not start within 30 s')), 30_000);
    api.stdout.on('data', (d) => {
      seen += d.toString();
      const m = /KUBECONFIG=(\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    api.on('exit', (c) => fail(new Error(`the demo API server exited (${c})`)));
  });

  const workspace = mkdtempSync(join(tmpdir(), 'cilium-datapath-demo-'));
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  writeFileSync(
    join(workspace, 'README.md'),
    [
      '# Cilium Datapath demo',
      '',
      'Open any of the YAML files: squiggles mark what makes Cilium fall back to legacy host routing,',
      'hovers explain each key, the lens on the first line gives the verdict.',
      '',
      `The demo cluster (scenario \`${scenario}\`) is a recorded cluster served on 127.0.0.1; run`,
      '**Cilium: Check Live Cluster** from the command palette (F1) to compare every node with the prediction.',
      '',
    ].join('\n'),
  );
  cleanups.push(() => rmSync(workspace, { recursive: true, force: true }));

  const { startCodeServer } = await import(pathToFileURL(join(root, 'test', 'e2e', 'runner', 'workbench.mjs')).href);
  const server = await startCodeServer({
    tools,
    trust: false,
    env: { KUBECONFIG: kubeconfig },
    installVsix: vsix ? [vsix] : [],
    label: 'demo',
  });
  cleanups.push(() => server.stop());
  let url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  if (!vsix) {
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${server.host}${root}`],
      ['skipWelcome', 'true'],
    ];
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  console.log('');
  say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s — open this in your browser:`);
  console.log(`\n    ${url}\n`);
  say(`KUBECONFIG=${kubeconfig} (the same cluster for the CLI: node dist/cli.js live --kubeconfig ${kubeconfig})`);
  say('Ctrl-C stops code-server and the demo cluster.');
  server.exit.then(() => void stop(0));
}
