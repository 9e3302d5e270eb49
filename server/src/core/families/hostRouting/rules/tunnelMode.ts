import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';

/** 1.9.1–1.9.8: BPF host routing only in native routing mode. */
export const tunnelMode: HostRoutingCheck = {
  meta: {
    id: 'tunnel-mode',
    title: 'Tunnel mode (Cilium 1.9.1–1.9.8)',
    defaultSeverity: 'warning',
    summary:
      'Cilium 1.9.1 to 1.9.8 offered BPF host routing only with native routing (tunnel: disabled). 1.9.9 and every later release support it in tunnel mode too.',
  },
  test: ({ d }) => (d.tunnel.value ? d.tunnel.evidence : null),
  agentLog: () => fallbackLine('BPF host routing is only available in native routing mode.'),
  message: ({ d }) =>
    `The agent runs in tunnel mode (${d.tunnel.protocol ?? 'vxlan'}); this 1.9 release supports BPF host routing only with native routing. Upgrading to 1.9.9 or later lifts this.`,
  fixes: () => [
    {
      title: 'Use native routing (tunnel: disabled)',
      values: [{ path: 'tunnel', value: 'disabled' }],
      configMap: [{ key: 'tunnel', value: 'disabled' }],
    },
  ],
};
