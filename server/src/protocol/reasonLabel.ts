/**
 * A few words per reason of the verdict, for places with little room (the lens, the report's
 * reason headings): `Legacy — kernel 4.19 is older than 5.10 (logged)`. The full sentence stays in
 * the hover and the explanation.
 */
import type { HostRoutingMode, Reason } from '../core/types';

/** Longest label, mode prefix and log note included. */
export const MAX_LABEL = 72;

/** The first clause of a sentence, without a trailing full stop. */
export function firstClause(sentence: string): string {
  return sentence
    .trim()
    .split(/;\s|:\s|,\s(?:so|and|but|which|because|while)\s|\.\s|\s—\s/)[0]
    .replace(/[,;:.\s]+$/, '');
}

/** `clause` shortened at a word boundary so that it fits `room` characters (no cut mid-word). */
export function fit(clause: string, room: number): string {
  if (clause.length <= room) return clause;
  const cut = clause.lastIndexOf(' ', room - 1);
  return `${clause.slice(0, cut > room / 2 ? cut : room - 1).replace(/[,;:(\s]+$/, '')}…`;
}

/** `Legacy — CNI chaining (aws-cni) makes the chart render … (silent)`. */
export function reasonLabel(r: Pick<Reason, 'message' | 'silent' | 'agentLog'> & { label?: string }, mode: HostRoutingMode): string {
  const note = r.silent ? ' (silent)' : '';
  const head = `${mode} — `;
  const text = r.label ?? firstClause(r.message);
  return `${head}${fit(text, MAX_LABEL - head.length - note.length)}${note}`;
}
