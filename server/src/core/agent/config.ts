/**
 * The agent's view of its configuration: cilium-config keys (strings) with their origin,
 * read with the agent's own rules (Go `strconv.ParseBool` for booleans, agent defaults for
 * absent keys) and the facts derived from them that the host-routing decision uses.
 */
import type { CiliumVersion, Evidence, KernelVersion, Origin } from '../types';
import { before, lineAtLeast } from '../version';
import { kernelHas, kernelSince } from '../facts/kernel';
import { agentDefault } from '../facts/agentDefaults';
import { kprAgentRow } from '../facts/kpr';
import { masqueradeSuccessorKnown, oldMasqueradeKeyHonoured } from '../facts/masquerade';

export { oldMasqueradeKeyHonoured } from '../facts/masquerade';

/** Go's strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'TRUE':
    case 'true':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'FALSE':
    case 'false':
    case 'False':
      return false;
    default:
      return undefined;
  }
}

/** Boolean keys the decision reads (the agent validates these as Go booleans). */
export const BOOL_KEYS: ReadonlySet<string> = new Set([
  'enable-bpf-masquerade',
  'enable-host-legacy-routing',
  'enable-ipv4',
  'enable-ipv6',
  'enable-ipv4-masquerade',
  'enable-ipv6-masquerade',
  'masquerade',
  'enable-node-port',
  'enable-endpoint-routes',
  'enable-ipsec',
  'enable-wireguard',
  'enable-ip-masq-agent',
  'enable-remote-node-identity',
  'enable-host-reachable-services',
  'enable-bandwidth-manager',
  'enable-bbr',
  'enable-bbr-hostns-only',
  'enable-ipv4-big-tcp',
  'enable-ipv6-big-tcp',
  'bpf-lb-sock',
  'auto-direct-node-routes',
]);

export interface BoolSetting {
  value: boolean;
  ev: Evidence;
  /** the key is set but not a Go boolean (the agent then reads false) */
  invalid: boolean;
}

export interface KernelInfo {
  version?: KernelVersion;
  /** true when the user gave no kernel and ≥ 5.10 is assumed */
  assumed: boolean;
}

/** Effective agent configuration: every key the decision reads, with evidence. */
export class AgentConfig {
  constructor(
    private readonly entries: Map<string, Evidence>,
    readonly version: CiliumVersion,
    readonly kernel: KernelInfo,
  ) {}

  /** Evidence for a key; absent keys come back with value null and origin agent-default. */
  ev(key: string): Evidence {
    const e = this.entries.get(key);
    if (e) return e;
    const origin: Origin = { kind: 'agent-default' };
    return { key, value: null, origin };
  }

  has(key: string): boolean {
    const e = this.entries.get(key);
    return !!e && e.value !== null;
  }

  str(key: string): string | null {
    return this.ev(key).value;
  }

