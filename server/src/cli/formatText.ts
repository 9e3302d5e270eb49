/** `--format text`: the verdict explained the way a careful colleague would. */
import {
  kernelSince,
  otherVerdicts,
  describeValue,
  uniqueEvidence,
  lineAtLeast,
  parseCiliumVersion,
  type Analysis,
  type Evidence,
  type Finding,
  type Reason,
} from '../core';
import { isAbsolute, relative } from 'node:path';
import { featuresText } from './formatFeatures';

export interface TextOptions {
  color: boolean;
  cwd: string;
}

const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function where(file: string, line: number, col: number, cwd: string): string {
  const f = isAbsolute(file) ? relative(cwd, file) || file : file;
  return `${f}:${line + 1}:${col + 1}`;
}

function describeEvidence(e: Evidence, a: Analysis, cwd: string): string {
  const value = describeValue(e, a.ciliumVersion.evaluated);
  let from: string;
  const loc = e.origin.location
    ? where(e.origin.location.file, e.origin.location.range.start.line, e.origin.location.range.start.character, cwd)
    : '';
  switch (e.origin.kind) {
    case 'explicit':
      from = loc
        ? `set in ${loc}${e.origin.valuePath && e.origin.valuePath !== e.key ? ` (${e.origin.valuePath})` : ''}`
        : e.key === 'kernel'
          ? 'given kernel'
          : 'set explicitly';
      break;
    case 'chart-default':
      from = `chart default${e.origin.valuePath ? ` of ${e.origin.valuePath}` : ''}`;
      break;
    case 'chart-rule':
      from = `chart: ${e.origin.rule ?? 'template rule'}${loc ? ` (${loc})` : ''}`;
      break;
    default:
      from = 'agent default (not in the ConfigMap)';
  }
  return `${e.key} = ${value}  — ${from}`;
}

