/**
 * Code actions for our diagnostics: the quick fixes the core computed (carried in
 * `Diagnostic.data`), the first one preferred, plus "Suppress <rule> in this file", which adds a
 * `# cilium-datapath: disable=<rule> reason` line at the top (after an existing modeline block).
 */
import type { CodeAction, CodeActionParams, Diagnostic, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind, TextEdit } from '../lsp';
import { ruleMeta } from '../../core';
import { DIAGNOSTIC_SOURCE } from '../messages';
import type { DiagnosticData } from './diagnostics';

/** Placeholder the user replaces with the reason for a suppression. */
export const REASON_PLACEHOLDER = 'reason';

function isData(d: unknown): d is DiagnosticData {
  if (!d || typeof d !== 'object') return false;
  const x = d as Partial<DiagnosticData>;
  return typeof x.ruleId === 'string' && Array.isArray(x.fixes);
}

function wanted(params: CodeActionParams): boolean {
  const only = params.context.only;
  return (
    !only ||
    only.length === 0 ||
    only.some(
      (k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty,
    )
  );
}

const MODELINE = /^\s*#\s*cilium-datapath:/;

/**
 * The line before which a suppression comment goes: right after the first block of modeline
 * lines among the file's leading comments, else line 0.
 */
export function suppressionLine(text: string): number {
  const lines = text.split('\n', 200);
  for (let i = 0; i < lines.length && /^\s*(#.*)?\r?$/.test(lines[i]); i++) {
    if (!MODELINE.test(lines[i])) continue;
    let j = i;
    while (j + 1 < lines.length && MODELINE.test(lines[j + 1])) j++;
    return j + 1;
  }
  return 0;
}

export function suppressionEdit(text: string, ruleId: string): TextEdit {
  const line = suppressionLine(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineCount = text.split('\n').length;
  if (line >= lineCount) {
    // the modeline block is the whole file and has no final line break
    const lastLine = lineCount - 1;
    const lastLen = text.length - (text.lastIndexOf('\n') + 1);
    return TextEdit.insert(
      { line: lastLine, character: lastLen },
      `${eol}# cilium-datapath: disable=${ruleId} ${REASON_PLACEHOLDER}`,
    );
  }
  return TextEdit.insert({ line, character: 0 }, `# cilium-datapath: disable=${ruleId} ${REASON_PLACEHOLDER}${eol}`);
}

/** Code actions for the diagnostics in the request context. */
export function codeActions(uri: string, text: string, params: CodeActionParams): CodeAction[] {
  if (!wanted(params)) return [];
  const fixes: CodeAction[] = [];
  const suppress: CodeAction[] = [];
  const suppressed = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE || !isData(d.data)) continue;
    const data = d.data;
    data.fixes.forEach((fix, i) => {
      const changes: WorkspaceEdit['changes'] = {};
      for (const e of fix.edits ?? []) {
        if (!e || typeof e.uri !== 'string' || !e.edit) continue;
        (changes[e.uri] ??= []).push(e.edit);
      }
      if (Object.keys(changes).length === 0) return;
      fixes.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: i === 0,
        edit: { changes },
      });
    });
    if (ruleMeta(data.ruleId) && !suppressed.has(data.ruleId)) {
      suppressed.add(data.ruleId);
      const related: Diagnostic[] = params.context.diagnostics.filter(
        (x) => x.source === DIAGNOSTIC_SOURCE && isData(x.data) && x.data.ruleId === data.ruleId,
      );
      suppress.push({
        title: `Suppress ${data.ruleId} in this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: related,
        edit: { changes: { [uri]: [suppressionEdit(text, data.ruleId)] } },
      });
    }
  }
  return [...fixes, ...suppress];
}
