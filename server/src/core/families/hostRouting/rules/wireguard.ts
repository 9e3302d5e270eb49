import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';

/** WireGuard 1.10–1.13. */
export const wireguard: HostRoutingCheck = {
  meta: {
    id: 'wireguard',
    title: 'WireGuard encryption (Cilium 1.10–1.13)',
    defaultSeverity: 'warning',
    summary: 'Cilium 1.10 to 1.13 do not combine WireGuard encryption with BPF host routing. From 1.14 they do.',
  },
  test: ({ cfg }) => {
    const s = cfg.bool('enable-wireguard');
    return s.value ? [s.ev] : null;
  },
  agentLog: () => fallbackLine('BPF host routing is currently not compatible with Wireguard (--enable-wireguard).'),
  message: () =>
    'WireGuard encryption is on; this version does not combine it with BPF host routing (1.14 and later do).',
  fixes: () => [],
};
