import type { RuleMeta } from '../../rule';
import { masqueradeKeyIgnoredFrom } from '../../../facts/masquerade';

/** The pre-1.10 `masquerade` ConfigMap key, ignored from 1.11. */
export const masqueradeKeyIgnored: RuleMeta = {
  id: 'masquerade-key-ignored',
  title: 'The old masquerade key is ignored',
  defaultSeverity: 'warning',
  summary: `Cilium 1.9 had one masquerade key; 1.10 replaced it with enable-ipv4-masquerade (still honouring the old one), and from ${masqueradeKeyIgnoredFrom()} the agent ignores it. A ConfigMap with masquerade: "false" and no enable-ipv4-masquerade gets IPv4 masquerading ON.`,
};
