/**
 * Wrapper findings: what the analysis of a wrapped release (a Flux HelmRelease, an Argo CD
 * Application…, see parse/wrappers) cannot see, and values the controller ignores. The remarks
 * come with the release's inputs (parse/wrappers/composite.ts).
 */
import type { Family } from '../family';
import type { Finding } from '../../types';
import { wrapperValuesUnseen } from './rules/wrapperValuesUnseen';
import { wrapperValuesIgnored } from './rules/wrapperValuesIgnored';

export const wrappers: Family = {
  id: 'wrappers',
  title: 'Wrapped releases',
  stage: 'inputs',
  rules: [wrapperValuesUnseen, wrapperValuesIgnored],
  run({ inputs }) {
    const findings: Finding[] = [];
    const notes: string[] = [];
    for (const l of inputs) {
      if (l.input.kind !== 'values') continue;
      for (const r of l.input.embedding?.remarks ?? []) {
        const rule = r.kind === 'unseen' ? wrapperValuesUnseen : wrapperValuesIgnored;
        findings.push({
          ruleId: rule.id,
          severity: rule.defaultSeverity,
          message: r.message,
          agentLog: null,
          location: r.location,
          related: [],
          // the cause is the wrapper field itself: name it, where it is written
          evidence: [
            {
              key: r.field,
              value: r.kind === 'unseen' ? 'not readable here' : 'ignored by the controller',
              origin: { kind: 'explicit', location: r.location },
            },
          ],
          fixes: [],
        });
        if (r.kind === 'unseen') notes.push(`Not seen: ${r.message}`);
      }
    }
    return { findings, notes };
  },
};
