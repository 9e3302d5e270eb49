/**
 * Versions as an input: the verdict over a range of releases (one fixture per change point of the
 * spec, test/fixtures/versions), version inference when no version is given, and the upgrade report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers';
import type { InputFile } from '../../server/src/core/analyze';
import { analyzeRange, describeGroups } from '../../server/src/core/versions/range';
import { analyzeInferred, inferVersion } from '../../server/src/core/versions/infer';
import {
  describeLines,
  describeSpan,
  knownReleases,
  parseVersionSpan,
  spanPoints,
  type VersionSpan,
} from '../../server/src/core/versions/points';
import { upgradeReport, type UpgradeReport } from '../../server/src/core/versions/upgrade';

const fixture = (name: string): InputFile[] => {
  const p = join(repoRoot, 'test', 'fixtures', 'versions', name);
  return [{ name: p, text: readFileSync(p, 'utf8') }];
};
const example = (name: string): InputFile[] => {
  const p = join(repoRoot, 'examples', name);
  return [{ name: p, text: readFileSync(p, 'utf8') }];
};
const text = (t: string, name = 'values.yaml'): InputFile[] => [{ name, text: t }];

function span(s: string): VersionSpan {
  const p = parseVersionSpan(s);
  if (!p.ok) assert.fail(p.error);
  return p.value;
}

function groups(files: InputFile[], s: string, kernel?: string): string {
  const r = analyzeRange(files, span(s), kernel);
  if (!r.ok) assert.fail(r.error.message);
  return describeGroups(r.groups);
}

function upgrade(files: InputFile[], from: string, to: string, kernel?: string): UpgradeReport {
  const r = upgradeReport(files, { from, to, kernel });
  if (!r.ok) assert.fail(r.error.message);
  return r.report;
}

// ------------------------------------------------------------------ ranges and their names

test('version spans: parsing, open ends and refusals', () => {
  assert.deepEqual(span('1.12..1.20').from, { line: '1.12', major: 1, minor: 12, patch: undefined });
  assert.equal(span('1.14..').to.line, '1.20');
  assert.equal(span('..1.13').from.line, '1.9');
  assert.equal(span('1.16').from.line, '1.16');
  assert.equal(span('1.16').to.line, '1.16');
  for (const bad of ['1.20..1.12', '1.8..1.12', '1.12..1.21', 'latest', '1.12..1.14..1.16', '1.16.4..1.16.2']) {
    assert.equal(parseVersionSpan(bad).ok, false, bad);
  }
});

test('span points: the start, every change point inside, and what each stands for', () => {
  const pts = spanPoints(span('1.14.5..1.16.4')).map((p) => `${p.version.raw}→${p.untilPatch ?? 'x'}`);
  assert.deepEqual(pts, ['1.14.5→5', '1.14.6→15', '1.14.16→x', '1.15.0→6', '1.15.7→x', '1.16.0→1', '1.16.2→4']);
  const [first, , last] = spanPoints(span('1.12.0..1.12'));
  assert.equal(describeSpan(first, first), '1.12.0');
  assert.equal(describeSpan(first, last), '1.12.0–1.12.15');
  const all = spanPoints(span('1.14..1.20'));
  assert.equal(describeSpan(all[0], all[all.length - 1]), '1.14–1.20');
});

test('lines as a phrase', () => {
  assert.equal(describeLines(['1.9', '1.10', '1.11', '1.12', '1.13', '1.14', '1.15']), '1.15 or older');
  assert.equal(describeLines(['1.14', '1.15', '1.16', '1.17', '1.18', '1.19', '1.20']), '1.14 or newer');
  assert.equal(describeLines(['1.14', '1.15']), '1.14–1.15');
  assert.equal(describeLines(['1.9', '1.10', '1.19', '1.20']), '1.9–1.10, 1.19–1.20');
  assert.equal(describeLines(['1.16']), '1.16 only');
});

test('known releases for a quick pick: newest first, every line, the change points', () => {
  const r = knownReleases();
  assert.equal(r[0], '1.20.0');
  assert.ok(r.includes('1.16.2') && r.includes('1.13.4') && r.includes('1.9.0'));
  assert.equal(new Set(r).size, r.length);
});

// ------------------------------------------------------------------ one file per change point

const CHANGE_POINTS: Array<{ file: string; span: string; kernel?: string; expect: string; point: string }> = [
  {
    point: '1.9.1/1.9.9 tunnel reason',
    file: 'cm-1.9-tunnel-and-flannel.yaml',
    span: '1.9..1.15',
    expect: '1.9.0–1.9.8 Legacy (tunnel mode); 1.9.9–1.15.x BPF',
  },
  {
    point: '1.9.9 flannel master device',
    file: 'cm-1.9-flannel-master-device.yaml',
    span: '1.9..1.10',
    expect: '1.9.0–1.9.8 BPF; 1.9.9–1.9.x Legacy (flannel master device); 1.10 BPF',
  },
  {
    point: '1.9.4 KPR disabled sets legacy',
    file: 'cm-1.9-kpr-disabled.yaml',
    span: '1.9',
    expect: '1.9.0–1.9.3 BPF; 1.9.4–1.9.x Legacy (kpr disabled)',
  },
  {
    point: '1.9.5 BPF masquerade fallback forces legacy; 1.15.0 it stops the agent',
    file: 'cm-1.9-bpf-masquerade-egress-interfaces.yaml',
    span: '1.9..1.15',
    expect: '1.9.0–1.9.4 BPF; 1.9.5–1.14.x Legacy (bpf masquerade unusable); 1.15 AgentFails (bpf masquerade unusable)',
  },
  {
    point: '1.10.6 chart BPF masquerade default off',
    file: 'values-kpr-strict.yaml',
    span: '1.9.9..1.15',
    expect: '1.9.9–1.10.5 BPF; 1.10.6–1.15.x Legacy (iptables masquerade)',
  },
  {
    point: '1.10.6–1.13 BPF masquerade + IPv6 fatal',
    file: 'cm-bpf-masquerade-ipv6.yaml',
    span: '1.10..1.15',
    expect: '1.10.0–1.10.5 BPF; 1.10.6–1.13.x AgentFails (bpf masquerade ipv6); 1.14–1.15 BPF',
  },
  {
    point: '1.11.18 / 1.12.11 / 1.13.4 chart KPR validation',
    file: 'values-kpr-true-old-chart.yaml',
    span: '1.11..1.14',
    expect:
      '1.11.0–1.11.17 AgentFails (kpr invalid value); 1.11.18–1.11.x AgentFails (chart refuses); 1.12.0–1.12.10 AgentFails (kpr invalid value); 1.12.11–1.12.x AgentFails (chart refuses); 1.13.0–1.13.3 AgentFails (kpr invalid value); 1.13.4–1.13.x AgentFails (chart refuses); 1.14 Legacy (iptables masquerade)',
  },
  {
    point: '1.12.0 chart KPR default probe',
    file: 'values-bpf-masquerade-only.yaml',
    span: '1.11..1.12',
    expect: '1.11 Legacy (kpr disabled); 1.12.0 BPF; 1.12.1–1.12.x Legacy (kpr disabled)',
  },
  {
    point: '1.15.0 BPF masquerade without NodePort is fatal; 1.19 no longer',
    file: 'values-bpf-masquerade-only.yaml',
    span: '1.14..1.20',
    expect:
      '1.14 Legacy (kpr disabled); 1.15–1.18 AgentFails (bpf masquerade unusable); 1.19–1.20 Legacy (kpr disabled)',
  },
  {
    point: '1.13.4 KPR must be strict',
    file: 'cm-kpr-partial-node-port.yaml',
    span: '1.12..1.15',
    expect: '1.12.0–1.13.3 BPF; 1.13.4–1.15.x Legacy (kpr not strict)',
  },
  {
    point: '1.13.0–1.13.3 / 1.13.4 / 1.18.3 upgradeCompatibility probe',
    file: 'values-upgrade-compatibility-1.11.yaml',
    span: '1.12..1.19',
    expect:
      '1.12 Legacy (iptables masquerade); 1.13.0–1.13.3 AgentFails (kpr invalid value); 1.13.4–1.18.2 AgentFails (chart refuses); 1.18.3–1.19.x Legacy (kpr disabled)',
  },
  {
    point: '1.13.0 chart forces legacy for chaining',
    file: 'values-chaining.yaml',
    span: '1.12..1.15',
    expect: '1.12 BPF; 1.13–1.15 Legacy (chaining forces legacy)',
  },
  {
    point: '1.14.0 endpoint routes stop being a reason',
    file: 'cm-endpoint-routes.yaml',
    span: '1.12..1.15',
    expect: '1.12–1.13 Legacy (endpoint routes); 1.14–1.15 BPF',
  },
  {
    point: '1.14.6 gke keeps an unset routingMode native',
    file: 'values-gke.yaml',
    span: '1.14..1.20',
    expect: '1.14–1.20 BPF',
  },
  {
    point: '1.15.0 tunnel ignored, 1.16.2 refused',
    file: 'values-tunnel.yaml',
    span: '1.14..1.17',
    expect: '1.14.0–1.16.1 Legacy (kpr disabled); 1.16.2–1.17.x AgentFails (chart refuses)',
  },
  {
    point: '1.16.0 kernel 4.19 stops the agent (v1.16.0 pkg/datapath/linux/requirements.go)',
    file: 'cm-kernel-4.19.yaml',
    span: '1.14..1.20',
    expect: '1.14–1.15 Legacy (kernel too old); 1.16–1.20 AgentFails (kernel too old)',
  },
  {
    point: '1.18.0 kernel 5.4 stops the agent (v1.18.0 pkg/datapath/linux/requirements.go)',
    file: 'cm-kernel-5.4.yaml',
    span: '1.14..1.20',
    expect: '1.14–1.17 Legacy (kernel too old); 1.18–1.20 AgentFails (kernel too old)',
  },
  {
    point: '1.16 IPsec allowed with KPR, 1.19 no reason',
    file: 'values-ipsec.yaml',
    span: '1.14..1.20',
    expect: '1.14–1.15 AgentFails (ipsec with node port); 1.16–1.18 Legacy (ipsec); 1.19–1.20 BPF',
  },
  {
    point: '1.20 silent KPR step removed',
    file: 'values-empty.yaml',
    span: '1.19..1.20',
    expect: '1.19 Legacy (kpr disabled); 1.20 Legacy (iptables masquerade)',
  },
];

for (const c of CHANGE_POINTS) {
  test(`change point ${c.point}: ${c.file} over ${c.span}`, () => {
    assert.equal(groups(fixture(c.file), c.span, c.kernel), c.expect);
  });
}

test('byVersion groups carry first and last release and the mode', () => {
  const r = analyzeRange(fixture('values-tunnel.yaml'), span('1.14..1.17'));
  assert.ok(r.ok);
  assert.deepEqual(
    r.groups.map((g) => [g.from, g.to, g.hostRouting.mode, g.hostRouting.ruleId]),
    [
      ['1.14.0', '1.16.1', 'Legacy', 'kpr-disabled'],
      ['1.16.2', '1.17.x', 'AgentFails', 'chart-refuses'],
    ],
  );
  assert.match(r.groups[1].hostRouting.summary, /^AgentFails on Cilium 1\.16\.2/);
});

test('examples over every line', () => {
  assert.equal(groups(example('masquerade-pitfall.yaml'), '1.14..1.20'), '1.14–1.20 Legacy (iptables masquerade)');
  assert.equal(groups(example('overlay-bpf.yaml'), '1.14..1.20'), '1.14–1.20 BPF');
  assert.equal(
    groups(example('vpc-cni-native-chaining.yaml'), '1.14..1.20'),
    '1.14–1.20 Legacy (chaining forces legacy)',
  );
  assert.match(
    groups(example('eks-eni-1.13.yaml'), '1.9..1.20'),
    /Legacy \(endpoint routes\).*1\.16–1\.20 AgentFails \(chart refuses\)$/,
  );
  assert.match(
    groups(example('cilium-config-1.12.yaml'), '1.9..1.20'),
    /1\.9\.9–1\.12\.x BPF; 1\.13–1\.20 AgentFails \(kpr invalid value\)$/,
  );
});

// ------------------------------------------------------------------ inference

test('inference: tunnel: vxlan was written for 1.14 or older', () => {
  const r = analyzeInferred(text('tunnel: vxlan\n'));
  assert.ok(r.ok);
  assert.equal(r.analysis.ciliumVersion.source, 'inferred');
  assert.equal(r.analysis.ciliumVersion.line, '1.14');
  assert.equal(r.analysis.ciliumVersion.requested, null);
  assert.equal(r.analysis.hostRouting.mode, 'Legacy');
  assert.match(r.analysis.assumptions[0], /evaluated at 1\.14 \(as 1\.14\.16\).*tunnel: vxlan → 1\.14 or older/);
  assert.ok(!r.analysis.assumptions.some((a) => a.startsWith('No Cilium version given: assumed the newest')));
  assert.deepEqual(r.inference?.lines, ['1.9', '1.10', '1.11', '1.12', '1.13', '1.14']);
});

test('inference: kubeProxyReplacement: strict → 1.15 or older, and the verdict there', () => {
  const r = analyzeInferred(fixture('values-kpr-strict.yaml'));
  assert.ok(r.ok);
  assert.equal(r.analysis.ciliumVersion.evaluated, '1.15.7');
  assert.equal(r.analysis.hostRouting.mode, 'Legacy', 'runs, and falls back for a reason we now state');
  assert.equal(r.analysis.hostRouting.reasons.find((x) => x.decisive)?.ruleId, 'iptables-masquerade');
  assert.match(r.analysis.assumptions[0], /kubeProxyReplacement: strict → 1\.15 or older/);
  assert.deepEqual(
    r.inference?.narrowedBy.map((n) => [n.path, n.accepted]),
    [['kubeProxyReplacement', '1.15 or older']],
  );
});

test('inference: a ConfigMap on kernel 5.4 must run 1.17 or older, on 4.19 1.15 or older', () => {
  const cm =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n  kube-proxy-replacement: "true"\n  enable-bpf-masquerade: "true"\n';
  const r = analyzeInferred(text(cm, 'cm.yaml'), { kernel: '5.4' });
  assert.ok(r.ok);
  assert.equal(r.analysis.ciliumVersion.line, '1.17');
  assert.equal(r.analysis.hostRouting.mode, 'Legacy');
  assert.equal(r.analysis.hostRouting.reasons.find((x) => x.decisive)?.ruleId, 'kernel-too-old');
  assert.match(r.analysis.assumptions[0], /kernel 5\.4 → 1\.17 or older/);
  assert.equal(r.analysis.kernel.source, 'option');
  // 1.16 and 1.17 refuse kernels below 5.2 at start (v1.16.0 / v1.17.0 requirements.go)
  const older = analyzeInferred(text(cm, 'cm.yaml'), { kernel: '4.19' });
  assert.ok(older.ok);
  assert.equal(older.analysis.ciliumVersion.line, '1.15');
  assert.equal(older.analysis.hostRouting.mode, 'Legacy');
  // Without a kernel the same file fits every line from 1.14: nothing to infer.
  const plain = analyzeInferred(text(cm, 'cm.yaml'));
  assert.ok(plain.ok);
  assert.equal(plain.analysis.ciliumVersion.source, 'default');
  assert.equal(plain.inference, undefined);
});

test('inference: the kernel from a modeline counts, the version from a modeline wins', () => {
  const r = analyzeInferred(fixture('cm-kernel-4.19.yaml'));
  assert.ok(r.ok);
  assert.equal(r.analysis.ciliumVersion.line, '1.15');
  assert.equal(r.analysis.kernel.source, 'modeline');
  const pinned = analyzeInferred(example('masquerade-pitfall.yaml'));
  assert.ok(pinned.ok);
  assert.equal(pinned.analysis.ciliumVersion.source, 'modeline');
  assert.equal(pinned.inference, undefined);
  const opt = analyzeInferred(text('tunnel: vxlan\n'), { ciliumVersion: '1.20' });
  assert.ok(opt.ok);
  assert.equal(opt.analysis.ciliumVersion.source, 'option');
});

test('inference: files every line accepts, or that fit the newest line, behave as before', () => {
  for (const files of [
    example('overlay-bpf.yaml').map((f) => ({ ...f, text: f.text.replace(/^# cilium-datapath:.*$/m, '') })),
    text('bpf:\n  masquerade: true\n'),
    text('{}\n'),
  ]) {
    const r = analyzeInferred(files);
    assert.ok(r.ok);
    assert.equal(r.analysis.ciliumVersion.source, 'default');
    assert.equal(r.analysis.ciliumVersion.line, '1.20');
    assert.equal(r.inference, undefined);
  }
  // a typo is refused everywhere: it says nothing about the version
  assert.equal(inferVersion(text('kubeProxyReplacment: true\n')), null);
});

test('inference: settings no line accepts together are named, and the newest line is used', () => {
  const r = analyzeInferred(text('tunnel: vxlan\nbpf:\n  datapathMode: netkit\n'));
  assert.ok(r.ok);
  assert.equal(r.analysis.ciliumVersion.source, 'default');
  assert.equal(r.analysis.ciliumVersion.line, '1.20');
  assert.match(
    r.analysis.assumptions[0],
    /no release line accepts every setting.*bpf\.datapathMode: netkit → 1\.16–1\.19.*tunnel: vxlan → 1\.14 or older/,
  );
  assert.equal(r.inference?.line, null);
});

test('inference on broken input is the analysis error', () => {
  const r = analyzeInferred(text('a: [\n'));
  assert.equal(r.ok, false);
});

// ------------------------------------------------------------------ upgrade

test('upgrade: the masquerade pitfall from 1.14.5 to 1.16.4 stays Legacy, nothing else changes', () => {
  const u = upgrade(example('masquerade-pitfall.yaml'), '1.14.5', '1.16.4');
  assert.equal(u.from.ciliumVersion.evaluated, '1.14.5');
  assert.equal(u.to.ciliumVersion.evaluated, '1.16.4');
  assert.equal(u.from.hostRouting.mode, 'Legacy');
  assert.equal(u.to.hostRouting.mode, 'Legacy');
  assert.deepEqual(u.changes, []);
  assert.equal(u.worse, false);
});

test('upgrade: kubeProxyReplacement: strict from 1.15.7 to 1.16.4 is refused at 1.16.0', () => {
  const u = upgrade(fixture('values-kpr-strict.yaml'), '1.15.7', '1.16.4');
  assert.equal(u.from.hostRouting.mode, 'Legacy');
  assert.equal(u.to.hostRouting.mode, 'AgentFails');
  assert.equal(u.worse, true);
  assert.deepEqual(
    u.changes.map((c) => [c.kind, c.path, c.version]),
    [
      ['verdict', 'kubeProxyReplacement', '1.16.0'],
      ['refused-value', 'kubeProxyReplacement', '1.16.0'],
      // tuning family: chart 1.16+ accepts only true/false, so the feature set no longer renders either
      ['feature', 'kubeProxyReplacement', '1.16.0'],
    ],
  );
  assert.equal(u.changes[1].fix, 'Set kubeProxyReplacement: true');
  assert.match(u.changes[0].message, /Legacy \(iptables masquerade\) → AgentFails \(chart refuses\)/);
});

test('upgrade: tunnel is deprecated, then renamed (ignored), then refused — each at its release', () => {
  const u = upgrade(fixture('values-tunnel.yaml'), '1.13.12', '1.17');
  const seen = u.changes.map((c) => `${c.version} ${c.kind} ${c.path}`);
  assert.ok(seen.includes('1.14.0 deprecated-key tunnel'), seen.join('\n'));
  assert.ok(seen.includes('1.15.0 renamed-key tunnel'), seen.join('\n'));
  assert.ok(seen.includes('1.16.2 refused-value tunnel'), seen.join('\n'));
  assert.ok(seen.includes('1.16.2 verdict tunnel'), seen.join('\n'));
  assert.ok(
    u.changes
      .filter((c) => c.path === 'tunnel')
      .every((c) => c.fix === 'Replace tunnel with routingMode/tunnelProtocol'),
  );
  assert.equal(u.to.ciliumVersion.evaluated, '1.17.14');
  assert.equal(u.worse, true);
});

test('upgrade: a chart default that flips under an unset key', () => {
  const u = upgrade(fixture('values-empty.yaml'), '1.12.0', '1.12.1');
  const d = u.changes.find((c) => c.kind === 'default');
  assert.ok(d, JSON.stringify(u.changes));
  assert.equal(d.path, 'kubeProxyReplacement');
  assert.equal(d.version, '1.12.1');
  assert.match(d.message, /kube-proxy-replacement .*from probe to disabled/);
  assert.ok(
    u.changes.some(
      (c) => c.kind === 'verdict' && /Legacy \(iptables masquerade\) → Legacy \(kpr disabled\)/.test(c.message),
    ),
  );
  assert.equal(u.worse, false, 'Legacy for another reason is not worse');
});

test('upgrade: a fallback that becomes a start-up failure (1.15.0)', () => {
  const u = upgrade(fixture('cm-1.9-bpf-masquerade-egress-interfaces.yaml'), '1.14.16', '1.15.7');
  const v = u.changes.find((c) => c.kind === 'verdict');
  assert.ok(v);
  assert.equal(v.version, '1.15.0');
  assert.match(v.message, /fallback to legacy host routing becomes a start-up failure/);
  assert.equal(u.worse, true);
});

test('upgrade: the 1.18 kernel requirement, with and without a kernel', () => {
  const cm = fixture('cm-endpoint-routes.yaml').map((f) => ({ ...f, text: f.text.replace('strict', '"true"') }));
  const noKernel = upgrade(cm, '1.17.14', '1.18.3');
  const req = noKernel.changes.find((c) => c.kind === 'requirement');
  assert.ok(req, JSON.stringify(noKernel.changes));
  assert.equal(req.path, 'kernel');
  assert.equal(req.version, '1.18.0');
  assert.match(req.message, /Require support for bpf_redirect_neigh\(\)/);
  assert.equal(noKernel.worse, false);
  const old = upgrade(cm, '1.17.14', '1.18.3', '5.4');
  assert.equal(old.worse, true);
  assert.ok(
    old.changes.some(
      (c) => c.kind === 'verdict' && c.version === '1.18.0' && /AgentFails \(kernel too old\)/.test(c.message),
    ),
  );
  assert.ok(
    !old.changes.some((c) => c.kind === 'requirement' && c.path === 'kernel' && /No kernel was given/.test(c.message)),
  );
});

test('upgrade: improvements are not worse; refusals are usage errors', () => {
  const u = upgrade(fixture('cm-endpoint-routes.yaml'), '1.13.12', '1.14.16');
  assert.equal(u.from.hostRouting.mode, 'Legacy');
  assert.equal(u.to.hostRouting.mode, 'BPF');
  assert.equal(u.worse, false);
  assert.match(u.changes[0].message, /BPF host routing becomes possible/);
  for (const [from, to] of [
    ['1.16', '1.14'],
    ['1.16.4', '1.16.4'],
    ['banana', '1.16'],
    ['1.16', '2.0'],
  ]) {
    const r = upgradeReport(fixture('values-tunnel.yaml'), { from, to });
    assert.equal(r.ok, false, `${from} → ${to}`);
    if (!r.ok) assert.equal(r.error.kind, 'usage');
  }
});

test('inference: a note names at most three settings; the rest are counted (all stay in narrowedBy)', () => {
  const r = analyzeInferred(
    text(
      'tunnel: vxlan\nbpf:\n  datapathMode: netkit\nhubble:\n  dropEventEmitter:\n    enabled: true\nclustermesh:\n  mcsapi:\n    enabled: true\n',
    ),
  );
  assert.ok(r.ok);
  const n = r.inference?.narrowedBy.length ?? 0;
  assert.ok(n > 3, `narrowed by ${n} settings`);
  assert.match(r.analysis.assumptions[0], new RegExp(`; and ${n - 3} more settings?\\)`));
  assert.equal((r.analysis.assumptions[0].match(/ → /g) ?? []).length, 3);
});

test('inference is bounded: files over 1 MB are evaluated at the newest line without trying every line', () => {
  // the newest line refuses this file (native routing without its CIDR), which would start the search
  let t = 'tunnel: vxlan\nroutingMode: native\n';
  for (let i = 0; 40 * i < 1_200_000; i++) t += `someKey${i}: some value of forty chars\n`;
  const r = analyzeInferred(text(t));
  assert.ok(r.ok);
  assert.equal(r.analysis.ciliumVersion.line, '1.20');
  assert.equal(r.inference?.line, null);
  assert.deepEqual(r.inference?.narrowedBy, []);
  assert.match(
    r.analysis.assumptions[0],
    /too large \([\d,]+ kB\) to try every release line; evaluated at the newest line/,
  );
  // the same settings in a small file are tried line by line
  const small = analyzeInferred(text('tunnel: vxlan\n'));
  assert.ok(small.ok);
  assert.equal(small.inference?.line, '1.14');
});
