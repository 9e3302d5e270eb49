/**
 * `ciliumDatapath/explainData`: the explanation of a document's verdict as data (reportData.ts),
 * for the VS Code report view. The same content as explain.ts's Markdown, which it carries too.
 */
import {
  reasonLabel,
  ruleDocsUrl,
  ruleMeta,
  uniqueEvidence,
  type Analysis,
  type Evidence,
  type Finding,
  type Reason,
  type SourceLocation,
} from '../../core';
import { isOurs, type Entry } from '../documents/store';
import { agentLogLine, describeOrigin, describeValue, explainMarkdown, versionLine } from './explain';
import { toLspRange } from '../convert';
import { baseName } from '../documents/selection';
import { checklistSection } from './tuningView';
import { versionTable } from './versions';
import { unknownHead } from './verdict';
import type {
  ExplainData,
  ExplainEvidence,
  ExplainFix,
  ExplainReason,
  ReportLocation,
  ReportSection,
} from '../reportData';

function loc(l: SourceLocation | undefined): ReportLocation | undefined {
  return l ? { uri: l.file, range: toLspRange(l.range) } : undefined;
}

function evidenceOf(e: Evidence, a: Analysis, uri: string): ExplainEvidence {
  return {
    key: e.key,
    value: describeValue(e, a),
    origin: describeOrigin(e, a, uri, (x) => x),
    location: loc(e.origin.location),
  };
}

class FixIds {
  private n = 0;
  of(f: Finding): ExplainFix[] {
    return f.fixes.map((x) => ({
      id: `fix-${++this.n}`,
      title: x.title,
      ruleId: f.ruleId,
      at: loc(f.location),
      edits: x.edits.map((e) => ({ uri: e.file, edit: { range: toLspRange(e.range), newText: e.newText } })),
    }));
  }
}

function reasonOf(r: Reason, a: Analysis, uri: string, ids: FixIds): ExplainReason {
  const findings = a.findings.filter((f) => f.ruleId === r.ruleId);
  const seen = new Set<string>();
  const fixes = findings.flatMap((f) => ids.of(f)).filter((f) => !seen.has(f.title) && seen.add(f.title));
  return {
    ruleId: r.ruleId,
    docsUrl: ruleMeta(r.ruleId) ? ruleDocsUrl(r.ruleId) : undefined,
    decisive: r.decisive,
    label: reasonLabel(r, a.hostRouting.mode),
    message: r.message,
    logLine: agentLogLine(r),
    agentLog: r.agentLog,
    silent: r.silent,
    evidence: uniqueEvidence(r.evidence).map((e) => evidenceOf(e, a, uri)),
    fixes,
    location: loc(findings.find((f) => f.location)?.location),
  };
}

function findingOf(f: Finding, a: Analysis, uri: string, ids: FixIds): ExplainReason {
  return {
    ruleId: f.ruleId,
    docsUrl: ruleMeta(f.ruleId) ? ruleDocsUrl(f.ruleId) : undefined,
    decisive: false,
    label: f.message,
    message: f.message,
    logLine: agentLogLine({ ruleId: f.ruleId, agentLog: f.agentLog, silent: false }),
    agentLog: f.agentLog,
    silent: false,
    evidence: uniqueEvidence(f.evidence).map((e) => evidenceOf(e, a, uri)),
    fixes: ids.of(f),
    location: loc(f.location),
  };
}

