/**
 * The tuning side of the live check, for one node: what its agent's `cilium status` says about
 * each checklist feature (tuningStatus.ts for the tuning lines, the host-routing parser for
 * masquerading, KPR and routing) next to what the core predicts for that node (its own kernel,
 * Cilium version and CiliumNodeConfig overrides), with every difference explained where the
 * spec knows why — including the status lines that do not mean what they print (tuning-spec §6:
 * from 1.15 BIG TCP shows `Enabled` with the default 64k sizes although the kernel refused it).
 *
 * Pure: no kubectl, no I/O.
 */
import type { Analysis } from '../analyze';
import type { AgentStatus } from '../status/types';
import { observedFeatures, type ObservedFeature, type TuningStatus } from '../status/tuningStatus';
import type { FeatureId, FeatureState, FeatureVerdict } from '../families/tuning/types';
import { parseGoBool } from '../agent/config';
import { agentDefault } from '../facts/agentDefaults';
import { kernelHas, kernelSince } from '../facts/kernel';
import { lineAtLeast, parseCiliumVersion, parseKernelVersion } from '../version';

/** A checklist feature, or the attach mode (a status line that belongs to no feature). */
export type TuningCheckId = FeatureId | 'attach-mode';

export type TuningCheckVerdict =
  /** the status shows what the prediction says */
  | 'match'
  /** the status differs from the prediction, and we know why (a status quirk, the agent's own fallback) */
  | 'explained'
  /** the status differs and nothing we know explains it */
  | 'mismatch'
  /** the prediction or the status cannot tell (XDP best-effort, a NIC driver, …) */
  | 'unknown'
  /** the agent's status has no line for it (older version, text output without `--verbose`) */
  | 'not-reported';

export interface TuningCheck {
  id: TuningCheckId;
  title: string;
  /** the configuration asks for it (the attach mode: always true) */
  requested: boolean;
  /** the predicted state (`active|inactive|agent-fails|unknown`); attach mode: `active` = TCX */
  predictedState: FeatureState;
  /** short words for the prediction: `active (EDT, BBR)`, `inactive: prerequisite-missing`, `TCX` */
  predicted: string;
  /** the status line the prediction expects, as `cilium status` prints it, or null */
  predictedStatus: string | null;
  /** what the node's status shows, as printed (null: no line) */
  reported: string | null;
  verdict: TuningCheckVerdict;
  /** for anything but a plain match: why */
  explanation: string | null;
}

export interface NodeTuning {
  checks: TuningCheck[];
  /** checks with verdict `mismatch` */
  mismatches: number;
  /** checks with verdict `explained` */
  explained: number;
  /** `2 differences: ipv4-big-tcp, bbr` or `as predicted` */
  summary: string;
}

/** What the node reports for one check, from the tuning lines and the host-routing parser. */
interface Observation {
  on: boolean | undefined;
  value: string;
  note?: string;
  /** extra value compared when both sides are on (DSR dispatch) */
  sub?: string;
}

function statusObservations(status: AgentStatus | null, tuning: TuningStatus | null): Map<TuningCheckId, Observation> {
  const out = new Map<TuningCheckId, Observation>();
  if (tuning) {
    for (const o of observedFeatures(tuning) as ObservedFeature[])
      out.set(o.id, { on: o.on, value: o.value, ...(o.note ? { note: o.note } : {}) });
    const dsr = out.get('dsr');
    if (dsr && tuning.kpr?.dsrDispatch) dsr.sub = tuning.kpr.dsrDispatch;
  }
  if (status) {
    if (status.hostRouting) out.set('host-routing', { on: status.hostRouting === 'BPF', value: status.hostRouting });
    if (status.masquerading) {
      const m = status.masquerading.mode;
      out.set('bpf-masquerade', {
        on: m === 'BPF' ? true : m === 'IPTables' || m === 'Disabled' ? false : undefined,
        value: m + (status.masquerading.ipMasqAgent ? ' (ip-masq-agent)' : ''),
      });
    }
    const kpr = status.kubeProxyReplacement?.mode;
    if (kpr) {
      const on = /^(true|strict)$/i.test(kpr) ? true : /^(false|disabled)$/i.test(kpr) ? false : undefined;
      out.set('kube-proxy-replacement', {
        on,
        value: kpr,
        ...(on === undefined ? { note: `${kpr}: only the features the kernel or the toggles allow` } : {}),
      });
    }
    if (status.networkRouting)
      out.set('native-routing', {
        on: status.networkRouting === 'Native',
        value: status.networkRouting + (status.tunnelProtocol ? ` [${status.tunnelProtocol}]` : ''),
      });
  }
  const attach = tuning?.attachMode ?? status?.attachMode;
  if (attach) out.set('attach-mode', { on: attach === 'TCX', value: attach });
  return out;
}

