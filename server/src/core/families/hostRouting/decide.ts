/**
 * The agent's host-routing decision for one effective configuration, per release line
 * (host-routing-spec §2.1–2.8): the ordered checks, the silent paths, start-up failures,
 * and the masquerading and kube-proxy-replacement modes `cilium status` would show.
 */
import type { Evidence, HostRoutingMode, MasqueradingMode, Reason } from '../../types';
import type { AgentFailCheck, AgentFinding, CheckContext, HostRoutingCheck } from '../rule';
import { AgentConfig, derive } from '../../agent/config';
import { atLeast, before } from '../../version';
import { isFallbackLine } from '../../facts/agentLog';
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
import { bpfMasqueradeBlocker, bpfMasqueradeFallback, bpfMasqueradeFatal } from './rules/bpfMasqueradeUnusable';
import { kprInvalidValue } from './rules/kprInvalidValue';
import { ipsecWithNodePort } from './rules/ipsecWithNodePort';
import { bpfMasqueradeIpv6 } from './rules/bpfMasqueradeIpv6';
import { ipMasqAgentNeedsBpfMasquerade } from './rules/ipMasqAgentNeedsBpfMasquerade';
import { kernelRequirement } from './rules/kernelRequirement';
import { netkitRequirements } from './rules/netkitRequirements';
import { statusMisreports } from './rules/statusMisreports';
import { invalidBoolean } from './rules/invalidBoolean';
import { masqueradeKeyConflict } from './rules/masqueradeKeyConflict';

export type { AgentFinding } from '../rule';

export interface Decision {
  hostRouting: HostRoutingMode;
  reasons: Reason[];
  findings: AgentFinding[];
  masquerading: { mode: MasqueradingMode; ipMasqAgent: boolean; evidence: Evidence[] };
  kubeProxyReplacement: { mode: string | null; value: string | null; nodePort: boolean; evidence: Evidence[] };
  routing: { network: 'Tunnel' | 'Native'; protocol?: string };
  notes: string[];
}

const PRE_START_CHECKS: AgentFailCheck[] = [
  invalidBoolean,
  kprInvalidValue,
  masqueradeKeyConflict,
  kernelRequirement,
  ipsecWithNodePort,
  bpfMasqueradeIpv6,
  ipMasqAgentNeedsBpfMasquerade,
  bpfMasqueradeFatal,
  netkitRequirements,
];

const isPre = (v: CheckContext['v'], re: RegExp) => !!v.prerelease && re.test(v.prerelease);

/** The ordered checks of a release line. */
export function chainFor(v: CheckContext['v']): HostRoutingCheck[] {
  const c: HostRoutingCheck[] = [explicitLegacyRouting, chainingForcesLegacy];
  if (before(v, '1.10')) {
    c.push(
      kprDisabled,
      nodePortDisabled,
      before(v, '1.9.9') ? tunnelMode : flannelMasterDevice,
      endpointRoutes,
      ipsec,
      iptablesMasquerade,
      kernelTooOld,
    );
  } else if (before(v, '1.14')) {
    c.push(
      kprDisabled,
      nodePortDisabled,
      ipsec,
      iptablesMasquerade,
      kprNotStrict,
      endpointRoutes,
      l3Device,
      wireguard,
      kernelTooOld,
    );
  } else if (before(v, '1.16')) {
    c.push(kprDisabled, nodePortDisabled, ipsec, iptablesMasquerade, kprNotStrict, kernelTooOld);
  } else if (before(v, '1.18')) {
    c.push(kprDisabled, ipsec, iptablesMasquerade, kprNotStrict, kernelTooOld);
  } else if (before(v, '1.19')) {
    c.push(kprDisabled, ipsec, iptablesMasquerade, kprNotStrict);
  } else if (before(v, '1.20')) {
    c.push(kprDisabled);
    if (v.patch === 0 && isPre(v, /^pre\.[01]$/)) c.push(ipsec);
    c.push(iptablesMasquerade);
  } else if (v.patch === 0 && isPre(v, /^pre\.[01]$/)) {
    c.push(kprDisabled, iptablesMasquerade);
  } else {
    c.push(iptablesMasquerade, kprDisabled);
  }
  if (atLeast(v, '1.9.5') && before(v, '1.15')) c.push(bpfMasqueradeFallback);
  return c;
}

function isSilent(log: string | null): boolean {
  return !isFallbackLine(log);
}

