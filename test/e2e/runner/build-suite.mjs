// Compiles the extension-host suite (test/e2e/suite/*.ts) into dist/e2e/suite/*.js with esbuild.
// The output must stay inside the extension development path (the repository root), which is
// how the workbench picks the extension host that runs it; `.vscodeignore` keeps it out of the .vsix.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const suiteSrc = join(repoRoot, 'test', 'e2e', 'suite');
export const suiteOut = join(repoRoot, 'dist', 'e2e', 'suite');
export const suiteEntry = join(suiteOut, 'index.js');

export async function buildSuite() {
  const entries = readdirSync(suiteSrc)
    .filter((f) => f === 'index.ts' || f.endsWith('.e2e.ts'))
    .map((f) => join(suiteSrc, f));
  rmSync(suiteOut, { recursive: true, force: true });
  await build({
    entryPoints: entries,
    outdir: suiteOut,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    // `vscode` is the extension host's; `mocha` must be the one instance index.js runs
    // (its `describe`/`it` exports point at the suite being loaded).
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return suiteEntry;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildSuite();
  console.log(`built ${suiteOut}`);
}
