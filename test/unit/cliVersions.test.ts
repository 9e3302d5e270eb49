/** The bundled CLI: `upgrade`, `explain --versions`, and the inferred version. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot, runCli, tempDir } from '../helpers';

const { path: dir, file } = tempDir('cdp-cli-versions-');
const run = (args: string[], input?: string) => runCli(args, { input, cwd: repoRoot });

const pitfall = join(repoRoot, 'examples', 'masquerade-pitfall.yaml');
const strict = file(
  'kpr-strict.yaml',
  'kubeProxyReplacement: strict\nk8sServiceHost: api.example.internal\nk8sServicePort: 6443\n',
);
const tunnel = file('tunnel.yaml', 'tunnel: vxlan\n');

test('upgrade (text): the masquerade pitfall from 1.14.5 to 1.16.4', () => {
  const r = run(['upgrade', '--from', '1.14.5', '--to', '1.16.4', '--no-color', pitfall]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Upgrade: Cilium 1\.14\.5 → 1\.16\.4/);
  assert.match(r.stdout, /Before: Legacy on Cilium 1\.14\.5 — BPF host routing requires enable-bpf-masquerade\./);
  assert.match(r.stdout, /After: {2}Legacy on Cilium 1\.16\.4 — BPF host routing requires enable-bpf-masquerade\./);
  assert.match(r.stdout, /No change on the way touches this file/);
  assert.match(r.stdout, /does not get worse/);
});

test('upgrade (json): strict KPR from 1.15.7 to 1.16.4 gets worse, exit 1', () => {
  const r = run(['upgrade', '--from=1.15.7', '--to=1.16.4', '--format', 'json', strict]);
  assert.equal(r.status, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.from.ciliumVersion.evaluated, '1.15.7');
  assert.equal(j.from.hostRouting.mode, 'Legacy');
  assert.equal(j.to.ciliumVersion.evaluated, '1.16.4');
  assert.equal(j.to.hostRouting.mode, 'AgentFails');
  assert.equal(j.worse, true);
  assert.deepEqual(
    j.changes.map((c: { kind: string; path: string; version: string }) => [c.kind, c.path, c.version]),
    [
      ['verdict', 'kubeProxyReplacement', '1.16.0'],
      ['refused-value', 'kubeProxyReplacement', '1.16.0'],
      // tuning family: chart 1.16+ accepts only true/false, so the feature set no longer renders either
      ['feature', 'kubeProxyReplacement', '1.16.0'],
    ],
  );
  for (const c of j.changes) {
    assert.equal(typeof c.message, 'string');
    assert.equal(c.fix, 'Set kubeProxyReplacement: true');
  }
});

test('upgrade: text lists each change with its release and fix', () => {
  const r = run(['upgrade', '--from', '1.13', '--to', '1.17', '--no-color', tunnel]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /1\.14\.0 +deprecated-key +tunnel: /);
  assert.match(r.stdout, /1\.15\.0 +renamed-key +tunnel: /);
  assert.match(r.stdout, /1\.16\.2 +refused-value +tunnel: /);
  assert.match(r.stdout, /Fix: Replace tunnel with routingMode\/tunnelProtocol/);
  assert.match(r.stdout, /gets worse/);
});

test('upgrade: usage errors and unreadable files', () => {
  assert.equal(run(['upgrade', '--to', '1.16', strict]).status, 2);
  assert.equal(run(['upgrade', '--from', '1.16', '--to', '1.14', strict]).status, 2);
  assert.equal(run(['upgrade', '--from', '1.16', '--to', '1.17', '--format', 'sarif', strict]).status, 2);
  assert.equal(run(['upgrade', '--from', '1.16', '--to', '1.17']).status, 2);
  const missing = run(['upgrade', '--from', '1.16', '--to', '1.17', join(dir, 'nope.yaml')]);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /no such file/);
  const bad = run(['upgrade', '--from', '1.16', '--to', '1.17', '--format', 'json', file('bad.yaml', 'a: [\n')]);
  assert.equal(bad.status, 4);
  assert.equal(JSON.parse(bad.stdout).error.kind, 'malformed');
  const help = run(['upgrade', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--from A --to B/);
});

test('explain --versions: the verdict per release range, text and json', () => {
  const t = run(['explain', '--versions', '1.14..1.17', '--no-color', tunnel]);
  assert.equal(t.status, 0, t.stderr);
  assert.match(
    t.stdout,
    /By version:\n {2}1\.14\.0–1\.16\.1 {2}Legacy \(kpr disabled\)\n {2}1\.16\.2–1\.17\.x {2}AgentFails \(chart refuses\)\n/,
  );
  const j = run(['explain', '--versions=1.12..1.20', '--format', 'json', '--fail-on', 'never', strict]);
  assert.equal(j.status, 0, j.stderr);
  const out = JSON.parse(j.stdout);
  assert.deepEqual(
    out.byVersion.map(
      (g: { versions: string; hostRouting: { mode: string; label: string } }) => `${g.versions} ${g.hostRouting.label}`,
    ),
    ['1.12–1.15 Legacy (iptables masquerade)', '1.16–1.20 AgentFails (chart refuses)'],
  );
  assert.equal(out.byVersion[0].from, '1.12.0');
  assert.equal(out.byVersion[1].to, '1.20.x');
  assert.equal(run(['explain', '--versions', '1.20..1.12', strict]).status, 2);
  assert.equal(run(['explain', '--versions', strict]).status, 2);
});

test('explain without a version: the inferred line, named in the assumptions and the json', () => {
  const t = run(['explain', '--no-color', tunnel]);
  assert.match(t.stdout, /^Host routing: Legacy {3}\(Cilium 1\.14\.16,/);
  assert.match(
    t.stdout,
    /No Cilium version given: evaluated at 1\.14 \(as 1\.14\.16\), the newest line that accepts every setting of the file \(tunnel: vxlan → 1\.14 or older\)/,
  );
  const j = JSON.parse(run(['explain', '--format', 'json', strict]).stdout);
  assert.equal(j.ciliumVersion.source, 'inferred');
  assert.equal(j.ciliumVersion.line, '1.15');
  assert.equal(j.hostRouting.mode, 'Legacy');
  assert.equal(j.inferredVersion.line, '1.15');
  assert.deepEqual(j.inferredVersion.narrowedBy[0], {
    path: 'kubeProxyReplacement',
    setting: 'kubeProxyReplacement: strict',
    accepted: '1.15 or older',
    lines: ['1.9', '1.10', '1.11', '1.12', '1.13', '1.14', '1.15'],
  });
  // An explicit version is taken as given.
  const pinned = JSON.parse(run(['explain', '--format', 'json', '--cilium-version', '1.20', strict]).stdout);
  assert.equal(pinned.ciliumVersion.source, 'option');
  assert.equal(pinned.hostRouting.mode, 'AgentFails');
  assert.equal(pinned.inferredVersion, undefined);
});
