import type { AgentFailCheck } from '../../rule';
import { before } from '../../../version';

/** Before 1.16, IPsec and BPF NodePort cannot run together. */
export const ipsecWithNodePort: AgentFailCheck = {
  meta: {
    id: 'ipsec-with-node-port',
    title: 'IPsec with BPF NodePort (Cilium ≤ 1.15)',
    defaultSeverity: 'error',
    summary:
      'Up to 1.15 the agent cannot run IPsec encryption together with BPF NodePort: with kube-proxy replacement strict/true (or partial with enable-node-port) it stops at start-up. 1.16 lifted this.',
  },
  evaluate: ({ cfg, d, v }) => {
    if (!before(v, '1.16') || !d.kpr.ok || !d.nodePort.value) return null;
    const s = cfg.bool('enable-ipsec');
    if (!s.value) return null;
    return {
      evidence: [s.ev, ...d.nodePort.evidence],
      agentLog: 'IPSec cannot be used with BPF NodePort',
      message: 'IPsec encryption and BPF NodePort are both on; this agent refuses to start with that combination.',
    };
  },
  fixes: () => [],
};
