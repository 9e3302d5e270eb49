import { BPF_MASQUERADE_FIX } from '../fixes';
import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';

/** Masquerading is on but done by iptables. The most common real-world cause. */
export const iptablesMasquerade: HostRoutingCheck = {
  meta: {
    id: 'iptables-masquerade',
    title: 'Masquerading through iptables forces legacy host routing',
    defaultSeverity: 'warning',
    summary:
      'When IPv4 (or, with IPv6 enabled, IPv6) masquerading is on and enable-bpf-masquerade is not true, masquerading is done by iptables in the host stack, so the agent keeps packets there: "BPF host routing requires enable-bpf-masquerade." Set bpf.masquerade: true, or turn masquerading off where pod IPs are routable.',
  },
  test: ({ d }) =>
    d.iptablesMasq
      ? [
          ...(d.ipv4Masq.value ? d.ipv4Masq.evidence : []),
          ...(d.ipv6Masq.value ? d.ipv6Masq.evidence : []),
          d.bpfMasq.ev,
        ]
      : null,
  agentLog: () => fallbackLine('BPF host routing requires enable-bpf-masquerade.'),
  message: ({ d }) => {
    const fams = [d.ipv4Masq.value ? 'IPv4' : '', d.ipv6Masq.value ? 'IPv6' : ''].filter(Boolean).join(' and ');
    const bpf = d.bpfMasq.ev.value === null ? 'is not set' : `is "${d.bpfMasq.ev.value}"`;
    return `${fams} masquerading is on but enable-bpf-masquerade ${bpf}, so iptables masquerades and BPF host routing is not possible.`;
  },
  fixes: () => [BPF_MASQUERADE_FIX],
};