/** The sections every explanation has; other parts of the server append their own. */
function baseSections(a: Analysis): ReportSection[] {
  const out: ReportSection[] = [];
  const routing = `${a.routing.network}${a.routing.protocol ? ` (${a.routing.protocol})` : ''}`;
  out.push({
    id: 'datapath',
    title: 'Datapath',
    blocks: [
      {
        kind: 'table',
        columns: ['Feature', 'Result'],
        rows: [
          [
            'Host routing',
            {
              text: a.hostRouting.mode,
              badge: a.hostRouting.mode === 'BPF' ? 'good' : a.hostRouting.mode === 'Legacy' ? 'warn' : 'bad',
            },
          ],
          ['Masquerading', `${a.masquerading.mode}${a.masquerading.ipMasqAgent ? ' + ip-masq-agent' : ''}`],
          ['Kube-proxy replacement', a.kubeProxyReplacement.mode ?? 'unknown'],
          ['Routing', routing],
        ],
      },
    ],
  });
  if (a.patchVariants.length > 0) {
    out.push({
      id: 'patch-variants',
      title: 'Other patch releases of this line',
      blocks: [
        {
          kind: 'table',
          columns: ['Cilium', 'Host routing', 'Because of'],
          rows: a.patchVariants.map((p) => [
            p.version,
            {
              text: p.hostRouting,
              badge: p.hostRouting === 'BPF' ? 'good' : p.hostRouting === 'Legacy' ? 'warn' : 'bad',
            },
            p.ruleId ? { text: p.ruleId, code: true } : '—',
          ]),
        },
      ],
    });
  }
  if (a.suppressed.length > 0) {
    out.push({
      id: 'suppressed',
      title: 'Suppressed in this file',
      blocks: [{ kind: 'list', items: a.suppressed.map((s) => `${s.ruleId} — ${s.reason || '(no reason given)'}`) }],
    });
  }
  const checklist = checklistSection(a.verdicts.tuning);
  if (checklist) out.push(checklist);
  if (a.assumptions.length > 0)
    out.push({ id: 'assumptions', title: 'Assumptions', blocks: [{ kind: 'list', items: [...a.assumptions] }] });
  return out;
}

/**
 * The explanation of an entry as data; null when the document is not ours. A document wrapping
 * Cilium releases is explained through the view of release `release` (the lens's index), as the
 * `ciliumDatapath.explain` command does; the Markdown is the command's text.
 */
export function explainData(document: Entry, release = 0): ExplainData | null {
  if (!isOurs(document)) return null;
  const wrapped =
    document.releases && document.releases.length > 0
      ? (document.releases[release] ?? document.releases[0]).view
      : undefined;
  const entry = wrapped ?? document;
  const o = entry.outcome;
  const table = wrapped ? null : versionTable(entry);
  const markdown = table ? `${explainMarkdown(entry)}\n${table}\n` : explainMarkdown(entry);
  if (o.kind !== 'ok') {
    return {
      ...unknownHead(entry, o),
      versionLine: '',
      inputs: '',
      reasonsHeading: '',
      reasons: [],
      furtherHeading: '',
      findings: [],
      sections: [],
      markdown,
    };
  }
  const a = o.analysis;
  const ids = new FixIds();
  const reasons = a.hostRouting.reasons.map((r) => reasonOf(r, a, entry.uri, ids));
  const reasonKeys = new Set(a.hostRouting.reasons.map((r) => r.ruleId));
  const findings = a.findings.filter((f) => !reasonKeys.has(f.ruleId)).map((f) => findingOf(f, a, entry.uri, ids));
  const wrapper = a.release ? `${a.release.kind} ${a.release.name}, ` : '';
  const kind =
    wrapper +
    (a.inputKind === 'configmap'
      ? 'cilium-config ConfigMap'
      : `Helm values${a.chart ? ` (chart ${a.chart.version} defaults)` : ''}`);
  const agentFails = a.hostRouting.mode === 'AgentFails';
  return {
    uri: entry.uri,
    version: entry.version,
    mode: a.hostRouting.mode,
    summary: a.hostRouting.summary,
    versionLine: versionLine(entry, a),
    inputs: `${kind}: ${a.files.map((f) => baseName(f)).join(' + ')}`,
    reasonsHeading:
      a.hostRouting.mode === 'BPF'
        ? 'Nothing in this configuration makes the agent fall back: it keeps BPF host routing.'
        : agentFails
          ? 'Why it does not run'
          : 'Why, in the order the agent checks',
    reasons,
    furtherHeading: agentFails
      ? 'Once it starts, host routing would still fall back because of'
      : 'Fixing that is not enough; the agent would next stop at',
    findings,
    sections: baseSections(a),
    markdown,
  };
}