/** Runs the agent's start-up logic on an effective configuration. */
export function decide(cfg: AgentConfig): Decision {
  const v = cfg.version;
  const d = derive(cfg);
  const ctx: CheckContext = { cfg, d, v };
  const notes: string[] = [];
  const findings: AgentFinding[] = [];

  // probe mode turns NodePort off when IPsec is on (≤1.12), instead of failing.
  if (d.kpr.ok && d.kpr.mode === 'probe' && cfg.bool('enable-ipsec').value) {
    d.nodePort = {
      value: false,
      evidence: [d.kpr.ev, cfg.ev('enable-ipsec')],
      why: 'kube-proxy-replacement=probe turns BPF NodePort off because IPsec is on',
    };
  }

  // 1. Conditions that stop the agent before host routing is decided.
  const fatal: Array<{ check: AgentFailCheck; out: NonNullable<ReturnType<AgentFailCheck['evaluate']>> }> = [];
  for (const check of PRE_START_CHECKS) {
    const out = check.evaluate(ctx, 'BPF');
    if (out) fatal.push({ check, out });
  }

  // 2. The ordered host-routing checks; the first match decides, later ones would block next.
  const reasons: Reason[] = [];
  const silentRelease = v.major === 1 && v.minor === 9 && v.patch === 0; // 1.9.0 logs nothing
  // 1.9.0–1.9.3 skip the whole chain when kube-proxy replacement is disabled.
  const chainSkipped = d.kpr.ok && d.kpr.mode === 'disabled' && before(v, '1.9.4');
  for (const check of chainSkipped ? [] : chainFor(v)) {
    const ev = check.test(ctx);
    if (!ev) continue;
    const log = silentRelease ? null : check.agentLog(ctx);
    const decisive = reasons.length === 0;
    reasons.push({
      ruleId: check.meta.id,
      message: check.message(ctx),
      agentLog: log,
      silent: isSilent(log),
      decisive,
      evidence: ev,
    });
    findings.push({
      meta: check.meta,
      severity: check.meta.defaultSeverity,
      message: check.message(ctx),
      agentLog: log,
      evidence: ev,
      fixes: check.fixes(ctx),
    });
  }
  // 1.9.0 also fell back when more than one device was listed.
  if (silentRelease) {
    const devs = cfg.ev('devices');
    if (devs.value && devs.value.split(/[\s,]+/).filter(Boolean).length > 1) {
      reasons.push({
        ruleId: 'multiple-devices',
        message: 'Cilium 1.9.0 uses legacy host routing when devices lists more than one device.',
        agentLog: null,
        silent: true,
        decisive: reasons.length === 0,
        evidence: [devs],
      });
    }
  }

  let hostRouting: HostRoutingMode = reasons.length > 0 ? 'Legacy' : 'BPF';

  // 1.9.0–1.9.3 with kube-proxy-replacement=disabled: NodePort off, flag untouched, status says BPF.
  if (d.kpr.ok && d.kpr.mode === 'disabled' && before(v, '1.9.4')) {
    const out = statusMisreports.evaluate(ctx, hostRouting);
    if (out)
      findings.push({
        meta: statusMisreports.meta,
        severity: statusMisreports.meta.defaultSeverity,
        ...out,
        fixes: statusMisreports.fixes(ctx),
      });
  }

  // Features that stop the agent because host routing is legacy (BBR, BIG TCP) are the tuning
  // family's: their checks run at different points of start-up per release (families/tuning).

  if (fatal.length > 0) {
    hostRouting = 'AgentFails';
    const fatalReasons: Reason[] = fatal.map((f, i) => ({
      ruleId: f.check.meta.id,
      message: f.out.message,
      agentLog: f.out.agentLog,
      silent: false,
      decisive: i === 0,
      evidence: f.out.evidence,
    }));
    for (const r of reasons) r.decisive = false;
    reasons.unshift(...fatalReasons);
    for (const f of fatal) {
      findings.unshift({
        meta: f.check.meta,
        severity: 'error',
        message: f.out.message,
        agentLog: f.out.agentLog,
        evidence: f.out.evidence,
        fixes: f.check.fixes(ctx),
      });
    }
  }

  // Masquerading as `cilium status` would show it.
  const masqOn = d.ipv4Masq.value || d.ipv6Masq.value;
  const blocked = d.bpfMasq.value && masqOn && bpfMasqueradeBlocker(ctx) !== null && before(v, '1.15');
  let masqMode: MasqueradingMode = !masqOn ? 'Disabled' : d.bpfMasq.value && !blocked ? 'BPF' : 'IPTables';
  if (hostRouting === 'AgentFails') masqMode = 'Unknown';
  const ipMasqAgent = masqMode === 'BPF' && cfg.bool('enable-ip-masq-agent').value;
  if (blocked && before(v, '1.9.5') && hostRouting === 'BPF') {
    notes.push(
      'BPF masquerade cannot run here, so this release masquerades with iptables but keeps reporting BPF host routing.',
    );
  }

  const kpr = d.kpr.ok
    ? { mode: d.kpr.statusText, value: d.kpr.ev.value, nodePort: d.nodePort.value, evidence: [d.kpr.ev] }
    : { mode: null, value: d.kpr.ev.value, nodePort: false, evidence: [d.kpr.ev] };
  if (d.kpr.ok && d.kpr.deprecated) notes.push(`The agent warns: ${d.kpr.deprecated}`);

  return {
    hostRouting,
    reasons,
    findings,
    masquerading: {
      mode: masqMode,
      ipMasqAgent,
      evidence: [...d.ipv4Masq.evidence, ...d.ipv6Masq.evidence, d.bpfMasq.ev],
    },
    kubeProxyReplacement: kpr,
    routing: { network: d.tunnel.value ? 'Tunnel' : 'Native', protocol: d.tunnel.protocol },
    notes,
  };
}
