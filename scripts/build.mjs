// Bundles the entry points with esbuild into dist/. Each entry is optional so that
// the build works while parts of the product are still being written.
import { build } from 'esbuild';
import { existsSync, chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledJson } from './bundledJson.mjs';

const production = process.argv.includes('--production');
// --outdir DIR: write the bundles there instead of dist/ (the benchmark builds its own copy)
const outdirArg = process.argv.indexOf('--outdir');
const outdir = resolve(outdirArg >= 0 ? process.argv[outdirArg + 1] : 'dist');
// the entry points below are relative to the repository, wherever this is started from
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const entries = [
  { in: 'server/src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'server/src/server.ts', out: 'server', banner: '#!/usr/bin/env node' },
  { in: 'client/src/extension.ts', out: 'extension' },
  // the live-cluster check, loaded by the extension on first use (keeps activation light)
  { in: 'client/src/live.ts', out: 'live' },
];

// The generated JSON files go in through scripts/bundledJson.mjs (why and how: there).
const generatedJson = {
  name: 'generated-json',
  setup(b) {
    b.onLoad({ filter: /schemas[\\/]generated[\\/][^\\/]+\.json$/ }, (a) => ({
      contents: bundledJson(basename(a.path), readFileSync(a.path, 'utf8')),
      loader: 'js',
    }));
  },
};

// Node keeps a script's source in memory for as long as it runs, as one string. A single character
// outside ASCII makes it a two-byte string: the server's source then takes twice the room (0.8 MB
// more with the production bundle). esbuild escapes such characters in strings and templates but
// leaves them in comments and regular expressions, where `\uXXXX` means the same thing.
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) return;
  writeFileSync(
    file,
    text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

for (const e of entries) {
  if (!existsSync(e.in)) continue;
  await build({
    absWorkingDir: root,
    entryPoints: [e.in],
    outfile: `${outdir}/${e.out}.js`,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: production ? false : 'linked',
    minify: production,
    banner: e.banner ? { js: e.banner } : undefined,
    logLevel: 'warning',
    plugins: [generatedJson],
  });
  asciiOnly(`${outdir}/${e.out}.js`);
  if (e.banner) chmodSync(`${outdir}/${e.out}.js`, 0o755);
}

// The report view's page: one script and one style sheet, loaded from dist/ under the page's CSP.
if (existsSync('client/src/report/webview/main.ts')) {
  await build({
    absWorkingDir: root,
    entryPoints: {
      report: 'client/src/report/webview/main.ts',
      'report-style': 'client/src/report/webview/report.css',
    },
    outdir,
    bundle: true,
    platform: 'browser',
    target: 'es2020',
    format: 'iife',
    sourcemap: false,
    minify: production,
    logLevel: 'warning',
  });
  renameSync(`${outdir}/report-style.css`, `${outdir}/report.css`);
}
