import type { AgentFailCheck } from '../../rule';
import { masqueradeSuccessorKnown, oldMasqueradeKeyHonoured } from '../../../facts/masquerade';

/** Cilium 1.10 refuses the old `masquerade` key next to `enable-ipv4-masquerade`. */
export const masqueradeKeyConflict: AgentFailCheck = {
  meta: {
    id: 'masquerade-key-conflict',
    title: 'masquerade and enable-ipv4-masquerade together (Cilium 1.10)',
    defaultSeverity: 'error',
    summary:
      'Cilium 1.10 still reads the deprecated masquerade key, but stops when enable-ipv4-masquerade is set as well. Keep only enable-ipv4-masquerade.',
  },
  evaluate: ({ cfg, v }) => {
    if (!masqueradeSuccessorKnown(v) || !oldMasqueradeKeyHonoured(v)) return null;
    if (!cfg.has('masquerade') || !cfg.has('enable-ipv4-masquerade')) return null;
    return {
      evidence: [cfg.ev('masquerade'), cfg.ev('enable-ipv4-masquerade')],
      agentLog: '--enable-ipv4-masquerade and --masquerade (deprecated) are mutually exclusive',
      message: 'Both masquerade (deprecated) and enable-ipv4-masquerade are set; the 1.10 agent refuses to start.',
    };
  },
  fixes: () => [{ title: 'Remove the deprecated masquerade key', configMap: [{ key: 'masquerade', value: null }] }],
};
