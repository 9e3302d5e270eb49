/**
 * BPF masquerade was requested but cannot work with the rest of the configuration.
 * 1.9.5–1.14: the agent falls back to iptables masquerading and then to legacy host routing.
 * 1.15–1.18: the agent refuses to start. 1.9.0–1.9.4: iptables takes over, host routing untouched.
 */
import { enableKprFix } from '../fixes';
import type { AgentFailCheck, CheckContext, HostRoutingCheck, Outcome } from '../../rule';
import type { Evidence } from '../../../types';
import { BPF_MASQUERADE_FALLBACK_LOG } from '../../../facts/agentLog';
import { atLeast, before, lineAtLeast } from '../../../version';

export const LEGACY_AFTER_MASQ = BPF_MASQUERADE_FALLBACK_LOG;

const meta = {
  id: 'bpf-masquerade-unusable',
  title: 'BPF masquerade is requested but cannot run',
  defaultSeverity: 'warning' as const,
  summary:
    'BPF masquerade needs BPF NodePort, remote node identities, devices given through devices (not egress-masquerade-interfaces) and, in tunnel mode, full socket load-balancing (host-reachable services before 1.13). When one is missing, 1.9.5–1.14 agents fall back to iptables masquerading and then to legacy host routing; 1.15–1.18 agents refuse to start.',
};

interface Blocker {
  reason: string;
  evidence: Evidence[];
}

/** The first reason BPF masquerade cannot be used, or null. */
export function bpfMasqueradeBlocker({ cfg, d, v }: CheckContext): Blocker | null {
  if (!d.bpfMasq.value) return null;
  const masqOn = d.ipv4Masq.value || (lineAtLeast(v, '1.14') && d.ipv6Masq.value);
  if (!masqOn && before(v, '1.15')) return null;
  if (!d.nodePort.value && !lineAtLeast(v, '1.19')) {
    return {
      reason: 'BPF masquerade requires NodePort (--enable-node-port="true").',
      evidence: [d.bpfMasq.ev, ...d.nodePort.evidence],
    };
  }
  const egress = cfg.ev('egress-masquerade-interfaces');
  if (egress.value) {
    return {
      reason:
        'BPF masquerade does not allow to specify devices via --egress-masquerade-interfaces (use --devices instead).',
      evidence: [d.bpfMasq.ev, egress],
    };
  }
  if (atLeast(v, '1.9.5') && before(v, '1.16')) {
    const rni = cfg.bool('enable-remote-node-identity');
    if (!rni.value) {
      return {
        reason: 'BPF masquerade requires remote node identities (--enable-remote-node-identity="true").',
        evidence: [d.bpfMasq.ev, rni.ev],
      };
    }
  }
  if (d.tunnel.value && d.kpr.ok && before(v, '1.15')) {
    if (before(v, '1.13')) {
      const full = hostReachableServicesFull(cfg, d);
      if (!full.value) {
        return {
          reason: 'BPF masquerade requires --enable-host-reachable-services to be fully enabled (TCP and UDP).',
          evidence: [d.bpfMasq.ev, ...full.evidence],
        };
      }
    } else {
      const sock = socketLb(cfg, d);
      if (!sock.value)
        return {
          reason: 'BPF masquerade requires socket-LB (--bpf-lb-sock="false")',
          evidence: [d.bpfMasq.ev, ...sock.evidence],
        };
    }
  }
  return null;
}

function hostReachableServicesFull(
  cfg: CheckContext['cfg'],
  d: CheckContext['d'],
): { value: boolean; evidence: Evidence[] } {
  if (d.kpr.ok && (d.kpr.mode === 'strict' || d.kpr.mode === 'probe')) return { value: true, evidence: [d.kpr.ev] };
  const hrs = cfg.bool('enable-host-reachable-services');
  const protos = cfg.ev('host-reachable-services-protos');
  const p = (protos.value ?? 'tcp,udp').split(',').map((s) => s.trim());
  return { value: hrs.value && p.includes('tcp') && p.includes('udp'), evidence: [d.kpr.ev, hrs.ev, protos] };
}

function socketLb(cfg: CheckContext['cfg'], d: CheckContext['d']): { value: boolean; evidence: Evidence[] } {
  if (d.kpr.ok && (d.kpr.mode === 'strict' || d.kpr.mode === 'true')) return { value: true, evidence: [d.kpr.ev] };
  const s = cfg.bool('bpf-lb-sock');
  return { value: s.value, evidence: [d.kpr.ev, s.ev] };
}

/** 1.9.5–1.14: a reason for legacy host routing, decided after the main chain. */
export const bpfMasqueradeFallback: HostRoutingCheck = {
  meta,
  test: (ctx) => {
    if (!atLeast(ctx.v, '1.9.5') || lineAtLeast(ctx.v, '1.15')) return null;
    return bpfMasqueradeBlocker(ctx)?.evidence ?? null;
  },
  agentLog: () => LEGACY_AFTER_MASQ,
  message: (ctx) => {
    const b = bpfMasqueradeBlocker(ctx);
    return `BPF masquerade is requested but cannot run (${b?.reason ?? 'see the agent log'}), so the agent masquerades with iptables and falls back to legacy host routing.`;
  },
  fixes: () => [],
};

/** 1.15–1.18: the same situation stops the agent. */
export const bpfMasqueradeFatal: AgentFailCheck = {
  meta: { ...meta, defaultSeverity: 'error' },
  evaluate: (ctx): Outcome | null => {
    const { v, d } = ctx;
    if (before(v, '1.15') || lineAtLeast(v, '1.19')) return null;
    if (d.bpfMasq.value && !d.ipv4Masq.value && !d.ipv6Masq.value) {
      return {
        evidence: [d.bpfMasq.ev, ...d.ipv4Masq.evidence, ...d.ipv6Masq.evidence],
        agentLog: 'BPF masquerade requires (--enable-ipv4-masquerade="true" or --enable-ipv6-masquerade="true")',
        message:
          'enable-bpf-masquerade is true while both IPv4 and IPv6 masquerading are off; this agent refuses that combination.',
      };
    }
    const b = bpfMasqueradeBlocker(ctx);
    if (!b) return null;
    return {
      evidence: b.evidence,
      agentLog: `unable to initialize BPF masquerade support: ${b.reason.replace(/\.$/, '')}`,
      message: `BPF masquerade is requested but cannot run (${b.reason}); from 1.15 the agent stops instead of falling back.`,
    };
  },
  fixes: ({ v }) => [enableKprFix(v)],
};
