import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';
import { before } from '../../../version';

/** Endpoint routes (also implied by ENI, Azure and GKE in the chart) up to 1.13. */
export const endpointRoutes: HostRoutingCheck = {
  meta: {
    id: 'endpoint-routes',
    title: 'Endpoint routes (Cilium ≤ 1.13)',
    defaultSeverity: 'warning',
    summary:
      'Up to 1.13 the agent refuses BPF host routing together with per-endpoint routes (enable-endpoint-routes), which the chart also turns on for eni.enabled, azure.enabled and gke.enabled. From 1.14 both work together and BPF host routing really runs; endpoint routes are no reason any more.',
  },
  test: ({ cfg }) => {
    const s = cfg.bool('enable-endpoint-routes');
    return s.value ? [s.ev, ...(s.ev.origin.inputs ?? [])] : null;
  },
  agentLog: ({ v }) =>
    fallbackLine(
      before(v, '1.10')
        ? 'BPF host routing is incompatible with enable-endpoint-routes.'
        : 'BPF host routing is currently not supported with enable-endpoint-routes.',
    ),
  message: ({ cfg }) => {
    const ev = cfg.ev('enable-endpoint-routes');
    const via = ev.origin.kind === 'chart-rule' ? ` (${ev.origin.rule})` : '';
    return `Endpoint routes are on${via}; this version does not combine them with BPF host routing (1.14 and later do).`;
  },
  fixes: () => [
    {
      title: 'Turn endpoint routes off',
      values: [{ path: 'endpointRoutes.enabled', value: false }],
      configMap: [{ key: 'enable-endpoint-routes', value: 'false' }],
    },
  ],
};
