import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';

/** IPsec encryption (a reason up to 1.18; allowed with BPF host routing from 1.19). */
export const ipsec: HostRoutingCheck = {
  meta: {
    id: 'ipsec',
    title: 'IPsec encryption',
    defaultSeverity: 'warning',
    summary:
      'IPsec traffic has to go up the host stack, so up to 1.18 the agent does not combine it with BPF host routing. Before 1.16 IPsec and BPF NodePort could not even run together (the agent stops), so the reason was mostly unreachable; 1.19 supports IPsec with BPF host routing.',
  },
  test: ({ cfg }) => {
    const s = cfg.bool('enable-ipsec');
    return s.value ? [s.ev] : null;
  },
  agentLog: () => fallbackLine('BPF host routing is incompatible with enable-ipsec.'),
  message: () => 'IPsec encryption is on; this version keeps IPsec traffic on the legacy path.',
  fixes: () => [],
};
