/**
 * The tuning lines of `cilium status` / `cilium-dbg status` (tuning-spec §1): bandwidth manager,
 * BIG TCP, device and attach mode, BPF clock source, and the `KubeProxyReplacement Details`
 * section of `--verbose` (socket-LB, NodePort mode, DSR dispatch, XDP acceleration), in text and
 * `-o json` form, plus what they say about each tuning feature. JSON field names are those of
 * api/v1/models (checked at v1.16).
 *
 * Pure functions on strings; nothing here throws across the API. Not yet wired into the live
 * comparison (server/src/core/live).
 */
import type { FeatureId, FeatureVerdict } from '../families/tuning/types';

export interface BigTcpStatus {
  enabled: boolean;
  maxGRO?: number;
  maxGSO?: number;
}

export interface TuningStatus {
  format: 'text' | 'json';
  bandwidthManager?: { enabled: boolean; congestionControl?: string; devices?: string[] };
  ipv4BigTcp?: BigTcpStatus;
  ipv6BigTcp?: BigTcpStatus;
  /** `veth`, `netkit`, `netkit-l2` (1.16+) */
  deviceMode?: string;
  /** 1.20: `veth [Configured: auto]` → configured `auto` */
  configuredDeviceMode?: string;
  /** `TCX` / `Legacy TC` */
  attachMode?: string;
  /** `--verbose` only */
  clockSource?: { mode: string; hertz?: number };
  /** `KubeProxyReplacement Details` (`--verbose`; NodePort lines only when NodePort is on) */
  kpr?: {
    socketLb?: boolean;
    socketLbTracing?: boolean;
    socketLbCoverage?: string;
    /** `TCP, UDP` (1.9 `Protocols`, 1.10–1.11 `Socket LB Protocols`) */
    socketLbProtocols?: string[];
    /** `SNAT`, `DSR`, `Hybrid` */
    mode?: string;
    /** `IP Option/Extension`, `IPIP`, `Geneve` (1.15+) */
    dsrDispatch?: string;
    /** `Disabled`, `Native`, `Generic`, `Best-Effort` */
    xdpAcceleration?: string;
  };
  warnings: string[];
}

export type TuningStatusResult = { ok: true; status: TuningStatus } | { ok: false; error: string };

const MAX_INPUT = 4 * 1024 * 1024;

/** `^Key:<spaces>rest` (top level) or indented for the KPR details. */
function lineValue(line: string, key: string, indented: boolean): string | undefined {
  const pre = indented ? /^\s+/.exec(line)?.[0] : '';
  if (pre === undefined) return undefined;
  const rest = line.slice(pre.length);
  if (!rest.startsWith(key + ':')) return undefined;
  return rest.slice(key.length + 1).trim();
}

