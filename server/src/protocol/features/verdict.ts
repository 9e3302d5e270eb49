/** `ciliumDatapath/verdict`: the verdict of an open document, for a status item. */
import type { Entry, Outcome } from '../documents/store';
import { isOurs } from '../documents/store';
import type { VerdictResult } from '../messages';

/** What the verdict and Explain say of a document that has no analysis: Unknown, and why. */
export function unknownHead(entry: Entry, o: Exclude<Outcome, { kind: 'ok' }>) {
  const message = o.kind === 'error' ? o.error.message : 'not analysed';
  return { uri: entry.uri, version: entry.version, mode: 'Unknown' as const, summary: `Unknown — ${message}` };
}

export function verdict(entry: Entry): VerdictResult | null {
  if (!isOurs(entry)) return null;
  const o = entry.outcome;
  if (o.kind !== 'ok') {
    return {
      ...unknownHead(entry, o),
      ciliumVersion: null,
      kernel: null,
      reasons: [],
    };
  }
  const a = o.analysis;
  return {
    uri: entry.uri,
    version: entry.version,
    mode: a.hostRouting.mode,
    summary: a.hostRouting.summary,
    ciliumVersion: {
      evaluated: a.ciliumVersion.evaluated,
      requested: a.ciliumVersion.requested,
      source: a.ciliumVersion.source === 'option' ? 'setting' : a.ciliumVersion.source,
    },
    kernel: { requested: a.kernel.requested, assumed: a.kernel.assumed },
    reasons: a.hostRouting.reasons.map((r) => ({
      ruleId: r.ruleId,
      message: r.message,
      agentLog: r.agentLog,
      silent: r.silent,
      decisive: r.decisive,
    })),
  };
}
