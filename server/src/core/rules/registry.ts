/**
 * Every rule the core can report, for documentation, SARIF rule lists, severity settings
 * and suppression checks.
 */
import type { RuleMeta } from './rule';
import { explicitLegacyRouting } from './explicitLegacyRouting';
import { chainingForcesLegacy } from './chainingForcesLegacy';
import { kprDisabled } from './kprDisabled';
import { nodePortDisabled } from './nodePortDisabled';
import { iptablesMasquerade } from './iptablesMasquerade';
import { kprNotStrict } from './kprNotStrict';
import { tunnelMode } from './tunnelMode';
import { flannelMasterDevice } from './flannelMasterDevice';
import { endpointRoutes } from './endpointRoutes';
import { ipsec } from './ipsec';
import { wireguard } from './wireguard';
import { l3Device } from './l3Device';
import { kernelTooOld } from './kernelTooOld';
import { bpfMasqueradeFallback } from './bpfMasqueradeUnusable';
import { kprInvalidValue } from './kprInvalidValue';
import { ipsecWithNodePort } from './ipsecWithNodePort';
import { bpfMasqueradeIpv6 } from './bpfMasqueradeIpv6';
import { ipMasqAgentNeedsBpfMasquerade } from './ipMasqAgentNeedsBpfMasquerade';
import { needsBpfHostRouting } from './needsBpfHostRouting';
import { netkitRequirements } from './netkitRequirements';
import { statusMisreports } from './statusMisreports';
import { invalidBoolean } from './invalidBoolean';
import { masqueradeKeyConflict } from './masqueradeKeyConflict';
import { chartRefuses } from './chartRefuses';
import { ignoredValue } from './ignoredValue';
import { deprecatedValue } from './deprecatedValue';
import { stringBoolean } from './stringBoolean';
import { hostRoutingInverted } from './hostRoutingInverted';
import { lastAppliedDiffers } from './lastAppliedDiffers';
import { masqueradeKeyIgnored } from './masqueradeKeyIgnored';
import { unknownKey } from './unknownKey';
import { keyNotInVersion } from './keyNotInVersion';
import { removedKey } from './removedKey';
import { deprecatedKey } from './deprecatedKey';
import { valueType } from './valueType';
import { unsupportedValue } from './unsupportedValue';
import { wrapperValuesUnseen } from './wrapperValuesUnseen';
import { wrapperValuesIgnored } from './wrapperValuesIgnored';

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
  wrapperValuesUnseen,
  wrapperValuesIgnored,
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
