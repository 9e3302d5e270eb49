/**
 * Markdown for the version-spanning results, shared by the editor (Explain, hover, the upgrade
 * report) and anything else that shows Markdown.
 */
import type { VersionGroup } from './range';
import type { UpgradeReport } from './upgrade';
import { verdictLabel, verdictOf } from './verdict';

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** `1.9–1.13 Legacy (endpoint routes); 1.14–1.20 BPF` */
export function versionsShortMarkdown(groups: VersionGroup[], note = ''): string {
  return `**By version${note ? ` (${note})` : ''}:** ${groups.map((g) => `${g.versions} ${g.hostRouting.label}`).join('; ')}`;
}

/** A table: releases, verdict, why. */
export function versionsTableMarkdown(groups: VersionGroup[]): string {
  const rows = groups.map((g) => {
    const dash = g.hostRouting.summary.indexOf(' — ');
    const why = dash >= 0 ? g.hostRouting.summary.slice(dash + 3) : '';
    return `| ${g.versions} | ${g.hostRouting.mode} | ${cell(why)} |`;
  });
  return ['| Releases | Host routing | Why |', '|---|---|---|', ...rows].join('\n');
}

export function upgradeMarkdown(r: UpgradeReport, fileLabel: string): string {
  const out: string[] = [];
  out.push(`# Upgrade ${r.from.ciliumVersion.evaluated} → ${r.to.ciliumVersion.evaluated}: ${fileLabel}`);
  out.push('');
  out.push(`- **Before:** ${r.from.hostRouting.summary}`);
  out.push(`- **After:** ${r.to.hostRouting.summary}`);
  out.push('');
  out.push(
    r.worse
      ? `**The file gets worse with this upgrade** (${verdictLabel(verdictOf(r.from))} → ${verdictLabel(verdictOf(r.to))}).`
      : 'The file does not get worse with this upgrade.',
  );
  out.push('');
  if (r.changes.length === 0) {
    out.push('No change on the way touches this file or its effective configuration.');
  } else {
    out.push('| Release | Change | Setting | What happens | Fix |');
    out.push('|---|---|---|---|---|');
    for (const c of r.changes)
      out.push(
        `| ${c.version} | ${c.kind} | ${c.path ? code(c.path) : ''} | ${cell(c.message)} | ${c.fix ? cell(c.fix) : ''} |`,
      );
  }
  if (r.notes.length > 0) {
    out.push('');
    for (const n of r.notes) out.push(`_${n}_`);
  }
  return out.join('\n') + '\n';
}
