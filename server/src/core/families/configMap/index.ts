/** ConfigMap findings: what only a cilium-config ConfigMap can get wrong. */
import type { Family } from '../family';
import type { Finding } from '../../types';
import type { ConfigMapInput } from '../../parse/input';
import { lastAppliedDiffers } from './rules/lastAppliedDiffers';
import { masqueradeKeyIgnored } from './rules/masqueradeKeyIgnored';
import {
  OLD_MASQUERADE_KEY,
  masqueradeKeyIgnoredFrom,
  masqueradeSuccessor,
  oldMasqueradeKeyHonoured,
} from '../../facts/masquerade';

export const configMap: Family = {
  id: 'configMap',
  title: 'ConfigMap',
  stage: 'inputs',
  rules: [lastAppliedDiffers, masqueradeKeyIgnored],
  run({ inputs, v }) {
    const primary = inputs[inputs.length - 1].input;
    if (primary.kind !== 'configmap') return { findings: [] };
    const cm: ConfigMapInput = primary;
    const findings: Finding[] = [];
    const at = (key: string) => {
      const e = cm.data.get(key);
      return e ? { file: cm.file, range: e.location.key } : { file: cm.file, range: cm.dataRange };
    };
    if (cm.lastAppliedDiffers.length > 0) {
      const keys = cm.lastAppliedDiffers.map((d) => d.key);
      findings.push({
        ruleId: lastAppliedDiffers.id,
        severity: lastAppliedDiffers.defaultSeverity,
        message: `data differs from the last-applied-configuration annotation for ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}; the agent reads data (after a restart).`,
        agentLog: null,
        location: at(keys[0]),
        related: [],
        evidence: cm.lastAppliedDiffers.map((d) => ({
          key: d.key,
          value: d.data,
          origin: { kind: 'explicit' as const, location: at(d.key) },
        })),
        fixes: [],
      });
    }
    if (!oldMasqueradeKeyHonoured(v) && cm.data.has(OLD_MASQUERADE_KEY) && !cm.data.has(masqueradeSuccessor())) {
      const val = cm.data.get(OLD_MASQUERADE_KEY)!.value;
      findings.push({
        ruleId: masqueradeKeyIgnored.id,
        severity: masqueradeKeyIgnored.defaultSeverity,
        message: `masquerade: "${val}" is ignored from Cilium ${masqueradeKeyIgnoredFrom()}; without ${masqueradeSuccessor()} IPv4 masquerading is ON.`,
        agentLog: null,
        location: at(OLD_MASQUERADE_KEY),
        related: [],
        evidence: [
          { key: OLD_MASQUERADE_KEY, value: val, origin: { kind: 'explicit', location: at(OLD_MASQUERADE_KEY) } },
        ],
        fixes: [],
      });
    }
    return { findings };
  },
};
