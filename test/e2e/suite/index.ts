/**
 * Mocha entry point, loaded inside VS Code's extension host: `run()` is what
 * `@vscode/test-electron` (desktop VS Code) and our code-server runner (test/e2e/runner) both call.
 * A rejected promise is a failed run; the extension host turns it into the process's exit code.
 *
 * Which test files run: `CILIUM_E2E_FILES` (comma-separated names or `*` patterns of the compiled
 * `*.e2e.js` files next to this one, e.g. `restricted.e2e.js`); unset = every file. The runs and
 * their file lists are in test/e2e/runs.mjs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function matcher(patterns: string[]): (name: string) => boolean {
  const res = patterns.map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
  return (name) => res.some((r) => r.test(name));
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    // Output is forwarded line by line through the workbench (or Electron's stdout): no ANSI colours.
    color: false,
    timeout: Number(process.env.CILIUM_E2E_TEST_TIMEOUT_MS || 60_000),
  });
  const wanted = (process.env.CILIUM_E2E_FILES || '*.e2e.js')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const pick = matcher(wanted);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.e2e.js') && pick(f))
    .sort();
  if (files.length === 0)
    return Promise.reject(new Error(`no test files in ${__dirname} match CILIUM_E2E_FILES=${wanted.join(',')}`));
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        console.log(
          `[e2e] ${runner.stats?.passes ?? 0} passed, ${failures} failed, ${runner.stats?.pending ?? 0} pending (${files.join(', ')})`,
        );
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}
