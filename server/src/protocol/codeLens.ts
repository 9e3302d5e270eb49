/**
 * One lens on the first line with the verdict: "Host routing: Legacy on Cilium 1.16.4 — iptables
 * masquerades, not BPF". It runs `ciliumDatapath.explain` with the document URI.
 */
import type { CodeLens } from 'vscode-languageserver';
import type { Analysis } from '../core/analyze';
import { FALLBACK_TAIL_RE } from '../core/facts/agentLog';
import { isOurs, type Entry } from './documents';
import { EXPLAIN_COMMAND } from './messages';
import { lineStartRange } from './convert';
import { shortCause } from '../core/labels';

/**
 * `Host routing: Legacy on Cilium 1.14.2 — aws-cni chaining forces it (silent)`: the verdict and
 * the decisive reason in a few words (core/labels.ts); the full sentence is in the hover on the
 * first line and in the explanation the lens opens.
 */
export function lensTitle(a: Analysis): string {
  const head = `Host routing: ${a.hostRouting.mode} on Cilium ${a.ciliumVersion.evaluated}`;
  const decisive = a.hostRouting.reasons.find((r) => r.decisive);
  if (a.hostRouting.mode === 'BPF' || !decisive) return head;
  const more = a.hostRouting.reasons.length - 1;
  return `${head} — ${shortCause(decisive)}${more > 0 ? ` · ${more} more` : ''}`;
}

export function codeLenses(entry: Entry, liveCheckCommand?: string): CodeLens[] {
  if (!isOurs(entry) || entry.outcome.kind !== 'ok') return [];
  const lenses: CodeLens[] = [{ range: lineStartRange(0), command: { title: lensTitle(entry.outcome.analysis), command: EXPLAIN_COMMAND, arguments: [entry.uri] } }];
  if (liveCheckCommand) lenses.push({ range: lineStartRange(0), command: { title: 'Check live cluster', command: liveCheckCommand, arguments: [{ file: entry.uri }] } });
  return lenses;
}