/** Columns of a tabwriter line: runs of 2+ spaces (or tabs) separate them. */
function columns(s: string): string[] {
  return s
    .split(/\t+|\s{2,}/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function bracketList(s: string): string[] | undefined {
  const m = /^\[(.*)\]$/.exec(s.trim());
  if (!m) return undefined;
  return m[1]
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

function parseBigTcp(value: string, warnings: string[], key: string): BigTcpStatus | undefined {
  const cols = columns(value);
  if (cols[0] === 'Disabled') return { enabled: false };
  if (cols[0] !== 'Enabled') {
    warnings.push(`${key}: unexpected value "${value.slice(0, 80)}"`);
    return undefined;
  }
  const sizes = cols[1] ? bracketList(cols[1])?.map(Number) : undefined;
  if (!sizes || sizes.some((n) => !Number.isFinite(n))) return { enabled: true };
  return sizes.length === 2
    ? { enabled: true, maxGRO: sizes[0], maxGSO: sizes[1] }
    : { enabled: true, maxGRO: sizes[0], maxGSO: sizes[0] };
}

/** Parses the tuning lines of a text or JSON `cilium status`. */
export function parseTuningStatus(input: string): TuningStatusResult {
  if (typeof input !== 'string') return { ok: false, error: 'status output must be text' };
  if (input.length > MAX_INPUT) return { ok: false, error: 'status output is too large' };
  const trimmed = input.trim();
  if (trimmed.startsWith('{')) return parseJson(trimmed);
  const warnings: string[] = [];
  const s: TuningStatus = { format: 'text', warnings };
  let inKpr = false;
  let seen = false;
  for (const raw of input.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (!line) continue;
    if (!/^\s/.test(line)) inKpr = line.startsWith('KubeProxyReplacement Details:');
    let v: string | undefined;
    if ((v = lineValue(line, 'BandwidthManager', false)) !== undefined) {
      seen = true;
      if (v === 'Disabled') s.bandwidthManager = { enabled: false };
      else {
        // 1.9–1.11 `EDT with BPF\t[eth0]`; 1.12+ `EDT with BPF [CUBIC] [eth0, eth1]`
        const m = /^EDT with BPF(?:\s+\[(CUBIC|BBR|[A-Z]+)\])?\s*(\[.*\])?$/.exec(v);
        if (m)
          s.bandwidthManager = {
            enabled: true,
            ...(m[1] ? { congestionControl: m[1] } : {}),
            ...(m[2] ? { devices: bracketList(m[2]) } : {}),
          };
        else warnings.push(`BandwidthManager: unexpected value "${v.slice(0, 80)}"`);
      }
    } else if ((v = lineValue(line, 'IPv6 BIG TCP', false)) !== undefined) {
      seen = true;
      s.ipv6BigTcp = parseBigTcp(v, warnings, 'IPv6 BIG TCP');
    } else if ((v = lineValue(line, 'IPv4 BIG TCP', false)) !== undefined) {
      seen = true;
      s.ipv4BigTcp = parseBigTcp(v, warnings, 'IPv4 BIG TCP');
    } else if ((v = lineValue(line, 'Device Mode', false)) !== undefined) {
      seen = true;
      const m = /^(\S+)(?:\s+\[Configured:\s*([^\]]+)\])?$/.exec(v);
      if (m) {
        s.deviceMode = m[1];
        if (m[2]) s.configuredDeviceMode = m[2].trim();
      } else warnings.push(`Device Mode: unexpected value "${v.slice(0, 80)}"`);
    } else if ((v = lineValue(line, 'Attach Mode', false)) !== undefined) {
      seen = true;
      s.attachMode = v;
    } else if ((v = lineValue(line, 'Clock Source for BPF', false)) !== undefined) {
      seen = true;
      const cols = columns(v);
      const hz = cols[1] ? /^\[(\d+)\s*Hz\]$/.exec(cols[1]) : null;
      s.clockSource = { mode: cols[0] ?? v, ...(hz ? { hertz: Number(hz[1]) } : {}) };
    } else if (inKpr && /^\s/.test(line)) {
      const kpr = (s.kpr ??= {});
      const get = (k: string) => lineValue(line, k, true);
      let x: string | undefined;
      if ((x = get('Socket LB')) !== undefined) kpr.socketLb = x === 'Enabled';
      else if ((x = get('Socket LB Tracing')) !== undefined) kpr.socketLbTracing = x === 'Enabled';
      else if ((x = get('Socket LB Coverage')) !== undefined) kpr.socketLbCoverage = x;
      else if ((x = get('Socket LB Protocols') ?? get('Protocols')) !== undefined)
        kpr.socketLbProtocols = x
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean);
      else if ((x = get('Mode')) !== undefined) kpr.mode = x;
      else if ((x = get('DSR Dispatch Mode')) !== undefined) kpr.dsrDispatch = x;
      else if ((x = get('XDP Acceleration')) !== undefined) kpr.xdpAcceleration = x;
      if (x !== undefined) seen = true;
    }
  }
  if (!seen) return { ok: false, error: 'no tuning lines found (BandwidthManager, BIG TCP, Device Mode, …)' };
  return { ok: true, status: s };
}

function parseJson(text: string): TuningStatusResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return { ok: false, error: 'JSON status must be an object' };
  const o = doc as Record<string, unknown>;
  const obj = (x: unknown): Record<string, unknown> | undefined =>
    typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
  const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
  const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
  const s: TuningStatus = { format: 'json', warnings: [] };
  const bwm = obj(o['bandwidth-manager']);
  if (bwm) {
    s.bandwidthManager = { enabled: bwm.enabled === true };
    const cc = str(bwm.congestionControl);
    if (cc) s.bandwidthManager.congestionControl = cc.toUpperCase();
    if (Array.isArray(bwm.devices))
      s.bandwidthManager.devices = bwm.devices.filter((d): d is string => typeof d === 'string');
  }
  for (const [k, field] of [
    ['ipv4-big-tcp', 'ipv4BigTcp'],
    ['ipv6-big-tcp', 'ipv6BigTcp'],
  ] as const) {
    const b = obj(o[k]);
    if (b)
      s[field] = {
        enabled: b.enabled === true,
        ...(num(b.maxGRO) !== undefined ? { maxGRO: num(b.maxGRO) } : {}),
        ...(num(b.maxGSO) !== undefined ? { maxGSO: num(b.maxGSO) } : {}),
      };
  }
  const dm = str(o['datapath-mode']);
  if (dm) s.deviceMode = dm;
  const cdm = str(o['configured-datapath-mode']);
  if (cdm && cdm !== dm) s.configuredDeviceMode = cdm;
  const am = str(o['attach-mode']);
  if (am) s.attachMode = am === 'tcx' ? 'TCX' : am === 'tc' ? 'Legacy TC' : am;
  const cs = obj(o['clock-source']);
  if (cs && str(cs.mode)) s.clockSource = { mode: str(cs.mode)!, ...(num(cs.hertz) ? { hertz: num(cs.hertz) } : {}) };
  const features = obj(obj(o['kube-proxy-replacement'])?.features);
  if (features) {
    const np = obj(features.nodePort);
    const kpr: NonNullable<TuningStatus['kpr']> = {};
    const slb = obj(features.socketLB);
    if (slb) kpr.socketLb = slb.enabled === true;
    const slbt = obj(features.socketLBTracing);
    if (slbt) kpr.socketLbTracing = slbt.enabled === true;
    if (slb) kpr.socketLbCoverage = features.bpfSocketLBHostnsOnly === true ? 'Hostns-only' : 'Full';
    if (np && np.enabled === true) {
      if (str(np.mode)) kpr.mode = str(np.mode);
      if (str(np.dsrMode)) kpr.dsrDispatch = str(np.dsrMode);
      if (str(np.acceleration)) kpr.xdpAcceleration = str(np.acceleration);
    }
    s.kpr = kpr;
  }
  return { ok: true, status: s };
}

