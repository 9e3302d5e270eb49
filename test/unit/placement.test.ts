/**
 * Findings sit where the cause is. For every rule, over a corpus that raises each of them, the
 * range a finding is placed on names a key (or a modeline field: version, kernel) that appears in
 * the finding's evidence. A cause that is not written anywhere (a chart default, an absent key)
 * goes on the lens line (line 1), or on the parent map of a key that one of the finding's fixes
 * inserts — never on an unrelated key.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../../server/src/core/analyze';
import { parseInput, type ConfigMapInput, type ValuesInput } from '../../server/src/core/parse/input';
import { parseModeline } from '../../server/src/core/parse/modeline';
import { RULES } from '../../server/src/core/families/registry';
import type { Evidence, Finding, Position, Range } from '../../server/src/core/types';
import { repoRoot } from '../helpers';
import { analyzeRelease, findWrappedReleases, hasShortCause, reasonLabel } from '../../server/src/core';
import type { TuningVerdict } from '../../server/src/core/families/tuning';

interface Case {
  name: string;
  text: string;
  version?: string;
  kernel?: string;
  file?: string;
}

const CM = (data: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n${data}`;

/** Inputs that together raise every rule (see the coverage test below). */
const CORPUS: Case[] = [
  { name: 'iptables masquerade', text: 'kubeProxyReplacement: true\nenableIPv4Masquerade: true\n', version: '1.16.4' },
  {
    name: 'iptables masquerade, bpf map present',
    text: 'kubeProxyReplacement: true\nbpf:\n  preallocateMaps: true\n',
    version: '1.16.4',
  },
  {
    name: 'iptables masquerade by chart default only',
    text: '# cilium-datapath: version=1.16.4\nkubeProxyReplacement: true\n',
  },
  {
    name: 'kernel in the modeline',
    text: '# cilium-datapath: version=1.16.4 kernel=5.4.0-135-generic\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n',
  },
  {
    name: 'kernel in the modeline, 1.18 fails',
    text: '# cilium-datapath: version=1.18.3 kernel=4.19\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n',
  },
  {
    name: 'kernel as an option',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n',
    version: '1.16.4',
    kernel: '4.19',
  },
  { name: 'kpr disabled', text: 'kubeProxyReplacement: false\nbpf:\n  masquerade: true\n', version: '1.16.4' },
  { name: 'kpr disabled 1.12', text: 'kubeProxyReplacement: disabled\nbpf:\n  masquerade: true\n', version: '1.12.10' },
  {
    name: 'kpr partial, node port off',
    text: 'kubeProxyReplacement: partial\nnodePort:\n  enabled: false\nbpf:\n  masquerade: true\n',
    version: '1.13.4',
  },
  {
    name: 'kpr probe on an old kernel',
    text: 'kubeProxyReplacement: probe\nbpf:\n  masquerade: true\n',
    version: '1.12.10',
    kernel: '4.14',
  },
  {
    name: 'kpr not strict',
    text: 'kubeProxyReplacement: partial\nnodePort:\n  enabled: true\nbpf:\n  masquerade: true\n',
    version: '1.14.5',
  },
  {
    name: 'flannel 1.9',
    text: CM('  flannel-master-device: cni0\n  kube-proxy-replacement: strict\n  enable-bpf-masquerade: "true"\n'),
    version: '1.9.10',
    file: 'cilium-config.yaml',
  },
  {
    name: 'BIG TCP with explicit legacy routing',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n  hostLegacyRouting: true\nenableIPv6BIGTCP: true\nipv6:\n  enabled: true\n',
    version: '1.16.4',
  },
  {
    name: 'quoted false',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\nipMasqAgent:\n  enabled: "false"\n',
    version: '1.16.4',
  },
  {
    name: 'typo hides kube-proxy replacement',
    text: '# a comment\nkubeProxyReplacment: true\nbpf:\n  masquerade: true\n',
    version: '1.16.4',
  },
  {
    name: 'kernel in the modeline of a ConfigMap',
    text:
      '# cilium-datapath: version=1.16.4 kernel=4.19\n' +
      CM('  kube-proxy-replacement: "true"\n  enable-bpf-masquerade: "true"\n'),
    file: 'cilium-config.yaml',
  },
  {
    name: 'kpr invalid in a ConfigMap',
    text: CM('  kube-proxy-replacement: "maybe"\n  enable-bpf-masquerade: "true"\n'),
    version: '1.16.4',
    file: 'cilium-config.yaml',
  },
  {
    name: 'chaining',
    text: 'cni:\n  chainingMode: aws-cni\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n',
    version: '1.14.2',
  },
  {
    name: 'explicit legacy',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n  hostLegacyRouting: true\n',
    version: '1.16.4',
  },
  {
    name: 'endpoint routes',
    text: 'kubeProxyReplacement: strict\nendpointRoutes:\n  enabled: true\nbpf:\n  masquerade: true\n',
    version: '1.13.4',
  },
  { name: 'eni 1.13', text: readFileSync(join(repoRoot, 'examples', 'eks-eni-1.13.yaml'), 'utf8') },
  {
    name: 'ipsec',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\nencryption:\n  enabled: true\n  type: ipsec\n',
    version: '1.16.4',
  },
  {
    name: 'ipsec with node port',
    text: 'kubeProxyReplacement: strict\nbpf:\n  masquerade: true\nencryption:\n  enabled: true\n  type: ipsec\n',
    version: '1.13.4',
  },
  {
    name: 'wireguard 1.14',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\nencryption:\n  enabled: true\n  type: wireguard\n',
    version: '1.14.5',
  },
  {
    name: 'wireguard 1.12',
    text: 'kubeProxyReplacement: strict\nbpf:\n  masquerade: true\nencryption:\n  enabled: true\n  type: wireguard\n',
    version: '1.12.10',
  },
  {
    name: 'tunnel 1.10',
    text: 'kubeProxyReplacement: strict\ntunnel: vxlan\nbpf:\n  masquerade: true\n',
    version: '1.10.3',
  },
  {
    name: 'tunnel 1.9.0',
    text: 'kubeProxyReplacement: strict\ntunnel: vxlan\nbpf:\n  masquerade: true\n',
    version: '1.9.0',
  },
  {
    name: 'flannel',
    text: 'kubeProxyReplacement: strict\nflannel:\n  masterDevice: cni0\nbpf:\n  masquerade: true\n',
    version: '1.12.10',
  },
  {
    name: 'l3 device',
    text: 'kubeProxyReplacement: strict\ndevices: wg0\nbpf:\n  masquerade: true\n',
    version: '1.10.3',
  },
  { name: 'multiple devices 1.9.0', text: 'kubeProxyReplacement: strict\ndevices: eth0 eth1\n', version: '1.9.0' },
  {
    name: 'bpf masquerade unusable',
    text: 'kubeProxyReplacement: disabled\nbpf:\n  masquerade: true\n',
    version: '1.12.10',
  },
  {
    name: 'bpf masquerade ipv6',
    text: 'kubeProxyReplacement: strict\nipv6:\n  enabled: true\nenableIPv6Masquerade: true\nbpf:\n  masquerade: true\n',
    version: '1.12.10',
  },
  {
    name: 'ip-masq-agent without bpf masquerade',
    text: 'kubeProxyReplacement: true\nipMasqAgent:\n  enabled: true\nbpf:\n  masquerade: false\n',
    version: '1.16.4',
  },
  {
    name: 'masquerade key conflict 1.10',
    text: CM('  masquerade: "false"\n  enable-ipv4-masquerade: "true"\n  kube-proxy-replacement: "strict"\n'),
    version: '1.10.3',
    file: 'cilium-config.yaml',
  },
  {
    name: 'masquerade key ignored',
    text: CM('  masquerade: "false"\n  kube-proxy-replacement: "strict"\n'),
    version: '1.12.10',
    file: 'cilium-config.yaml',
  },
  {
    name: 'big tcp needs bpf host routing',
    text: 'kubeProxyReplacement: true\nenableIPv6BIGTCP: true\nipv6:\n  enabled: true\n',
    version: '1.16.4',
  },
  {
    name: 'bbr needs bpf host routing',
    text: 'kubeProxyReplacement: false\nbandwidthManager:\n  enabled: true\n  bbr: true\n',
    version: '1.16.4',
  },
  {
    name: 'netkit',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n  datapathMode: netkit\n  hostLegacyRouting: true\n',
    version: '1.20.0',
  },
  { name: 'status misreports 1.9.2', text: 'kubeProxyReplacement: disabled\n', version: '1.9.2' },
  {
    name: 'invalid boolean 1.10',
    text: CM('  enable-bpf-masquerade: "yes"\n  kube-proxy-replacement: "strict"\n'),
    version: '1.10.3',
    file: 'cilium-config.yaml',
  },
  { name: 'kpr invalid in values', text: 'kubeProxyReplacement: maybe\n', version: '1.16.4' },
  { name: 'string boolean', text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: "false"\n', version: '1.16.4' },
  { name: 'deprecated value', text: 'kubeProxyReplacement: strict\nbpf:\n  masquerade: true\n', version: '1.15.6' },
  {
    name: 'ignored value nodePort 1.19',
    text: 'kubeProxyReplacement: true\nnodePort:\n  enabled: true\nbpf:\n  masquerade: true\n',
    version: '1.19.1',
  },
  { name: 'ignored value masquerade', text: 'kubeProxyReplacement: strict\nmasquerade: false\n', version: '1.12.10' },
  {
    name: 'host routing inverted',
    text: 'kubeProxyReplacement: strict\nbpf:\n  hostRouting: true\n  masquerade: true\n',
    version: '1.11.7',
  },
  {
    name: 'last applied differs',
    text: CM('  kube-proxy-replacement: "true"\n  enable-bpf-masquerade: "true"\n').replace(
      'metadata:\n',
      'metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: \'{"apiVersion":"v1","kind":"ConfigMap","data":{"kube-proxy-replacement":"false","enable-bpf-masquerade":"true"}}\'\n',
    ),
    version: '1.16.4',
    file: 'cilium-config.yaml',
  },
  // the tuning family
  {
    name: 'auto-direct-node-routes with tunnelling',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\nroutingMode: tunnel\nautoDirectNodeRoutes: true\n',
    version: '1.16.4',
  },
  {
    name: 'native routing without a CIDR',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\nroutingMode: native\n',
    version: '1.16.4',
  },
  {
    name: 'native routing without a CIDR, in a ConfigMap',
    text: CM('  kube-proxy-replacement: "true"\n  enable-bpf-masquerade: "true"\n  routing-mode: native\n'),
    version: '1.16.4',
    file: 'cilium-config.yaml',
  },
  {
    name: 'DSR without kube-proxy replacement',
    text: 'kubeProxyReplacement: false\nloadBalancer:\n  mode: dsr\n',
    version: '1.16.4',
  },
  {
    name: 'DSR dispatch not accepted',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\nroutingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\nloadBalancer:\n  mode: dsr\n  dsrDispatch: bogus\n',
    version: '1.16.4',
  },
  {
    name: 'no-conntrack rules with tunnelling',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\ninstallNoConntrackIptablesRules: true\n',
    version: '1.16.4',
  },
  {
    name: 'no-conntrack rules overridden by chaining',
    text: 'cni:\n  chainingMode: aws-cni\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\ninstallNoConntrackIptablesRules: true\n',
    version: '1.16.4',
  },
  {
    name: 'IPv6 BIG TCP on an old kernel (modeline)',
    text: '# cilium-datapath: version=1.14.5 kernel=5.10\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\nroutingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\nipv6NativeRoutingCIDR: fd00::/16\nipv6:\n  enabled: true\nenableIPv6BIGTCP: true\n',
  },
  {
    name: 'bbrHostNamespaceOnly without BBR',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\nbandwidthManager:\n  enabled: true\n  bbrHostNamespaceOnly: true\n',
    version: '1.18.3',
  },
  {
    name: 'BBR with IPsec switching the bandwidth manager off',
    text: 'kubeProxyReplacement: false\nencryption:\n  enabled: true\n  type: ipsec\nbandwidthManager:\n  enabled: true\n  bbr: true\n',
    version: '1.14.5',
    kernel: '6.1',
  },
  {
    name: 'BBR with explicit legacy routing',
    text: 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n  hostLegacyRouting: true\nbandwidthManager:\n  enabled: true\n  bbr: true\n',
    version: '1.16.4',
    kernel: '6.1',
  },
  {
    name: 'socket-LB on a kernel without UDP hooks (modeline)',
    text: '# cilium-datapath: version=1.14.5 kernel=4.18\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n',
  },
  {
    name: 'deprecated kube-proxy-replacement value in a ConfigMap',
    text: CM('  kube-proxy-replacement: partial\n  enable-node-port: "true"\n  enable-bpf-masquerade: "true"\n'),
    version: '1.15.6',
    file: 'cilium-config.yaml',
  },
  // wrapped releases: values the file does not show, a field the controller ignores
  {
    name: 'Flux HelmRelease with values from a Secret',
    text: [
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata:',
      '  name: cilium',
      '  namespace: kube-system',
      'spec:',
      '  chart:',
      '    spec:',
      '      chart: cilium',
      '      version: 1.16.4',
      '  valuesFrom:',
      '    - kind: Secret',
      '      name: cilium-extra',
      '  values:',
      '    kubeProxyReplacement: true',
      '    bpf:',
      '      masquerade: true',
      '',
    ].join('\n'),
    file: 'helmrelease.yaml',
  },
  {
    name: 'Argo CD Application with valuesObject and values',
    text: [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata:',
      '  name: cilium',
      'spec:',
      '  source:',
      '    repoURL: https://helm.cilium.io/',
      '    chart: cilium',
      '    targetRevision: 1.16.4',
      '    helm:',
      '      valuesObject:',
      '        kubeProxyReplacement: true',
      '        bpf:',
      '          masquerade: true',
      '      values: |',
      '        kubeProxyReplacement: false',
      '',
    ].join('\n'),
    file: 'application.yaml',
  },
  ...readdirSync(join(repoRoot, 'test', 'fixtures', 'schema')).map((f) => ({
    name: `schema fixture ${f}`,
    text: readFileSync(join(repoRoot, 'test', 'fixtures', 'schema', f), 'utf8'),
    version: /-(1\.\d+)-/.exec(f)?.[1],
    file: f,
  })),
  ...readdirSync(join(repoRoot, 'examples')).map((f) => ({
    name: `example ${f}`,
    text: readFileSync(join(repoRoot, 'examples', f), 'utf8'),
    file: f,
  })),
];

function within(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** What the placed position names: a values path, a ConfigMap key, a modeline field, or the lens line. */
function named(
  input: ValuesInput | ConfigMapInput,
  text: string,
  r: Range,
): { kind: 'key' | 'modeline' | 'lens'; name: string } | undefined {
  const p = r.start;
  // the lens line: an empty range at the very start (the editor shows it on the whole first line)
  if (p.line === 0 && p.character === 0 && r.end.line === 0 && r.end.character === 0) return { kind: 'lens', name: '' };
  const m = parseModeline(text);
  if (m.kernel && within(m.kernel.range, p)) return { kind: 'modeline', name: 'kernel' };
  if (m.version && within(m.version.range, p)) return { kind: 'modeline', name: 'version' };
  if (input.kind === 'values') {
    let best: string | undefined;
    for (const [path, loc] of input.locations)
      if (within(loc.key, p) || within(loc.value, p)) best = !best || path.length > best.length ? path : best;
    if (best) return { kind: 'key', name: best };
  } else {
    for (const [key, e] of input.data)
      if (within(e.location.key, p) || within(e.location.value, p)) return { kind: 'key', name: key };
    if (within(input.dataRange, p)) return { kind: 'key', name: 'data' };
  }
  return undefined;
}

/** Every name an evidence list gives a cause: agent keys, Helm value paths, rule inputs. */
function evidenceNames(list: Evidence[], out = new Set<string>(), depth = 0): Set<string> {
  for (const e of list) {
    out.add(e.key);
    if (e.origin.valuePath) out.add(e.origin.valuePath);
    if (depth < 4 && e.origin.inputs) evidenceNames(e.origin.inputs, out, depth + 1);
  }
  return out;
}

function writtenIn(list: Evidence[], file: string, depth = 0): boolean {
  return list.some(
    (e) =>
      e.origin.location?.file === file ||
      (depth < 4 && !!e.origin.inputs && writtenIn(e.origin.inputs, file, depth + 1)),
  );
}

/** A fix of the finding inserts into the map at `path` (its edit lies inside that map). */
function fixInserts(f: Finding, input: ValuesInput | ConfigMapInput, path: string): boolean {
  const r: Range | undefined =
    input.kind === 'values'
      ? (() => {
          const loc = input.locations.get(path);
          return loc ? { start: loc.key.start, end: loc.value.end } : undefined;
        })()
      : path === 'data'
        ? { start: input.dataRange.start, end: { line: Number.MAX_SAFE_INTEGER, character: 0, offset: 0 } }
        : undefined;
  if (!r) return false;
  return f.fixes.some((x) =>
    x.edits.some(
      (e) =>
        e.file === input.file && within({ start: r.start, end: { ...r.end, line: r.end.line + 1 } }, e.range.start),
    ),
  );
}

interface Checked {
  rule: string;
  where: string;
  problem?: string;
}

/** The evidence (with the rule inputs behind it) written at `p` of `file`. */
function evidenceAt(list: Evidence[], file: string, p: Position, depth = 0): Evidence | undefined {
  for (const e of list) {
    const l = e.origin.location;
    if (l && l.file === file && within(l.range, p)) return e;
    const inner = depth < 4 && e.origin.inputs ? evidenceAt(e.origin.inputs, file, p, depth + 1) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/**
 * A file holding wrapped releases (Flux, Argo CD…): each release is analysed; a finding is placed
 * well when its range names a key of one of the release's values layers that is in its evidence,
 * or lies on the place where one of its inputs is written (a wrapper field: `spec.valuesFrom[0]`).
 */
function checkReleases(c: Case, file: string): { analysis: Analysis | undefined; results: Checked[] } | undefined {
  const scan = findWrappedReleases(file, c.text);
  if (scan.releases.length === 0) return undefined;
  const results: Checked[] = [];
  let analysis: Analysis | undefined;
  for (const release of scan.releases) {
    const r = analyzeRelease(release, { ciliumVersion: c.version, kernel: c.kernel });
    assert.ok(r.ok, `${c.name}: ${r.ok ? '' : r.error.message}`);
    analysis ??= r.analysis;
    for (const f of [...r.analysis.findings, ...r.analysis.suppressed]) {
      if (!f.location) {
        results.push({ rule: f.ruleId, where: '(none)', problem: 'no location' });
        continue;
      }
      const p = f.location.range.start;
      const names = evidenceNames(f.evidence);
      const key = release.layers
        .map((l) => named(l.input, c.text, f.location!.range))
        .find((n) => n?.kind === 'key' && names.has(n.name));
      const written = evidenceAt(f.evidence, file, p);
      const where = key
        ? `key ${key.name}`
        : written
          ? `written ${written.key}`
          : `line ${p.line + 1}:${p.character + 1}`;
      results.push({
        rule: f.ruleId,
        where,
        problem: key || written ? undefined : `on nothing in the evidence (${[...names].join(', ')})`,
      });
    }
  }
  return { analysis, results };
}

function check(c: Case): { analysis: Analysis | undefined; results: Checked[] } {
  const file = c.file ?? 'values.yaml';
  const wrapped = checkReleases(c, file);
  if (wrapped) return wrapped;
  const r = analyze([{ name: file, text: c.text }], { ciliumVersion: c.version, kernel: c.kernel });
  if (!r.ok) return { analysis: undefined, results: [] };
  const parsed = parseInput(file, c.text);
  assert.ok(parsed.ok);
  const results: Checked[] = [];
  for (const f of [...r.analysis.findings, ...r.analysis.suppressed]) {
    const loc = f.location;
    if (!loc) {
      results.push({ rule: f.ruleId, where: '(none)', problem: 'no location' });
      continue;
    }
    const n = named(parsed.input, c.text, loc.range);
    const where = n ? `${n.kind} ${n.name}` : `line ${loc.range.start.line + 1}:${loc.range.start.character + 1}`;
    const names = evidenceNames(f.evidence);
    let problem: string | undefined;
    if (!n) problem = `placed on nothing nameable (${where})`;
    else if (n.kind === 'modeline') {
      if (!names.has(n.name))
        problem = `on the modeline ${n.name}, which is not in the evidence (${[...names].join(', ')})`;
    } else if (n.kind === 'key') {
      // the key itself is an input, or (the cause written nowhere) the map a fix inserts the key into
      if (!names.has(n.name) && (writtenIn(f.evidence, file) || !fixInserts(f, parsed.input, n.name)))
        problem = `on ${n.name}, which is not in the evidence (${[...names].join(', ')})`;
    } else if (n.kind === 'lens') {
      if (writtenIn(f.evidence, file))
        problem = `on the lens line although the evidence is written in the file (${[...names].join(', ')})`;
    }
    results.push({ rule: f.ruleId, where, problem });
  }
  return { analysis: r.analysis, results };
}

describe('findings are placed where the cause is', () => {
  const all = CORPUS.map((c) => ({ c, ...check(c) }));

  it('every rule is raised by the corpus', () => {
    const seen = new Set(all.flatMap((x) => x.results.map((r) => r.rule)));
    // A note-only rule (RuleMeta.noteOnly) labels a note of the tuning checklist; the finding for
    // the same value is the rule that covers it, so a case counts when it raises both.
    for (const rule of RULES.filter((r) => r.noteOnly)) {
      const coveredBy = rule.noteOnly!.coveredBy;
      for (const { c, analysis, results } of all) {
        const tuning = analysis?.verdicts.tuning as TuningVerdict | undefined;
        const note = tuning?.features.some((f) => f.reasons.some((r) => r.ruleId === rule.id));
        if (note && results.some((r) => r.rule === coveredBy)) seen.add(rule.id);
        else if (note) assert.fail(`${c.name}: the checklist has a ${rule.id} note, no ${coveredBy} finding`);
      }
    }
    const missing = RULES.map((r) => r.id).filter((id) => !seen.has(id));
    assert.deepEqual(missing, [], `rules no corpus input raises: ${missing.join(', ')}`);
  });

  for (const { c, results } of all) {
    if (results.length === 0) continue;
    it(`${c.name}: ${[...new Set(results.map((r) => r.rule))].join(', ')}`, () => {
      const bad = results.filter((r) => r.problem).map((r) => `${r.rule}: ${r.problem}`);
      assert.deepEqual(bad, []);
    });
  }
});

describe('short labels of the reasons (lens, report)', () => {
  it('every host-routing reason of the corpus has a short form that fits, never cut mid-sentence', () => {
    const seen = new Set<string>();
    for (const c of CORPUS) {
      const r = analyze([{ name: c.file ?? 'values.yaml', text: c.text }], {
        ciliumVersion: c.version,
        kernel: c.kernel,
      });
      if (!r.ok) continue;
      for (const reason of r.analysis.hostRouting.reasons) {
        const label = reasonLabel(reason, r.analysis.hostRouting.mode);
        const isSchemaStop = !hasShortCause(reason.ruleId) && r.analysis.hostRouting.mode === 'AgentFails';
        if (!isSchemaStop) assert.ok(hasShortCause(reason.ruleId), `${reason.ruleId} has no short form (${c.name})`);
        assert.ok(label.length <= 90, `${label} (${label.length})`);
        if (hasShortCause(reason.ruleId)) assert.ok(!label.includes('…'), label);
        assert.equal(label.endsWith('(silent)'), reason.silent, label);
        seen.add(reason.ruleId);
      }
    }
    assert.ok(seen.size >= 20, `${seen.size} reasons seen`);
  });
});
