import type { RuleMeta } from '../../rule';

/**
 * Features that refuse legacy host routing: BBR and BIG TCP. When their check runs depends on
 * the release (checked in the source at the tags, docs/ground-truth.md): 1.12–1.14 check after
 * every host-routing fallback, so any legacy outcome stops the agent; from 1.15 they run before
 * the daemon decides its fallbacks, so only configured legacy routing does. The tuning family
 * (families/tuning) evaluates them; the rule id is shared.
 */
export const needsBpfHostRouting: { meta: RuleMeta } = {
  meta: {
    id: 'needs-bpf-host-routing',
    title: 'A feature that needs BPF host routing',
    defaultSeverity: 'error',
    summary:
      'BBR congestion control for pods (bandwidthManager.bbr) and BIG TCP (enableIPv4BIGTCP / enableIPv6BIGTCP) are built on BPF host routing, and the agent refuses to start when they meet legacy routing. Up to 1.14 the check runs after every fallback, so any reason for legacy routing (iptables masquerade, kube-proxy replacement off, endpoint routes, …) stops the agent. From 1.15 it runs before the agent decides its fallbacks: only legacy routing that is configured (enable-host-legacy-routing, CNI chaining in the chart) stops it, and a later fallback lets the agent start with the feature on while traffic goes through the host stack. From 1.18, bbrHostNamespaceOnly lifts the BBR check.',
  },
};
