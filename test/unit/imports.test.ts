/**
 * The shape of server/src, checked on the import graph (type-only imports included): no import
 * cycles, the core imports nothing from the LSP or VS Code, and everything outside the core
 * enters it through core/index.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { tsFiles } from '../helpers';

const SRC = resolve(__dirname, '..', '..', 'server', 'src');
const CORE = join(SRC, 'core');

/** Every `from '…'`, `import('…')` and `export … from '…'` specifier of a file. */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)'([^']+)'/gm)].map((m) => m[1]);
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const c of [base + '.ts', join(base, 'index.ts')]) if (existsSync(c)) return c;
  return null;
}

const FILES = tsFiles(SRC);
const GRAPH = new Map<string, string[]>(
  FILES.map((f) => {
    const text = readFileSync(f, 'utf8');
    return [
      f,
      specifiers(text)
        .map((s) => resolveLocal(f, s))
        .filter((x): x is string => !!x),
    ];
  }),
);
const rel = (f: string) => relative(SRC, f);

test('no import cycles in server/src (type-only imports count too)', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of GRAPH.get(f) ?? []) {
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map(rel).join(' → '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of FILES) if (!state.has(f)) visit(f);
  assert.ok(GRAPH.size > 100, `read the import graph of ${GRAPH.size} files`);
  assert.deepEqual(cycles, []);
});

test('the core imports no LSP or VS Code module', () => {
  const bad = FILES.filter((f) => f.startsWith(CORE + '/')).flatMap((f) =>
    specifiers(readFileSync(f, 'utf8'))
      .filter((s) => s === 'vscode' || s.startsWith('vscode-languageserver') || s.startsWith('vscode-jsonrpc'))
      .map((s) => `${rel(f)} imports ${s}`),
  );
  assert.deepEqual(bad, []);
});

test('outside the core, server/src enters it only through core/index.ts', () => {
  const index = join(CORE, 'index.ts');
  const bad: string[] = [];
  for (const [f, deps] of GRAPH) {
    if (f.startsWith(CORE + '/')) continue;
    for (const d of deps) if (d.startsWith(CORE + '/') && d !== index) bad.push(`${rel(f)} → ${rel(d)}`);
  }
  assert.deepEqual(bad, []);
});

test('values from the LSP packages come through protocol/lsp.ts or protocol/rpc.ts only (one bundled view of each)', () => {
  const allowed = new Set([join(SRC, 'protocol', 'lsp.ts'), join(SRC, 'protocol', 'rpc.ts')]);
  const bad: string[] = [];
  for (const f of FILES) {
    if (allowed.has(f)) continue;
    const text = readFileSync(f, 'utf8');
    // `import type …` and `export type …` are erased; anything else from these packages is a value import
    for (const m of text.matchAll(
      /^(import|export)\s+(type\s+)?[^;]*?from\s+'(vscode-languageserver[^']*|vscode-jsonrpc[^']*)'/gms,
    ))
      if (!m[2] && m[3] !== 'vscode-languageserver-textdocument') bad.push(`${rel(f)} imports values from ${m[3]}`);
  }
  assert.deepEqual(bad, []);
  // and the rule is not vacuous: the two files do import values
  for (const f of allowed) assert.match(readFileSync(f, 'utf8'), /^export \{[^}]+\} from 'vscode-languageserver/m);
});
