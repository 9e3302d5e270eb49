/**
 * The live report as plain text (CLI, output channel) and as Markdown (the editor's report view).
 * The JSON form is the report object itself (`LiveReport`, formatVersion 1).
 *
 * Built to scale: the summary, the coverage and the differences come first; then one row per
 * group with its node count; one row per node only for small clusters (or the nodes a node filter
 * names); lists of node names are cut after a few names.
 */
import { nodeMatcher } from './groups';
import type { GroupResult, LiveProblem, LiveReport, NodeResult } from './types';

export interface FormatOptions {
  /** also kubectl's own words behind each problem */
  verbose?: boolean;
  /** node-name globs: list these nodes (and only these) in the node table */
  nodeFilter?: string[];
  /** list every node when the cluster has at most this many (default 50) */
  maxNodeRows?: number;
}

const MARK: Record<NodeResult['verdict'], string> = {
  match: 'yes',
  explained: 'NO (explained)',
  unexplained: 'NO (unexplained)',
  error: 'error',
};
/** rows of the differences and problems lists at most */
const MAX_LIST = 50;
/** node names per line of the "Why" list at most */
const MAX_NAMES = 8;

function num(n: number): string {
  return n.toLocaleString('en-US');
}

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

function checkedCell(n: NodeResult): string {
  return n.checked ? 'checked' : n.sample ? `predicted (as ${n.sample})` : 'predicted';
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
    checkedCell(n),
  ];
}

const HEAD = ['NODE', 'OS', 'KERNEL', 'CILIUM', 'HOST ROUTING', 'PREDICTED', 'MASQUERADING', 'KPR', 'MATCH', 'CHECKED'];

