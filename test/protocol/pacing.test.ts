/**
 * Paced diagnostics (the default, without `debounceMs`): the pacing rules on a fake clock, then
 * the server over in-memory streams — every edit of a cheap document is published right away,
 * a burst on a costly document is coalesced, and typing in one document publishes nothing for
 * the others. Waits are on the matching publishDiagnostics, never on sleeps.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { suiteHarness } from './harness';
import { Pacer } from '../../server/src/protocol/documents/pacing';

describe('pacing rules', () => {
  const options = { cheapMs: 4, maxDelayMs: 400, window: 5 };
  let now = 0;
  const pacer = () => new Pacer(options, () => now);

  test('the first change and changes of a cheap document run at once', () => {
    now = 0;
    const p = pacer();
    assert.equal(p.delayFor('a', false), 0);
    p.record('a', 2);
    now = 1;
    assert.equal(p.delayFor('a', false), 0);
    assert.equal(p.delayFor('a', true), 0, 'even in a burst');
  });

  test('a costly document runs at once after a pause, waits one analysis in a burst', () => {
    now = 0;
    const p = pacer();
    p.delayFor('a', false);
    p.record('a', 40);
    now = 100; // 100 ms after the previous change: a pause
    assert.equal(p.delayFor('a', false), 0);
    now = 110; // 10 ms later: a burst
    assert.equal(p.delayFor('a', false), 40);
    now = 200; // long after, but a delayed run is still waiting: still the burst
    assert.equal(p.delayFor('a', true), 40);
  });

  test('the delay follows the median of recent analyses, ignores one slow run and is bounded', () => {
    now = 0;
    const p = pacer();
    p.delayFor('a', false);
    p.record('a', 100);
    p.record('a', 300);
    assert.equal(p.cost('a'), 200);
    p.record('a', 20);
    p.record('a', 30);
    p.record('a', 5000);
    assert.equal(p.cost('a'), 100);
    now = 1;
    assert.equal(p.delayFor('a', true), 100);
    for (const ms of [900, 800, 700]) p.record('a', ms);
    now = 2;
    assert.equal(p.delayFor('a', true), 400, 'bounded');
  });

  test('documents are paced separately and forgotten on close', () => {
    now = 0;
    const p = pacer();
    p.delayFor('a', false);
    p.record('a', 50);
    assert.equal(p.cost('b'), undefined);
    now = 1;
    assert.equal(p.delayFor('b', false), 0);
    p.forget('a');
    assert.equal(p.cost('a'), undefined);
  });
});

/** A values file whose analysis takes a few tens of milliseconds. */
function costlyValues(): string {
  const lines = ['kubeProxyReplacement: true', 'enableIPv4Masquerade: true', 'extraConfig:'];
  for (let i = 0; i < 1500; i++) lines.push(`  key-${i}: "value ${i}"`, `  # comment ${i}`);
  return lines.join('\n') + '\n';
}

describe('language server, paced diagnostics (no debounceMs)', () => {
  const h = suiteHarness((h) => h.initialize({}, {}));
  const publishedFor = (uri: string) => h.publishedFor(uri).filter((p) => p.version !== undefined);

  test('a cheap document: every edit is published, in order, and hover follows the newest version', async () => {
    const uri = 'file:///paced/small/values.yaml';
    await h.open(uri, 'kubeProxyReplacement: true\n');
    await h.diagnostics(uri, 1);
    for (let i = 0; i < 5; i++) {
      const v = await h.replace(uri, `kubeProxyReplacement: true\nenableIPv4Masquerade: ${i % 2 === 0}\n`);
      const p = await h.diagnostics(uri, v);
      assert.deepEqual(
        p.diagnostics.map((d) => d.code),
        i % 2 === 0 ? ['iptables-masquerade'] : [],
      );
    }
    assert.match(await h.hover(uri, 1, 3), /enableIPv4Masquerade/);
    const vs = publishedFor(uri).map((p) => p.version!);
    assert.ok(
      vs.every((v, i) => i === 0 || v > vs[i - 1]),
      `versions in order: ${vs.join(',')}`,
    );
    await h.close(uri);
  });

  test('a burst on a costly document is coalesced and ends with the newest version', async () => {
    const uri = 'file:///paced/large/values.yaml';
    const text = costlyValues();
    await h.open(uri, text);
    await h.diagnostics(uri, 1);
    const edits = 12;
    let last = 1;
    for (let i = 0; i < edits; i++)
      last = await h.replace(uri, text.replace('enableIPv4Masquerade: true', `enableIPv4Masquerade: ${i % 2 === 1}`));
    const p = await h.diagnostics(uri, last);
    assert.deepEqual(
      p.diagnostics.map((d) => d.code),
      ['iptables-masquerade'],
    );
    const vs = publishedFor(uri).map((x) => x.version!);
    assert.ok(vs.length - 1 < edits / 2, `published for versions ${vs.join(',')}`);
    assert.ok(
      vs.every((v, i) => i === 0 || v > vs[i - 1]),
      'never an older version after a newer one',
    );
    await h.close(uri);
  });

  test('typing in one document publishes nothing for the others', async () => {
    const a = 'file:///paced/a/values.yaml';
    const b = 'file:///paced/b/values.yaml';
    await h.open(a, 'kubeProxyReplacement: true\n');
    await h.open(b, 'kubeProxyReplacement: true\nenableIPv4Masquerade: true\n');
    await h.diagnostics(a, 1);
    await h.diagnostics(b, 1);
    const before = h.publishedFor(b).length;
    for (let i = 0; i < 6; i++) await h.diagnostics(a, await h.replace(a, `kubeProxyReplacement: ${i % 2 === 0}\n`));
    assert.equal(h.publishedFor(b).length, before);
    await h.close(a);
    await h.close(b);
  });
});
