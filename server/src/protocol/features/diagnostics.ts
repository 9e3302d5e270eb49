/**
 * Core findings → LSP diagnostics for one document: the range of the finding in this document
 * (findings placed in a base file are left to that file), severity with per-rule overrides,
 * `source`, `code` = rule id with its documentation link, the agent's exact log line, related
 * locations for every input involved, and `data` carrying the quick fixes.
 */
import type { Diagnostic, Range as LspRange, TextEdit } from 'vscode-languageserver';
import { DiagnosticSeverity, DiagnosticRelatedInformation, Location } from '../lsp';
import {
  echo,
  NUL_MESSAGE,
  ruleDocsUrl,
  ruleMeta,
  type Analysis,
  type AnalyzeError,
  type Evidence,
  type Finding,
  type Range,
  type Severity,
} from '../../core';
import { DIAGNOSTIC_SOURCE } from '../messages';
import { isOurs, type Entry, type Note } from '../documents/store';
import { showFinding, type SeverityOverride } from '../documents/settings';
import { lineStartRange, toLspRange } from '../convert';

export interface DiagnosticOptions {
  /** the client runs the Red Hat YAML extension, which reports syntax errors itself */
  yamlExtensionPresent: boolean;
}

/** What code actions need, carried in `Diagnostic.data`. */
export interface DiagnosticData {
  ruleId: string;
  fixes: Array<{ title: string; edits: Array<{ uri: string; edit: TextEdit }> }>;
}

const SEVERITY: Record<Severity | 'information', DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Severity after the user's override; undefined = turned off. */
export function effectiveSeverity(
  code: string,
  fallback: Severity | 'information',
  overrides: Record<string, SeverityOverride>,
): DiagnosticSeverity | undefined {
  const o = overrides[code];
  if (o === 'off') return undefined;
  return SEVERITY[o ?? fallback];
}

/** All diagnostics of a document version; undefined when the document is not ours (publish nothing). */
export function toDiagnostics(entry: Entry, options: DiagnosticOptions): Diagnostic[] | undefined {
  if (!isOurs(entry)) return undefined;
  const out: Diagnostic[] = [];
  const overrides = entry.settings.severity;
  const push = (d: Diagnostic | undefined) => {
    if (d) out.push(d);
  };
  for (const n of entry.notes) push(noteDiagnostic(n, overrides));
  if (entry.releases) {
    for (const r of entry.releases) {
      const ro = r.view.outcome;
      // malformed YAML inside a string: no YAML extension sees it, so it is always ours to report
      if (ro.kind === 'error')
        push(errorDiagnostic(ro.error, r.view, { ...options, yamlExtensionPresent: false }, overrides));
      else if (ro.kind === 'ok')
        for (const f of ro.analysis.findings)
          if (showFinding(f.ruleId, r.view, options.yamlExtensionPresent))
            push(findingDiagnostic(f, r.view, ro.analysis, overrides));
    }
    return out;
  }
  const o = entry.outcome;
  if (o.kind === 'error') {
    push(errorDiagnostic(o.error, entry, options, overrides));
  } else if (o.kind === 'ok') {
    for (const f of o.analysis.findings)
      if (showFinding(f.ruleId, entry, options.yamlExtensionPresent))
        push(findingDiagnostic(f, entry, o.analysis, overrides));
  }
  return out;
}

function noteDiagnostic(n: Note, overrides: Record<string, SeverityOverride>): Diagnostic | undefined {
  const severity = effectiveSeverity(n.code, n.severity, overrides);
  if (severity === undefined) return undefined;
  return {
    range: n.range ? toLspRange(n.range) : lineStartRange(0),
    severity,
    source: DIAGNOSTIC_SOURCE,
    code: n.code,
    message: n.message,
  };
}

/** The second line of a finding's message: what the agent (or Helm) prints, or that it is silent. */
export function logLine(f: { ruleId: string; agentLog: string | null }, analysis: Analysis): string | undefined {
  if (f.agentLog) return f.ruleId === 'chart-refuses' ? `Helm stops with: ${f.agentLog}` : `Agent log: ${f.agentLog}`;
  const reason = analysis.hostRouting.reasons.find((r) => r.ruleId === f.ruleId);
  if (reason && reason.silent) return 'The agent logs nothing about this.';
  return undefined;
}

