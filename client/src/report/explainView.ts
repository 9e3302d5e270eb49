/**
 * The explanation of a file's verdict, as the report view shows it: the verdict, the reasons in
 * the order the agent checks them (each with what the agent logs, the inputs behind it with links
 * to the key in the file, and fix buttons), other findings, then every section the server sends.
 */
import type { ExplainData, ExplainReason } from '../../../server/src/protocol/reportData';
import { actionButton, badge, esc, modeBadge, RenderContext, safeHref, section, table } from './html';

export interface ExplainViewOptions {
  /** a live report exists: offer to switch to it */
  hasLive: boolean;
}

function reasonCard(r: ExplainReason, n: number | undefined, ctx: RenderContext, compact = false): string {
  const docs = safeHref(r.docsUrl);
  const rule = docs
    ? `<a class="rule" href="${esc(docs)}" title="Rule documentation">${esc(r.ruleId)}</a>`
    : `<span class="rule">${esc(r.ruleId)}</span>`;
  const head = [
    n !== undefined ? `<span class="num">${n}</span>` : '',
    `<span class="label">${esc(compact ? r.message : r.label)}</span>`,
    r.decisive ? badge('decides', 'warn', 'The agent acts on this reason') : '',
    rule,
  ].join(' ');
  const parts = [`<div class="card-head">${head}</div>`];
  if (!compact && r.message !== r.label) parts.push(`<p class="message">${esc(r.message)}</p>`);
  if (r.agentLog)
    parts.push(
      `<p class="log"><span class="muted">${r.ruleId === 'chart-refuses' ? 'Helm stops with' : 'The agent logs'}</span><code class="logline">${esc(r.agentLog)}</code></p>`,
    );
  else if (!compact) parts.push(`<p class="log muted">${esc(r.logLine)}</p>`);
  if (r.location && compact)
    parts.push(
      `<p class="where">${ctx.link(r.location, `line ${r.location.range.start.line + 1}`, 'Show in the file')}</p>`,
    );
  if (r.evidence.length > 0 && !compact) {
    parts.push(
      table(
        ['Key', 'Value', 'From'],
        r.evidence.map((e) => [
          `<code>${esc(e.key)}</code>`,
          `<code>${esc(e.value)}</code>`,
          e.location ? ctx.link(e.location, e.origin, 'Show the key in the file') : esc(e.origin),
        ]),
        { className: 'evidence' },
      ),
    );
  }
  if (r.fixes.length > 0)
    parts.push(`<div class="fixes">${r.fixes.map((f) => ctx.fixButton(f.id, f.title)).join('')}</div>`);
  return `<li class="card${r.decisive ? ' decisive' : ''}">${parts.join('')}</li>`;
}

export function renderExplain(d: ExplainData, ctx: RenderContext, o: ExplainViewOptions): string {
  const out: string[] = [];
  const file = d.uri.replace(/^.*[/\\]/, '');
  out.push(
    `<header><h1>Host routing ${modeBadge(d.mode)}</h1><div class="toolbar">${actionButton('refresh', 'Refresh', 'Analyse the file again')}${actionButton('markdown', 'Open as Markdown', 'The same explanation as a Markdown document, for tickets')}${
      o.hasLive ? actionButton('show-live', 'Live report', 'Show the last live-cluster check') : ''
    }</div></header>`,
  );
  out.push(`<p class="summary">${esc(d.summary)}</p>`);
  const meta = [d.versionLine, d.inputs].filter(Boolean).map(esc);
  meta.push(
    ctx.link(
      { uri: d.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      `Open ${file}`,
    ),
  );
  out.push(`<p class="meta">${meta.join(' · ')}</p>`);
  if (d.reasonsHeading) {
    if (d.reasons.length === 0) out.push(`<p>${esc(d.reasonsHeading)}</p>`);
    else {
      out.push(`<section class="reasons"><h2>${esc(d.reasonsHeading)}</h2><ol class="cards">`);
      let n = 1;
      let furtherShown = false;
      for (const r of d.reasons) {
        if (!r.decisive && !furtherShown && n > 1) {
          out.push(`</ol><h3>${esc(d.furtherHeading)}</h3><ol class="cards">`);
          furtherShown = true;
        }
        out.push(reasonCard(r, n++, ctx));
      }
      out.push('</ol></section>');
    }
  }
  if (d.findings.length > 0) {
    out.push(
      `<details class="section" data-section="findings" open><summary><h2>Other findings in this file (${d.findings.length})</h2></summary><ul class="cards compact">`,
    );
    for (const f of d.findings) out.push(reasonCard(f, undefined, ctx, true));
    out.push('</ul></details>');
  }
  for (const s of d.sections) out.push(section(s, ctx));
  return out.join('\n');
}
