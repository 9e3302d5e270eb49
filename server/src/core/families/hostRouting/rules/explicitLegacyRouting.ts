import type { HostRoutingCheck } from '../../rule';
import { lineAtLeast } from '../../../version';

/** `enable-host-legacy-routing: "true"` written by the user: the agent skips every check. */
export const explicitLegacyRouting: HostRoutingCheck = {
  meta: {
    id: 'explicit-legacy-routing',
    title: 'Legacy host routing is requested explicitly',
    defaultSeverity: 'info',
    summary:
      'enable-host-legacy-routing is true, so the agent never tries BPF host routing and logs no reason. In the chart this is bpf.hostLegacyRouting (1.12+) or bpf.hostRouting (1.9–1.12, where true means legacy).',
  },
  test: ({ cfg }) => {
    const s = cfg.bool('enable-host-legacy-routing');
    return s.value && s.ev.origin.kind !== 'chart-rule' ? [s.ev] : null;
  },
  agentLog: () => null,
  message: () =>
    'enable-host-legacy-routing is set to true, so the agent uses legacy host routing without checking anything else.',
  fixes: ({ v }) => [
    {
      title: 'Allow BPF host routing (enable-host-legacy-routing: false)',
      values: [{ path: lineAtLeast(v, '1.12') ? 'bpf.hostLegacyRouting' : 'bpf.hostRouting', value: false }],
      configMap: [{ key: 'enable-host-legacy-routing', value: 'false' }],
    },
  ],
};
