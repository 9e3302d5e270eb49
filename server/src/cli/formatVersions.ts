/**
 * Text and JSON for the version-spanning results: the verdict table of `explain --versions`, the
 * inferred version, and the `upgrade` report.
 */
import { familyVerdicts, verdictOf, type Inference, type UpgradeReport, type VersionGroup } from '../core';
import { JSON_FORMAT_VERSION } from './formatJson';
import { isAbsolute, relative } from 'node:path';

const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** `By version:` table appended to the explain text. */
export function byVersionText(groups: VersionGroup[], color: boolean): string {
  const bold = paint(color, '1');
  const width = Math.max(...groups.map((g) => g.versions.length));
  const lines = ['', bold('By version:')];
  for (const g of groups) lines.push(`  ${g.versions.padEnd(width)}  ${g.hostRouting.label}`);
  return lines.join('\n') + '\n';
}

export function byVersionJson(groups: VersionGroup[]): object[] {
  return groups.map((g) => ({
    versions: g.versions,
    from: g.from,
    to: g.to,
    hostRouting: {
      mode: g.hostRouting.mode,
      ruleId: g.hostRouting.ruleId,
      label: g.hostRouting.label,
      summary: g.hostRouting.summary,
    },
  }));
}

export function inferenceJson(i: Inference): object {
  return {
    lines: i.lines,
    line: i.line,
    narrowedBy: i.narrowedBy.map((n) => ({ path: n.path, setting: n.setting, accepted: n.accepted, lines: n.lines })),
    note: i.note,
  };
}

function side(a: UpgradeReport['from']) {
  return {
    ciliumVersion: a.ciliumVersion,
    kernel: a.kernel,
    hostRouting: { mode: a.hostRouting.mode, ruleId: verdictOf(a).ruleId, summary: a.hostRouting.summary },
    verdicts: Object.fromEntries(
      familyVerdicts(a).map((f) => [f.family, { mode: f.mode, ruleId: f.ruleId, summary: f.summary }]),
    ),
  };
}

export function upgradeJson(r: UpgradeReport): object {
  return {
    formatVersion: JSON_FORMAT_VERSION,
    inputKind: r.from.inputKind,
    files: r.from.files,
    from: side(r.from),
    to: side(r.to),
    worse: r.worse,
    changes: r.changes.map((c) => ({ kind: c.kind, path: c.path, version: c.version, message: c.message, fix: c.fix })),
    notes: r.notes,
  };
}

export function upgradeText(r: UpgradeReport, o: { color: boolean; cwd: string }): string {
  const bold = paint(o.color, '1');
  const dim = paint(o.color, '2');
  const red = paint(o.color, '31');
  const green = paint(o.color, '32');
  const files = r.from.files.map((f) => (isAbsolute(f) ? relative(o.cwd, f) || f : f)).join(' + ');
  const out: string[] = [];
  out.push(
    `${bold('Upgrade:')} Cilium ${r.from.ciliumVersion.evaluated} → ${r.to.ciliumVersion.evaluated}   ${dim(`(${r.from.inputKind === 'configmap' ? 'cilium-config ConfigMap' : 'Helm values'}: ${files})`)}`,
  );
  out.push('');
  out.push(`  Before: ${r.from.hostRouting.summary}`);
  out.push(`  After:  ${r.to.hostRouting.summary}`);
  out.push('');
  if (r.changes.length === 0) {
    out.push('No change on the way touches this file or its effective configuration.');
  } else {
    out.push(bold('Changes:'));
    for (const c of r.changes) {
      out.push(`  ${c.version.padEnd(8)} ${c.kind.padEnd(14)} ${c.path ? `${c.path}: ` : ''}${c.message}`);
      if (c.fix) out.push(`  ${''.padEnd(8)} ${''.padEnd(14)} Fix: ${c.fix}`);
    }
  }
  out.push('');
  out.push(
    r.worse
      ? red(bold('The file gets worse with this upgrade.'))
      : green('The file does not get worse with this upgrade.'),
  );
  if (r.notes.length > 0) {
    out.push('');
    for (const n of r.notes) out.push(dim(`Note: ${n}`));
  }
  return out.join('\n') + '\n';
}
