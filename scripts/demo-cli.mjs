// `npm run demo:cli`: builds the CLI and explains every bundled example (no cluster needed).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const files = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .sort();
for (const f of files) {
  const title = `── ${f} `;
  console.log(`\n${title}${'─'.repeat(Math.max(0, 78 - title.length))}\n`);
  spawnSync(process.execPath, ['dist/cli.js', 'explain', '--fail-on', 'never', join('examples', f)], {
    stdio: 'inherit',
  });
}
