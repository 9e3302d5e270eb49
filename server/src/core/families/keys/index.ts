/**
 * Key checks: unknown, misplaced, deprecated and removed keys, types and accepted values, read
 * from the versioned key facts (facts/overlay.ts) and the chart data. They run once, at the
 * evaluated version, and stay quiet where the other families already spoke.
 */
import type { Family } from '../family';
import { checkKeys } from './check';
import { unknownKey } from './rules/unknownKey';
import { keyNotInVersion } from './rules/keyNotInVersion';
import { removedKey } from './rules/removedKey';
import { deprecatedKey } from './rules/deprecatedKey';
import { valueType } from './rules/valueType';
import { unsupportedValue } from './rules/unsupportedValue';

export const keys: Family = {
  id: 'keys',
  title: 'Keys',
  stage: 'final',
  rules: [unknownKey, keyNotInVersion, removedKey, deprecatedKey, valueType, unsupportedValue],
  run({ inputs, v, chartVersion, earlier, rule }) {
    const r = checkKeys(
      inputs.map((l) => ({ input: l.input, text: l.file.text })),
      v,
      chartVersion?.version,
      [...earlier],
      rule,
    );
    // A value helm or the agent refuses stops the configuration, like the chart's own refusals:
    // the first one becomes the decisive reason (the others stay findings).
    const first = r.stops[0];
    if (!first) return { findings: r.findings };
    const reason = {
      ruleId: first.finding.ruleId,
      message: first.stage === 'helm' ? `helm refuses to render: ${first.finding.message}` : first.finding.message,
      agentLog: null,
      silent: false,
      decisive: true,
      evidence: first.finding.evidence,
    };
    return { findings: r.findings, stops: { reasons: [reason], policy: 'unless-failing' } };
  },
};
