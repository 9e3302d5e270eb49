// Bundles the entry points with esbuild into dist/. Each entry is optional so that
// the build works while parts of the product are still being written.
import { build } from 'esbuild';
import { existsSync, chmodSync, readFileSync, renameSync } from 'node:fs';

const production = process.argv.includes('--production');
const entries = [
  { in: 'server/src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'server/src/server.ts', out: 'server', banner: '#!/usr/bin/env node' },
  { in: 'client/src/extension.ts', out: 'extension' },
  // the live-cluster check, loaded by the extension on first use (keeps activation light)
  { in: 'client/src/live.ts', out: 'live' },
];

// The generated chart data goes in as JSON.parse('…') rather than an object literal: V8 then
// builds the objects straight from the string, without the literal's bytecode and boilerplate
// (about 3 MB less resident memory in the server, and a faster start).
const generatedJsonAsParse = {
  name: 'generated-json-as-parse',
  setup(b) {
    b.onLoad({ filter: /schemas[\\/]generated[\\/][^\\/]+\.json$/ }, (a) => ({
      contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(a.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};

for (const e of entries) {
  if (!existsSync(e.in)) continue;
  await build({
    entryPoints: [e.in],
    outfile: `dist/${e.out}.js`,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: production ? false : 'linked',
    minify: production,
    banner: e.banner ? { js: e.banner } : undefined,
    logLevel: 'warning',
    plugins: [generatedJsonAsParse],
  });
  if (e.banner) chmodSync(`dist/${e.out}.js`, 0o755);
}

// The report view's page: one script and one style sheet, loaded from dist/ under the page's CSP.
if (existsSync('client/src/report/webview/main.ts')) {
  await build({
    entryPoints: {
      report: 'client/src/report/webview/main.ts',
      'report-style': 'client/src/report/webview/report.css',
    },
    outdir: 'dist',
    bundle: true,
    platform: 'browser',
    target: 'es2020',
    format: 'iife',
    sourcemap: false,
    minify: production,
    logLevel: 'warning',
  });
  renameSync('dist/report-style.css', 'dist/report.css');
}
