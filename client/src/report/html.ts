/**
 * The report view's HTML, as pure functions (no VS Code imports, so node tests read the output).
 * Everything from a report is escaped; the page runs exactly one script, loaded from the
 * extension's dist folder with a nonce, under a Content Security Policy that allows nothing else
 * (`default-src 'none'`). No inline script, no inline style, no event-handler attributes: the
 * script wires every button and link by delegation from `data-*` attributes.
 */
import type { ReportBlock, ReportCell, ReportLocation, ReportSection } from '../../../server/src/protocol/reportData';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and attribute values. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c]);
}

/** What the webview page may ask the extension for (ids into the collected lists). */
export type ReportAction = 'refresh' | 'markdown' | 'show-explain' | 'show-live';

/**
 * Collects what links and buttons of a rendered report point at: the webview only ever sends
 * back an index, so it can open only places and apply only fixes the extension rendered.
 */
export class RenderContext {
  readonly locations: ReportLocation[] = [];
  readonly fixes: string[] = [];

  /** A link that opens `location` in the editor. */
  link(location: ReportLocation | undefined, text: string, title?: string): string {
    if (!location) return esc(text);
    const i = this.locations.push(location) - 1;
    return `<a href="#" class="loc" data-loc="${i}"${title ? ` title="${esc(title)}"` : ''}>${esc(text)}</a>`;
  }

  /** A button that applies the fix with this id (the extension looks it up). */
  fixButton(id: string, title: string): string {
    const i = this.fixes.push(id) - 1;
    return `<button class="fix" data-fix="${i}" title="${esc(title)}">${esc(title)}</button>`;
  }
}

export function actionButton(action: ReportAction, label: string, title?: string, primary = false): string {
  return `<button class="${primary ? 'primary' : 'secondary'}" data-action="${action}"${title ? ` title="${esc(title)}"` : ''}>${esc(label)}</button>`;
}

export type BadgeKind = 'good' | 'warn' | 'bad' | 'neutral';

export function badge(text: string, kind: BadgeKind, title?: string): string {
  return `<span class="badge badge-${kind}"${title ? ` title="${esc(title)}"` : ''}>${esc(text)}</span>`;
}

export function modeBadge(mode: string): string {
  const kind: BadgeKind =
    mode === 'BPF'
      ? 'good'
      : mode === 'Legacy'
        ? 'warn'
        : mode === 'AgentFails' || mode === 'Unknown'
          ? 'bad'
          : 'neutral';
  return badge(mode === 'AgentFails' ? 'agent fails' : mode, kind);
}

/** Only https links leave the view (rule documentation). */
export function safeHref(href: string | undefined): string | undefined {
  return href && /^https:\/\/[^\s"'<>]+$/.test(href) ? href : undefined;
}

export function cell(c: ReportCell, ctx: RenderContext): string {
  if (typeof c === 'string') return esc(c);
  let inner = c.code ? `<code>${esc(c.text)}</code>` : esc(c.text);
  if (c.badge) inner = badge(c.text, c.badge, c.title);
  const href = safeHref(c.href);
  if (c.location) {
    const i = ctx.locations.push(c.location) - 1;
    inner = `<a href="#" class="loc" data-loc="${i}"${c.title ? ` title="${esc(c.title)}"` : ''}>${inner}</a>`;
  } else if (href) inner = `<a href="${esc(href)}"${c.title ? ` title="${esc(c.title)}"` : ''}>${inner}</a>`;
  else if (c.title && !c.badge) inner = `<span title="${esc(c.title)}">${inner}</span>`;
  return inner;
}

/** A table that the page script can sort by clicking its column headers. */
export function table(
  columns: string[],
  rows: string[][],
  opts: { sortable?: boolean; className?: string; sortValues?: string[][] } = {},
): string {
  const head = columns
    .map((c, i) =>
      opts.sortable ? `<th data-col="${i}" tabindex="0" aria-sort="none">${esc(c)}</th>` : `<th>${esc(c)}</th>`,
    )
    .join('');
  const body = rows
    .map(
      (r, ri) =>
        `<tr>${r.map((c, ci) => `<td${opts.sortValues ? ` data-sort="${esc(opts.sortValues[ri]?.[ci] ?? '')}"` : ''}>${c}</td>`).join('')}</tr>`,
    )
    .join('');
  const cls = [opts.className, opts.sortable ? 'sortable' : undefined].filter(Boolean).join(' ');
  return `<div class="table-wrap"><table${cls ? ` class="${cls}"` : ''}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function block(b: ReportBlock, ctx: RenderContext): string {
  switch (b.kind) {
    case 'text':
      return `<p>${esc(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${cell(i, ctx)}</li>`).join('')}</ul>`;
    case 'code':
      return `<pre><code>${esc(b.text)}</code></pre>`;
    case 'table':
      return table(
        b.columns,
        b.rows.map((r) => r.map((c) => cell(c, ctx))),
        {
          sortable: b.rows.length > 3,
          sortValues: b.rows.map((r) => r.map((c) => (typeof c === 'string' ? c : c.text))),
        },
      );
    default:
      return '';
  }
}

/** A generic section: whatever part of the server sent it, it renders the same way. */
export function section(s: ReportSection, ctx: RenderContext): string {
  const body = s.blocks.map((b) => block(b, ctx)).join('');
  return `<details class="section" data-section="${esc(s.id)}"${s.collapsed ? '' : ' open'}><summary><h2>${esc(s.title)}</h2></summary>${body}</details>`;
}

export interface ShellOptions {
  /** `webview.cspSource` */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** rendered body (the script replaces it on updates) */
  body: string;
}

/** The Content Security Policy of the page. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** The whole page. */
export function shell(o: ShellOptions): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(o.cspSource, o.nonce))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${esc(o.styleUri)}" nonce="${esc(o.nonce)}">`,
    `<title>${esc(o.title)}</title>`,
    '</head>',
    '<body>',
    `<main id="report" aria-live="polite">${o.body}</main>`,
    `<script nonce="${esc(o.nonce)}" src="${esc(o.scriptUri)}"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/** 32 random characters for the CSP nonce. */
export function makeNonce(random: (n: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...random(32)].map((b) => alphabet[b % alphabet.length]).join('');
}
