/**
 * Lenses on the first line: the verdict ("Host routing: Legacy on Cilium 1.16.4 — aws-cni chaining
 * forces it (silent)") and the one-line datapath summary ("Datapath: BPF host routing · BPF masq ·
 * KPR · DSR · BBR off (kernel 5.15 < 5.18)"). Both run `ciliumDatapath.explain` with the document URI.
 */
import type { CodeLens } from 'vscode-languageserver';
import { shortCause, type Analysis } from '../../core';
import { isOurs, type Entry } from '../documents/store';
import { EXPLAIN_COMMAND } from '../messages';
import { lineStartRange } from '../convert';
import { datapathLensTitle } from './tuningView';

/** Longest lens title (the datapath lens is cut to it). */
export const MAX_LENS_TITLE = 110;

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
  if (entry.releases) {
    // one verdict lens per wrapped release, on its `kind:` line; Explain gets the release's index
    return entry.releases.flatMap((r, i) => {
      const range = lineStartRange(r.release.range.start.line);
      const o = r.view.outcome;
      const title =
        o.kind === 'ok'
          ? lensTitle(o.analysis)
          : `Host routing: unknown — ${o.kind === 'error' ? o.error.message.replace(/^\S+:\d+:\d+: /, '') : 'not analysed'}`;
      const lens: CodeLens = {
        range,
        command: {
          title: entry.releases!.length > 1 ? `${r.release.name}: ${title}` : title,
          command: EXPLAIN_COMMAND,
          arguments: [entry.uri, i],
        },
      };
      return [lens];
    });
  }
  if (!isOurs(entry) || entry.outcome.kind !== 'ok') return [];
  const a = entry.outcome.analysis;
  const lenses: CodeLens[] = [
    { range: lineStartRange(0), command: { title: lensTitle(a), command: EXPLAIN_COMMAND, arguments: [entry.uri] } },
    {
      range: lineStartRange(0),
      command: {
        title: datapathLensTitle(a.verdicts.tuning, MAX_LENS_TITLE),
        command: EXPLAIN_COMMAND,
        arguments: [entry.uri],
      },
    },
  ];
  if (liveCheckCommand)
    lenses.push({
      range: lineStartRange(0),
      command: { title: 'Check live cluster', command: liveCheckCommand, arguments: [{ file: entry.uri }] },
    });
  return lenses;
}
