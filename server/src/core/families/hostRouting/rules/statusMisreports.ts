import type { AgentFailCheck } from '../../rule';

/** 1.9.0–1.9.3: kube-proxy-replacement=disabled left the legacy flag false, so status showed BPF. */
export const statusMisreports: AgentFailCheck = {
  meta: {
    id: 'status-misreports',
    title: 'cilium status reports BPF host routing that does not run (Cilium 1.9.0–1.9.3)',
    defaultSeverity: 'warning',
    summary:
      'In 1.9.0 to 1.9.3, kube-proxy-replacement=disabled turned BPF NodePort off without setting the legacy flag, so cilium status printed "Host Routing: BPF" while the datapath routed through the host stack. 1.9.4 fixed the flag.',
  },
  evaluate: ({ d }) => ({
    evidence: [d.kpr.ev],
    agentLog:
      'Auto-disabling "enable-node-port", "enable-external-ips", "enable-host-reachable-services", "enable-host-port", "enable-session-affinity" features',
    message:
      'kube-proxy-replacement=disabled turns BPF NodePort off, yet this release keeps reporting "Host Routing: BPF"; packets really take the legacy path.',
  }),
  fixes: () => [],
};
