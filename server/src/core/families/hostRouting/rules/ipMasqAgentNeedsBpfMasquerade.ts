import { BPF_MASQUERADE_FIX } from '../fixes';
import type { AgentFailCheck } from '../../rule';
import { before } from '../../../version';

/** ip-masq-agent is a BPF-masquerade feature. */
export const ipMasqAgentNeedsBpfMasquerade: AgentFailCheck = {
  meta: {
    id: 'ip-masq-agent-needs-bpf-masquerade',
    title: 'ip-masq-agent without BPF masquerade',
    defaultSeverity: 'error',
    summary:
      "Cilium's ip-masq-agent is implemented in BPF: it needs masquerading on and enable-bpf-masquerade true, otherwise the agent stops.",
  },
  evaluate: ({ cfg, d, v }) => {
    const s = cfg.bool('enable-ip-masq-agent');
    if (!s.value) return null;
    const masqOn = d.ipv4Masq.value || d.ipv6Masq.value;
    if (d.bpfMasq.value && masqOn) return null;
    return {
      evidence: [s.ev, d.bpfMasq.ev, ...d.ipv4Masq.evidence],
      agentLog: before(v, '1.11')
        ? 'BPF ip-masq-agent requires --masquerade="true" and --enable-bpf-masquerade="true"'
        : 'BPF ip-masq-agent requires (--enable-ipv4-masquerade="true" or --enable-ipv6-masquerade="true") and --enable-bpf-masquerade="true"',
      message: 'enable-ip-masq-agent is on but BPF masquerade is not; the agent refuses to start.',
    };
  },
  fixes: () => [BPF_MASQUERADE_FIX],
};
