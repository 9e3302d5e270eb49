/**
 * Hover: on a key of a values file or of the ConfigMap's `data`, what the setting does, the key
 * it renders to, its default in the chart version in use, how it changed across releases and
 * what it does to THIS file's verdict; on the first line (or a modeline), the whole verdict.
 * Uses only the cached analysis and the cached key index of the document version.
 */
import type { Hover } from 'vscode-languageserver';
import { MarkupKind } from '../lsp';
import {
  chartDefault,
  chartKeyInfo,
  CHART_VERSIONS,
  describeKey,
  parseCiliumVersion,
  configKeyDescription,
  keyDocForConfigKey,
  keyDocForValue,
  typeWord,
  valueOverlay,
  SCHEMA_RULE_IDS,
  type Analysis,
  type Evidence,
  type KeyDoc,
} from '../../core';
import { isOurs, type Entry } from '../documents/store';
import { keyIndexOf, type KeyAt } from '../documents/keyIndex';
import { agentLogLine, code, evidenceLine, explainMarkdown } from './explain';
import { toLspRange } from '../convert';
import { featureHoverLines } from './tuningView';
import { versionShortForm } from './versions';
import { releaseAtLine } from '../documents/releases';

const RULE = '\n\n---\n\n';

/** Hover for a position in a document version; null when there is nothing to say. */
export function hover(entry: Entry, line: number, character: number): Hover | null {
  if (!isOurs(entry)) return null;
  if (entry.releases) {
    // the release whose values hold the line; its `kind:` line shows its whole verdict
    const r = releaseAtLine(entry.releases, line);
    if (!r) return null;
    if (line === r.release.range.start.line) return markdown(explainMarkdown(r.view));
    const key = keyIndexOf(r.view)?.at(line, character);
    return key
      ? hover({ ...r.view, keys: r.view.keys, modeline: { ...r.view.modeline, present: false } }, line, character)
      : null;
  }
  const onModeline = isModelineLine(entry, line);
  const o = entry.outcome;
  if (o.kind !== 'ok') {
    return line === 0 || onModeline ? markdown(explainMarkdown(entry)) : null;
  }
  const key = keyIndexOf(entry)?.at(line, character);
  const parts: string[] = [];
  if (key)
    parts.push(key.kind === 'values' ? valueHover(entry, o.analysis, key) : configMapHover(entry, o.analysis, key));
  if (line === 0 || onModeline) {
    const short = versionShortForm(entry);
    parts.push(short ? `${explainMarkdown(entry)}\n\n${short}` : explainMarkdown(entry));
  }
  if (parts.length === 0) return null;
  const h = markdown(parts.join(RULE));
  if (key && !(line === 0 || onModeline)) h.range = toLspRange(key.key);
  return h;
}

function markdown(value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value } };
}

function isModelineLine(entry: Entry, line: number): boolean {
  const m = entry.modeline;
  if (!m.present) return false;
  const ranges = [
    m.version?.range,
    m.kernel?.range,
    ...m.bases.map((b) => b.range),
    ...m.suppressions.map((s) => s.range),
    ...m.problems.map((p) => p.range),
  ];
  return ranges.some((r) => r && r.start.line === line);
}

function formatDefault(v: unknown): string {
  if (v === null || v === undefined) return code('null');
  if (typeof v === 'object') return Array.isArray(v) ? (v.length === 0 ? code('[]') : 'a list') : 'a map';
  const s = JSON.stringify(v);
  return code(s.length > 80 ? `${s.slice(0, 77)}…` : s);
}

function chartDefaultLine(chart: string | undefined, path: string): string {
  if (!chart) return '';
  const d = chartDefault(chart, path);
  if (!d.found) {
    const info = chartKeyInfo(chart, path);
    const versions = info?.versions ?? [];
    return versions.length > 0
      ? `Not in the values.yaml of chart ${chart} (charts ${versions[0]}–${versions[versions.length - 1]} have it).`
      : `Not in chart ${chart}.`;
  }
  if (d.commented)
    return `Chart ${chart} default: unset (only commented out in values.yaml as ${formatDefault(d.value)}).`;
  return `Chart ${chart} default: ${formatDefault(d.value)}.`;
}

