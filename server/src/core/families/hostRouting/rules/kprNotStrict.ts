import { enableKprFix } from '../fixes';
import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';
import { atLeast, lineAtLeast } from '../../../version';
import { kprFull } from '../../../facts/kpr';

/** NodePort is on, but kube-proxy replacement is not full (1.13.4 → 1.18). */
export const kprNotStrict: HostRoutingCheck = {
  meta: {
    id: 'kpr-not-strict',
    title: 'Kube-proxy replacement is only partial',
    defaultSeverity: 'warning',
    summary:
      'From 1.13.4 BPF host routing needs full kube-proxy replacement, not just BPF NodePort: kube-proxy-replacement=strict on 1.13, true from 1.14. Partial kube-proxy replacement with enable-node-port: true gave BPF host routing up to 1.13.3.',
  },
  test: ({ d, v, cfg }) => {
    if (!d.kpr.ok || !atLeast(v, '1.13.4') || lineAtLeast(v, '1.19')) return null;
    if (kprFull(v) === 'true') {
      if (d.kpr.mode === 'true') return null;
      // Reached with NodePort on, or on 1.14–1.15 with WireGuard keeping the chain alive.
      if (d.kpr.mode === 'disabled') return null;
      return d.nodePort.value || d.wireguardKeepsChain ? [d.kpr.ev, cfg.ev('enable-node-port')] : null;
    }
    return d.kpr.mode !== kprFull(v) && d.nodePort.value ? [d.kpr.ev, cfg.ev('enable-node-port')] : null;
  },
  agentLog: ({ v }) => fallbackLine(`BPF host routing requires kube-proxy-replacement=${kprFull(v)}.`),
  message: ({ d, v }) =>
    `kube-proxy-replacement is ${d.kpr.ev.value === null ? 'unset' : `"${d.kpr.ev.value}"`}: BPF NodePort alone is not enough from 1.13.4; the agent wants ${kprFull(v)}.`,
  fixes: ({ v }) => [enableKprFix(v)],
};
