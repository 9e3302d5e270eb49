/**
 * Bounded work and hostile input (issue 17): suggestions from an index give what the all-pairs
 * search gave, unknown keys beyond the budget are summarised in one finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, type Analysis } from '../../server/src/core/analyze';
import { closest, SuggestIndex } from '../../server/src/core/schema/suggest';
import { chartChildKeys } from '../../server/src/core/chart/chartKeys';
import { capEchoes, echo } from '../../server/src/core/echo';
import { NUL_MESSAGE, parseInput } from '../../server/src/core/parse/input';
import { tooDeep } from '../../server/src/core/parse/yamlText';
import { runCli as runBundledCli, tempDir } from '../helpers';

function run(text: string, version = '1.16', name = 'values.yaml'): Analysis {
  const r = analyze([{ name, text }], { ciliumVersion: version });
  if (!r.ok) assert.fail(`${r.error.kind}: ${r.error.message}`);
  return r.analysis;
}
const unknown = (a: Analysis) => a.findings.filter((f) => f.ruleId === 'unknown-key');

test('the suggestion index gives exactly what the all-pairs search gives', () => {
  const keys = chartChildKeys('1.16.15', '');
  assert.ok(keys.length > 100);
  const index = new SuggestIndex(keys);
  // near misses of real keys (edits, case changes, transpositions) and arbitrary names
  const mutate = fc
    .tuple(
      fc.constantFrom(...keys),
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.constantFrom('del', 'ins', 'sub', 'swap', 'case'),
          fc.string({ minLength: 1, maxLength: 1 }),
        ),
        { maxLength: 3 },
      ),
    )
    .map(([k, ops]) => {
      let s = k;
      for (const [at, op, ch] of ops) {
        const i = s.length ? at % s.length : 0;
        if (op === 'del') s = s.slice(0, i) + s.slice(i + 1);
        else if (op === 'ins') s = s.slice(0, i) + ch + s.slice(i);
        else if (op === 'sub') s = s.slice(0, i) + ch + s.slice(i + 1);
        else if (op === 'swap' && i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
        else if (op === 'case') s = s.slice(0, i) + s.slice(i, i + 1).toUpperCase() + s.slice(i + 1);
      }
      return s;
    });
  fc.assert(
    fc.property(
      fc.oneof(mutate, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 8 })),
      fc.integer({ min: 1, max: 3 }),
      (name, limit) => {
        assert.deepEqual(index.closest(name, limit), closest(name, keys, limit));
      },
    ),
    { numRuns: 3000 },
  );
});

test('unknown keys beyond the budget are summarised in one finding; the first ones keep their suggestions', () => {
  const lines = ['routingMode: native', 'kubeProxyReplacment: true'];
  for (let i = 0; i < 250; i++) lines.push(`key${i}: value${i}`);
  const a = run(lines.join('\n') + '\n');
  const found = unknown(a);
  assert.equal(found.length, 101, found.map((f) => f.message).join('\n'));
  assert.match(found[0].message, /Did you mean `kubeProxyReplacement`/);
  const summary = found.filter((f) => / more are not values/.test(f.message));
  assert.equal(summary.length, 1);
  assert.match(
    summary[0].message,
    /^`key99`, `key100`, `key101` and 148 more are not values in chart 1\.16\.\d+ either/,
  );
  assert.equal(summary[0].location?.range.start.line, 101); // key99 is on line 102
});

test('a ConfigMap with thousands of keys: near misses up to the budget, the rest summarised', () => {
  const data = ['  enable-bpf-masqurade: "true"'];
  for (let i = 0; i < 5000; i++) data.push(`  enable-bpf-masquerade${i}: "x"`);
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n${data.join('\n')}\n`;
  const a = run(text, '1.16', 'cm.yaml');
  const found = unknown(a);
  assert.ok(found.length <= 101);
  assert.match(found[0].message, /enable-bpf-masqurade.*did you mean `enable-bpf-masquerade`/);
  assert.equal(found.filter((f) => /were not checked for near misses/.test(f.message)).length, 1);
});

test('120,000 unknown keys stay bounded: one summary, well under the old minutes', () => {
  let text = 'routingMode: native\n';
  for (let i = 0; i < 120_000; i++) text += `key${i}: value${i}\n`;
  const a = run(text);
  const found = unknown(a);
  assert.ok(found.length <= 101, `${found.length} unknown-key findings`);
  assert.match(found[found.length - 1].message, /and 119,\d{3} more are not values/);
});

// ---------------------------------------------------------------------------------------------
// Hostile input: echoed text is cut, deep nesting and NUL bytes are called what they are,
// parser warnings stay out of stderr.

const { file } = tempDir('cdp-bounded-');
const runCli = (args: string[]) => runBundledCli(args, { env: { ...process.env, NO_COLOR: '1' } });

test('echoed input is cut at 80 characters with an ellipsis', () => {
  assert.equal(echo('a'.repeat(80)), 'a'.repeat(80));
  assert.equal(echo('a'.repeat(81)), `${'a'.repeat(79)}…`);
  assert.equal(echo('😀'.repeat(100)).length, 79 * 2 + 1, 'cut between characters, not inside a surrogate pair');
  assert.equal(capEchoes('`short` and "short"'), '`short` and "short"');
  assert.equal(capEchoes(`\`k\` is "${'x'.repeat(200)}" here`), `\`k\` is "${'x'.repeat(79)}…" here`);

  const digits = '9'.repeat(100_000);
  const r = analyze([
    { name: 'values.yaml', text: `# cilium-datapath: version=${digits}\nkubeProxyReplacement: true\n` },
  ]);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.ok(r.error.message.length < 200, r.error.message);
    assert.match(r.error.message, /^"9{79}…" is not a Cilium version/);
  }
  // a value the agent refuses, quoted in the message and the agent's log line
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  enable-host-legacy-routing: "${'a'.repeat(50_000)}"\n`;
  const a = run(cm, '1.16', 'cm.yaml');
  for (const f of a.findings) {
    assert.ok(f.message.length < 600, `${f.ruleId}: ${f.message.length} characters`);
    assert.ok((f.agentLog ?? '').length < 600);
  }
  for (const x of a.hostRouting.reasons) assert.ok(x.message.length < 600 && (x.agentLog ?? '').length < 600);

  const c = runCli([
    'explain',
    '--cilium-version',
    digits.slice(0, 5000),
    file('values.yaml', 'kubeProxyReplacement: true\n'),
  ]);
  assert.equal(c.status, 2);
  assert.ok(c.stderr.length < 300, c.stderr);
  const u = runCli(['explain', `--${'x'.repeat(3000)}`, 'values.yaml']);
  assert.ok(u.stderr.split('\n')[0].length < 150, u.stderr.split('\n')[0]);
});

test('deep nesting is called what it is, at the same depth everywhere', () => {
  let block = 'kubeProxyReplacement: true\nx:\n';
  for (let i = 0; i < 1000; i++) block += `${' '.repeat(i + 1)}k${i}:\n`;
  const flow = `kubeProxyReplacement: true\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  for (const text of [block, flow]) {
    const r = analyze([{ name: 'values.yaml', text }]);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /nested deeper than 200 levels/);
    const c = runCli(['explain', file('deep.yaml', text)]);
    assert.equal(c.status, 4);
    assert.match(c.stderr, /nested deeper than 200 levels/);
    assert.doesNotMatch(c.stderr, /call stack/);
  }
  // 150 levels is deep but fine
  let ok = 'kubeProxyReplacement: true\nx:\n';
  for (let i = 0; i < 150; i++) ok += `${' '.repeat(i + 1)}k${i}:\n`;
  assert.equal(tooDeep(ok), undefined);
  assert.ok(analyze([{ name: 'values.yaml', text: ok }]).ok);
  // block scalars, quotes and comments are not nesting
  const prose = `kubeProxyReplacement: true\nscript: |\n${Array.from({ length: 400 }, (_, i) => `${' '.repeat(i + 2)}[{ line ${i}`).join('\n')}\nx: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\ny: [a, '[[[[[[[[[[[[[[[[[[[[[[[[[[', "]]"] # [[[[[[[[[[[[[[[[[[[[\n`;
  assert.equal(tooDeep(prose, 3), undefined);
});

test('a NUL byte: the same message from the core for the editor and the CLI', () => {
  const text = 'kubeProxyReplacement: true\nbpf:\n  masq\u0000: x\n';
  const r = analyze([{ name: 'values.yaml', text }]);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.kind, 'malformed');
    assert.equal(r.error.details?.[0].message, NUL_MESSAGE);
    assert.deepEqual(r.error.details?.[0].location.range.start, { line: 2, character: 6, offset: 38 });
  }
  const c = runCli(['explain', file('values-nul.yaml', text)]);
  assert.equal(c.status, 4);
  assert.match(c.stderr, /values-nul\.yaml:3:7: malformed YAML: a NUL byte: this is binary data, not YAML text/);
});

test('a map or list used as a key: a parse warning, on stderr only with --verbose', () => {
  const text = 'kubeProxyReplacement: true\n? [a, b]\n: c\n';
  const p = parseInput('values.yaml', text);
  assert.ok(p.ok);
  if (p.ok)
    assert.deepEqual(
      p.parsed.warnings.map((w) => [w.message, w.range.start.line]),
      [['a list is used as a key; the analysis reads it as the text of that list', 1]],
    );
  const f = file('values-key.yaml', text);
  const quiet = runCli(['explain', f]);
  assert.equal(quiet.stderr, '');
  const loud = runCli(['explain', '--verbose', f]);
  assert.match(loud.stderr, /values-key\.yaml:2:3: note: a list is used as a key/);
  assert.doesNotMatch(loud.stderr, /stringified|Warning:/);
});
