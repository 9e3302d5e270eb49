/**
 * The host-routing family: does the agent run BPF host routing, legacy host routing, or not
 * start at all? Its rules are the agent's ordered checks (decide.ts, `chainFor`) and the
 * start-up failures, one file each under rules/.
 */
import type { Family, VerdictBase } from '../family';
import type { HostRoutingMode, MasqueradingMode, Reason } from '../../types';
import { decide } from './decide';
import { booleansReadAsFalse } from './rules/invalidBoolean';
import { fallbackCause } from '../../facts/agentLog';
import { explicitLegacyRouting } from './rules/explicitLegacyRouting';
import { chainingForcesLegacy } from './rules/chainingForcesLegacy';
import { kprDisabled } from './rules/kprDisabled';
import { nodePortDisabled } from './rules/nodePortDisabled';
import { iptablesMasquerade } from './rules/iptablesMasquerade';
import { kprNotStrict } from './rules/kprNotStrict';
import { tunnelMode } from './rules/tunnelMode';
import { flannelMasterDevice } from './rules/flannelMasterDevice';
import { endpointRoutes } from './rules/endpointRoutes';
import { ipsec } from './rules/ipsec';
import { wireguard } from './rules/wireguard';
import { l3Device } from './rules/l3Device';
import { kernelTooOld } from './rules/kernelTooOld';
import { bpfMasqueradeFallback } from './rules/bpfMasqueradeUnusable';
import { kprInvalidValue } from './rules/kprInvalidValue';
import { invalidBoolean } from './rules/invalidBoolean';
import { ipsecWithNodePort } from './rules/ipsecWithNodePort';
import { bpfMasqueradeIpv6 } from './rules/bpfMasqueradeIpv6';
import { ipMasqAgentNeedsBpfMasquerade } from './rules/ipMasqAgentNeedsBpfMasquerade';
import { masqueradeKeyConflict } from './rules/masqueradeKeyConflict';
import { needsBpfHostRouting } from './rules/needsBpfHostRouting';
import { netkitRequirements } from './rules/netkitRequirements';
import { statusMisreports } from './rules/statusMisreports';

/** What `patchVariants` reports: the outcome at another patch release of the line. */
export interface PatchVariant {
  version: string;
  hostRouting: HostRoutingMode;
  ruleId: string | null;
  agentLog: string | null;
}

export interface HostRoutingVerdict extends VerdictBase {
  mode: HostRoutingMode;
  reasons: Reason[];
  masquerading: { mode: MasqueradingMode; ipMasqAgent: boolean };
  kubeProxyReplacement: { mode: string | null; value: string | null; nodePort: boolean };
  routing: { network: 'Tunnel' | 'Native'; protocol?: string };
  /** when the patch was not given: outcomes at the patch releases where the rules change */
  patchVariants: PatchVariant[];
}

export const hostRouting: Family<HostRoutingVerdict> = {
  id: 'hostRouting',
  title: 'Host routing',
  stage: 'agent',
  rules: [
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
  ],
  run(ctx) {
    const dec = decide(ctx.cfg);
    const findings = [...dec.findings, ...booleansReadAsFalse(ctx.cfg)].map((af) => ctx.place(af));
    const verdict: HostRoutingVerdict = {
      mode: dec.hostRouting,
      summary: '',
      reasons: dec.reasons,
      masquerading: dec.masquerading,
      kubeProxyReplacement: {
        mode: dec.kubeProxyReplacement.mode,
        value: dec.kubeProxyReplacement.value,
        nodePort: dec.kubeProxyReplacement.nodePort,
      },
      routing: dec.routing,
      patchVariants: [],
    };
    return { verdict, findings, notes: dec.notes };
  },
  summarise(verdict, evaluated) {
    const decisive = verdict.reasons.find((r) => r.decisive);
    if (verdict.mode === 'BPF') return `BPF on Cilium ${evaluated}`;
    const why = decisive
      ? ` — ${decisive.agentLog && !decisive.silent ? fallbackCause(decisive.agentLog) : decisive.message}`
      : '';
    return `${verdict.mode} on Cilium ${evaluated}${why}`;
  },
};
