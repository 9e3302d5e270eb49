/**
 * `--format json`: one object, stable field names (documented in the README).
 * Locations are 1-based lines and columns for people and CI tools.
 */
import type { Analysis } from '../core/analyze';
import type { Evidence, Finding, Reason, SourceLocation } from '../core/types';
import { agentDefault } from '../core/facts/agentDefaults';
import { parseCiliumVersion } from '../core/version';

export const JSON_FORMAT_VERSION = 1;

export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function jsonLocation(l: SourceLocation | undefined): JsonLocation | null {
  if (!l) return null;
  return {
    file: l.file,
    line: l.range.start.line + 1,
    column: l.range.start.character + 1,
    endLine: l.range.end.line + 1,
    endColumn: l.range.end.character + 1,
  };
}

function evidenceJson(e: Evidence, a: Analysis) {
  const v = parseCiliumVersion(a.ciliumVersion.evaluated);
  return {
    key: e.key,
    value: e.value,
    effectiveValue: e.value ?? (v.ok ? agentDefault(e.key, v.value) ?? null : null),
    origin: e.origin.kind,
    valuePath: e.origin.valuePath ?? null,
    rule: e.origin.rule ?? null,
    location: jsonLocation(e.origin.location),
  };
}

function reasonJson(r: Reason, a: Analysis) {
  return {
    ruleId: r.ruleId,
    message: r.message,
    agentLog: r.agentLog,
    silent: r.silent,
    decisive: r.decisive,
    evidence: r.evidence.map((e) => evidenceJson(e, a)),
  };
}

function findingJson(f: Finding, a: Analysis) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    agentLog: f.agentLog,
    location: jsonLocation(f.location),
    related: f.related.map((r) => ({ message: r.message, location: jsonLocation(r.location) })),
    fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => ({ ...jsonLocation({ file: e.file, range: e.range })!, newText: e.newText })) })),
    evidence: f.evidence.map((e) => evidenceJson(e, a)),
  };
}

export function toJson(a: Analysis): object {
  return {
    formatVersion: JSON_FORMAT_VERSION,
    inputKind: a.inputKind,
    files: a.files,
    ciliumVersion: a.ciliumVersion,
    chart: a.chart,
    kernel: a.kernel,
    hostRouting: { mode: a.hostRouting.mode, summary: a.hostRouting.summary, reasons: a.hostRouting.reasons.map((r) => reasonJson(r, a)) },
    masquerading: a.masquerading,
    kubeProxyReplacement: a.kubeProxyReplacement,
    routing: a.routing,
    assumptions: a.assumptions,
    findings: a.findings.map((f) => findingJson(f, a)),
    suppressed: a.suppressed.map((f) => ({ ...findingJson(f, a), reason: f.reason })),
    patchVariants: a.patchVariants,
    effectiveConfig: a.effectiveConfig.map((e) => evidenceJson(e, a)),
  };
}
