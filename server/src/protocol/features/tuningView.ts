/**
 * The tuning checklist in the editor: the Explain view's table and "What else could I enable",
 * the hover section for a key that controls a tuning feature, and the lens line.
 */
import { FEATURES, checklistRows, whyLine, type CiliumVersion, type FeatureVerdict, type TuningView } from '../../core';
import type { ReportCell, ReportSection } from '../reportData';

/** Markdown inline code that survives backticks inside. */
function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s}${ticks}`;
}

/** A Markdown table cell: no pipes or line breaks. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The checklist as a Markdown table, then the advice. */
export function checklistMarkdown(t: TuningView): string[] {
  const out: string[] = [
    '**Datapath checklist**',
    '',
    '| Feature | State | Why / detail | Kernel | `cilium status` |',
    '|---|---|---|---|---|',
  ];
  const rows = checklistRows(t);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const f = t.features[i];
    const main = f.reasons.find((x) => x.kind !== 'note');
    const log =
      main && f.state !== 'active' && f.requested
        ? ` — agent: ${main.agentLog ? code(main.agentLog) : 'nothing logged'}`
        : '';
    out.push(
      `| ${cell(r.feature)} | ${cell(r.state)} | ${cell(r.why + log)} | ${cell(r.kernel)} | ${r.status === '—' ? '—' : code(r.status)} |`,
    );
  }
  const advice = t.advice.filter((a) => a.id !== 'host-routing' || a.needs.length > 0);
  if (advice.length > 0) {
    out.push('', '**What else could I enable**', '');
    for (const a of advice) {
      out.push(
        `- **${a.title}**: ${a.steps.map(code).join(', ')}${a.needs.length ? ` — ${a.blocked ? 'needs' : 'and'}: ${a.needs.join('; ')}` : ''}`,
      );
    }
  }
  return out;
}

/** The checklist as a report section (reportData.ts) for the report view; null when there are no features. */
export function checklistSection(t: TuningView | undefined): ReportSection | null {
  if (!t || t.features.length === 0) return null;
  const rows = checklistRows(t).map((r): ReportCell[] => [
    r.feature,
    {
      text: r.state,
      badge: r.state.startsWith('✓')
        ? 'good'
        : r.state.startsWith('✗')
          ? 'bad'
          : r.state.startsWith('?')
            ? 'neutral'
            : 'warn',
    },
    r.why,
    r.kernel,
    r.status === '—' ? '—' : { text: r.status, code: true },
  ]);
  const blocks: ReportSection['blocks'] = [
    { kind: 'table', columns: ['Feature', 'State', 'Why / detail', 'Kernel', 'cilium status'], rows },
  ];
  const advice = t.advice.filter((a) => a.id !== 'host-routing' || a.needs.length > 0);
  if (advice.length > 0) {
    blocks.push({ kind: 'text', text: 'What else could I enable' });
    blocks.push({
      kind: 'list',
      items: advice.map(
        (a) =>
          `${a.title}: ${a.steps.join(', ')}${a.needs.length ? ` — ${a.blocked ? 'needs' : 'and'}: ${a.needs.join('; ')}` : ''}`,
      ),
    });
  }
  return { id: 'datapath-checklist', title: 'Datapath checklist', blocks };
}

/** The features a Helm value or cilium-config key controls in version v. */
export function featuresForKey(
  t: TuningView,
  v: CiliumVersion,
  key: { valuePath?: string; configKey?: string },
): FeatureVerdict[] {
  const ids = FEATURES.filter(
    (row) =>
      (key.valuePath && row.valuePaths(v).includes(key.valuePath)) ||
      (key.configKey && row.keys(v).includes(key.configKey)),
  ).map((r) => r.id);
  return t.features.filter((f) => ids.includes(f.id));
}

/** Hover section: what the feature does, what kernel it needs, and this file's verdict for it. */
export function featureHoverLines(
  t: TuningView,
  v: CiliumVersion,
  key: { valuePath?: string; configKey?: string },
): string[] {
  const out: string[] = [];
  for (const f of featuresForKey(t, v, key)) {
    const row = FEATURES.find((r) => r.id === f.id)!;
    out.push(`**Datapath feature: ${f.title}** — ${row.summary}`, '');
    out.push(`Kernel: ${f.kernelNeeded ?? 'no kernel check of its own'}.`, '');
    const main = f.reasons.find((x) => x.kind !== 'note');
    const state =
      f.state === 'active'
        ? 'is active'
        : f.state === 'agent-fails'
          ? 'stops the agent'
          : f.state === 'unknown'
            ? 'cannot be told from the file'
            : 'is off';
    const log =
      main && main.kind !== 'unknown'
        ? ` The agent logs: ${main.agentLog ? code(main.agentLog) : 'nothing (silent)'}.`
        : '';
    out.push(`**This file:** ${f.title} ${state} — ${whyLine(f).replace(/[.\s]+$/, '')}.${log}`, '');
    if (f.status) out.push(`\`cilium status\`: ${code(f.status)}`, '');
  }
  return out;
}

/** Lens title for the datapath summary, cut at a separator when too long. */
export function datapathLensTitle(t: TuningView, max = 110): string {
  let s = t.summary;
  if (s.length <= max) return s;
  const parts = s.split(' · ');
  while (parts.length > 1 && parts.join(' · ').length + 2 > max) parts.pop();
  s = parts.join(' · ');
  return s.length > max ? s.slice(0, max - 1) + '…' : s + ' …';
}
