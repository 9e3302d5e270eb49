// The pieces both e2e runners share: an isolated code-server (VS Code's server and web workbench)
// on a free loopback port, headless Chromium through playwright-core, the workbench URL with the
// development/test payload, a throw-away copy of the test workspace, and cleanup.
//
// Tools come from the environment (CODE_SERVER_ENTRY, CODE_SERVER_NODE, CHROMIUM_PATH), else from
// scripts/vscode-tools.mjs, which installs them into its cache on first use.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  writeSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const fixtureWorkspace = join(repoRoot, 'test', 'e2e', 'fixtures', 'workspace');

export function log(...args) {
  console.log(`[e2e ${new Date().toISOString().slice(11, 23)}]`, ...args);
}

export async function resolveTools() {
  const { CODE_SERVER_ENTRY, CODE_SERVER_NODE, CHROMIUM_PATH } = process.env;
  if (CODE_SERVER_ENTRY && CODE_SERVER_NODE && CHROMIUM_PATH) {
    return { codeServerEntry: CODE_SERVER_ENTRY, nodeBin: CODE_SERVER_NODE, chromium: CHROMIUM_PATH };
  }
  const { ensureTools } = await import(pathToFileURL(join(repoRoot, 'scripts', 'vscode-tools.mjs')).href);
  return ensureTools({ quiet: true });
}

/** Environment for child processes that must find the cached tools without resolving them again. */
export function toolsEnv(tools) {
  return { CODE_SERVER_ENTRY: tools.codeServerEntry, CODE_SERVER_NODE: tools.nodeBin, CHROMIUM_PATH: tools.chromium };
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** A copy of the fixture workspace, so tests may edit, save and write settings freely. */
export function copyWorkspace(into, src = fixtureWorkspace) {
  const dest = join(into, 'workspace');
  cpSync(src, dest, { recursive: true });
  return dest;
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'window.dialogStyle': 'custom',
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'editor.hover.delay': 150,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
};

/** Runs code-server's command line once (e.g. `--install-extension`) with the given data dirs. */
export function codeServerCli(tools, dirs, args) {
  const r = spawnSync(
    tools.nodeBin,
    [
      tools.codeServerEntry,
      '--config',
      dirs.config,
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
      ...args,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, EXTENSIONS_GALLERY: '{}', TMPDIR: dirs.tmp },
      timeout: 120_000,
    },
  );
  if (r.status !== 0)
    throw new Error(
      `code-server ${args.join(' ')} failed (${r.status ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`,
    );
  return `${r.stdout}${r.stderr}`.trim();
}

/**
 * Starts code-server with its own config, user data, extensions and temp folders (nothing in
 * $HOME is read or written) on a free port of 127.0.0.1.
 *  - trust: false = workspace trust off (what @vscode/test-electron does with --disable-workspace-trust);
 *    true = workspace trust on and nothing trusted yet: the folder opens in Restricted Mode.
 *  - env: added to the server's environment, which the extension host and the language server inherit.
 *  - installVsix: packages installed with `--install-extension` before the start.
 */
export async function startCodeServer({
  tools,
  trust = false,
  env = {},
  settings = {},
  installVsix = [],
  verbose = false,
  label = 'run',
} = {}) {
  const root = mkdtempSync(join(tmpdir(), `cilium-e2e-${label}-`));
  const dirs = {
    root,
    config: join(root, 'config.yaml'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    tmp: join(root, 'tmp'),
  };
  for (const d of [dirs.userData, dirs.extensions, dirs.tmp, join(dirs.userData, 'User')])
    mkdirSync(d, { recursive: true });
  // Our own config: otherwise code-server creates ~/.config/code-server/config.yaml with a password.
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  const trustSettings = trust
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      }
    : { 'security.workspace.trust.enabled': false };
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...trustSettings, ...settings }, null, 2),
  );

  for (const vsix of installVsix) {
    const t = Date.now();
    const out = codeServerCli(tools, dirs, ['--install-extension', resolve(vsix), '--force']);
    log(`installed ${vsix} in ${Date.now() - t} ms: ${out.split('\n').pop()}`);
  }

  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const logFile = join(root, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  const args = [
    tools.codeServerEntry,
    '--config',
    dirs.config,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--auth',
    'none',
    '--bind-addr',
    host,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(trust ? [] : ['--disable-workspace-trust']),
    // The built workbench reads extensionDevelopmentPath/extensionTestsPath from the URL payload
    // only when the server enables the smoke-test driver; code-server passes the flag through.
    '--vscode-option',
    'enable-smoke-test-driver',
    // The extension host gets exactly this environment: without this flag the server re-reads it
    // from a login shell, whose profile resets PATH (a run's fake tools on PATH would be lost).
    '--vscode-option',
    'force-disable-user-env',
  ];
  const proc = spawn(tools.nodeBin, args, {
    // No extension gallery (no network), and IPC sockets in our temp folder instead of /tmp.
    env: { ...process.env, EXTENSIONS_GALLERY: '{}', ...env, TMPDIR: dirs.tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: stop() ends the server, extension hosts and language servers together
  });
  let exited = false;
  const exit = new Promise((r) =>
    proc.on('exit', (code, signal) => {
      exited = true;
      r(code ?? signal);
    }),
  );
  let onLine = null;
  const sink = (chunk) => {
    try {
      writeSync(logFd, chunk);
    } catch {
      /* closed */
    }
    if (verbose) process.stdout.write(`[code-server] ${chunk}`);
    onLine?.(chunk.toString());
  };
  proc.stdout.on('data', sink);
  proc.stderr.on('data', sink);
  const url = await new Promise((ok, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`code-server did not start within 60 s (log: ${logFile})`)), 60_000);
    onLine = (s) => {
      seen += s;
      const m = seen.match(/HTTP server listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        onLine = null;
        ok(m[1].replace(/\/$/, ''));
      }
    };
    exit.then((c) => {
      clearTimeout(timer);
      fail(new Error(`code-server exited during start-up (${c}); log: ${logFile}`));
    });
  });

  async function stop({ keep = false } = {}) {
    if (!exited) {
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await Promise.race([exit, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) {
        try {
          process.kill(-proc.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    try {
      closeSync(logFd);
    } catch {
      /* closed */
    }
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
  return { url, host, port, proc, exit, dirs, root, logFile, stop };
}

/** `vscode-remote://host:port/abs/path`: how the web workbench names folders on the server. */
export function remoteUri(host, path) {
  return `vscode-remote://${host}${pathToFileURL(resolve(path)).pathname}`;
}

/** The workbench URL for a folder, with an optional payload (extension development / tests). */
export function workbenchUrl(server, { folder, payload = [] }) {
  const q = [`folder=${encodeURIComponent(resolve(folder))}`];
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/?${q.join('&')}`;
}

export function devPayload(server, { extensionDevelopmentPath = repoRoot, extensionTestsPath } = {}) {
  const p = [['extensionDevelopmentPath', remoteUri(server.host, extensionDevelopmentPath)]];
  if (extensionTestsPath) p.push(['extensionTestsPath', remoteUri(server.host, extensionTestsPath)]);
  p.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  return p;
}

const CHROMIUM_ARGS = [
  '--no-sandbox', // CI runs as root
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(tools, { viewport = { width: 1440, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  if (!existsSync(tools.chromium)) throw new Error(`Chromium not found at ${tools.chromium}`);
  const browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport });
  return { browser, context };
}

/** Workbench log lines that are noise for a test run (shown with --verbose). */
export const NOISE = [
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /reconnection-grace-time/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
];