function sameStart(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

/** `enable-ipv4-masquerade = "true" (enableIPv4Masquerade, set here)` */
export function evidenceLabel(e: Evidence): string {
  const value = e.value === null ? 'unset' : `"${e.value}"`;
  const path = e.origin.valuePath && e.origin.valuePath !== e.key ? ` (${e.origin.valuePath})` : '';
  const origin =
    e.origin.kind === 'explicit'
      ? 'set here'
      : e.origin.kind === 'chart-default'
        ? 'chart default'
        : e.origin.kind === 'chart-rule'
          ? `chart rule: ${e.origin.rule ?? 'template'}`
          : 'agent default';
  return `${e.key} = ${value}${path} — ${origin}`;
}

function findingDiagnostic(
  f: Finding,
  entry: Entry,
  analysis: Analysis,
  overrides: Record<string, SeverityOverride>,
): Diagnostic | undefined {
  if (!f.location || f.location.file !== entry.uri) return undefined;
  const severity = effectiveSeverity(f.ruleId, f.severity, overrides);
  if (severity === undefined) return undefined;
  const log = logLine(f, analysis);
  const related: DiagnosticRelatedInformation[] = [];
  const seen: Array<{ file: string; range: Range }> = [f.location];
  const add = (file: string, range: Range, message: string) => {
    if (seen.some((s) => s.file === file && sameStart(s.range, range))) return;
    seen.push({ file, range });
    related.push(DiagnosticRelatedInformation.create(Location.create(file, toLspRange(range)), message));
  };
  const visit = (e: Evidence, depth: number) => {
    if (e.origin.location) add(e.origin.location.file, e.origin.location.range, evidenceLabel(e));
    if (depth < 3) for (const i of e.origin.inputs ?? []) visit(i, depth + 1);
  };
  for (const e of f.evidence) visit(e, 0);
  for (const r of f.related) add(r.location.file, r.location.range, r.message);
  const data: DiagnosticData = {
    ruleId: f.ruleId,
    fixes: f.fixes.map((x) => ({
      title: x.title,
      edits: x.edits.map((e) => ({ uri: e.file, edit: { range: toLspRange(e.range), newText: e.newText } })),
    })),
  };
  const d: Diagnostic = {
    range: placedRange(f.location.range, entry.text),
    severity,
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    message: log ? `${f.message}\n${log}` : f.message,
    data,
  };
  if (ruleMeta(f.ruleId)) d.codeDescription = { href: ruleDocsUrl(f.ruleId) };
  if (related.length > 0) d.relatedInformation = related;
  return d;
}

/**
 * A finding whose cause is written nowhere in the file (a chart default, an absent key, a kernel
 * from the settings) is placed on the lens line: an empty range at the start. The editor would
 * underline the first word there, which may be a key that has nothing to do with it, so the
 * diagnostic spans the whole first line instead.
 */
export function placedRange(r: Range, text: string): LspRange {
  if (r.start.line === 0 && r.start.character === 0 && r.end.line === 0 && r.end.character === 0) {
    const nl = text.indexOf('\n');
    const first = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
    return { start: { line: 0, character: 0 }, end: { line: 0, character: first.length } };
  }
  return toLspRange(r);
}

/** One diagnostic for an input error (malformed YAML, too large, bad version, a broken base file). */
function errorDiagnostic(
  error: AnalyzeError,
  entry: Entry,
  options: DiagnosticOptions,
  overrides: Record<string, SeverityOverride>,
): Diagnostic | undefined {
  const code = error.kind === 'malformed' ? 'malformed-yaml' : error.kind;
  const severityName = error.kind === 'too-large' ? 'warning' : 'error';
  const severity = effectiveSeverity(code, severityName, overrides);
  if (severity === undefined) return undefined;
  const make = (range: Range | undefined, message: string): Diagnostic => ({
    range: range ? toLspRange(range) : lineStartRange(0),
    severity,
    source: DIAGNOSTIC_SOURCE,
    code,
    message,
  });
  const first = error.details?.[0];
  const describe = () => {
    switch (error.kind) {
      case 'malformed':
        return first
          ? `Malformed YAML: ${first.message}${error.details && error.details.length > 1 ? ` (${error.details.length - 1} more syntax error${error.details.length > 2 ? 's' : ''} after this one)` : ''}`
          : `Malformed YAML: ${stripFile(error.message, error.file)}`;
      default:
        return stripFile(error.message, error.file);
    }
  };

  // A problem inside a base file is shown on its `base=` setting.
  if (error.file && error.file !== entry.uri) {
    const b = entry.bases.find((x) => x.uri === error.file);
    const where = first ? ` (line ${first.location.range.start.line + 1})` : '';
    return make(
      b?.range ?? entry.modeline.bases[0]?.range,
      `Base file ${b?.spec ?? error.file}${where}: ${describe()}`,
    );
  }
  switch (error.kind) {
    case 'malformed':
      // the YAML extension reports syntax errors, but not a NUL byte
      if (options.yamlExtensionPresent && first?.message !== NUL_MESSAGE) return undefined;
      return make(first?.location.range ?? error.location?.range, describe());
    case 'too-large':
      return make(undefined, describe());
    case 'usage': {
      const m = entry.modeline;
      const range =
        m.version && error.message.includes(`"${echo(m.version.value)}"`)
          ? m.version.range
          : m.kernel && error.message.includes(`"${echo(m.kernel.value)}"`)
            ? m.kernel.range
            : undefined;
      return make(range, describe());
    }
    case 'mixed-inputs':
      return make(entry.bases[0]?.range, describe());
    default:
      return make(error.location?.range, describe());
  }
}

/** Core messages start with the file name (a URI here); the editor already shows which file. */
function stripFile(message: string, file: string | undefined): string {
  if (file && message.startsWith(file)) {
    const rest = message.slice(file.length).replace(/^:\s*/, '').trim();
    if (/^(is|has|does)\b/.test(rest)) return `This file ${rest}`;
    return rest.charAt(0).toUpperCase() + rest.slice(1);
  }
  return message;
}