/** What a status line says about one feature. */
export interface ObservedFeature {
  id: FeatureId;
  /** undefined when the line cannot tell (e.g. BIG TCP `Enabled [65536]` on 1.15+) */
  on: boolean | undefined;
  /** the value as printed */
  value: string;
  /** caveat to show with it */
  note?: string;
}

/** Largest GSO size that means "BIG TCP not really active" (the kernel default). */
const DEFAULT_GSO = 65536;

/** Reads per-feature observations from the parsed tuning lines. */
export function observedFeatures(s: TuningStatus): ObservedFeature[] {
  const out: ObservedFeature[] = [];
  if (s.bandwidthManager) {
    const b = s.bandwidthManager;
    out.push({
      id: 'bandwidth-manager',
      on: b.enabled,
      value: b.enabled ? `EDT${b.congestionControl ? ` [${b.congestionControl}]` : ''}` : 'Disabled',
    });
    if (!b.enabled || b.congestionControl)
      out.push({
        id: 'bbr',
        on: b.enabled && b.congestionControl === 'BBR',
        value: b.enabled ? (b.congestionControl ?? '') : 'Disabled',
      });
  }
  for (const [id, b] of [
    ['ipv4-big-tcp', s.ipv4BigTcp],
    ['ipv6-big-tcp', s.ipv6BigTcp],
  ] as const) {
    if (!b) continue;
    if (!b.enabled) out.push({ id, on: false, value: 'Disabled' });
    else if (b.maxGSO !== undefined && b.maxGSO <= DEFAULT_GSO && (b.maxGRO ?? 0) <= DEFAULT_GSO) {
      out.push({
        id,
        on: false,
        value: `Enabled [${b.maxGSO}]`,
        note: 'Enabled with the default 64k size: the agent did not raise GSO/GRO (from 1.15 the status prints the configured flag even when the kernel or devices refused BIG TCP)',
      });
    } else
      out.push({
        id,
        on: true,
        value:
          b.maxGSO !== undefined
            ? `Enabled [${b.maxGRO === b.maxGSO ? b.maxGSO : `${b.maxGRO}, ${b.maxGSO}`}]`
            : 'Enabled',
      });
  }
  if (s.deviceMode)
    out.push({
      id: 'netkit',
      on: s.deviceMode.startsWith('netkit'),
      value: s.deviceMode + (s.configuredDeviceMode ? ` [Configured: ${s.configuredDeviceMode}]` : ''),
    });
  if (s.clockSource)
    out.push({
      id: 'clock-probe',
      on: s.clockSource.mode === 'jiffies',
      value: s.clockSource.mode + (s.clockSource.hertz ? ` [${s.clockSource.hertz} Hz]` : ''),
    });
  const k = s.kpr;
  if (k) {
    if (k.socketLb !== undefined)
      out.push({
        id: 'socket-lb',
        on: k.socketLb,
        value: k.socketLb ? `Enabled${k.socketLbCoverage ? ` (${k.socketLbCoverage})` : ''}` : 'Disabled',
      });
    else if (k.socketLbProtocols)
      out.push({ id: 'socket-lb', on: k.socketLbProtocols.length > 0, value: k.socketLbProtocols.join(', ') });
    if (k.mode)
      out.push({
        id: 'dsr',
        on: k.mode === 'DSR' || k.mode === 'Hybrid',
        value: k.mode + (k.dsrDispatch ? ` (${k.dsrDispatch})` : ''),
      });
    if (k.xdpAcceleration) {
      const best = k.xdpAcceleration === 'Best-Effort';
      out.push({
        id: 'xdp-acceleration',
        on: best ? undefined : k.xdpAcceleration !== 'Disabled',
        value: k.xdpAcceleration,
        ...(best ? { note: 'best-effort: the status does not say on which devices XDP attached' } : {}),
      });
    }
  }
  return out;
}

/** A predicted feature that the status contradicts. */
export interface TuningMismatch {
  id: FeatureId;
  predicted: string;
  observed: string;
  explanation: string;
}

/** Compares predicted verdicts with what the status says (features the status shows only). */
export function compareTuning(predicted: FeatureVerdict[], observed: ObservedFeature[]): TuningMismatch[] {
  const out: TuningMismatch[] = [];
  for (const o of observed) {
    const p = predicted.find((f) => f.id === o.id);
    if (!p || o.on === undefined || p.state === 'unknown' || p.state === 'agent-fails') continue;
    const predictedOn = p.state === 'active';
    if (predictedOn === o.on) continue;
    const why = p.reasons.find((r) => r.kind !== 'note');
    out.push({
      id: o.id,
      predicted: `${p.state}${p.detail ? ` (${p.detail})` : ''}`,
      observed: o.value,
      explanation: o.note
        ? o.note
        : predictedOn
          ? `predicted on for this file, but the node reports ${o.value}: check the node's kernel and per-node overrides (CiliumNodeConfig), and the agent log`
          : `predicted off${why ? ` (${why.message})` : ''}, but the node reports ${o.value}: the node's configuration differs from this file (overrides, another kernel, or a different version)`,
    });
  }
  return out;
}
