/**
 * The live report as plain text (CLI, output channel) and as Markdown (the editor's report view).
 * The JSON form is the report object itself (`LiveReport`, formatVersion 1).
 */
import type { LiveReport, NodeResult } from './types';

const MARK: Record<NodeResult['verdict'], string> = { match: 'yes', explained: 'NO (explained)', unexplained: 'NO (unexplained)', error: 'error' };

function headerLines(r: LiveReport): string[] {
  const lines = [`Cilium live check: context ${r.context ?? '(current)'}, namespace ${r.namespace}`];
  if (!r.fatal) {
    const facts = [
      r.kubernetesVersion ? `Kubernetes ${r.kubernetesVersion}` : null,
      r.ciliumImage ? `DaemonSet image ${r.ciliumImage}` : 'no cilium DaemonSet found',
      r.ciliumVersions.length ? `agents run Cilium ${r.ciliumVersions.join(', ')}` : null,
      r.configMapFound ? 'cilium-config read' : 'cilium-config NOT read',
      r.nodeConfigs.length ? `CiliumNodeConfigs: ${r.nodeConfigs.join(', ')}` : 'no CiliumNodeConfig',
    ].filter(Boolean);
    lines.push(facts.join(' · '));
  }
  return lines;
}

function cells(n: NodeResult): string[] {
  return [
    n.name,
    n.osImage ?? '?',
    n.kernel ?? '?',
    n.ciliumVersion ?? '?',
    n.reported.hostRouting ?? '-',
    n.predicted.hostRouting,
    n.reported.masquerading ?? '-',
    n.reported.kubeProxyReplacement ?? '-',
    MARK[n.verdict],
  ];
}

const HEAD = ['NODE', 'OS', 'KERNEL', 'CILIUM', 'HOST ROUTING', 'PREDICTED', 'MASQUERADING', 'KPR', 'MATCH'];

export function formatLiveText(r: LiveReport): string {
  const out = headerLines(r);
  out.push('', r.summary);
  if (r.fatal) {
    if (r.fatal.hint) out.push(`  ${r.fatal.hint}`);
    return out.join('\n') + '\n';
  }
  if (r.nodes.length > 0) {
    const rows = [HEAD, ...r.nodes.map(cells)];
    const widths = HEAD.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    out.push('');
    for (const row of rows) out.push(row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
  }
  const why = whyGroups(r);
  if (why.length) {
    out.push('', 'Why:');
    for (const w of why) {
      out.push(`  ${w.nodes.join(', ')}: ${w.head}`);
      for (const d of w.details) out.push(`    ${d}`);
    }
  }
  const mism = r.nodes.filter((n) => n.verdict !== 'match');
  if (mism.length) {
    out.push('', 'Differences and errors:');
    for (const n of mism) out.push(`  ${n.name} [${n.verdict}]: ${n.explanation ?? ''}`.trimEnd());
  }
  const problems = [...r.problems, ...r.nodes.flatMap((n) => n.problems)];
  if (problems.length) {
    out.push('', 'Problems:');
    for (const p of problems) out.push(`  - ${p.node ? `${p.node}: ` : ''}${p.message}${p.hint ? ` ${p.hint}` : ''}`);
  }
  if (r.fileComparison) out.push('', `Your file: ${r.fileComparison.message}`);
  return out.join('\n') + '\n';
}

interface WhyGroup {
  nodes: string[];
  head: string;
  details: string[];
}

/** Nodes grouped by the same predicted outcome and reasons. */
function whyGroups(r: LiveReport): WhyGroup[] {
  const groups = new Map<string, WhyGroup>();
  for (const n of r.nodes) {
    if (n.predicted.hostRouting === 'Unknown') continue;
    const details: string[] = [];
    if (n.predicted.agentLog) details.push(`agent logs: ${n.predicted.agentLog}`);
    else if (n.predicted.hostRouting === 'Legacy') details.push('the agent logs nothing about it (silent fallback)');
    for (const o of n.predicted.overrides) details.push(`override: ${o.key}=${JSON.stringify(o.value)} from ${o.from}`);
    for (const l of n.logged) if (!n.predicted.agentLog?.startsWith(l)) details.push(`agent logged: ${l}`);
    const head = n.predicted.summary;
    const key = head + '\n' + details.join('\n');
    const g = groups.get(key);
    if (g) g.nodes.push(n.name);
    else groups.set(key, { nodes: [n.name], head, details });
  }
  return [...groups.values()];
}

function md(s: string): string {
  return s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}

export function formatLiveMarkdown(r: LiveReport): string {
  const [title, facts] = headerLines(r);
  const out = [`# ${md(title)}`, ''];
  if (facts) out.push(md(facts), '');
  out.push(`**${md(r.summary)}**`, '');
  if (r.fatal) {
    if (r.fatal.hint) out.push(md(r.fatal.hint), '');
  } else if (r.nodes.length) {
    out.push(`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => ' --- ').join('|')}|`);
    for (const n of r.nodes) out.push(`| ${cells(n).map(md).join(' | ')} |`);
    out.push('');
  }
  const why = whyGroups(r);
  if (why.length) {
    out.push('## Why', '');
    for (const w of why) {
      out.push(`- **${md(w.nodes.join(', '))}**: ${md(w.head)}`);
      for (const d of w.details) out.push(`  - ${md(d)}`);
    }
    out.push('');
  }
  const mism = r.nodes.filter((n) => n.verdict !== 'match');
  if (mism.length) {
    out.push('## Differences and errors', '');
    for (const n of mism) out.push(`- **${md(n.name)}** (${n.verdict}): ${md(n.explanation ?? '')}`);
    out.push('');
  }
  const problems = [...r.problems, ...r.nodes.flatMap((n) => n.problems)];
  if (problems.length) {
    out.push('## Problems', '');
    for (const p of problems) out.push(`- ${p.node ? `${md(p.node)}: ` : ''}${md(p.message)}${p.hint ? ` ${md(p.hint)}` : ''}`);
    out.push('');
  }
  if (r.fileComparison) out.push('## Your file', '', md(r.fileComparison.message), '');
  if (r.calls.length) {
    out.push('## kubectl calls', '', '```');
    out.push(...r.calls);
    out.push('```', '');
  }
  return out.join('\n');
}