function groupCells(g: GroupResult): string[] {
  const verdict = [
    g.matches ? `${num(g.matches)} yes` : '',
    g.mismatches ? `${num(g.mismatches)} NO` : '',
    g.errors ? `${num(g.errors)} error` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return [
    g.id,
    num(g.nodes),
    num(g.checked),
    g.ciliumVersion ?? '?',
    g.kernelLine ?? '?',
    g.overrides.length ? g.overrides.map((o) => `${o.key}=${o.value}`).join(' ') : '-',
    g.reported ?? '-',
    g.predicted,
    verdict || '-',
    g.examples.join(', ') + (g.nodes > g.examples.length ? ', …' : ''),
  ];
}

const GROUP_HEAD = [
  'GROUP',
  'NODES',
  'CHECKED',
  'CILIUM',
  'KERNEL',
  'OVERRIDES',
  'HOST ROUTING',
  'PREDICTED',
  'MATCH',
  'FOR EXAMPLE',
];

/** The nodes the node table lists: those the filter names, else all of a small cluster. */
function shownNodes(r: LiveReport, o: FormatOptions): { nodes: NodeResult[]; note: string | null } {
  if (o.nodeFilter && o.nodeFilter.length) {
    const m = nodeMatcher(o.nodeFilter);
    const nodes = r.nodes.filter((n) => m(n.name));
    return { nodes, note: nodes.length ? null : `No node matches ${o.nodeFilter.join(', ')}.` };
  }
  const max = o.maxNodeRows ?? 50;
  if (r.nodes.length <= max) return { nodes: r.nodes, note: null };
  return {
    nodes: [],
    note: `${num(r.nodes.length)} nodes: one row per group above; list nodes with --node PATTERN (e.g. --node 'worker-1*'), or every node with --format json.`,
  };
}

function table(head: string[], rows: string[][]): string[] {
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  return all.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

function differences(r: LiveReport): NodeResult[] {
  // checked nodes first: a predicted node's error only repeats its group's
  return [
    ...r.nodes.filter((n) => n.verdict !== 'match' && n.checked),
    ...r.nodes.filter((n) => n.verdict !== 'match' && !n.checked),
  ];
}

function allProblems(r: LiveReport): LiveProblem[] {
  return [...r.problems, ...r.nodes.flatMap((n) => n.problems)];
}

function more(n: number, what: string): string {
  return `… and ${num(n)} more ${what} (--format json lists all)`;
}

export function formatLiveText(r: LiveReport, o: FormatOptions = {}): string {
  const out = headerLines(r);
  out.push('', r.summary);
  if (r.coverage) out.push(r.coverage);
  if (r.fatal) {
    if (r.fatal.hint) out.push(`  ${r.fatal.hint}`);
    if (o.verbose && r.fatal.detail) out.push(`  kubectl said: ${r.fatal.detail}`);
    return out.join('\n') + '\n';
  }
  const diff = differences(r);
  if (diff.length) {
    out.push('', 'Differences and errors:');
    for (const n of diff.slice(0, MAX_LIST))
      out.push(`  ${n.name} [${n.verdict}${n.checked ? '' : ', not checked'}]: ${n.explanation ?? ''}`.trimEnd());
    if (diff.length > MAX_LIST) out.push(`  ${more(diff.length - MAX_LIST, 'nodes')}`);
  }
  if (r.groups.length) {
    out.push('', 'Groups (nodes that share Cilium version, kernel line and configuration):');
    out.push(...table(GROUP_HEAD, r.groups.map(groupCells)).map((l) => `  ${l}`));
  }
  const shown = shownNodes(r, o);
  if (shown.nodes.length) {
    out.push('');
    out.push(...table(HEAD, shown.nodes.map(cells)));
  }
  if (shown.note) out.push('', shown.note);
  const why = whyGroups(r);
  if (why.length) {
    out.push('', 'Why:');
    for (const w of why) {
      out.push(`  ${names(w.nodes)}: ${w.head}`);
      for (const d of w.details) out.push(`    ${d}`);
    }
  }
  const tuning = tuningRows(r);
  if (tuning.length) {
    out.push('', "Tuning (each checked node's status lines against its own prediction):");
    out.push(
      ...table(
        TUNING_HEAD,
        tuning.map((t) => [t.id, names(t.nodes), t.predicted, t.reported, t.result]),
      ).map((l) => `  ${l}`),
    );
    const notes = tuning.filter((t) => t.notes.length && t.result !== 'not-reported');
    for (const t of notes) out.push(`  ${t.id} on ${names(t.nodes)}: ${t.notes[0]}`);
  }
  const problems = allProblems(r);
  if (problems.length) {
    out.push('', 'Problems:');
    for (const p of problems.slice(0, MAX_LIST)) {
      out.push(`  - ${p.node ? `${p.node}: ` : ''}${p.message}${p.hint ? ` ${p.hint}` : ''}`);
      if (o.verbose && p.detail) out.push(`      kubectl said: ${p.detail}`);
    }
    if (problems.length > MAX_LIST) out.push(`  ${more(problems.length - MAX_LIST, 'problems')}`);
  }
  if (r.fileComparison) out.push('', `Your file: ${r.fileComparison.message}`);
  return out.join('\n') + '\n';
}

const TUNING_HEAD = ['FEATURE', 'NODES', 'PREDICTED', 'STATUS', 'RESULT'];

interface TuningRow {
  id: string;
  nodes: string[];
  predicted: string;
  reported: string;
  result: string;
  /** `node: explanation` lines for anything but a plain match */
  notes: string[];
}

/**
 * The tuning comparison of the checked nodes, one row per feature and outcome (nodes with the
 * same prediction and status share a row). Features nobody asked for that match are left out
 * (the JSON has them all).
 */
export function tuningRows(r: LiveReport): TuningRow[] {
  const rows = new Map<string, TuningRow>();
  for (const n of r.nodes) {
    if (!n.checked || !n.tuning) continue;
    for (const c of n.tuning.checks) {
      if (!c.requested && c.verdict === 'match' && !c.explanation) continue;
      if (!c.requested && c.verdict === 'not-reported') continue;
      const quirk = c.verdict === 'match' && c.explanation ? 'match (status quirk)' : c.verdict;
      const key = `${c.id}\u0000${c.predicted}\u0000${c.reported ?? ''}\u0000${quirk}`;
      let row = rows.get(key);
      if (!row) {
        row = { id: c.id, nodes: [], predicted: c.predicted, reported: c.reported ?? '-', result: quirk, notes: [] };
        rows.set(key, row);
      }
      row.nodes.push(n.name);
      if (c.explanation && row.notes.length === 0) row.notes.push(c.explanation);
    }
  }
  return [...rows.values()];
}

function names(list: string[]): string {
  return list.length <= MAX_NAMES
    ? list.join(', ')
    : `${list.slice(0, MAX_NAMES).join(', ')} and ${num(list.length - MAX_NAMES)} more`;
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

export function formatLiveMarkdown(r: LiveReport, o: FormatOptions = {}): string {
  const [title, facts] = headerLines(r);
  const out = [`# ${md(title)}`, ''];
  if (facts) out.push(md(facts), '');
  out.push(`**${md(r.summary)}**`, '');
  if (r.coverage) out.push(md(r.coverage), '');
  if (r.fatal) {
    if (r.fatal.hint) out.push(md(r.fatal.hint), '');
    if (r.fatal.detail) out.push(`kubectl said: \`${r.fatal.detail.replace(/`/g, "'")}\``, '');
  }
  const diff = differences(r);
  if (diff.length) {
    out.push('## Differences and errors', '');
    for (const n of diff.slice(0, MAX_LIST))
      out.push(`- **${md(n.name)}** (${n.verdict}${n.checked ? '' : ', not checked'}): ${md(n.explanation ?? '')}`);
    if (diff.length > MAX_LIST) out.push(`- ${md(more(diff.length - MAX_LIST, 'nodes'))}`);
    out.push('');
  }
  if (!r.fatal && r.groups.length) {
    out.push(
      '## Groups',
      '',
      'Nodes that share Cilium version, kernel line and configuration; one agent per group is asked, the others are predicted from it.',
      '',
    );
    out.push(`| ${GROUP_HEAD.join(' | ')} |`, `|${GROUP_HEAD.map(() => ' --- ').join('|')}|`);
    for (const g of r.groups) out.push(`| ${groupCells(g).map(md).join(' | ')} |`);
    out.push('');
  }
  if (!r.fatal) {
    const shown = shownNodes(r, o);
    if (shown.nodes.length) {
      out.push('## Nodes', '');
      out.push(`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => ' --- ').join('|')}|`);
      for (const n of shown.nodes) out.push(`| ${cells(n).map(md).join(' | ')} |`);
      out.push('');
    }
    if (shown.note) out.push(md(shown.note), '');
  }
  const why = whyGroups(r);
  if (why.length) {
    out.push('## Why', '');
    for (const w of why) {
      out.push(`- **${md(names(w.nodes))}**: ${md(w.head)}`);
      for (const d of w.details) out.push(`  - ${md(d)}`);
    }
    out.push('');
  }
  const tuning = tuningRows(r);
  if (tuning.length) {
    out.push(
      '## Tuning',
      '',
      "Each checked node's status lines against its own prediction (kernel, version, overrides).",
      '',
    );
    out.push(`| ${TUNING_HEAD.join(' | ')} |`, `|${TUNING_HEAD.map(() => ' --- ').join('|')}|`);
    for (const t of tuning)
      out.push(`| ${[t.id, names(t.nodes), t.predicted, t.reported, t.result].map(md).join(' | ')} |`);
    out.push('');
    for (const t of tuning.filter((x) => x.notes.length && x.result !== 'not-reported'))
      out.push(`- **${md(t.id)}** on ${md(names(t.nodes))}: ${md(t.notes[0])}`);
    out.push('');
  }
  const problems = allProblems(r);
  if (problems.length) {
    out.push('## Problems', '');
    for (const p of problems.slice(0, MAX_LIST))
      out.push(`- ${p.node ? `${md(p.node)}: ` : ''}${md(p.message)}${p.hint ? ` ${md(p.hint)}` : ''}`);
    if (problems.length > MAX_LIST) out.push(`- ${md(more(problems.length - MAX_LIST, 'problems'))}`);
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
