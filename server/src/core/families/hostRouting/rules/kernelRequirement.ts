import type { AgentFailCheck } from '../../rule';
import { kernelTooOld } from './kernelTooOld';
import { lineOf } from '../../../version';
import { agentKernelRefusal } from '../../../facts/agentKernel';

/**
 * 1.16+: the agent probes the kernel when its datapath starts and refuses to run on one that
 * fails a probe (facts/agentKernel.ts: 5.2 for 1.16–1.17, 5.10 from 1.18), instead of falling
 * back to legacy host routing.
 */
export const kernelRequirement: AgentFailCheck = {
  meta: { ...kernelTooOld.meta, defaultSeverity: 'error' },
  evaluate: ({ cfg, v }) => {
    const refusal = agentKernelRefusal(v, cfg.kernel.version);
    if (!refusal) return null;
    return {
      evidence: [{ key: 'kernel', value: cfg.kernel.version?.raw ?? null, origin: { kind: 'explicit' } }],
      agentLog: refusal.log,
      message: `Cilium ${lineOf(v)} checks the kernel when its datapath starts and needs Linux ${refusal.minimum} or newer; on kernel ${cfg.kernel.version?.raw} the check for ${refusal.since} fails and the agent does not start.`,
    };
  },
  fixes: () => [],
};