/** Does this evidence (or a chart-rule input behind it) involve the key? */
function involves(e: Evidence, match: (e: Evidence) => boolean, depth = 0): boolean {
  if (match(e)) return true;
  return depth < 3 && (e.origin.inputs ?? []).some((i) => involves(i, match, depth + 1));
}

/** "This file: …" lines: how the key bears on the current verdict. */
function impact(entry: Entry, a: Analysis, match: (e: Evidence) => boolean, effectiveKeys: string[]): string[] {
  const out: string[] = [];
  const hits = a.hostRouting.reasons.filter((r) => r.evidence.some((e) => involves(e, match)));
  const decisive = a.hostRouting.reasons.find((r) => r.decisive);
  for (const r of hits.slice(0, 3)) {
    if (r.decisive) {
      const why =
        a.hostRouting.mode === 'AgentFails'
          ? 'this is why the agent does not start'
          : `this is why host routing is ${a.hostRouting.mode}`;
      out.push(`**This file:** ${why} (${code(r.ruleId)}) — ${r.message} ${agentLogLine(r)}`);
    } else {
      out.push(
        `**This file:** once ${code(decisive?.ruleId ?? 'the first reason')} is fixed, this still blocks BPF host routing (${code(r.ruleId)}) — ${r.message} ${agentLogLine(r)}`,
      );
    }
  }
  if (hits.length === 0) {
    if (a.hostRouting.mode === 'BPF') out.push('**This file:** not a reason here — the verdict is BPF host routing.');
    else
      out.push(
        `**This file:** not a reason here — host routing is ${a.hostRouting.mode}${decisive ? ` because of ${code(decisive.ruleId)}` : ''}.`,
      );
  }
  for (const k of effectiveKeys) {
    const e = a.effectiveConfig.find((x) => x.key === k);
    if (e) out.push(`The agent sees ${evidenceLine(e, a, entry.uri)}.`);
  }
  // Other findings about this key (deprecated values, string booleans, …).
  for (const f of a.findings) {
    if (hits.some((h) => h.ruleId === f.ruleId)) continue;
    if (f.evidence.some((e) => involves(e, match))) out.push(`Also: ${f.message} (${code(f.ruleId)})`);
  }
  return out;
}

function docLines(doc: KeyDoc): string[] {
  return [`${doc.what} ${doc.hostRouting}`, '', `*History:* ${doc.history}`];
}

function valueHover(entry: Entry, a: Analysis, key: KeyAt): string {
  const path = key.path;
  const doc = keyDocForValue(path);
  const chart = a.chart?.version;
  const out: string[] = [];
  if (doc) {
    const renders =
      doc.configKeys.length > 0
        ? ` → cilium-config ${doc.configKeys.map(code).join(', ')}`
        : ' (not rendered into the ConfigMap)';
    out.push(`**${code(path)}**${renders}`, '');
    out.push(...docLines(doc), '');
    let def = chartDefaultLine(chart, path);
    const d = chart ? chartDefault(chart, path) : undefined;
    const v = parseCiliumVersion(a.ciliumVersion.evaluated);
    const described = v.ok ? describeKey(path, v.value) : undefined;
    const agentDef = described?.agentDefault;
    if (d?.found && (d.value === null || d.commented) && agentDef !== undefined) {
      def = `${def.replace(/\.$/, '')} — the templates decide what to render; without ${code(doc.configKeys[0])} the agent uses ${code(agentDef)}.`;
    }
    if (def) out.push(def, '');
    if (described) out.push(...described.lifecycle.flatMap((l) => [l, '']));
    const match = (e: Evidence) =>
      e.origin.valuePath === path ||
      e.key === path ||
      (doc.configKeys.includes(e.key) && (e.origin.valuePath === undefined || doc.values.includes(e.origin.valuePath)));
    out.push(...impact(entry, a, match, doc.configKeys).flatMap((l) => [l, '']));
    if (v.ok) out.push(...featureHoverLines(tuningOf(a), v.value, { valuePath: path }));
    return out.join('\n').trimEnd();
  }
  // Any other chart key: type and default.
  const info = chart ? chartKeyInfo(chart, path) : undefined;
  if (!info) {
    const newest = CHART_VERSIONS[CHART_VERSIONS.length - 1];
    const anywhere = chartKeyInfo(newest, path);
    out.push(
      `**${code(path)}**`,
      '',
      anywhere && anywhere.versions.length > 0
        ? `Not a value of chart ${chart ?? newest}; charts ${anywhere.versions[0]}–${anywhere.versions[anywhere.versions.length - 1]} have it.`
        : `Not a value of the cilium chart${chart ? ` ${chart}` : ''}: Helm passes it to the templates, which never read it (a typo?).`,
    );
    return out.join('\n');
  }
  const type = info.type ?? info.schemaTypes?.join(' | ') ?? 'unknown';
  out.push(
    `**${code(path)}** — ${type === 'object' ? 'map' : typeWord(info.type, info.schemaTypes)} in chart ${info.chart}`,
    '',
  );
  const described = valueOverlay(path)?.doc;
  if (described) out.push(described, '');
  if (type !== 'object') out.push(chartDefaultLine(chart, path), '');
  if (info.schemaEnum && info.schemaEnum.length > 0)
    out.push(`Allowed: ${info.schemaEnum.map((v) => code(JSON.stringify(v))).join(', ')}`, '');
  const v = parseCiliumVersion(a.ciliumVersion.evaluated);
  if (v.ok) out.push(...describeKey(path, v.value).lifecycle.flatMap((l) => [l, '']));
  const feature = v.ok ? featureHoverLines(tuningOf(a), v.value, { valuePath: path }) : [];
  if (feature.length > 0) out.push(...feature);
  else out.push('Not an input of the host-routing decision.');
  for (const f of keyFindings(a, entry.uri, key)) out.push('', `**This file:** ${f.message} (${code(f.ruleId)})`);
  return out.join('\n');
}

