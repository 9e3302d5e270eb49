/**
 * The tuning checklist in the CLI: `features[]` for `--format json` (stable names, documented in
 * the README) and the checklist table plus "What else could I enable" for `--format text`.
 */
import { checklistRows, logText, type Advice, type Evidence, type FeatureVerdict, type TuningView } from '../core';

/** `features[]` entry. `evidence` is rendered by the caller's evidence formatter. */
export function featureJson<E>(f: FeatureVerdict, evidence: (e: Evidence) => E) {
  return {
    id: f.id,
    title: f.title,
    requested: f.requested,
    state: f.state,
    inactiveCause: f.inactiveCause ?? null,
    detail: f.detail ?? null,
    reasons: f.reasons.map((r) => ({
      ruleId: r.ruleId,
      kind: r.kind,
      message: r.message,
      agentLog: r.agentLog,
      silent: r.silent,
      evidence: r.evidence.map(evidence),
      fixes: r.fixes.map((x) => x.title),
    })),
    kernelNeeded: f.kernelNeeded,
    status: f.status,
    keys: f.keys,
    valuePaths: f.valuePaths,
  };
}

export function adviceJson(a: Advice) {
  return { id: a.id, title: a.title, steps: a.steps, needs: a.needs, blocked: a.blocked };
}

const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function pad(s: string, n: number): string {
  const len = [...s].length;
  return len >= n ? s : s + ' '.repeat(n - len);
}

/** The checklist table and the advice, as text lines. */
export function featuresText(t: TuningView, color: boolean): string[] {
  const bold = paint(color, '1');
  const dim = paint(color, '2');
  const red = paint(color, '31');
  const green = paint(color, '32');
  const yellow = paint(color, '33');
  const rows = checklistRows(t);
  const w = {
    feature: Math.max(7, ...rows.map((r) => [...r.feature].length)) + 2,
    state: Math.max(5, ...rows.map((r) => [...r.state].length)) + 2,
  };
  const out: string[] = [];
  out.push(bold('Datapath checklist:') + ' ' + dim(t.summary.replace(/^Datapath: /, '')));
  out.push(`  ${bold(pad('FEATURE', w.feature))}${bold(pad('STATE', w.state))}${bold('WHY / DETAIL')}`);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const f = t.features[i];
    const tint =
      f.state === 'active'
        ? green
        : f.state === 'agent-fails'
          ? red
          : f.state === 'unknown'
            ? yellow
            : f.requested
              ? yellow
              : dim;
    out.push(`  ${pad(r.feature, w.feature)}${tint(pad(r.state, w.state))}${r.why}`);
    const main = f.reasons.find((x) => x.kind !== 'note');
    const indent = ' '.repeat(2 + w.feature + w.state);
    if (main && f.requested && f.state !== 'active' && main.kind !== 'unknown')
      out.push(`${indent}${dim('agent: ' + logText(main.agentLog))}`);
    for (const n of f.reasons.filter((x) => x.kind === 'note' && f.requested))
      out.push(`${indent}${dim('note: ' + n.message)}`);
    const extra = [f.kernelNeeded ? `kernel ${f.kernelNeeded}` : '', f.status ? `status "${f.status}"` : '']
      .filter(Boolean)
      .join(' · ');
    if (extra && (f.requested || f.state !== 'inactive')) out.push(`${indent}${dim(extra)}`);
  }
  const advice = t.advice.filter((a) => a.id !== 'host-routing' || a.needs.length > 0);
  if (advice.length > 0) {
    out.push('');
    out.push(bold('What else could I enable:'));
    for (const a of advice) {
      out.push(`  - ${a.title}: ${a.steps.join('; ')}`);
      for (const n of a.needs) out.push(`      ${a.blocked ? 'needs' : 'and'}: ${n}`);
    }
  }
  return out;
}
