/**
 * The built CLI (dist/cli.js) and the files it reads (issue 17): FILE arguments through the
 * bounded reader (regular files, 5 MiB, a message per refused file, the others still analysed),
 * standard input bounded too, and `base=` in a modeline followed as in the editor, but only inside
 * the file's folder or the working directory (`--no-bases` turns it off).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers';

const cli = join(repoRoot, 'dist', 'cli.js');
const root = mkdtempSync(join(tmpdir(), 'cdp-cli-files-'));
const write = (rel: string, text: string) => {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};
const run = (args: string[], opts: { cwd?: string; input?: string } = {}) =>
  spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd ?? root,
    input: opts.input,
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
const json = (stdout: string) => JSON.parse(stdout) as { hostRouting: { mode: string }; files?: unknown };

// A repository: a shared base one folder up, an environment file naming it, and files outside.
write('repo/values.yaml', 'routingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\nkubeProxyReplacement: true\n');
write('repo/env/prod.yaml', '# cilium-datapath: base=../values.yaml version=1.16\nbpf:\n  masquerade: true\n');
write('repo/env/alone.yaml', '# cilium-datapath: version=1.16\nbpf:\n  masquerade: true\n');
write('secret/values.yaml', 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');
const outside = [
  '../../secret/values.yaml',
  join(root, 'secret/values.yaml'),
  `file://${join(root, 'secret/values.yaml')}`,
  '../../secret/nothing-here.yaml',
  '/etc',
  '/root/.bashrc',
];

test('base= is followed relative to the file (CLI run from the repository)', () => {
  const merged = run(['explain', '--format', 'json', 'env/prod.yaml'], { cwd: join(root, 'repo') });
  assert.equal(merged.status, 0, merged.stderr);
  assert.equal(json(merged.stdout).hostRouting.mode, 'BPF');
  assert.equal(merged.stderr, '');
  // without the base the same file is not BPF: the base was really merged
  const alone = run(['explain', '--format', 'json', 'env/alone.yaml'], { cwd: join(root, 'repo') });
  assert.notEqual(json(alone.stdout).hostRouting.mode, 'BPF');
  const text = run(['explain', '--verbose', 'env/prod.yaml'], { cwd: join(root, 'repo') });
  assert.match(text.stdout, /Helm values: values\.yaml \+ env\/prod\.yaml/);
  assert.match(text.stderr, /env\/prod\.yaml:1:20: note: base file values\.yaml is merged before env\/prod\.yaml/);
  // --no-bases: the file alone, nothing said
  const off = run(['explain', '--format', 'json', '--no-bases', 'env/prod.yaml'], { cwd: join(root, 'repo') });
  assert.equal(off.stderr, '');
  assert.equal(json(off.stdout).hostRouting.mode, json(alone.stdout).hostRouting.mode);
  // named on the command line too: merged once, in the order given
  const both = run(['explain', '--verbose', 'values.yaml', 'env/prod.yaml'], { cwd: join(root, 'repo') });
  assert.equal(both.status, 0, both.stderr);
  assert.match(both.stdout, /Helm values: values\.yaml \+ env\/prod\.yaml\)/);
  // upgrade follows it as explain does
  const up = run(['upgrade', '--from', '1.15', '--to', '1.16', '--format', 'json', 'env/prod.yaml'], {
    cwd: join(root, 'repo'),
  });
  assert.equal(up.stderr, '');
  assert.match(up.stdout, /"BPF"/);
});

test('base= outside the file folder and the working directory is refused without saying whether it exists', () => {
  const messages: string[] = [];
  for (const spec of outside) {
    const doc = write('repo/env/bad.yaml', `# cilium-datapath: base=${spec} version=1.16\nbpf:\n  masquerade: true\n`);
    const r = run(['explain', '--format', 'json', doc], { cwd: join(root, 'repo', 'env') });
    assert.equal(r.status, 3, `${spec}: ${r.stderr}`);
    // the file is still analysed, alone
    assert.notEqual(json(r.stdout).hostRouting.mode, 'BPF', spec);
    const line = r.stderr.trim();
    assert.equal(line.split('\n').length, 1, line);
    messages.push(line.replace(spec, 'SPEC'));
    assert.match(
      line,
      /^cilium-datapath: .*bad\.yaml:1:20: base=.*: only files inside the file's folder or the working directory are read as base files; .*bad\.yaml is analysed without it$/,
    );
    assert.doesNotMatch(line, /not found|is a directory|permission|regular file|kubeProxyReplacement/);
  }
  // the same words whether the path exists, is a folder or is missing
  assert.equal(new Set(messages).size, 1, messages.join('\n'));
  // a link inside the folder that points outside is refused too
  symlinkSync(join(root, 'secret/values.yaml'), join(root, 'repo/env/link.yaml'));
  write('repo/env/vialink.yaml', '# cilium-datapath: base=link.yaml version=1.16\nbpf:\n  masquerade: true\n');
  const l = run(['explain', 'env/vialink.yaml'], { cwd: join(root, 'repo') });
  assert.equal(l.status, 3);
  assert.match(l.stderr, /base=link\.yaml: only files inside/);
});

test('base= inside, but missing, a folder or not Cilium values: said on stderr, the file analysed alone', () => {
  write('repo/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n');
  mkdirSync(join(root, 'repo/folder'), { recursive: true });
  const cases: Array<[string, number, RegExp]> = [
    ['../missing.yaml', 3, /base file \.\.\/missing\.yaml not found; env\/in\.yaml is analysed without it/],
    ['../folder', 3, /base file \.\.\/folder is not a regular file/],
    ['../deploy.yaml', 5, /base file \.\.\/deploy\.yaml .*Deployment.*; env\/in\.yaml is analysed without it/],
    ['in.yaml', 3, /base=in\.yaml is this file itself/],
  ];
  for (const [spec, code, re] of cases) {
    write('repo/env/in.yaml', `# cilium-datapath: base=${spec} version=1.16\nbpf:\n  masquerade: true\n`);
    const r = run(['explain', '--format', 'json', 'env/in.yaml'], { cwd: join(root, 'repo') });
    assert.equal(r.status, code, `${spec}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.ok(json(r.stdout).hostRouting.mode, 'the file is analysed');
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('standard input: relative bases from the working directory; bounded at 5 MiB', () => {
  const doc = '# cilium-datapath: base=values.yaml version=1.16\nbpf:\n  masquerade: true\n';
  const r = run(['explain', '--format', 'json', '-'], { cwd: join(root, 'repo'), input: doc });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(json(r.stdout).hostRouting.mode, 'BPF');
  const out = run(['explain', '-'], {
    cwd: join(root, 'repo'),
    input: doc.replace('values.yaml', '../secret/values.yaml'),
  });
  assert.equal(out.status, 3);
  assert.match(out.stderr, /<stdin>:1:20: base=\.\.\/secret\/values\.yaml: only files inside/);
  const big = run(['explain', '-'], { input: 'kubeProxyReplacement: true\n#' + 'x'.repeat(6 * 1024 * 1024) + '\n' });
  assert.equal(big.status, 4);
  assert.match(big.stderr, /^cilium-datapath: - is larger than 5 MiB/);
});

test('FILE arguments: bounded reader, a message per refused file, the others still analysed', () => {
  const ok = write('files/ok.yaml', 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n');
  write('files/big.yaml', 'kubeProxyReplacement: true\n#' + 'x'.repeat(6 * 1024 * 1024) + '\n');
  // a FIFO nobody writes: refused at once, never waited on
  const fifo = join(root, 'files/fifo.yaml');
  const mk = spawnSync('mkfifo', [fifo]);
  const t0 = Date.now();
  const r = run(
    [
      'explain',
      '--cilium-version',
      '1.16',
      '--format',
      'json',
      'missing.yaml',
      'big.yaml',
      '.',
      ...(mk.status === 0 ? ['fifo.yaml'] : []),
      ok,
    ],
    {
      cwd: join(root, 'files'),
    },
  );
  assert.ok(Date.now() - t0 < 15_000);
  const lines = r.stderr.trim().split('\n');
  assert.deepEqual(
    lines.map((l) => l.replace(/:.*?:\s/, ': ')),
    [
      'cilium-datapath: cannot read missing.yaml: no such file',
      'cilium-datapath: big.yaml is larger than 5 MiB; Cilium values files and ConfigMaps are far smaller, so it is not read',
      'cilium-datapath: cannot read .: is a directory',
      ...(mk.status === 0 ? ['cilium-datapath: cannot read fifo.yaml: not a regular file'] : []),
    ].map((l) => l.replace(/:.*?:\s/, ': ')),
  );
  assert.equal(json(r.stdout).hostRouting.mode, 'BPF', 'ok.yaml analysed');
  // the first problem's code: a file that cannot be read
  assert.equal(r.status, 3);
  // only a too-large file: exit 4, as before
  const only = run(['explain', 'big.yaml'], { cwd: join(root, 'files') });
  assert.equal(only.status, 4);
  assert.equal(only.stdout, '');
  // /proc files say size 0; what is read is bounded, and it is not Cilium
  const proc = run(['explain', '/proc/self/status']);
  assert.equal(proc.status, 5);
  assert.match(proc.stderr, /does not look like Cilium Helm values/);
  // live refuses as well, before asking kubectl anything
  const live = run(['live', '--kubectl', '/nonexistent/kubectl', 'missing.yaml'], { cwd: join(root, 'files') });
  assert.equal(live.status, 3);
  assert.match(live.stderr, /cannot read missing\.yaml: no such file/);
  assert.doesNotMatch(live.stderr, /kubectl was not found/);
});

test('files a wrapper names (Kustomize valuesFile): only inside the file folder or the working directory', () => {
  write('repo/kz/values.yaml', 'kubeProxyReplacement: true\n');
  write(
    'repo/kz/kustomization.yaml',
    `helmCharts:
  - name: cilium
    version: 1.16.1
    valuesFile: values.yaml
    additionalValuesFiles:
      - ../../secret/values.yaml
    valuesInline:
      enableIPv4Masquerade: true
`,
  );
  const r = run(['explain', '--format', 'json', 'kz/kustomization.yaml'], { cwd: join(root, 'repo') });
  const unseen = [...r.stdout.matchAll(/the values file (\S+) could not be read/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(unseen)], ['../../secret/values.yaml'], r.stdout.slice(0, 2000));
});