/** The key checks' findings on this very key (type, value, lifecycle). */
function keyFindings(a: Analysis, uri: string, key: KeyAt): Analysis['findings'] {
  const at = (r: { start: { line: number; character: number } }, x: { start: { line: number; character: number } }) =>
    r.start.line === x.start.line && r.start.character === x.start.character;
  return a.findings.filter(
    (f) =>
      SCHEMA_RULE_IDS.includes(f.ruleId) &&
      f.location?.file === uri &&
      (at(f.location.range, key.key) || at(f.location.range, key.value)),
  );
}

function configMapHover(entry: Entry, a: Analysis, key: KeyAt): string {
  const k = key.path;
  const v = parseCiliumVersion(a.ciliumVersion.evaluated);
  const described = v.ok ? describeKey(k, v.value, 'configKey') : undefined;
  const doc = described ? described.doc : keyDocForConfigKey(k);
  const def = described?.agentDefault;
  const out: string[] = [`**${code(k)}** (cilium-config)`, ''];
  if (doc) {
    out.push(...docLines(doc), '');
    if (doc.values.length > 0)
      out.push(`Helm value${doc.values.length > 1 ? 's' : ''}: ${doc.values.map(code).join(', ')}`, '');
  }
  if (!doc) {
    const description = configKeyDescription(k);
    if (description) out.push(description, '');
  }
  if (described) out.push(...described.lifecycle.flatMap((l) => [l, '']));
  out.push(
    def !== undefined
      ? `When absent, the ${a.ciliumVersion.line} agent uses ${code(def)}.`
      : `No built-in default that matters for host routing.`,
    '',
  );
  const feature = v.ok ? featureHoverLines(tuningOf(a), v.value, { configKey: k }) : [];
  if (doc || a.hostRouting.reasons.some((r) => r.evidence.some((e) => e.key === k))) {
    // (the key checks' findings on this key are among the "Also:" lines)
    out.push(...impact(entry, a, (e) => e.key === k, []).flatMap((l) => [l, '']));
    out.push(...feature);
  } else if (feature.length > 0) {
    out.push(...feature);
    for (const f of keyFindings(a, entry.uri, key)) out.push('', `**This file:** ${f.message} (${code(f.ruleId)})`);
  } else {
    out.push('Not an input of the host-routing decision.');
    for (const f of keyFindings(a, entry.uri, key)) out.push('', `**This file:** ${f.message} (${code(f.ruleId)})`);
  }
  return out.join('\n').trimEnd();
}

function tuningOf(a: Analysis) {
  return a.verdicts.tuning;
}
