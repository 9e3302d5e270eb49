import { enableKprFix } from './fixes';
import type { AgentFailCheck } from './rule';

/** A kube-proxy-replacement value this agent version does not accept. */
export const kprInvalidValue: AgentFailCheck = {
  meta: {
    id: 'kpr-invalid-value',
    title: 'kube-proxy-replacement value not accepted by this version',
    defaultSeverity: 'error',
    summary:
      'The accepted values changed almost every release: strict/partial/probe/disabled up to 1.12, probe gone in 1.13, true/false added in 1.14 (old words deprecated), only true/false from 1.16, and a real boolean from 1.19. Anything else stops the agent at start-up.',
  },
  evaluate: ({ d }) => (d.kpr.ok ? null : { evidence: [d.kpr.ev], agentLog: d.kpr.agentLog, message: d.kpr.message }),
  fixes: ({ v }) => [enableKprFix(v)],
};
