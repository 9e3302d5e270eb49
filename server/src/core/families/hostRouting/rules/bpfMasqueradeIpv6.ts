import type { AgentFailCheck } from '../../rule';
import { atLeast, before } from '../../../version';

/** 1.10.6–1.13: BPF masquerade with effective IPv6 masquerading stops the agent. */
export const bpfMasqueradeIpv6: AgentFailCheck = {
  meta: {
    id: 'bpf-masquerade-ipv6',
    title: 'BPF masquerade with IPv6 (Cilium 1.10.6–1.13)',
    defaultSeverity: 'error',
    summary:
      'From 1.10.6 to 1.13 BPF masquerade handled IPv4 only: with IPv6 enabled and enable-ipv6-masquerade left at its default true, the agent stops. Set enable-ipv6-masquerade to false, or upgrade to 1.14.',
  },
  evaluate: ({ d, v }) => {
    if (!atLeast(v, '1.10.6') || !before(v, '1.14')) return null;
    if (!d.bpfMasq.value || !d.ipv6Masq.value) return null;
    return {
      evidence: [d.bpfMasq.ev, ...d.ipv6Masq.evidence],
      agentLog: 'BPF masquerade is not supported for IPv6.',
      message:
        'BPF masquerade is on and IPv6 masquerading is effective; this version supports BPF masquerade for IPv4 only and stops.',
    };
  },
  fixes: () => [
    {
      title: 'Turn IPv6 masquerading off (enableIPv6Masquerade: false)',
      values: [{ path: 'enableIPv6Masquerade', value: false }],
      configMap: [{ key: 'enable-ipv6-masquerade', value: 'false' }],
    },
  ],
};
