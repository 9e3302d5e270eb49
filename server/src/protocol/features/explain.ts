/**
 * The whole verdict as Markdown: mode, every reason with what the agent logs and the inputs
 * behind it (key = value, where it came from), fixes and assumptions. Shown by the hover on the
 * first line and returned by the `ciliumDatapath.explain` command.
 */
import {
  otherVerdicts,
  describeValue as describeEvidenceValue,
  uniqueEvidence,
  type Analysis,
  type Evidence,
  type Reason,
} from '../../core';
import { isOurs, type Entry } from '../documents/store';
import { baseName } from '../documents/selection';
import { checklistMarkdown } from './tuningView';

/** Markdown inline code that survives backticks inside. */
export function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

export function versionLine(entry: Entry, a: Analysis): string {
  const v = a.ciliumVersion;
  const chartField = a.release?.chartVersion && v.source === a.release.kind ? a.release.chartVersion.field : undefined;
  const from = chartField
    ? `from the ${a.release!.kind}'s ${chartField}`
    : v.source === 'modeline'
      ? 'from the modeline'
      : v.source === 'option' || entry.versionFromSettings
        ? 'from settings'
        : v.source === 'inferred'
          ? 'inferred: the newest line that accepts every setting of the file; set a version in a modeline or the settings'
          : 'newest supported line; set a version in a modeline or the settings';
  const kernel = a.kernel.requested ? `kernel ${a.kernel.requested}` : 'kernel ≥ 5.10 assumed';
  const asked = v.requested && v.requested.replace(/^v/, '') !== v.evaluated ? `, ${v.requested} requested` : '';
  return `Cilium ${v.evaluated} (${from}${asked}), ${kernel}`;
}

/** Where a value came from, relative to the document being explained. */
export function describeOrigin(e: Evidence, a: Analysis, uri: string, quote: (s: string) => string = code): string {
  const loc = e.origin.location;
  const at = loc
    ? loc.file === uri
      ? `line ${loc.range.start.line + 1}`
      : `${baseName(loc.file)} line ${loc.range.start.line + 1}`
    : '';
  const path = e.origin.valuePath && e.origin.valuePath !== e.key ? ` (${quote(e.origin.valuePath)})` : '';
  switch (e.origin.kind) {
    case 'explicit':
      return at ? `set on ${at}${path}` : 'set explicitly';
    case 'chart-default':
      return `chart default${e.origin.valuePath ? ` of ${quote(e.origin.valuePath)}` : ''}${a.chart ? ` (chart ${a.chart.version})` : ''}`;
    case 'chart-rule':
      return `chart rule: ${e.origin.rule ?? 'template'}${at ? ` (${at})` : ''}`;
    default:
      return 'agent default (not in the ConfigMap)';
  }
}

export function describeValue(e: Evidence, a: Analysis): string {
  return describeEvidenceValue(e, a.ciliumVersion.evaluated);
}

export function evidenceLine(e: Evidence, a: Analysis, uri: string): string {
  return `${code(`${e.key} = ${describeValue(e, a)}`)} — ${describeOrigin(e, a, uri)}`;
}

export function agentLogLine(r: Pick<Reason, 'ruleId' | 'agentLog' | 'silent'>): string {
  if (r.agentLog)
    return r.ruleId === 'chart-refuses'
      ? `Helm stops with: ${code(r.agentLog)}`
      : `The agent logs: ${code(r.agentLog)}`;
  return r.silent ? 'The agent logs nothing about this.' : 'No log line of its own.';
}

function reasonBlock(r: Reason, index: number, a: Analysis, uri: string): string[] {
  const out = [`${index}. ${code(r.ruleId)}${r.decisive ? ' **(decides)**' : ''} — ${r.message}`];
  out.push(`   - ${agentLogLine(r)}`);
  const ev = uniqueEvidence(r.evidence);
  if (ev.length > 0) {
    out.push('   - Inputs:');
    for (const e of ev) out.push(`     - ${evidenceLine(e, a, uri)}`);
  }
  const fixes = a.findings.filter((f) => f.ruleId === r.ruleId).flatMap((f) => f.fixes.map((x) => x.title));
  for (const t of [...new Set(fixes)]) out.push(`   - Fix: ${t}`);
  return out;
}

/** The full explanation of a document's verdict. */
export function explainMarkdown(entry: Entry): string {
  const o = entry.outcome;
  if (!isOurs(entry) || o.kind === 'ignored')
    return 'This file is not a Cilium Helm values file or cilium-config ConfigMap.';
  if (o.kind === 'error') return `**Host routing: unknown** — the file cannot be analysed.\n\n${o.error.message}`;
  const a = o.analysis;
  const out: string[] = [];
  out.push(`**Host routing: ${a.hostRouting.mode}** — ${versionLine(entry, a)}`);
  out.push('');
  const wrapper = a.release ? `${a.release.kind} ${code(a.release.name)}, ` : '';
  const kind =
    wrapper +
    (a.inputKind === 'configmap'
      ? 'cilium-config ConfigMap'
      : `Helm values${a.chart ? ` (chart ${a.chart.version} defaults)` : ''}`);
  out.push(`${kind}: ${a.files.map((f) => code(baseName(f))).join(' + ')}`);
  out.push('');
  const decisive = a.hostRouting.reasons.filter((r) => r.decisive);
  const further = a.hostRouting.reasons.filter((r) => !r.decisive);
  if (a.hostRouting.mode === 'BPF') {
    out.push('Nothing in this configuration makes the agent fall back: it keeps **BPF host routing**.');
  } else if (a.hostRouting.reasons.length === 0) {
    out.push(a.hostRouting.summary);
  } else {
    out.push(
      a.hostRouting.mode === 'AgentFails' ? '**Why it does not run:**' : '**Why**, in the order the agent checks:',
    );
    out.push('');
    let i = 1;
    for (const r of decisive) out.push(...reasonBlock(r, i++, a, entry.uri));
    if (further.length > 0) {
      out.push('');
      out.push(
        a.hostRouting.mode === 'AgentFails'
          ? 'Once it starts, host routing would still fall back because of:'
          : 'Fixing that is not enough; the agent would next stop at:',
      );
      out.push('');
      for (const r of further) out.push(...reasonBlock(r, i++, a, entry.uri));
    }
  }
  out.push('');
  const routing = `${a.routing.network}${a.routing.protocol ? ` (${a.routing.protocol})` : ''}`;
  out.push(
    `Masquerading: ${a.masquerading.mode}${a.masquerading.ipMasqAgent ? ' + ip-masq-agent' : ''} · Kube-proxy replacement: ${a.kubeProxyReplacement.mode ?? 'unknown'} · Routing: ${routing}`,
  );
  for (const o of otherVerdicts(a.verdicts).filter((x) => x.id !== 'tuning'))
    out.push('', `**${o.title}: ${o.verdict.mode}**${o.verdict.summary ? ` — ${o.verdict.summary}` : ''}`);
  out.push('');
  out.push(...checklistMarkdown(a.verdicts.tuning));
  if (a.suppressed.length > 0) {
    out.push('');
    out.push('**Suppressed in this file:**');
    for (const s of a.suppressed) out.push(`- ${code(s.ruleId)} — ${s.reason || '(no reason given)'}`);
  }
  if (a.assumptions.length > 0) {
    out.push('');
    out.push('**Assumptions:**');
    for (const s of a.assumptions) out.push(`- ${s}`);
  }
  return out.join('\n');
}
