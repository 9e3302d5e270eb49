/**
 * The CLI on the real chart defaults of every version in ../shared/cilium/charts gives the
 * outcome of a default install (host-routing-spec §4.4, with the §2.0 correction for 1.9.9+
 * confirmed in the source: 1.9.18 defaults end on BPF on a 5.10+ kernel).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, TRAILER } from '../helpers';
import { realDataSuite } from './data';

const suite = realDataSuite('charts', ['cilium/charts']);
const { test } = suite;
const charts = suite.path('cilium', 'charts');
const cli = join(repoRoot, 'dist', 'cli.js');

interface Expect {
  mode: 'BPF' | 'Legacy';
  rule: string | null;
  log: string | null;
  kpr: string;
  masq: string;
}

const SILENT_KPR = (kpr: string, masq = 'IPTables'): Expect => ({
  mode: 'Legacy',
  rule: 'kpr-disabled',
  log: null,
  kpr,
  masq,
});
const AUTO_OLD =
  'Auto-disabling "enable-node-port", "enable-external-ips", "enable-host-reachable-services", "enable-host-port", "enable-session-affinity" features and falling back to "enable-host-legacy-routing"';
const AUTO_112 =
  'Auto-disabling "enable-node-port", "enable-external-ips", "bpf-lb-sock", "enable-host-port" features and falling back to "enable-host-legacy-routing"';

const expected: Record<string, Expect> = {
  '1.9.5': {
    mode: 'Legacy',
    rule: 'tunnel-mode',
    log: 'BPF host routing is only available in native routing mode.' + TRAILER,
    kpr: 'Probe',
    masq: 'BPF',
  },
  '1.9.18': { mode: 'BPF', rule: null, log: null, kpr: 'Probe', masq: 'BPF' },
  '1.10.20': { ...SILENT_KPR('Disabled'), log: AUTO_OLD },
  '1.11.20': { ...SILENT_KPR('Disabled'), log: AUTO_OLD },
  '1.12.16': { ...SILENT_KPR('Disabled'), log: AUTO_112 },
  '1.13.9': { ...SILENT_KPR('Disabled'), log: AUTO_112 },
  '1.14.16': SILENT_KPR('False'),
  '1.15.7': SILENT_KPR('False'),
  '1.16.15': SILENT_KPR('False'),
  '1.17.8': SILENT_KPR('False'),
  '1.18.3': SILENT_KPR('False'),
  '1.19.0-dev': SILENT_KPR('False'),
  '1.20.0-dev': {
    mode: 'Legacy',
    rule: 'iptables-masquerade',
    log: 'BPF host routing requires enable-bpf-masquerade.' + TRAILER,
    kpr: 'False',
    masq: 'IPTables',
  },
};

test('every chart folder has an expectation', () => {
  assert.deepEqual(readdirSync(charts).sort(), Object.keys(expected).sort());
});

for (const [version, exp] of Object.entries(expected)) {
  test(`§4.4 default install, chart ${version}: ${exp.mode}${exp.rule ? ` (${exp.rule})` : ''}`, () => {
    const file = join(charts, version, 'values.yaml');
    // The chart's own values.yaml, given as the user's values file, through the real CLI binary.
    const out = execFileSync(
      process.execPath,
      [cli, 'explain', '--cilium-version', version.replace('-dev', ''), '--format', 'json', '--fail-on', 'never', file],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const j = JSON.parse(out);
    assert.equal(j.hostRouting.mode, exp.mode);
    const d = j.hostRouting.reasons.find((r: { decisive: boolean }) => r.decisive) ?? null;
    assert.equal(d?.ruleId ?? null, exp.rule);
    if (exp.rule) {
      assert.equal(d.agentLog, exp.log);
      assert.equal(d.silent, !exp.log || !exp.log.includes('Falling back to legacy host routing'));
    }
    assert.equal(j.kubeProxyReplacement.mode, exp.kpr);
    assert.equal(j.masquerading.mode, exp.masq);
    assert.equal(j.chart.version, version);
    // A chart's own defaults must not trip the chart's own validation.
    assert.ok(
      !j.findings.some((f: { ruleId: string }) => f.ruleId === 'chart-refuses'),
      'no chart-refuses on defaults',
    );
  });
}

test('text output on the 1.20 chart defaults names the log line and the silent KPR reason', () => {
  const file = join(charts, '1.20.0-dev', 'values.yaml');
  let out = '';
  try {
    execFileSync(process.execPath, [cli, 'explain', '--no-color', file], { encoding: 'utf8' });
  } catch (e) {
    out = (e as { stdout: string }).stdout;
  }
  out =
    out ||
    execFileSync(process.execPath, [cli, 'explain', '--no-color', '--fail-on', 'never', file], { encoding: 'utf8' });
  assert.match(out, /Host routing: Legacy/);
  assert.match(
    out,
    /BPF host routing requires enable-bpf-masquerade\. Falling back to legacy host routing \(enable-host-legacy-routing=true\)\./,
  );
  assert.match(out, /BPF host routing requires kube-proxy-replacement\./);
  assert.ok(readFileSync(file, 'utf8').length > 100_000);
});
