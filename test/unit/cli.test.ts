/** The bundled CLI binary: formats, exit codes and messages for bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli, tempDir } from '../helpers';

const { path: dir, file } = tempDir('cdp-cli-');
const run = (args: string[], input?: string) => runCli(args, { input });

const pitfall = file('pitfall.yaml', 'kubeProxyReplacement: true\nenableIPv4Masquerade: true\n');

test('text: verdict, exact log line, and the fix', () => {
  const r = run(['explain', '--cilium-version', '1.16.4', '--no-color', pitfall]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Host routing: Legacy/);
  assert.match(
    r.stdout,
    /BPF host routing requires enable-bpf-masquerade\. Falling back to legacy host routing \(enable-host-legacy-routing=true\)\./,
  );
  assert.match(r.stdout, /Fix: Masquerade with BPF \(bpf\.masquerade: true\)/);
  assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour codes with --no-color');
});

test('json: stable field names', () => {
  const r = run(['explain', '--cilium-version', '1.16.4', '--format', 'json', pitfall]);
  assert.equal(r.status, 0);
  const j = JSON.parse(r.stdout);
  assert.equal(j.ciliumVersion.evaluated, '1.16.4');
  assert.equal(j.kernel.assumed, true);
  assert.equal(j.hostRouting.mode, 'Legacy');
  const reason = j.hostRouting.reasons[0];
  assert.equal(
    reason.agentLog,
    'BPF host routing requires enable-bpf-masquerade. Falling back to legacy host routing (enable-host-legacy-routing=true).',
  );
  assert.ok(Array.isArray(reason.evidence) && reason.evidence.length >= 2);
  assert.deepEqual(reason.evidence.find((e: { key: string }) => e.key === 'enable-ipv4-masquerade').location, {
    file: pitfall,
    line: 2,
    column: 23,
    endLine: 2,
    endColumn: 27,
  });
  assert.equal(j.masquerading.mode, 'IPTables');
  assert.equal(j.kubeProxyReplacement.mode, 'True');
  assert.ok(Array.isArray(j.assumptions) && j.assumptions.length > 0);
  assert.equal(j.findings[0].ruleId, 'iptables-masquerade');
  assert.equal(j.findings[0].fixes[0].edits[0].newText, 'bpf:\n  masquerade: true\n');
});

test('sarif: 2.1.0 with rules and a located result', () => {
  const r = run(['explain', '--cilium-version', '1.16.4', '--format', 'sarif', pitfall]);
  const s = JSON.parse(r.stdout);
  assert.equal(s.version, '2.1.0');
  const run0 = s.runs[0];
  assert.ok(run0.tool.driver.rules.some((x: { id: string }) => x.id === 'iptables-masquerade'));
  assert.equal(run0.results[0].ruleId, 'iptables-masquerade');
  assert.equal(run0.results[0].level, 'warning');
  assert.equal(run0.results[0].locations[0].physicalLocation.region.startLine, 2);
  assert.equal(run0.properties.hostRouting, 'Legacy');
});

test('--fail-on warning turns a legacy fallback into exit 1; error ignores it', () => {
  assert.equal(run(['explain', '--cilium-version', '1.16.4', '--fail-on', 'warning', pitfall]).status, 1);
  assert.equal(run(['explain', '--cilium-version', '1.16.4', '--fail-on', 'error', pitfall]).status, 0);
  const strict = file('strict.yaml', 'kubeProxyReplacement: strict\n');
  assert.equal(run(['explain', '--cilium-version', '1.16', strict]).status, 1, 'AgentFails is an error');
  assert.equal(run(['explain', '--cilium-version', '1.16', '--fail-on', 'never', strict]).status, 0);
});

test('several files merge in order like helm -f (later wins, null deletes)', () => {
  const base = file('base.yaml', 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n  preallocateMaps: true\n');
  const over = file('over.yaml', 'bpf:\n  masquerade: null\n');
  const j1 = JSON.parse(run(['explain', '--cilium-version', '1.17.8', '--format', 'json', base]).stdout);
  assert.equal(j1.hostRouting.mode, 'BPF');
  const j2 = JSON.parse(run(['explain', '--cilium-version', '1.17.8', '--format', 'json', base, over]).stdout);
  assert.equal(j2.hostRouting.mode, 'Legacy');
  assert.equal(j2.files.length, 2);
});

test('standard input with -', () => {
  const r = run(
    ['explain', '--cilium-version', '1.20', '--format', 'json', '-'],
    'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n',
  );
  assert.equal(JSON.parse(r.stdout).hostRouting.mode, 'BPF');
});

test('bad input: distinct exit codes and clear messages', () => {
  const cases: Array<[string[], number, RegExp]> = [
    [['explain', join(dir, 'missing.yaml')], 3, /cannot read .*missing\.yaml: no such file/],
    [['explain', dir], 3, /is a directory/],
    [['explain', file('bad.yaml', 'a: [1, 2\nb: }\n')], 4, /malformed YAML/],
    [['explain', file('tpl.yaml', 'kubeProxyReplacement: {{ .Values.kpr }}\n')], 4, /Helm template/],
    [
      ['explain', file('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n')],
      5,
      /Kubernetes Deployment, not Cilium/,
    ],
    [['explain', file('other.yaml', 'foo: 1\nbar: 2\n')], 5, /does not look like Cilium Helm values/],
    [['explain', file('list.yaml', '- a\n- b\n')], 5, /must be a map/],
    [['explain', '--cilium-version', 'banana', pitfall], 2, /not a Cilium version/],
    [['explain', '--cilium-version', '1.8', pitfall], 2, /predates BPF host routing/],
    [['explain', '--kernel', 'new', pitfall], 2, /not a kernel version/],
    [['explain', '--format', 'xml', pitfall], 2, /--format must be/],
    [['explain'], 2, /at least one FILE/],
    [['frobnicate'], 2, /unknown command/],
  ];
  for (const [args, code, msg] of cases) {
    const r = run(args);
    assert.equal(r.status, code, `${args.join(' ')} → ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, msg, args.join(' '));
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  }
});

test('a ConfigMap cannot be merged with values files', () => {
  const cmf = file(
    'cm.yaml',
    'kind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  kube-proxy-replacement: "true"\n',
  );
  const r = run(['explain', cmf, pitfall]);
  assert.equal(r.status, 5);
  assert.match(r.stderr, /cannot be merged with Helm values/);
});

test('a cilium-config inside a multi-document helm template output', () => {
  const multi = file(
    'rendered.yaml',
    '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: cilium\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n  kube-proxy-replacement: "true"\n  enable-bpf-masquerade: "true"\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: cilium\n',
  );
  const j = JSON.parse(run(['explain', '--cilium-version', '1.17.8', '--format', 'json', multi]).stdout);
  assert.equal(j.inputKind, 'configmap');
  assert.equal(j.hostRouting.mode, 'BPF');
});

test('--help and --version', () => {
  const h = run(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /cilium-datapath explain/);
  assert.match(run(['--version']).stdout, /^cilium-datapath \d+\.\d+\.\d+/);
  mkdirSync(join(dir, 'sub'), { recursive: true });
});

test('every rule has a current docs page (npm run docs)', () => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'scripts', 'generate-rule-docs.ts'), '--check'],
    { encoding: 'utf8', cwd: repoRoot },
  );
  assert.equal(r.status, 0, r.stderr);
});

test('the header names the requested and the evaluated version when they differ', () => {
  const newer = run(['explain', '--cilium-version', '1.99', '--no-color', pitfall]);
  assert.equal(newer.status, 0, newer.stderr);
  assert.match(newer.stdout.split('\n')[0], /\(Cilium 1\.99 requested, 1\.20\.\d+ evaluated, kernel/);
  const line = run(['explain', '--cilium-version', '1.16', '--no-color', pitfall]);
  assert.match(line.stdout.split('\n')[0], /\(Cilium 1\.16 requested, 1\.16\.\d+ evaluated, kernel/);
  const exact = run(['explain', '--cilium-version', 'v1.16.4', '--no-color', pitfall]);
  assert.match(exact.stdout.split('\n')[0], /\(Cilium 1\.16\.4, kernel/);
});

test('a YAML error message is one complete sentence (no dangling colon or parser position)', () => {
  const r = run([
    'explain',
    '--no-color',
    file('nested.yaml', 'kubeProxyReplacement: true\n  bad: [\nenableIPv4Masquerade: true\n'),
  ]);
  assert.equal(r.status, 4);
  const lines = r.stderr.trim().split('\n');
  for (const l of lines) {
    assert.doesNotMatch(l, /:\s*$/, l);
    assert.doesNotMatch(l, /at line \d+, column \d+/, l);
  }
  assert.match(lines[0], /nested\.yaml:1:23: malformed YAML: Nested mappings are not allowed in compact mappings$/);
});
