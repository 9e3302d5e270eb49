import type { RuleMeta } from '../../rule';

/** A datapath value that this chart version no longer (or not yet) reads. */
export const ignoredValue: RuleMeta = {
  id: 'ignored-value',
  title: 'This chart version ignores the value',
  defaultSeverity: 'warning',
  judges: ['presence', 'value'],
  summary:
    'The value exists in other chart versions but not in this one, so the chart renders nothing for it and the agent uses its default. Typical cases: tunnel in 1.15 (replaced by routingMode/tunnelProtocol), bpf.hostRouting from 1.13 (replaced by bpf.hostLegacyRouting), the old top-level masquerade from 1.10, nodePort.enabled from 1.19.',
};