function predictedWords(f: FeatureVerdict): string {
  if (f.state === 'active') return `active${f.detail ? ` (${f.detail})` : ''}`;
  if (f.state === 'inactive') return `inactive${f.inactiveCause ? `: ${f.inactiveCause}` : ''}`;
  return f.state;
}

/** The attach mode the agent reports: TCX when enable-tcx (default on from 1.16) and the kernel has tcx; netkit forces it on. */
function predictAttachMode(
  analysis: Analysis,
  data: Record<string, string>,
  netkitActive: boolean,
): { tcx: boolean; why: string } | null {
  const v = parseCiliumVersion(analysis.ciliumVersion.evaluated);
  if (!v.ok || !lineAtLeast(v.value, '1.16')) return null;
  const raw = data['enable-tcx'];
  const flag = raw !== undefined ? (parseGoBool(raw.trim()) ?? false) : agentDefault('enable-tcx', v.value) === 'true';
  const k = analysis.kernel.requested ? parseKernelVersion(analysis.kernel.requested) : null;
  const kernel = k && k.ok ? k.value : undefined;
  const has = kernelHas(kernel, 'tcx');
  if (!has) return { tcx: false, why: `kernel ${kernel?.raw ?? '?'} < ${kernelSince('tcx')} has no tcx links` };
  if (netkitActive) return { tcx: true, why: 'netkit forces tcx attachment' };
  return flag
    ? { tcx: true, why: `enable-tcx on and kernel ≥ ${kernelSince('tcx')}` }
    : { tcx: false, why: 'enable-tcx=false' };
}

/** The status line's value part (`IPv4 BIG TCP:  Enabled  [65536]` → `Enabled  [65536]`). */
function statusValue(line: string | null): string | null {
  if (!line) return null;
  return line
    .split(' · ')
    .map((p) => p.replace(/^[^:]+:\s*/, ''))
    .join(' · ');
}

/**
 * Compares one node's status with its prediction. `data` is the node's effective configuration
 * (ConfigMap + overrides), `context` names what the prediction used (for the explanations).
 */
export function compareNodeTuning(
  analysis: Analysis,
  status: AgentStatus | null,
  tuning: TuningStatus | null,
  data: Record<string, string>,
  context: { kernel: string | null; version: string | null; overrides: string[] },
): NodeTuning {
  const seen = statusObservations(status, tuning);
  const features: FeatureVerdict[] = analysis.verdicts.tuning?.features ?? [];
  const checks: TuningCheck[] = [];
  const on = `kernel ${context.kernel ?? 'unknown'}, Cilium ${context.version ?? analysis.ciliumVersion.evaluated}${context.overrides.length ? `, overrides ${context.overrides.join(', ')}` : ''}`;
  for (const f of features) {
    const o = seen.get(f.id);
    const check: TuningCheck = {
      id: f.id,
      title: f.title,
      requested: f.requested,
      predictedState: f.state,
      predicted: predictedWords(f),
      predictedStatus: statusValue(f.status),
      reported: o?.value ?? null,
      verdict: 'match',
      explanation: null,
    };
    checks.push(check);
    judge(check, f, o, on);
  }
  const netkit = features.find((f) => f.id === 'netkit');
  const attach = predictAttachMode(analysis, data, netkit?.state === 'active');
  if (attach) {
    const o = seen.get('attach-mode');
    const check: TuningCheck = {
      id: 'attach-mode',
      title: 'Attach mode',
      requested: true,
      predictedState: attach.tcx ? 'active' : 'inactive',
      predicted: `${attach.tcx ? 'TCX' : 'Legacy TC'} (${attach.why})`,
      predictedStatus: attach.tcx ? 'TCX' : 'Legacy TC',
      reported: o?.value ?? null,
      verdict: 'match',
      explanation: null,
    };
    if (!o) {
      check.verdict = 'not-reported';
      check.explanation = 'The status has no Attach Mode line.';
    } else if (o.on !== attach.tcx) {
      check.verdict = 'mismatch';
      check.explanation = attach.tcx
        ? `Predicted TCX (${attach.why}), the node reports ${o.value}: the kernel may lack tcx support although its version says otherwise (a vendor kernel), or enable-tcx differs on this node.`
        : `Predicted Legacy TC (${attach.why}), the node reports TCX: its kernel has tcx (a backport?) or enable-tcx differs on this node.`;
    }
    checks.push(check);
  }
  const mismatches = checks.filter((c) => c.verdict === 'mismatch').length;
  const explained = checks.filter((c) => c.verdict === 'explained').length;
  const differing = checks.filter((c) => c.verdict === 'mismatch' || c.verdict === 'explained').map((c) => c.id);
  return {
    checks,
    mismatches,
    explained,
    summary: differing.length
      ? `${differing.length} ${differing.length === 1 ? 'difference' : 'differences'}${mismatches ? ` (${mismatches} unexplained)` : ''}: ${differing.join(', ')}`
      : 'as predicted',
  };
}

