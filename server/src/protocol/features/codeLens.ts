/**
 * One lens on the first line with the verdict: "Host routing: Legacy on Cilium 1.16.4 — requires
 * enable-bpf-masquerade". It runs `ciliumDatapath.explain` with the document URI.
 */
import type { CodeLens } from 'vscode-languageserver';
import { FALLBACK_TAIL_RE, type Analysis } from '../../core';
import { isOurs, type Entry } from '../documents/store';
import { EXPLAIN_COMMAND } from '../messages';
import { lineStartRange } from '../convert';

/** Longest lens title; longer reasons are cut to their first clause, then at a word boundary. */
export const MAX_LENS_TITLE = 110;

/** `Legacy on Cilium 1.16.4 — BPF host routing requires enable-bpf-masquerade.` → a lens title. */
export function lensTitle(a: Analysis): string {
  const summary = a.hostRouting.summary.trim();
  const dash = summary.indexOf(' — ');
  const head = `Host routing: ${dash >= 0 ? summary.slice(0, dash) : summary}`;
  let tail = (dash >= 0 ? summary.slice(dash + 3) : '')
    .replace(/^BPF host routing /, '')
    .replace(FALLBACK_TAIL_RE, '')
    .replace(/[.\s]+$/, '');
  if (!tail) return head;
  const silent = a.hostRouting.reasons.find((r) => r.decisive)?.silent === true;
  const note = silent ? ' (not logged)' : '';
  if (head.length + 3 + tail.length + note.length > MAX_LENS_TITLE) {
    // The first clause usually carries the point: `kube-proxy-replacement is "false", so …`.
    tail = tail.split(/;\s|,\s(?:so|and|but|which)\s|\.\s/)[0].replace(/[,;:.\s]+$/, '');
  }
  let title = `${head} — ${tail}`;
  if (title.length + note.length > MAX_LENS_TITLE) {
    const limit = MAX_LENS_TITLE - note.length - 1;
    const cut = title.lastIndexOf(' ', limit);
    title = `${title.slice(0, cut > head.length ? cut : limit).replace(/[,;:\s]+$/, '')}…`;
  }
  return title + note;
}

export function codeLenses(entry: Entry, liveCheckCommand?: string): CodeLens[] {
  if (!isOurs(entry) || entry.outcome.kind !== 'ok') return [];
  const lenses: CodeLens[] = [{ range: lineStartRange(0), command: { title: lensTitle(entry.outcome.analysis), command: EXPLAIN_COMMAND, arguments: [entry.uri] } }];
  if (liveCheckCommand) lenses.push({ range: lineStartRange(0), command: { title: 'Check live cluster', command: liveCheckCommand, arguments: [{ file: entry.uri }] } });
  return lenses;
}
