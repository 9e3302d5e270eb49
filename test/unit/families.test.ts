/**
 * A new family plugs in through the registry alone: its verdict appears in `Analysis.verdicts`,
 * in the CLI's text and JSON output, and a configuration that helm refuses stops it like the
 * host-routing verdict — with no change to the pipeline or the output layers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, FAMILIES, RULES, type Family, type VerdictBase } from '../../server/src/core';
import { toText } from '../../server/src/cli/formatText';
import { toJson } from '../../server/src/cli/formatJson';

const bbr: Family = {
  id: 'bbrProbe',
  title: 'BBR (test family)',
  stage: 'agent',
  rules: [{ id: 'bbr-probe', title: 'BBR probe', defaultSeverity: 'info', summary: 'A family written by this test.' }],
  run(ctx) {
    const on = ctx.cfg.bool('enable-bbr', false);
    const verdict: VerdictBase = { mode: on.value ? 'On' : 'Off', summary: '', reasons: [] };
    const findings = on.value
      ? [
          ctx.place({
            meta: this.rules[0],
            severity: 'info',
            message: 'BBR is on.',
            agentLog: null,
            evidence: [on.ev],
            fixes: [],
          }),
        ]
      : [];
    return { verdict, findings };
  },
  summarise: (v, evaluated) => `${v.mode} on Cilium ${evaluated}`,
};

function withFamily<T>(f: () => T): T {
  const list = FAMILIES as Family[];
  list.push(bbr);
  try {
    return f();
  } finally {
    list.pop();
  }
}

test('the registry lists every rule of every family, each id once', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(
    ids.length,
    FAMILIES.reduce((n, f) => n + f.rules.length, 0),
  );
  assert.deepEqual(
    FAMILIES.map((f) => f.id),
    ['hostRouting', 'tuning', 'chart', 'configMap', 'keys', 'wrappers'],
  );
});

test('a family added to the registry gets its verdict into the analysis and the CLI outputs', () => {
  const { r, text, json } = withFamily(() => {
    const r = analyze(
      [{ name: 'values.yaml', text: 'kubeProxyReplacement: true\nbandwidthManager:\n  enabled: true\n  bbr: true\n' }],
      { ciliumVersion: '1.16.4' },
    );
    return r.ok
      ? {
          r,
          text: toText(r.analysis, { color: false, cwd: '/' }),
          json: toJson(r.analysis) as { verdicts?: Record<string, { mode: string }>; formatVersion: number },
        }
      : { r };
  });
  assert.ok(r.ok);
  const a = r.analysis;
  const v = (a.verdicts as unknown as Record<string, VerdictBase>).bbrProbe;
  assert.equal(v.mode, 'On');
  assert.equal(v.summary, 'On on Cilium 1.16.4');
  assert.ok(a.findings.some((f) => f.ruleId === 'bbr-probe' && f.location?.file === 'values.yaml'));
  assert.match(text ?? '', /BBR \(test family\): On — On on Cilium 1\.16\.4/);
  assert.equal(json?.formatVersion, 1);
  assert.equal(json?.verdicts?.bbrProbe.mode, 'On');
});

test('the JSON verdicts field holds the families beside host routing (the tuning checklist), formatVersion 1 as before', () => {
  const r = analyze([{ name: 'values.yaml', text: 'kubeProxyReplacement: true\n' }], { ciliumVersion: '1.16.4' });
  assert.ok(r.ok);
  const json = toJson(r.analysis) as { verdicts?: Record<string, { mode: string }>; formatVersion: number };
  assert.equal(json.formatVersion, 1);
  assert.deepEqual(Object.keys(json.verdicts ?? {}), ['tuning']);
  assert.equal(json.verdicts?.tuning.mode, 'Runs');
  assert.equal(r.analysis.verdicts.hostRouting.mode, r.analysis.hostRouting.mode);
});

test('a configuration helm refuses stops every verdict, the new family too', () => {
  const r = withFamily(() =>
    analyze([{ name: 'values.yaml', text: 'kubeProxyReplacement: partial\n' }], { ciliumVersion: '1.16.4' }),
  );
  assert.ok(r.ok);
  const v = (r.analysis.verdicts as unknown as Record<string, VerdictBase>).bbrProbe;
  assert.equal(r.analysis.hostRouting.mode, 'AgentFails');
  assert.equal(v.mode, 'AgentFails');
  assert.equal(v.reasons.find((x) => x.decisive)?.ruleId, 'chart-refuses');
});
