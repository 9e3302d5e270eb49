/**
 * The live-cluster report as the report view shows it: what the check found first (summary, your
 * file against the cluster, mismatches), then the node table (sortable; badges for BPF, Legacy and
 * mismatches; details per node on demand), problems, and the kubectl calls folded away.
 * A consumer of `LiveReport` only: new report fields show up here when this file renders them.
 */
import type { LiveProblem, LiveReport, NodeResult } from '../../../server/src/core/live/types';
import { actionButton, badge, esc, modeBadge, type BadgeKind, type RenderContext } from './html';
import { tuningRows } from '../../../server/src/core/live/format';

const TUNING_BADGE: Record<string, BadgeKind> = {
  match: 'good',
  'match (status quirk)': 'good',
  explained: 'warn',
  mismatch: 'bad',
  unknown: 'neutral',
  'not-reported': 'neutral',
};

/** One row per feature and outcome over the checked nodes: prediction, status, verdict, why. */
function tuningSection(r: LiveReport): string {
  const rows = tuningRows(r);
  if (rows.length === 0) return '';
  const body = rows
    .map(
      (t) =>
        `<tr><td><code>${esc(t.id)}</code></td><td>${esc(t.nodes.join(', '))}</td><td>${esc(t.predicted)}</td><td><code>${esc(t.reported)}</code></td><td>${badge(t.result, TUNING_BADGE[t.result] ?? 'neutral')}${t.notes.length && t.result !== 'not-reported' ? `<br><span class="muted">${esc(t.notes[0])}</span>` : ''}</td></tr>`,
    )
    .join('');
  const bad = r.counts.tuningMismatches;
  return `<details class="section" data-section="tuning" open><summary><h2>Tuning (${rows.length})${bad ? ` ${badge(`${bad} ${bad === 1 ? 'node differs' : 'nodes differ'}`, 'bad')}` : ''}</h2></summary><p class="muted hint">Each checked node's status lines against its own prediction (its kernel, Cilium version and overrides).</p><table class="tuning"><thead><tr><th>Feature</th><th>Nodes</th><th>Predicted</th><th>Status</th><th>Result</th></tr></thead><tbody>${body}</tbody></table></details>`;
}

export interface LiveViewOptions {
  /** an explanation exists: offer to switch to it */
  hasExplain: boolean;
  /** when the report was made */
  at?: Date;
}

/** `quay.io/cilium/cilium:v1.16.5@sha256:0123…` → `v1.16.5`; a digest-only image → `sha256:01234567`. */
export function shortImage(image: string | null): string {
  if (!image) return '?';
  const [ref, digest] = image.split('@');
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return ref.slice(colon + 1);
  if (digest) return digest.slice(0, 'sha256:'.length + 8);
  return ref.slice(slash + 1);
}

const VERDICT: Record<NodeResult['verdict'], { text: string; kind: BadgeKind; title: string }> = {
  match: { text: 'match', kind: 'good', title: 'The node runs what the configuration predicts' },
  explained: { text: 'mismatch', kind: 'warn', title: 'The node differs from the prediction, for a known reason' },
  unexplained: { text: 'mismatch', kind: 'bad', title: 'The node differs from the prediction and nothing explains it' },
  error: { text: 'error', kind: 'bad', title: 'The node could not be read' },
};

function problemLine(p: LiveProblem): string {
  return `${p.node ? `<strong>${esc(p.node)}</strong>: ` : ''}${esc(p.message)}${p.hint ? ` <span class="muted">${esc(p.hint)}</span>` : ''}${p.call ? `<br><code class="call">${esc(p.call)}</code>` : ''}`;
}

function nodeDetails(n: NodeResult): string {
  const rows: string[] = [];
  const dl = (k: string, v: string) => rows.push(`<dt>${esc(k)}</dt><dd>${v}</dd>`);
  if (n.pod) dl('Agent pod', `<code>${esc(n.pod)}</code>`);
  dl('Reported by', n.reported.via ? `<code>${esc(n.reported.via)}</code>` : '<span class="muted">not read</span>');
  if (n.reported.routing) dl('Routing', esc(n.reported.routing));
  dl('Predicted', `${modeBadge(n.predicted.hostRouting)} ${esc(n.predicted.summary)}`);
  if (n.predicted.rule) dl('Rule', `<code>${esc(n.predicted.rule)}</code>`);
  dl(
    'Agent log',
    n.predicted.agentLog
      ? `<code class="logline">${esc(n.predicted.agentLog)}</code>`
      : n.predicted.hostRouting === 'Legacy'
        ? '<span class="muted">nothing: a silent fallback</span>'
        : '<span class="muted">—</span>',
  );
  for (const o of n.predicted.overrides)
    dl('Override', `<code>${esc(o.key)}=${esc(JSON.stringify(o.value))}</code> from ${esc(o.from)}`);
  if (n.logged.length) dl('Logged', n.logged.map((l) => `<code class="logline">${esc(l)}</code>`).join('<br>'));
  if (n.reasons.length) dl('Why', `<ul>${n.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`);
  if (n.explanation) dl('Difference', esc(n.explanation));
  if (n.tuning) dl('Tuning', esc(n.tuning.summary));
  for (const c of n.tuning?.checks ?? [])
    if (c.verdict === 'mismatch' || c.verdict === 'explained')
      dl(c.id, `${esc(c.reported ?? '—')} (predicted ${esc(c.predicted)}): ${esc(c.explanation ?? '')}`);
  if (n.osImage) dl('OS', esc(n.osImage));
  for (const p of n.problems) dl('Problem', problemLine(p));
  return `<dl class="node-details">${rows.join('')}</dl>`;
}

