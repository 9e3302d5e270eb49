import type { AgentFailCheck } from '../../rule';
import { lineAtLeast } from '../../../version';

/** The 1.20 line checks netkit's needs before anything else. */
export const netkitRequirements: AgentFailCheck = {
  meta: {
    id: 'netkit-requirements',
    title: 'netkit datapath requirements (Cilium 1.20)',
    defaultSeverity: 'error',
    summary:
      'netkit devices (bpf.datapathMode: netkit or netkit-l2) are built for BPF host routing. The 1.20 line refuses them with legacy routing, without BPF masquerade, or without kube-proxy replacement. Earlier lines only document the requirement.',
  },
  evaluate: ({ cfg, d, v }) => {
    const mode = cfg.ev('datapath-mode');
    if (!lineAtLeast(v, '1.20') || (mode.value !== 'netkit' && mode.value !== 'netkit-l2')) return null;
    const legacy = cfg.bool('enable-host-legacy-routing');
    if (legacy.value) {
      return {
        evidence: [mode, legacy.ev],
        agentLog:
          'netkit connector not available: netkit devices cannot be used with --enable-host-legacy-routing=true',
        message: 'netkit devices cannot be combined with legacy host routing.',
      };
    }
    if (!v.prerelease || !/^pre\.[0-2]$/.test(v.prerelease)) {
      if (!d.bpfMasq.value && d.iptablesMasq) {
        return {
          evidence: [mode, d.bpfMasq.ev],
          agentLog: 'netkit devices require BPF masquerade (--enable-bpf-masquerade=true)',
          message: 'netkit devices need BPF masquerade.',
        };
      }
      if (d.kpr.ok && d.kpr.mode !== 'true') {
        return {
          evidence: [mode, d.kpr.ev],
          agentLog: 'netkit devices require --kube-proxy-replacement',
          message: 'netkit devices need kube-proxy replacement.',
        };
      }
    }
    return null;
  },
  fixes: () => [],
};
