import type { AgentFailCheck } from '../../rule';
import type { Evidence } from '../../../types';
import { before, lineAtLeast } from '../../../version';

/**
 * Features that refuse legacy host routing: BBR and BIG TCP. They check the legacy flag
 * before the agent's fallback checks run, so only legacy routing that is configured
 * (enable-host-legacy-routing, or kube-proxy-replacement=disabled up to 1.15) stops the
 * agent; after a fallback the agent starts and the feature silently lacks BPF host routing.
 */
export const needsBpfHostRouting: AgentFailCheck = {
  meta: {
    id: 'needs-bpf-host-routing',
    title: 'A feature that needs BPF host routing',
    defaultSeverity: 'error',
    summary:
      'BBR congestion control for pods (bandwidthManager.bbr) and BIG TCP (enableIPv4BIGTCP / enableIPv6BIGTCP) are built on BPF host routing. They check for it before the agent decides its fallbacks: configured legacy routing (enable-host-legacy-routing, CNI chaining in the chart, kube-proxy-replacement=disabled) stops the agent, while a later fallback (iptables masquerade, kernel, …) lets it start with the feature on and host routing legacy.',
  },
  evaluate: ({ cfg, v, d }, hostRouting) => {
    if (hostRouting !== 'Legacy') return null;
    const configured = cfg.bool('enable-host-legacy-routing').value || (d.kpr.ok && d.kpr.mode === 'disabled' && before(v, '1.16'));
    if (!configured) return null;
    const found: Array<{ ev: Evidence; log: string; name: string }> = [];
    const v6 = cfg.bool('enable-ipv6-big-tcp');
    const v4 = cfg.bool('enable-ipv4-big-tcp');
    if (v6.value || v4.value) {
      found.push({
        ev: v6.value ? v6.ev : v4.ev,
        log: lineAtLeast(v, '1.14') ? 'BIG TCP is not supported with legacy host routing' : 'IPv6 BIG TCP is not supported with legacy host routing',
        name: 'BIG TCP',
      });
    }
    const bbr = cfg.bool('enable-bbr');
    const hostnsOnly = cfg.bool('enable-bbr-hostns-only');
    if (bbr.value && !(lineAtLeast(v, '1.18') && hostnsOnly.value)) {
      found.push({ ev: bbr.ev, log: "BPF bandwidth manager's BBR setup requires BPF host routing.", name: 'BBR' });
    }
    if (found.length === 0) return null;
    return {
      evidence: found.map((f) => f.ev),
      agentLog: found[0].log,
      message: `${found.map((f) => f.name).join(' and ')} need${found.length === 1 ? 's' : ''} BPF host routing, but legacy host routing is configured, so the agent stops.`,
    };
  },
  fixes: () => [],
};