export function toText(a: Analysis, o: TextOptions): string {
  const bold = paint(o.color, '1');
  const red = paint(o.color, '31');
  const yellow = paint(o.color, '33');
  const green = paint(o.color, '32');
  const dim = paint(o.color, '2');
  const out: string[] = [];
  const modeColor = a.hostRouting.mode === 'BPF' ? green : a.hostRouting.mode === 'Legacy' ? yellow : red;
  const kernel = a.kernel.requested
    ? `kernel ${a.kernel.requested}`
    : `kernel ≥ ${kernelSince('redirectHelpers')} assumed`;
  const files = a.files.map((f) => (isAbsolute(f) ? relative(o.cwd, f) || f : f)).join(' + ');
  // When the evaluated version is not the one asked for (a line resolved to its newest patch, a
  // version newer than the data), the header says both.
  const req = a.ciliumVersion.requested;
  const version =
    req && req.replace(/^v/, '') !== a.ciliumVersion.evaluated
      ? `Cilium ${req} requested, ${a.ciliumVersion.evaluated} evaluated`
      : `Cilium ${a.ciliumVersion.evaluated}`;
  const inputWords = a.release
    ? `${a.release.kind} ${a.release.name}`
    : a.inputKind === 'configmap'
      ? 'cilium-config ConfigMap'
      : 'Helm values';
  const versionWords =
    a.release?.chartVersion && a.ciliumVersion.source === a.release.kind ? ` from ${a.release.chartVersion.field}` : '';
  out.push(
    `${bold('Host routing:')} ${modeColor(bold(a.hostRouting.mode))}   ${dim(`(${version}${versionWords}, ${kernel}; ${inputWords}: ${files})`)}`,
  );

  const decisive = a.hostRouting.reasons.filter((r) => r.decisive);
  const further = a.hostRouting.reasons.filter((r) => !r.decisive);
  if (a.hostRouting.mode === 'BPF') {
    out.push('');
    out.push(
      'Nothing in this configuration makes the agent fall back: it keeps BPF host routing, and `cilium status` should',
    );
    const pv = parseCiliumVersion(a.ciliumVersion.evaluated);
    out.push(`show ${pv.ok && lineAtLeast(pv.value, '1.16') ? '"Routing: … Host: BPF"' : '"Host Routing: BPF"'}.`);
  } else if (a.hostRouting.mode === 'AgentFails') {
    out.push('');
    out.push('This configuration does not run: ' + (decisive[0]?.message ?? 'see the findings below.'));
  }
  for (const r of decisive) out.push(...reasonBlock(r, a, o, true));
  if (further.length > 0) {
    out.push('');
    out.push(
      bold(
        a.hostRouting.mode === 'AgentFails'
          ? 'Once it starts, host routing would still fall back because of:'
          : 'Fixing that is not enough; the agent would next stop at:',
      ),
    );
    for (const r of further) out.push(...reasonBlock(r, a, o, false));
  }
  out.push('');
  out.push(
    `${bold('Masquerading:')} ${a.masquerading.mode}${a.masquerading.ipMasqAgent ? ' (ip-masq-agent)' : ''}   ${bold('Kube-proxy replacement:')} ${a.kubeProxyReplacement.mode ?? 'n/a'}   ${bold('Routing:')} ${a.routing.network}${a.routing.protocol ? ` [${a.routing.protocol}]` : ''}`,
  );
  for (const o of otherVerdicts(a.verdicts).filter((x) => x.id !== 'tuning'))
    out.push(`${bold(`${o.title}:`)} ${o.verdict.mode}${o.verdict.summary ? ` — ${o.verdict.summary}` : ''}`);
  out.push('');
  out.push(...featuresText(a.verdicts.tuning, o.color));
  const others = a.findings.filter(
    (f) => !a.hostRouting.reasons.some((r) => r.ruleId === f.ruleId && r.message === f.message),
  );
  if (others.length > 0) {
    out.push('');
    out.push(bold('Other findings:'));
    for (const f of others) out.push(findingLine(f, o, { red, yellow, dim }));
  }
  if (a.suppressed.length > 0) {
    out.push('');
    out.push(
      dim(`Suppressed: ${a.suppressed.map((s) => `${s.ruleId} (${s.reason || 'no reason given'})`).join(', ')}`),
    );
  }
  if (a.assumptions.length > 0) {
    out.push('');
    out.push(bold('Assumptions:'));
    for (const s of a.assumptions) out.push(`  - ${s}`);
  }
  return out.join('\n') + '\n';
}

function reasonBlock(r: Reason, a: Analysis, o: TextOptions, first: boolean): string[] {
  const dim = paint(o.color, '2');
  const bold = paint(o.color, '1');
  const lines: string[] = [];
  lines.push('');
  lines.push(`${first ? bold('Why:') : '  -'} ${r.message} ${dim(`[${r.ruleId}]`)}`);
  if (r.agentLog) {
    lines.push(`    The agent logs${r.silent ? ' (but no "Falling back" line)' : ''}:`);
    lines.push(`      ${r.agentLog}`);
  } else if (a.hostRouting.mode === 'Legacy') {
    lines.push('    The agent logs nothing about it: this fallback is silent.');
  }
  const ev = uniqueEvidence(r.evidence);
  if (ev.length > 0) {
    lines.push('    Inputs:');
    for (const e of ev) lines.push(`      ${describeEvidence(e, a, o.cwd)}`);
  }
  const fix = a.findings.find((f) => f.ruleId === r.ruleId)?.fixes[0];
  if (fix) lines.push(`    Fix: ${fix.title}`);
  return lines;
}

function findingLine(
  f: Finding,
  o: TextOptions,
  c: { red: (s: string) => string; yellow: (s: string) => string; dim: (s: string) => string },
): string {
  const sev =
    f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.dim(f.severity);
  const loc = f.location
    ? where(f.location.file, f.location.range.start.line, f.location.range.start.character, o.cwd)
    : '';
  return `  ${loc}  ${sev}  ${f.message} ${c.dim(`[${f.ruleId}]`)}`;
}
