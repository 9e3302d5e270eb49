/**
 * A short seeded run of the fuzzer (scripts/fuzz/run.mjs, `npm run fuzz` for long runs) against
 * the built server and CLI: generated documents, edits and requests with valid and broken
 * parameters. Nothing crashes, nothing hangs, nothing is logged at Error level, no message
 * repeats a long input in full.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers';

test(
  'fuzzing 300 inputs (seed 17): no crash, no hang, no Error log, no overlong message',
  { timeout: 600_000 },
  async () => {
    assert.ok(
      existsSync(join(repoRoot, 'dist', 'server.js')),
      'dist/server.js is built by npm test before the suites run',
    );
    const { fuzz, summary } = await import('../../scripts/fuzz/run.mjs');
    const report = await fuzz({ count: 300, seed: 17, cliEvery: 50 });
    const text = summary(report);
    assert.ok(report.server.requests > 50 && report.server.edits > 50 && report.cli.runs >= 3, text);
    assert.deepEqual(report.crashes, [], text);
    assert.deepEqual(report.hangs, [], text);
    assert.equal(report.errorLogs, 0, text);
    assert.equal(report.stderrLines, 0, text);
    assert.equal(report.longMessageCount, 0, text);
    assert.ok(report.peakRssMB.server > 0, text);
  },
);
