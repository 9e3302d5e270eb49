import { enableKprFix } from '../fixes';
import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';
import { before } from '../../../version';

/** partial/probe kube-proxy replacement that leaves BPF NodePort off. */
export const nodePortDisabled: HostRoutingCheck = {
  meta: {
    id: 'node-port-disabled',
    title: 'BPF NodePort is off',
    defaultSeverity: 'warning',
    summary:
      'With kube-proxy-replacement partial (or probe on a kernel without the needed helpers) BPF NodePort stays off unless enable-node-port is true, and BPF host routing needs it. Cilium 1.9 logs "BPF host routing requires enable-node-port."; 1.10 and later switch to legacy silently.',
  },
  test: ({ d }) => {
    if (!d.kpr.ok || d.nodePort.value) return null;
    if (d.kpr.mode !== 'partial' && d.kpr.mode !== 'probe') return null;
    if (d.wireguardKeepsChain) return null;
    return d.nodePort.evidence;
  },
  agentLog: ({ v }) => (before(v, '1.10') ? fallbackLine('BPF host routing requires enable-node-port.') : null),
  message: ({ d }) => `BPF NodePort is off (${d.nodePort.why}), and BPF host routing only exists with it.`,
  fixes: ({ v }) => [enableKprFix(v)],
};
