import { enableKprFix } from '../fixes';
import type { AgentFailCheck } from '../../rule';
import { kprHistory } from '../../../facts/kpr';

/** A kube-proxy-replacement value this agent version does not accept. */
export const kprInvalidValue: AgentFailCheck = {
  meta: {
    id: 'kpr-invalid-value',
    title: 'kube-proxy-replacement value not accepted by this version',
    defaultSeverity: 'error',
    judges: ['value'],
    summary: `The accepted values changed almost every release (${kprHistory().replace(/`/g, '')}). Anything else stops the agent at start-up.`,
  },
  evaluate: ({ d }) => (d.kpr.ok ? null : { evidence: [d.kpr.ev], agentLog: d.kpr.agentLog, message: d.kpr.message }),
  fixes: ({ v }) => [enableKprFix(v)],
};
