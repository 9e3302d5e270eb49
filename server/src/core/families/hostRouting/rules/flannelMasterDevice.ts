import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';

/** 1.9.9+: flannel chaining (flannel-master-device) rules out BPF host routing. */
export const flannelMasterDevice: HostRoutingCheck = {
  meta: {
    id: 'flannel-master-device',
    title: 'Flannel integration (Cilium 1.9.9+)',
    defaultSeverity: 'warning',
    summary:
      'From 1.9.9 the 1.9 agent refuses BPF host routing when it runs on top of flannel (flannel-master-device set). The key disappeared in 1.10.',
  },
  test: ({ cfg }) => {
    const ev = cfg.ev('flannel-master-device');
    return ev.value ? [ev] : null;
  },
  agentLog: () => fallbackLine('BPF host routing is incompatible with flannel-master-device.'),
  message: ({ cfg }) =>
    `Cilium runs on top of flannel (flannel-master-device: ${cfg.str('flannel-master-device')}), which this agent does not combine with BPF host routing.`,
  fixes: () => [],
};