function judge(check: TuningCheck, f: FeatureVerdict, o: Observation | undefined, on: string): void {
  if (f.state === 'agent-fails') {
    // A running agent whose prediction is a refused start: the host-routing comparison reports it.
    check.verdict = o ? 'mismatch' : 'not-reported';
    check.explanation = o
      ? `Predicted to stop the agent (${f.reasons.find((r) => r.kind === 'fatal')?.agentLog ?? 'a start-up failure'}), but the agent runs and reports ${o.value}.`
      : null;
    return;
  }
  if (!o) {
    check.verdict = 'not-reported';
    check.explanation =
      f.status === null
        ? 'No status line shows this feature (check the node itself).'
        : 'The status output has no line for it (older version, or text output without --verbose).';
    return;
  }
  if (f.state === 'unknown' || o.on === undefined) {
    check.verdict = 'unknown';
    check.explanation =
      o.note ??
      f.reasons.find((r) => r.kind === 'unknown')?.message ??
      'Neither the prediction nor the status can tell whether it is active.';
    return;
  }
  const predictedOn = f.state === 'active';
  if (predictedOn === o.on) {
    if (predictedOn && f.id === 'dsr' && o.sub) {
      const want = /DSR Dispatch Mode:\s*(.+)$/.exec(f.status ?? '')?.[1]?.trim();
      if (want && want !== o.sub) {
        check.verdict = 'mismatch';
        check.explanation = `DSR dispatch: predicted ${want}, the node reports ${o.sub} (bpf-lb-dsr-dispatch differs on this node?).`;
        return;
      }
    }
    // Same state, but a status that does not mean what it prints: say so.
    if (o.note) {
      check.explanation = /BIG TCP|64k/.test(o.note) ? `Status quirk (tuning-spec §6): ${o.note}.` : o.note;
    }
    return;
  }
  const bigTcp = f.id === 'ipv4-big-tcp' || f.id === 'ipv6-big-tcp';
  if (bigTcp && predictedOn && /^Enabled \[65536\]$/.test(o.value)) {
    check.verdict = 'explained';
    check.explanation = `Status quirk (tuning-spec §6): from 1.15 the status prints the configured flag, so "Enabled" with the default 64k size means the agent did not raise GSO/GRO — the kernel, a device or the NIC refused BIG TCP on this node although the prediction (${on}) expected it. Look for "Cannot enable --enable-${f.id.replace('-big-tcp', '')}-big-tcp" or "Could not modify" in the agent log.`;
    return;
  }
  if (f.id === 'clock-probe' && predictedOn && !o.on) {
    check.verdict = 'explained';
    check.explanation =
      'The agent keeps ktime when it cannot determine KERNEL_HZ (it logs "Auto-disabling \\"enable-bpf-clock-probe\\" feature since KERNEL_HZ cannot be determined") or when jiffies cannot be read.';
    return;
  }
  if (f.id === 'xdp-acceleration' && predictedOn && !o.on) {
    check.verdict = 'explained';
    check.explanation = 'XDP did not attach: the NIC driver has no native XDP, or NodePort is off on this node.';
    return;
  }
  check.verdict = 'mismatch';
  const why = f.reasons.find((r) => r.kind !== 'note');
  check.explanation = predictedOn
    ? `Predicted active for this node (${on}), but its status shows ${o.value}: the agent may have turned it off (check its log), or the node's configuration differs from what was read.`
    : `Predicted off${why ? ` (${why.message.replace(/\.$/, '')})` : ''} for this node (${on}), but its status shows ${o.value}: the agent runs a configuration other than the one read (a restart pending, an override not seen), or its kernel differs.`;
}