const COLUMNS: Array<{ title: string; opt?: boolean | 2 }> = [
  { title: 'Node' },
  { title: 'Runs' },
  { title: 'Predicted' },
  { title: 'Match' },
  { title: 'Kernel' },
  { title: 'Cilium', opt: 2 },
  { title: 'Masquerading', opt: true },
  { title: 'KPR', opt: true },
  { title: 'OS', opt: true },
];

function nodeTable(r: LiveReport): string {
  const head = COLUMNS.map(
    (c, i) =>
      `<th data-col="${i}" tabindex="0" aria-sort="none"${c.opt ? ` class="${c.opt === 2 ? 'opt2' : 'opt'}"` : ''}>${esc(c.title)}</th>`,
  ).join('');
  const body = r.nodes
    .map((n, i) => {
      const v = VERDICT[n.verdict];
      const cells: Array<[string, string, (boolean | 2)?]> = [
        [
          n.name,
          `<button class="toggle" data-toggle="node-${i}" aria-expanded="false" title="Details">▸</button> ${esc(n.name)}`,
        ],
        [
          n.reported.hostRouting ?? '',
          n.reported.hostRouting ? modeBadge(n.reported.hostRouting) : '<span class="muted">?</span>',
        ],
        [n.predicted.hostRouting, modeBadge(n.predicted.hostRouting)],
        [n.verdict, badge(v.text, v.kind, n.explanation ?? v.title)],
        [n.kernel ?? '', esc(n.kernel ?? '?')],
        [n.ciliumVersion ?? '', esc(n.ciliumVersion ?? '?'), 2],
        [n.reported.masquerading ?? '', esc(n.reported.masquerading ?? '—'), true],
        [n.reported.kubeProxyReplacement ?? '', esc(n.reported.kubeProxyReplacement ?? '—'), true],
        [n.osImage ?? '', esc(n.osImage ?? '?'), true],
      ];
      const tds = cells
        .map(
          ([sort, html, opt]) =>
            `<td data-sort="${esc(sort)}"${opt ? ` class="${opt === 2 ? 'opt2' : 'opt'}"` : ''}>${html}</td>`,
        )
        .join('');
      return `<tr class="node${n.match ? '' : ' mismatch'}" data-row="node-${i}">${tds}</tr><tr class="details" id="node-${i}" hidden><td colspan="${COLUMNS.length}">${nodeDetails(n)}</td></tr>`;
    })
    .join('');
  return `<div class="table-wrap"><table class="sortable nodes"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** Nodes with the same predicted outcome and reasons, grouped. */
function whyGroups(r: LiveReport): Array<{ nodes: string[]; head: string; log: string | null; silent: boolean }> {
  const groups = new Map<string, { nodes: string[]; head: string; log: string | null; silent: boolean }>();
  for (const n of r.nodes) {
    if (n.predicted.hostRouting === 'Unknown') continue;
    const key = `${n.predicted.summary}\n${n.predicted.agentLog ?? ''}`;
    const g = groups.get(key);
    if (g) g.nodes.push(n.name);
    else
      groups.set(key, {
        nodes: [n.name],
        head: n.predicted.summary,
        log: n.predicted.agentLog,
        silent: n.predicted.hostRouting === 'Legacy' && !n.predicted.agentLog,
      });
  }
  return [...groups.values()];
}

/**
 * The header's verdict: whether every node runs what its own configuration predicts, and apart from
 * that whether the file compared agrees with the cluster ("as predicted" alone read as a contradiction
 * next to "your file predicts legacy; the cluster runs BPF").
 */
function headerBadges(r: LiveReport): string {
  if (r.fatal) return badge('failed', 'bad');
  const nodes = r.ok
    ? badge('nodes as predicted', 'good')
    : badge(
        `${r.counts.mismatches + r.counts.errors} to look at`,
        r.counts.mismatches || r.counts.errors ? 'warn' : 'neutral',
      );
  const file = r.fileComparison
    ? ` ${badge(r.fileComparison.agrees ? 'file agrees' : 'file differs', r.fileComparison.agrees ? 'good' : 'warn')}`
    : '';
  return nodes + file;
}

export function renderLive(r: LiveReport, ctx: RenderContext, o: LiveViewOptions): string {
  void ctx;
  const out: string[] = [];
  out.push(
    `<header><h1>Live cluster ${headerBadges(r)}</h1><div class="toolbar">${actionButton(
      'refresh',
      'Refresh',
      'Run the live check again with the same context and file',
      true,
    )}${actionButton('markdown', 'Open as Markdown', 'The same report as a Markdown document, for tickets')}${o.hasExplain ? actionButton('show-explain', 'Explanation', 'Show the explanation of the file') : ''}</div></header>`,
  );
  const facts = [
    `context <strong>${esc(r.context ?? '(current)')}</strong>`,
    `namespace ${esc(r.namespace)}`,
    r.kubernetesVersion ? `Kubernetes ${esc(r.kubernetesVersion)}` : null,
    r.ciliumImage
      ? `image <code title="${esc(r.ciliumImage)}">${esc(shortImage(r.ciliumImage))}</code>`
      : r.fatal
        ? null
        : 'no cilium DaemonSet found',
    r.ciliumVersions.length ? `agents run ${esc(r.ciliumVersions.join(', '))}` : null,
    r.fatal ? null : r.configMapFound ? 'cilium-config read' : '<strong>cilium-config not read</strong>',
    r.nodeConfigs.length ? `CiliumNodeConfig: ${esc(r.nodeConfigs.join(', '))}` : null,
    o.at ? `checked ${esc(o.at.toLocaleTimeString())}` : null,
  ].filter(Boolean);
  out.push(`<p class="meta">${facts.join(' · ')}</p>`);

  // What the check found, first.
  const tone = r.fatal ? 'bad' : r.ok && (!r.fileComparison || r.fileComparison.agrees) ? 'good' : 'warn';
  const callout = [`<p class="headline">${esc(r.summary)}</p>`];
  if (r.fileComparison)
    callout.push(
      `<p>${badge('your file', r.fileComparison.agrees ? 'good' : 'warn')} ${esc(r.fileComparison.message)}</p>`,
    );
  if (r.fatal?.hint) callout.push(`<p>${esc(r.fatal.hint)}</p>`);
  if (r.fatal?.call) callout.push(`<p><code class="call">${esc(r.fatal.call)}</code></p>`);
  out.push(`<div class="callout callout-${tone}">${callout.join('')}</div>`);

  const mism = r.nodes.filter((n) => n.verdict !== 'match');
  if (mism.length) {
    out.push(`<section><h2>Differences and errors (${mism.length})</h2><ul class="mismatches">`);
    for (const n of mism) {
      const v = VERDICT[n.verdict];
      out.push(
        `<li>${badge(v.text, v.kind, v.title)} <strong>${esc(n.name)}</strong>: ${esc(n.explanation ?? n.problems[0]?.message ?? '')}</li>`,
      );
    }
    out.push('</ul></section>');
  }
  if (r.nodes.length) {
    const c = r.counts;
    const tally = [
      c.bpf ? badge(`${c.bpf} BPF`, 'good') : '',
      c.legacy ? badge(`${c.legacy} Legacy`, 'warn') : '',
      c.unknown ? badge(`${c.unknown} unknown`, 'neutral') : '',
    ]
      .filter(Boolean)
      .join(' ');
    out.push(
      `<section><h2>Nodes (${c.nodes}) ${tally}</h2>${nodeTable(r)}<p class="muted hint">Click a column to sort, ▸ for a node's details.</p></section>`,
    );
    const why = whyGroups(r);
    if (why.length) {
      out.push('<details class="section" data-section="why" open><summary><h2>Why</h2></summary><ul class="why">');
      for (const w of why) {
        out.push(
          `<li><strong>${esc(w.nodes.join(', '))}</strong>: ${esc(w.head)}${w.log ? `<br><span class="muted">The agent logs</span> <code class="logline">${esc(w.log)}</code>` : w.silent ? '<br><span class="muted">The agent logs nothing about it (silent fallback).</span>' : ''}</li>`,
        );
      }
      out.push('</ul></details>');
    }
  }
  if (!r.fatal) {
    const tuning = tuningSection(r);
    if (tuning) out.push(tuning);
  }
  const problems = [...r.problems, ...r.nodes.flatMap((n) => n.problems)];
  if (problems.length) {
    out.push(
      `<details class="section" data-section="problems" open><summary><h2>Problems (${problems.length})</h2></summary><ul>${problems.map((p) => `<li>${problemLine(p)}</li>`).join('')}</ul></details>`,
    );
  }
  if (r.calls.length) {
    out.push(
      `<details class="section calls" data-section="calls"><summary><h2>kubectl calls (${r.calls.length})</h2></summary><pre><code>${esc(r.calls.join('\n'))}</code></pre></details>`,
    );
  }
  return out.join('\n');
}
