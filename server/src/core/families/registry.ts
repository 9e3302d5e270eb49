/**
 * Every rule the core can report, for documentation, SARIF rule lists, severity settings
 * and suppression checks.
 */
import type { RuleMeta } from './rule';
import { explicitLegacyRouting } from './hostRouting/rules/explicitLegacyRouting';
import { chainingForcesLegacy } from './hostRouting/rules/chainingForcesLegacy';
import { kprDisabled } from './hostRouting/rules/kprDisabled';
import { nodePortDisabled } from './hostRouting/rules/nodePortDisabled';
import { iptablesMasquerade } from './hostRouting/rules/iptablesMasquerade';
import { kprNotStrict } from './hostRouting/rules/kprNotStrict';
import { tunnelMode } from './hostRouting/rules/tunnelMode';
import { flannelMasterDevice } from './hostRouting/rules/flannelMasterDevice';
import { endpointRoutes } from './hostRouting/rules/endpointRoutes';
import { ipsec } from './hostRouting/rules/ipsec';
import { wireguard } from './hostRouting/rules/wireguard';
import { l3Device } from './hostRouting/rules/l3Device';
import { kernelTooOld } from './hostRouting/rules/kernelTooOld';
import { bpfMasqueradeFallback } from './hostRouting/rules/bpfMasqueradeUnusable';
import { kprInvalidValue } from './hostRouting/rules/kprInvalidValue';
import { ipsecWithNodePort } from './hostRouting/rules/ipsecWithNodePort';
import { bpfMasqueradeIpv6 } from './hostRouting/rules/bpfMasqueradeIpv6';
import { ipMasqAgentNeedsBpfMasquerade } from './hostRouting/rules/ipMasqAgentNeedsBpfMasquerade';
import { needsBpfHostRouting } from './hostRouting/rules/needsBpfHostRouting';
import { netkitRequirements } from './hostRouting/rules/netkitRequirements';
import { statusMisreports } from './hostRouting/rules/statusMisreports';
import { invalidBoolean } from './hostRouting/rules/invalidBoolean';
import { masqueradeKeyConflict } from './hostRouting/rules/masqueradeKeyConflict';
import { chartRefuses } from './chart/rules/chartRefuses';
import { ignoredValue } from './chart/rules/ignoredValue';
import { deprecatedValue } from './chart/rules/deprecatedValue';
import { stringBoolean } from './chart/rules/stringBoolean';
import { hostRoutingInverted } from './chart/rules/hostRoutingInverted';
import { lastAppliedDiffers } from './configMap/rules/lastAppliedDiffers';
import { masqueradeKeyIgnored } from './configMap/rules/masqueradeKeyIgnored';
import { unknownKey } from './keys/rules/unknownKey';
import { keyNotInVersion } from './keys/rules/keyNotInVersion';
import { removedKey } from './keys/rules/removedKey';
import { deprecatedKey } from './keys/rules/deprecatedKey';
import { valueType } from './keys/rules/valueType';
import { unsupportedValue } from './keys/rules/unsupportedValue';

export const RULES: readonly RuleMeta[] = [
  iptablesMasquerade.meta,
  kprDisabled.meta,
  nodePortDisabled.meta,
  kprNotStrict.meta,
  chainingForcesLegacy.meta,
  explicitLegacyRouting.meta,
  endpointRoutes.meta,
  kernelTooOld.meta,
  ipsec.meta,
  wireguard.meta,
  l3Device.meta,
  tunnelMode.meta,
  flannelMasterDevice.meta,
  bpfMasqueradeFallback.meta,
  kprInvalidValue.meta,
  invalidBoolean.meta,
  ipsecWithNodePort.meta,
  bpfMasqueradeIpv6.meta,
  ipMasqAgentNeedsBpfMasquerade.meta,
  masqueradeKeyConflict.meta,
  needsBpfHostRouting.meta,
  netkitRequirements.meta,
  statusMisreports.meta,
  chartRefuses,
  ignoredValue,
  deprecatedValue,
  stringBoolean,
  hostRoutingInverted,
  lastAppliedDiffers,
  masqueradeKeyIgnored,
  unknownKey,
  keyNotInVersion,
  removedKey,
  deprecatedKey,
  valueType,
  unsupportedValue,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}

/** Where each rule's page lives in the repository. */
export const RULE_DOCS_BASE = 'https://github.com/cilium-datapath/cilium-datapath/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}
