// Builds the .vsix: a production bundle (scripts/build.mjs --production), then
// `vsce package --no-dependencies` (the bundles carry every dependency) into
// out/cilium-datapath-<version>.vsix. vsce 4 needs Node >= 22, so it runs on the cached Node 24 from
// scripts/vscode-tools.mjs (only Node: about 20 s the first time; no code-server, no Chromium), or on
// this Node when it is new enough.
//
// What ships is decided by .vscodeignore. package.json also has a `files` list (for the npm
// package of the CLI and language server), and vsce refuses to package when both exist, so vsce
// runs in a staging folder: the candidate files plus .vscodeignore, and package.json without
// `files`. This script checks the resulting list and prints it with the package size.
//
// Usage: node scripts/package.mjs [--skip-build] [--quiet]
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, 'out', `${pkg.name}-${pkg.version}.vsix`);
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

/** What must ship, and nothing else (paths inside the package's extension/ folder). */
const REQUIRED = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/extension.js',
  'dist/live.js',
  'dist/server.js',
  'dist/cli.js',
  'dist/report.js',
  'dist/report.css',
];
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE(\.txt)?$/,
  /^dist\/(extension|live|server|cli|report)\.js$/,
  /^dist\/report\.css$/,
  /^schemas\//,
  /^docs\/rules\/[^/]+\.md$/,
];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: opts.capture ? 'pipe' : 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    if (opts.capture) process.stderr.write(`${r.stdout}${r.stderr}`);
    throw new Error(`${relative(root, args[0] ?? cmd)} ${args.slice(1).join(' ')} exited with ${r.status ?? r.signal}`);
  }
  return r.stdout;
}

/** vsce's `engines.node` (">= 22" for vsce 4): this Node when it qualifies, else the cached Node 24 alone. */
async function nodeForVsce() {
  const wanted =
    JSON.parse(readFileSync(join(root, 'node_modules', '@vscode', 'vsce', 'package.json'), 'utf8')).engines?.node ?? '';
  const min = Number(/>=\s*(\d+)/.exec(wanted)?.[1] ?? 0);
  if (Number(process.versions.node.split('.')[0]) >= min) return process.execPath;
  const { ensureNode } = await import('./vscode-tools.mjs');
  return (await ensureNode({ quiet: true })).nodeBin;
}

export async function packageExtension({ build = true, quiet = false } = {}) {
  const say = quiet ? () => {} : (m) => console.log(`[package] ${m}`);
  if (build) {
    say('production build');
    run(process.execPath, ['scripts/build.mjs', '--production']);
  }
  const node = await nodeForVsce();
  const stage = mkdtempSync(join(tmpdir(), 'cilium-datapath-vsix-'));
  try {
    return await packageIn(stage, node, say, quiet);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Copies the candidates into `stage` (.vscodeignore still decides), packages there. */
async function packageIn(stage, node, say, quiet) {
  const manifest = { ...pkg };
  delete manifest.files;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const f of ['.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'schemas', 'docs']) {
    if (existsSync(join(root, f))) cpSync(join(root, f), join(stage, f), { recursive: true });
  }
  mkdirSync(join(stage, 'dist'));
  for (const f of readdirSync(join(root, 'dist'))) {
    if (statSync(join(root, 'dist', f)).isFile()) cpSync(join(root, 'dist', f), join(stage, 'dist', f));
  }
  const files = run(node, [vsce, 'ls', '--no-dependencies'], { capture: true, cwd: stage })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();
  const missing = REQUIRED.filter((f) => !files.includes(f));
  const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  if (missing.length || unexpected.length) {
    throw new Error(
      `the package contents are wrong (see .vscodeignore):${missing.length ? `\n  missing: ${missing.join(', ')}` : ''}${unexpected.length ? `\n  not meant to ship: ${unexpected.join(', ')}` : ''}`,
    );
  }
  mkdirSync(dirname(vsix), { recursive: true });
  rmSync(vsix, { force: true });
  say(`vsce package --no-dependencies (node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()})`);
  run(node, [vsce, 'package', '--no-dependencies', '--out', vsix], { capture: quiet, cwd: stage });
  const size = statSync(vsix).size;
  const sizes = files.map((f) => ({ f, size: statSync(join(stage, f)).size }));
  say(`${relative(root, vsix)}: ${(size / 1024).toFixed(0)} KiB (${size} bytes), ${files.length} files:`);
  for (const { f, size: s } of sizes) say(`  ${f.padEnd(48)} ${(s / 1024).toFixed(1).padStart(9)} KiB`);
  return { vsix, size, files };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await packageExtension({ build: !process.argv.includes('--skip-build'), quiet: process.argv.includes('--quiet') });
  } catch (e) {
    console.error(`[package] ${e.message}`);
    process.exit(1);
  }
}
