/**
 * Chart findings: what the chart rendering (chart/render.ts) says about the values — refused,
 * ignored or deprecated values, strings where booleans belong. A refusal stops the install.
 */
import type { Family } from '../family';
import type { Finding } from '../../types';
import { materialiseFixes } from '../../fix';
import { targetFor } from '../../analysis/place';
import { chartRefuses } from './rules/chartRefuses';
import { ignoredValue } from './rules/ignoredValue';
import { deprecatedValue } from './rules/deprecatedValue';
import { stringBoolean } from './rules/stringBoolean';
import { lensLine } from '../../analysis/place';
import { hostRoutingInverted } from './rules/hostRoutingInverted';

export const chart: Family = {
  id: 'chart',
  title: 'Chart',
  stage: 'chart',
  rules: [chartRefuses, ignoredValue, deprecatedValue, stringBoolean, hostRoutingInverted],
  run({ chart: rendered, inputs }) {
    if (!rendered) return { findings: [] };
    const primary = inputs[inputs.length - 1];
    const findings: Finding[] = rendered.findings.map((f) => {
      const loc = f.location ?? lensLine(primary.file.name);
      return {
        ruleId: f.meta.id,
        severity: f.meta.defaultSeverity,
        message: f.message,
        agentLog: f.chartMessage ?? null,
        location: loc,
        related: [],
        evidence: f.evidence,
        fixes: materialiseFixes(f.fixes, targetFor(inputs, loc.file)),
      };
    });
    if (!rendered.fails) return { findings };
    const reasons = findings
      .filter((f) => f.severity === 'error')
      .map((f) => ({
        ruleId: f.ruleId,
        message: `helm refuses to render: ${f.message}`,
        agentLog: f.agentLog,
        silent: false,
        decisive: false,
        evidence: f.evidence,
      }));
    return { findings, stops: { reasons, policy: 'always' } };
  },
};
