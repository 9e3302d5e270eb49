import type { RuleMeta } from '../../rule';

/** bpf.hostRouting (1.9–1.12): true means legacy. */
export const hostRoutingInverted: RuleMeta = {
  id: 'host-routing-inverted',
  title: 'bpf.hostRouting: true means legacy host routing',
  defaultSeverity: 'info',
  judges: ['presence'],
  summary:
    'In charts 1.9 to 1.12, bpf.hostRouting is rendered straight into enable-host-legacy-routing: true asks for LEGACY host routing, false allows BPF. 1.12 added bpf.hostLegacyRouting with the honest name, and 1.13 dropped bpf.hostRouting.',
};