  /** A boolean key; absent keys take the agent default (facts/agentDefaults.ts) unless `def` is given. */
  bool(key: string, def?: boolean): BoolSetting {
    const ev = this.ev(key);
    if (ev.value === null) return { value: def ?? agentDefault(key, this.version) === 'true', ev, invalid: false };
    const b = parseGoBool(ev.value.trim());
    // viper's GetBool ignores the parse error and yields false.
    return { value: b ?? false, ev, invalid: b === undefined };
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  all(): Evidence[] {
    return [...this.entries.values()];
  }
}

/** Kube-proxy replacement as the agent understands it in this version. */
export type KprMode = 'strict' | 'partial' | 'probe' | 'disabled' | 'true' | 'false';

export type KprResult =
  | { ok: true; mode: KprMode; ev: Evidence; deprecated?: string; statusText: string }
  | { ok: false; ev: Evidence; agentLog: string; message: string };

/** How `cilium status` prints the mode. */
function statusName(mode: KprMode): string {
  return mode.charAt(0).toUpperCase() + mode.slice(1);
}

/** Normalises `kube-proxy-replacement` for a version (spec §2.11), from the rows of facts/kpr.ts. */
export function normaliseKpr(cfg: AgentConfig): KprResult {
  const v = cfg.version;
  const row = kprAgentRow(v);
  const ev = cfg.ev('kube-proxy-replacement');
  const raw = ev.value;
  if (raw === null || raw === '')
    return { ok: true, mode: row.default as KprMode, ev, statusText: statusName(row.default as KprMode) };
  const word = row.parse === 'go-bool' ? goBoolWord(raw) : row.accept.includes(raw) ? raw : undefined;
  if (word === undefined)
    return { ok: false, ev, agentLog: row.refusalLog(raw), message: row.refusalMessage(raw, v.line) };
  const mode = (row.modeOf?.[word] ?? word) as KprMode;
  const deprecated = row.deprecated && word in row.deprecated ? row.deprecationLog?.(word) : undefined;
  return { ok: true, mode, ev, deprecated, statusText: statusName(word as KprMode) };
}

function goBoolWord(raw: string): string | undefined {
  const b = parseGoBool(raw);
  return b === undefined ? undefined : String(b);
}

/** Facts derived from the configuration that several checks share. */
export interface Derived {
  kpr: KprResult;
  /** BPF NodePort ends up enabled */
  nodePort: { value: boolean; evidence: Evidence[]; why: string };
  ipv4Masq: { value: boolean; evidence: Evidence[] };
  ipv6Masq: { value: boolean; evidence: Evidence[] };
  bpfMasq: BoolSetting;
  /** masquerading done by iptables: masquerading on and BPF masquerade off */
  iptablesMasq: boolean;
  tunnel: { value: boolean; protocol?: string; evidence: Evidence[] };
  kernelHasHostRoutingHelpers: boolean;
  /**
   * 1.14–1.15 only: the agent's early return is `!(NodePort || WireGuard)`, so with WireGuard on
   * the ordered checks run even without BPF NodePort.
   */
  wireguardKeepsChain: boolean;
}

export function derive(cfg: AgentConfig): Derived {
  const v = cfg.version;
  const kpr = normaliseKpr(cfg);

  // Masquerading flags.
  const enableIPv4 = cfg.bool('enable-ipv4');
  const enableIPv6 = cfg.bool('enable-ipv6');
  let ipv4Masq: Derived['ipv4Masq'];
  if (!masqueradeSuccessorKnown(v)) {
    const m = cfg.bool('masquerade');
    ipv4Masq = { value: m.value, evidence: [m.ev] };
  } else if (oldMasqueradeKeyHonoured(v) && cfg.has('masquerade')) {
    const m = cfg.bool('masquerade');
    ipv4Masq = { value: m.value && enableIPv4.value, evidence: [m.ev, enableIPv4.ev] };
  } else {
    const m = cfg.bool('enable-ipv4-masquerade');
    ipv4Masq = { value: m.value && enableIPv4.value, evidence: [m.ev, enableIPv4.ev] };
  }
  const v6m = cfg.bool('enable-ipv6-masquerade');
  const ipv6Masq = lineAtLeast(v, '1.10')
    ? { value: v6m.value && enableIPv6.value, evidence: [v6m.ev, enableIPv6.ev] }
    : { value: false, evidence: [] };
  const bpfMasq = cfg.bool('enable-bpf-masquerade');
  const iptablesMasq = (ipv4Masq.value || ipv6Masq.value) && !bpfMasq.value;

  // NodePort.
  const np = cfg.bool('enable-node-port');
  let nodePort: Derived['nodePort'];
  const kernelOk417 = kernelHas(cfg.kernel.version, 'fibLookup');
  if (!kpr.ok) {
    nodePort = { value: false, evidence: [kpr.ev], why: 'the agent does not start' };
  } else if (lineAtLeast(v, '1.19')) {
    nodePort = {
      value: kpr.mode === 'true',
      evidence: [kpr.ev],
      why: kpr.mode === 'true' ? 'kube-proxy-replacement is true' : 'kube-proxy-replacement is false',
    };
  } else {
    switch (kpr.mode) {
      case 'strict':
      case 'true':
        nodePort = {
          value: true,
          evidence: [kpr.ev],
          why: `kube-proxy-replacement=${kpr.ev.value ?? kpr.mode} turns BPF NodePort on`,
        };
        break;
      case 'probe':
        nodePort = {
          value: kernelOk417,
          evidence: [kpr.ev],
          why: kernelOk417
            ? 'kube-proxy-replacement=probe turns BPF NodePort on when the kernel supports it'
            : `kube-proxy-replacement=probe leaves BPF NodePort off on this kernel (no bpf_fib_lookup before ${kernelSince('fibLookup')})`,
        };
        break;
      case 'disabled':
        nodePort = { value: false, evidence: [kpr.ev], why: 'kube-proxy-replacement=disabled turns BPF NodePort off' };
        break;
      default:
        nodePort = {
          value: np.value,
          evidence: [kpr.ev, np.ev],
          why: np.value
            ? `kube-proxy-replacement=${kpr.mode} with enable-node-port=true`
            : `kube-proxy-replacement=${kpr.ev.value ?? kpr.mode + ' (agent default)'} leaves BPF NodePort to enable-node-port, which is ${np.ev.value ?? 'unset (false)'}`,
        };
    }
  }

  // Tunnel vs native routing.
  let tunnel: Derived['tunnel'];
  const tunnelKey = cfg.ev('tunnel');
  const rm = cfg.ev('routing-mode');
  const tp = cfg.ev('tunnel-protocol');
  if (
    before(v, '1.14') ||
    (lineAtLeast(v, '1.14') && before(v, '1.15') && rm.value === null && tunnelKey.value !== null)
  ) {
    const t = tunnelKey.value ?? 'vxlan';
    tunnel = { value: t !== 'disabled', protocol: t === 'disabled' ? undefined : t, evidence: [tunnelKey] };
  } else {
    const mode = rm.value ?? 'tunnel';
    tunnel = {
      value: mode !== 'native',
      protocol: mode === 'native' ? undefined : (tp.value ?? 'vxlan'),
      evidence: [rm, tp],
    };
  }

  const kernelHasHostRoutingHelpers = kernelHas(cfg.kernel.version, 'redirectHelpers');
  const wireguardKeepsChain = lineAtLeast(v, '1.14') && before(v, '1.16') && cfg.bool('enable-wireguard').value;
  return {
    kpr,
    nodePort,
    ipv4Masq,
    ipv6Masq,
    bpfMasq,
    iptablesMasq,
    tunnel,
    kernelHasHostRoutingHelpers,
    wireguardKeepsChain,
  };
}
