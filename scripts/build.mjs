// Bundles the entry points with esbuild into dist/. Each entry is optional so that
// the build works while parts of the product are still being written.
import { build } from 'esbuild';
import { existsSync, chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
// --outdir DIR: write the bundles there instead of dist/ (the benchmark builds its own copy)
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg >= 0 ? process.argv[outdirArg + 1] : 'dist';
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
//
// chart-keys.json (~1,850 keys, ~0.9 MB as objects) goes further: the keys below each top-level
// key stay a JSON string until something reads that key's `k` (a getter that parses them once
// and puts the result in its place). The objects are the same as JSON.parse of the file gives;
// a file that names `bpf` and `ipam` costs the parse of those two subtrees, not of `hubble`.
// The readers avoid touching `k` where they only need the top level (core/schema/valuesSchema.ts).
const asParse = (value) => `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;
const generatedJsonAsParse = {
  name: 'generated-json-as-parse',
  setup(b) {
    b.onLoad({ filter: /schemas[\\/]generated[\\/][^\\/]+\.json$/ }, (a) => {
      const data = JSON.parse(readFileSync(a.path, 'utf8'));
      if (!/chart-keys\.json$/.test(a.path)) return { contents: `module.exports = ${asParse(data)};`, loader: 'js' };
      const { keys, ...head } = data;
      const top = {};
      const below = {};
      for (const [name, { k, ...node }] of Object.entries(keys)) {
        top[name] = node;
        if (k) below[name] = JSON.stringify(k);
      }
      return {
        loader: 'js',
        contents: `const keys = ${asParse(top)};
const below = ${asParse(below)};
for (const name of Object.keys(below)) {
  Object.defineProperty(keys[name], 'k', {
    configurable: true,
    enumerable: true,
    get() {
      const k = JSON.parse(below[name]);
      delete below[name];
      Object.defineProperty(this, 'k', { value: k, configurable: true, enumerable: true, writable: true });
      return k;
    },
  });
}
module.exports = { ...${asParse(head)}, keys };
`,
      };
    });
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
    plugins: [generatedJsonAsParse],
  });
  asciiOnly(`${outdir}/${e.out}.js`);
  if (e.banner) chmodSync(`${outdir}/${e.out}.js`, 0o755);
}

// The report view's page: one script and one style sheet, loaded from dist/ under the page's CSP.
if (existsSync('client/src/report/webview/main.ts')) {
  await build({
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
