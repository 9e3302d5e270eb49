/** Helpers for the extension-host suites: only the `vscode` API, no sleeping where polling works. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'cilium-datapath.cilium-datapath';
export const SOURCE = 'cilium-datapath';
export const AGENT_LOG_BPF_MASQ =
  'BPF host routing requires enable-bpf-masquerade. Falling back to legacy host routing (enable-host-legacy-routing=true).';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/** URI of a file in the test workspace (the first workspace folder). */
export function fixture(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run must open the e2e workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until it returns something other than undefined; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string | (() => string),
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(everyMs);
  }
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Waits until the server has published at least one diagnostic for the file. */
export function diagnosticsOf(uri: vscode.Uri, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () =>
      `diagnostics from ${SOURCE} on ${uri.path} (now: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.code))})`,
    () => {
      const ds = ours(uri);
      return ds.length > 0 ? ds : undefined;
    },
    timeoutMs,
  );
}

/** The rule id of a diagnostic: `code` is `{ value, target }` when the server sends a documentation link. */
export function ruleId(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function ruleLink(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? d.code.target.toString() : undefined;
}

/** All hover text at a position, from every provider, as plain strings. */
export async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c)))
    .join('\n\n');
}

export async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
}

/** Waits for lens titles that satisfy `ok` (the server re-analyses after edits). */
/** The quick fixes VS Code's own provider command gives for a range (commands left out). */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions =
    (await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
      vscode.CodeActionKind.QuickFix.value,
    )) ?? [];
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a);
}

export function lensTitle(uri: vscode.Uri, ok: (title: string) => boolean, timeoutMs = 20_000): Promise<string> {
  let last: string[] = [];
  return waitFor(
    () => `a code lens on ${uri.path} (now: ${JSON.stringify(last)})`,
    async () => {
      last = (await lenses(uri)).map((l) => l.command?.title ?? '');
      return last.find(ok);
    },
    timeoutMs,
    100,
  );
}

/** The zero-based position of `needle` on the first line that contains `lineText`. */
export function positionOf(doc: vscode.TextDocument, lineText: string, needle: string): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    const t = doc.lineAt(i).text;
    if (t.includes(lineText)) {
      const c = t.indexOf(needle, t.indexOf(lineText));
      assert.ok(c >= 0, `"${needle}" not on line ${i + 1}: ${t}`);
      return new vscode.Position(i, c);
    }
  }
  assert.fail(`no line contains "${lineText}" in ${doc.uri.path}`);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Reverts and closes the active editor without a save prompt. */
export async function revertAndClose(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}

/** Writes a line the runner shows (and e2e.mjs can pick up): `[e2e-metric] name=value`. */
export function metric(name: string, value: number | string): void {
  console.log(`[e2e-metric] ${name}=${value}`);
}
