/// <reference lib="dom" />
/**
 * The report view's only script (bundled to dist/report.js, loaded with the page's nonce). It
 * draws what the extension posts, sorts tables, folds node details, and sends back which link,
 * fix or button was clicked — as an index into what the extension rendered, nothing else.
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  kind?: string;
  expanded: string[];
  sort?: { table: number; col: number; dir: 1 | -1 };
}

const vscode = acquireVsCodeApi();
const main = document.getElementById('report') as HTMLElement;
let state: ViewState = { expanded: [], ...((vscode.getState() as ViewState | undefined) ?? {}) };

function save(): void {
  vscode.setState(state);
}

function rowGroups(tbody: HTMLTableSectionElement): HTMLTableRowElement[][] {
  const groups: HTMLTableRowElement[][] = [];
  for (const tr of Array.from(tbody.rows)) {
    if (tr.classList.contains('details') && groups.length > 0) groups[groups.length - 1].push(tr);
    else groups.push([tr]);
  }
  return groups;
}

function sortTable(table: HTMLTableElement, col: number, dir: 1 | -1): void {
  const tbody = table.tBodies[0];
  if (!tbody) return;
  const key = (g: HTMLTableRowElement[]) => {
    const td = g[0].cells[col];
    return td?.dataset.sort ?? td?.textContent ?? '';
  };
  const groups = rowGroups(tbody).sort(
    (a, b) => dir * key(a).localeCompare(key(b), undefined, { numeric: true, sensitivity: 'base' }),
  );
  for (const g of groups) for (const tr of g) tbody.appendChild(tr);
  table.querySelectorAll('th[data-col]').forEach((th) => th.setAttribute('aria-sort', 'none'));
  table.querySelector(`th[data-col="${col}"]`)?.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
}

function setExpanded(button: HTMLElement, open: boolean): void {
  const id = button.dataset.toggle;
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  target.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  button.textContent = open ? '▾' : '▸';
}

function applyState(): void {
  for (const id of state.expanded) {
    const b = main.querySelector<HTMLElement>(`[data-toggle="${CSS.escape(id)}"]`);
    if (b) setExpanded(b, true);
  }
  if (state.sort) {
    const t = main.querySelectorAll<HTMLTableElement>('table.sortable')[state.sort.table];
    if (t) sortTable(t, state.sort.col, state.sort.dir);
  }
}

function onSortHeader(th: HTMLElement): void {
  const table = th.closest('table') as HTMLTableElement | null;
  if (!table) return;
  const col = Number(th.dataset.col);
  const dir: 1 | -1 = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
  sortTable(table, col, dir);
  state.sort = { table: Array.from(main.querySelectorAll('table.sortable')).indexOf(table), col, dir };
  save();
}

document.addEventListener('click', (ev) => {
  const el = (ev.target as HTMLElement | null)?.closest<HTMLElement>(
    '[data-action],[data-loc],[data-fix],[data-toggle],th[data-col]',
  );
  if (!el) return;
  if (el.dataset.toggle) {
    const open = el.getAttribute('aria-expanded') !== 'true';
    setExpanded(el, open);
    state.expanded = open
      ? [...new Set([...state.expanded, el.dataset.toggle])]
      : state.expanded.filter((x) => x !== el.dataset.toggle);
    save();
  } else if (el.dataset.col !== undefined && el.tagName === 'TH') {
    onSortHeader(el);
  } else if (el.dataset.loc !== undefined) {
    ev.preventDefault();
    vscode.postMessage({ type: 'open', index: Number(el.dataset.loc) });
  } else if (el.dataset.fix !== undefined) {
    (el as HTMLButtonElement).disabled = true;
    el.classList.add('applying');
    vscode.postMessage({ type: 'fix', index: Number(el.dataset.fix) });
  } else if (el.dataset.action) {
    vscode.postMessage({ type: 'action', action: el.dataset.action });
  }
});

document.addEventListener('keydown', (ev) => {
  const th = (ev.target as HTMLElement | null)?.closest<HTMLElement>('th[data-col]');
  if (th && (ev.key === 'Enter' || ev.key === ' ')) {
    ev.preventDefault();
    onSortHeader(th);
  }
});

window.addEventListener('message', (ev: MessageEvent) => {
  const m = ev.data as { type?: string; html?: string; title?: string; kind?: string; fixFailed?: number } | undefined;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'render' && typeof m.html === 'string') {
    if (m.kind !== state.kind) state = { kind: m.kind, expanded: [] };
    // The extension builds this HTML with every value escaped; the CSP runs no script in it.
    main.innerHTML = m.html;
    if (m.title) document.title = m.title;
    document.body.dataset.kind = m.kind ?? '';
    applyState();
    save();
  } else if (m.type === 'fix-done' && typeof m.fixFailed === 'number') {
    const b = main.querySelector<HTMLButtonElement>(`[data-fix="${m.fixFailed}"]`);
    if (b) {
      b.disabled = false;
      b.classList.remove('applying');
    }
  }
});

applyState();
vscode.postMessage({ type: 'ready' });
