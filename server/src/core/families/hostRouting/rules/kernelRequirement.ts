import type { AgentFailCheck } from '../../rule';
import { kernelTooOld } from './kernelTooOld';
import { lineAtLeast } from '../../../version';
import { kernelSince } from '../../../facts/kernel';

/** 1.18+: a kernel without the redirect helpers is a start-up failure, not a fallback. */
export const kernelRequirement: AgentFailCheck = {
  meta: { ...kernelTooOld.meta, defaultSeverity: 'error' },
  evaluate: ({ cfg, d, v }) => {
    if (!lineAtLeast(v, '1.18') || d.kernelHasHostRoutingHelpers) return null;
    return {
      evidence: [{ key: 'kernel', value: cfg.kernel.version?.raw ?? null, origin: { kind: 'explicit' } }],
      agentLog: 'Require support for bpf_redirect_neigh() (Linux 5.10.0 or newer)',
      message: `From 1.18 the agent needs Linux ${kernelSince('redirectHelpers')} or newer; on kernel ${cfg.kernel.version?.raw} it does not start.`,
    };
  },
  fixes: () => [],
};
