import type { AgentFailCheck } from '../../rule';
import { BOOL_KEYS, parseGoBool } from '../../../agent/config';
import { lineAtLeast } from '../../../version';
import type { AgentConfig } from '../../../agent/config';
import type { AgentFinding } from '../../rule';

export const invalidBoolean: AgentFailCheck = {
  meta: {
    id: 'invalid-boolean',
    title: 'Not a boolean the agent understands',
    defaultSeverity: 'error',
    judges: ['value'],
    summary:
      'The agent parses boolean keys with Go rules: 1, t, T, TRUE, true, True and 0, f, F, FALSE, false, False. Up to 1.10 anything else (yes, on, enabled) is read as false without a word; from 1.11 the agent validates the ConfigMap and stops ("Incorrect config-map flag"), and from 1.12 an empty value stops it too.',
  },
  evaluate: ({ cfg, v }) => {
    for (const ev of cfg.all()) {
      if (ev.value === null || !BOOL_KEYS.has(ev.key)) continue;
      const t = ev.value.trim();
      if (t === '' && !lineAtLeast(v, '1.12')) continue;
      if (parseGoBool(t) !== undefined) continue;
      if (!lineAtLeast(v, '1.11')) continue; // read as false; reported as a warning by the analysis
      const err = `strconv.ParseBool: parsing ${JSON.stringify(t)}: invalid syntax`;
      return {
        evidence: [ev],
        agentLog: lineAtLeast(v, '1.12')
          ? `Incorrect config-map flag value: option ${ev.key}: ${err}`
          : `Incorrect config-map flag ${ev.key}: ${err}`,
        message: `${ev.key}: "${ev.value}" is not a Go boolean; this agent checks its ConfigMap and refuses to start.`,
      };
    }
    return null;
  },
  fixes: () => [],
};

/** Up to 1.10 the agent reads an unparsable boolean as false without a word: a warning per key. */
export function booleansReadAsFalse(cfg: AgentConfig): AgentFinding[] {
  const v = cfg.version;
  if (lineAtLeast(v, '1.11')) return [];
  const out: AgentFinding[] = [];
  for (const ev of cfg.all()) {
    if (
      ev.value === null ||
      !BOOL_KEYS.has(ev.key) ||
      ev.value.trim() === '' ||
      parseGoBool(ev.value.trim()) !== undefined
    )
      continue;
    out.push({
      meta: invalidBoolean.meta,
      severity: 'warning',
      message: `${ev.key}: "${ev.value}" is not a boolean the agent understands; Cilium ${v.line} reads it as false.`,
      agentLog: null,
      evidence: [ev],
      fixes: [],
    });
  }
  return out;
}
