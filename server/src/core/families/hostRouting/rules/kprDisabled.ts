import { enableKprFix } from '../fixes';
import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';
import { atLeast, lineAtLeast } from '../../../version';

const AUTO_DISABLING_OLD =
  'Auto-disabling "enable-node-port", "enable-external-ips", "enable-host-reachable-services", "enable-host-port", "enable-session-affinity" features and falling back to "enable-host-legacy-routing"';
const AUTO_DISABLING_112 =
  'Auto-disabling "enable-node-port", "enable-external-ips", "bpf-lb-sock", "enable-host-port" features and falling back to "enable-host-legacy-routing"';

/** Kube-proxy replacement is off (disabled, or false without NodePort). */
export const kprDisabled: HostRoutingCheck = {
  meta: {
    id: 'kpr-disabled',
    title: 'Kube-proxy replacement is off',
    defaultSeverity: 'warning',
    summary:
      'BPF host routing lives inside the BPF NodePort / kube-proxy-replacement datapath. With kube-proxy-replacement disabled (≤1.15) or false (1.14+, unless enable-node-port is true before 1.19) the agent uses legacy host routing. Until 1.19 it says nothing about it; from the 1.20 line it logs "BPF host routing requires kube-proxy-replacement." — after the masquerade reason if that one also applies.',
  },
  test: ({ d, v }) => {
    if (!d.kpr.ok) return null;
    if (d.kpr.mode === 'disabled') return atLeast(v, '1.9.4') ? [d.kpr.ev] : null;
    if (d.kpr.mode !== 'false') return null;
    if (lineAtLeast(v, '1.19')) return [d.kpr.ev];
    if (d.nodePort.value) return null;
    if (d.wireguardKeepsChain) return null;
    return d.nodePort.evidence;
  },
  agentLog: ({ d, v }) => {
    if (d.kpr.ok && d.kpr.mode === 'disabled') return lineAtLeast(v, '1.12') ? AUTO_DISABLING_112 : AUTO_DISABLING_OLD;
    if (lineAtLeast(v, '1.20') && !(v.prerelease && /^pre\.[01]$/.test(v.prerelease))) {
      return fallbackLine('BPF host routing requires kube-proxy-replacement.');
    }
    return null;
  },
  message: ({ d, v }) => {
    const val =
      d.kpr.ev.value === null
        ? `unset (the agent default is ${d.kpr.ok ? d.kpr.mode : 'false'})`
        : `"${d.kpr.ev.value}"`;
    if (lineAtLeast(v, '1.20'))
      return `kube-proxy-replacement is ${val}: BPF host routing needs kube-proxy replacement.`;
    const how =
      d.kpr.ok && d.kpr.mode === 'disabled'
        ? 'the agent only logs that it auto-disables the NodePort features, never "Falling back to legacy host routing"'
        : 'the agent switches to legacy host routing without logging anything about it';
    return `kube-proxy-replacement is ${val}, so BPF NodePort is off and with it BPF host routing; ${how}.`;
  },
  fixes: ({ v }) => [enableKprFix(v)],
};
