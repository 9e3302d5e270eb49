/**
 * `--format json`: one object, stable field names (documented in the README).
 * Locations are 1-based lines and columns for people and CI tools.
 */
import {
  otherVerdicts,
  agentDefault,
  parseCiliumVersion,
  type Analysis,
  type Evidence,
  type Finding,
  type Reason,
  type SourceLocation,
} from '../core';
import { adviceJson, featureJson } from './formatFeatures';

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
    effectiveValue: e.value ?? (v.ok ? (agentDefault(e.key, v.value) ?? null) : null),
    origin: e.origin.kind,
    valuePath: e.origin.valuePath ?? null,
    rule: e.origin.rule ?? null,
    location: jsonLocation(e.origin.location),
  };
}

function otherVerdictsJson(a: Analysis): {
  verdicts?: Record<string, { mode: string; summary: string; reasons: unknown[] }>;
} {
  const others = otherVerdicts(a.verdicts);
  if (others.length === 0) return {};
  return {
    verdicts: Object.fromEntries(
      others.map((o) => [
        o.id,
        { mode: o.verdict.mode, summary: o.verdict.summary, reasons: o.verdict.reasons.map((r) => reasonJson(r, a)) },
      ]),
    ),
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
    fixes: f.fixes.map((x) => ({
      title: x.title,
      edits: x.edits.map((e) => ({ ...jsonLocation({ file: e.file, range: e.range })!, newText: e.newText })),
    })),
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
    hostRouting: {
      mode: a.hostRouting.mode,
      summary: a.hostRouting.summary,
      reasons: a.hostRouting.reasons.map((r) => reasonJson(r, a)),
    },
    masquerading: a.masquerading,
    kubeProxyReplacement: a.kubeProxyReplacement,
    routing: a.routing,
    // further verdict families, by family id (absent while host routing is the only one)
    ...otherVerdictsJson(a),
    assumptions: a.assumptions,
    findings: a.findings.map((f) => findingJson(f, a)),
    suppressed: a.suppressed.map((f) => ({ ...findingJson(f, a), reason: f.reason })),
    patchVariants: a.patchVariants,
    effectiveConfig: a.effectiveConfig.map((e) => evidenceJson(e, a)),
    datapath: a.verdicts.tuning.summary,
    features: a.verdicts.tuning.features.map((f) => featureJson(f, (e) => evidenceJson(e, a))),
    advice: a.verdicts.tuning.advice.map(adviceJson),
    ...(a.release ? { release: releaseJson(a) } : {}),
  };
}

/** The wrapper the values came from (HelmRelease, Application…). */
function releaseJson(a: Analysis) {
  const r = a.release!;
  return {
    kind: r.kind,
    name: r.name,
    namespace: r.namespace,
    location: jsonLocation({ file: r.file, range: r.range }),
    chartVersion: r.chartVersion
      ? {
          raw: r.chartVersion.raw,
          kind: r.chartVersion.kind,
          field: r.chartVersion.field,
          location: r.chartVersion.range
            ? jsonLocation({ file: r.chartVersion.file, range: r.chartVersion.range })
            : null,
        }
      : null,
    ...(r.nodeSelector !== undefined ? { nodeSelector: r.nodeSelector } : {}),
  };
}
