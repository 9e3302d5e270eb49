/**
 * Parser for the in-pod `cilium status` / `cilium-dbg status` output of Cilium 1.9 → 1.20,
 * in text form (Go tabwriter columns) and `-o json` form (host-routing-spec §5).
 *
 * Text lines are `Key:<spaces><col1><spaces><col2>…`; the padding depends on the longest key in
 * the block, so every line is matched with `^Key:\s+`. Only top-level lines are read: the indented
 * sections of `--verbose` (controllers, KPR details, BPF maps, cluster health) are skipped.
 *
 * Pure functions on strings; nothing here throws across the API.
 */
import type { HostRoutingMode, MasqueradingMode } from '../types';
import type {
  AgentStatus,
  KprDevice,
  KubeProxyReplacementStatus,
  MasqueradingStatus,
  StatusMasqueradingMode,
  StatusParseResult,
} from './types';

export type {
  AgentStatus,
  HostRoutingFallback,
  HostRoutingFallbackKind,
  KprDevice,
  KubeProxyReplacementStatus,
  MasqueradingStatus,
  StatusMasqueradingMode,
  StatusParseResult,
} from './types';
export { extractHostRoutingFallbacks, DEFAULT_MAX_FALLBACKS } from './agentLog';
export type { ExtractFallbackOptions } from './agentLog';

const NOT_STATUS = 'does not look like cilium status output';

/** Values longer than this are not matched with regular expressions (keeps junk input linear). */
const MAX_VALUE_LENGTH = 4096;
/** At most this many warnings are kept (junk input could otherwise produce one per line). */
const MAX_WARNINGS = 50;

/** Top-level keys `FormatStatusResponse` prints (1.9 → 1.20). Used to recognise the output. */
const KNOWN_KEYS = [
  'KVStore',
  'ContainerRuntime',
  'Kubernetes',
  'Kubernetes APIs',
  'KubeProxyReplacement',
  'Host firewall',
  'SRv6',
  'CNI Chaining',
  'CNI Config file',
  'Cilium',
  'Stale status',
  'NodeMonitor',
  'Cilium health daemon',
  'IPAM',
  'Allocated addresses',
  'ClusterMesh',
  'IPv4 BIG TCP',
  'IPv6 BIG TCP',
  'BandwidthManager',
  'Host Routing',
  'Routing',
  'Attach Mode',
  'Device Mode',
  'Masquerading',
  'Clock Source for BPF',
  'Controller Status',
  'Proxy Status',
  'Global Identity Range',
  'Hubble',
  'KubeProxyReplacement Details',
  'BPF Maps',
  'Encryption',
  'Cluster health',
  'Modules Health',
];

// Longest keys first so that `Kubernetes APIs` is not taken for `Kubernetes`.
const KEY_RE = new RegExp(
  `^([ \\t]*)(${[...KNOWN_KEYS]
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|')}):(?:[ \\t]+|$)`,
);

const KPR_MODES = ['Strict', 'Partial', 'Probe', 'Disabled', 'True', 'False'];
const CILIUM_STATES = ['Ok', 'Warning', 'Failure', 'Disabled'];
const VERSION_TOKEN_RE = /^v?(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]*)?)$/;
const VERSION_PAREN_RE = /\(v(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.+-]*?)?)-[0-9a-f]{7,40}\)/;
const ROUTING_RE = /^Network:\s*(\S+)(?:\s+\[([^\]]*)\])?\s+Host:\s*(\S+)$/;
const MASQ_RE =
  /^(BPF \(ip-masq-agent\)|BPF|IPTables|Disabled|Enabled)?(?:\s*\[(?!IPv4:)([^\]]*)\])?(?:\s+([^\s[]+))?(?:\s*\[IPv4:\s*(Enabled|Disabled),\s*IPv6:\s*(Enabled|Disabled)\])?$/;

/**
 * Parses `cilium status` / `cilium-dbg status` output. JSON (`-o json`) is detected by a leading
 * `{`; anything else is read as text. Returns `ok: false` for empty or binary input, invalid JSON,
 * and text without any recognisable status line. Never throws.
 */
export function parseStatus(text: string): StatusParseResult {
  try {
    if (typeof text !== 'string') return { ok: false, error: 'status input is not a string' };
    if (text.trim() === '') return { ok: false, error: 'status input is empty' };
    if (looksBinary(text)) return { ok: false, error: `input is binary data and ${NOT_STATUS}` };
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trimStart().startsWith('{')) return parseStatusJson(body);
    const res = parseStatusText(body);
    if (res.ok) return res;
    // `kubectl exec … -o json` with a stderr line (e.g. "Defaulted container …") merged in front
    const brace = /^[ \t]*\{/m.exec(body);
    if (brace) {
      const json = parseStatusJson(body.slice(brace.index));
      if (json.ok) return json;
    }
    return res;
  } catch (e) {
    return { ok: false, error: `internal error while parsing status: ${String(e)}` };
  }
}

/**
 * Parses the text form. Exposed for callers that already know the format; prefer {@link parseStatus}.
 */
export function parseStatusText(text: string): StatusParseResult {
  try {
    return parseText(text);
  } catch (e) {
    return { ok: false, error: `internal error while parsing status text: ${String(e)}` };
  }
}

/**
 * Parses the `-o json` form (`models.StatusResponse`). Booleans that are `false` are absent from
 * that JSON (`omitempty`), so a missing `masquerading.enabled` means false.
 */
export function parseStatusJson(text: string): StatusParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `status input starts with "{" but is not valid JSON: ${why}` };
  }
  try {
    return fromJson(data);
  } catch (e) {
    return { ok: false, error: `internal error while reading status JSON: ${String(e)}` };
  }
}

/**
 * Cilium version from the `Cilium:` message / `cilium.msg`: `1.17.4 (v1.17.4-55aecc0f)` → `1.17.4`,
 * `1.17.6-cee.1 (v1.17.6-cee.1-a33b0b85)` → `1.17.6-cee.1`. Undefined for `OK` (1.9/1.10 dev builds)
 * or error messages.
 */
export function parseCiliumVersionFromMessage(msg: string): string | undefined {
  const trimmed = msg.trim();
  if (trimmed.length > MAX_VALUE_LENGTH) return undefined;
  const first = trimmed.split(/\s+/, 1)[0] ?? '';
  const m = VERSION_TOKEN_RE.exec(first);
  if (m) return m[1];
  const p = VERSION_PAREN_RE.exec(trimmed);
  return p ? p[1] : undefined;
}

/**
 * Parses the bracketed device list of the `KubeProxyReplacement:` line (without the brackets).
 * Handles 1.9 names only (`eth0 (Direct Routing), eth1`), 1.10–1.14 `name ip…`, 1.15+ padded
 * `name   ip ip` and devices without an address (`cilium_wg0 `). Elisions (`...`) are dropped.
 */
export function parseKprDevices(list: string): KprDevice[] {
  const out: KprDevice[] = [];
  for (const part of list.split(',')) {
    let item = part.trim();
    if (item === '') continue;
    let directRouting = false;
    const dr = /\s*\(Direct Routing\)$/.exec(item);
    if (dr) {
      directRouting = true;
      item = item.slice(0, dr.index);
    }
    const tokens = item.split(/\s+/).filter((t) => t !== '');
    const name = tokens.shift();
    if (name === undefined) continue;
    const ips = tokens.filter((t) => !/^(\.\.\.|…)$/.test(t));
    out.push({ name, ips, directRouting });
  }
  return out;
}

/** Maps the status to the shared verdict type: undefined host routing → `Unknown`. */
export function toHostRoutingMode(status: AgentStatus): HostRoutingMode {
  return status.hostRouting ?? 'Unknown';
}

/** Maps the status to the shared masquerading type (`Enabled`, i.e. mode not reported, → `Unknown`). */
export function toMasqueradingMode(status: AgentStatus): MasqueradingMode {
  const m = status.masquerading?.mode;
  if (m === 'BPF' || m === 'IPTables' || m === 'Disabled') return m;
  return 'Unknown';
}

// ---------------------------------------------------------------------------------------------
// text

function parseText(text: string): StatusParseResult {
  const status: AgentStatus = { format: 'text', warnings: [] };
  const seen = new Map<string, string>();
  const duplicateWarned = new Set<string>();
  let baseIndent = -1;
  let keyLines = 0;
  let parsed = 0;

  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let line = text.slice(pos, end);
    pos = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const m = KEY_RE.exec(line);
    if (!m) continue;
    const indent = m[1].length;
    if (baseIndent < 0) baseIndent = indent;
    if (indent !== baseIndent) continue; // nested (verbose) section
    keyLines++;
    const key = m[2];
    const value = line.slice(m[0].length).trim();

    const prev = seen.get(key);
    if (prev !== undefined) {
      if (prev !== value && isInteresting(key) && !duplicateWarned.has(key)) {
        duplicateWarned.add(key);
        status.warnings.push(
          `several "${key}:" lines with different values ("${clip(prev)}", "${clip(value)}"); using the first`,
        );
      }
      continue;
    }
    seen.set(key, value);
    if (isInteresting(key) && value.length > MAX_VALUE_LENGTH) {
      status.warnings.push(`"${key}:" line is too long (${value.length} characters); ignored`);
      continue;
    }
    if (applyTextLine(status, key, value)) parsed++;
  }

  if (parsed === 0 && keyLines < 2) return { ok: false, error: NOT_STATUS };
  if (status.hostRouting === undefined && !seen.has('Host Routing') && !seen.has('Routing')) {
    status.warnings.push('no "Host Routing:" or "Routing:" line: this output does not report host routing');
  }
  capWarnings(status);
  return { ok: true, status };
}

/** Shortens a value quoted in a warning. */
function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function capWarnings(status: AgentStatus): void {
  if (status.warnings.length > MAX_WARNINGS) {
    const dropped = status.warnings.length - MAX_WARNINGS;
    status.warnings.length = MAX_WARNINGS;
    status.warnings.push(`${dropped} more warnings not shown`);
  }
}

function isInteresting(key: string): boolean {
  return (
    key === 'Cilium' ||
    key === 'Host Routing' ||
    key === 'Routing' ||
    key === 'Masquerading' ||
    key === 'KubeProxyReplacement' ||
    key === 'CNI Chaining' ||
    key === 'Attach Mode' ||
    key === 'Device Mode'
  );
}

/** Lines whose value is taken as written. */
const PLAIN_TEXT_FIELDS = {
  'CNI Chaining': 'cniChaining',
  'Attach Mode': 'attachMode',
  'Device Mode': 'deviceMode',
} as const;

/** Applies one top-level line; returns true when it yielded a field. */
function applyTextLine(status: AgentStatus, key: string, value: string): boolean {
  switch (key) {
    case 'Cilium': {
      const m = /^(\S+)\s*(.*)$/.exec(value);
      if (!m || !CILIUM_STATES.includes(m[1])) return false;
      status.ciliumState = m[1];
      const v = parseCiliumVersionFromMessage(m[2]);
      if (v !== undefined) status.ciliumVersion = v;
      return true;
    }
    case 'Host Routing': {
      const mode = value.split(/\s+/, 1)[0];
      if (mode === 'BPF' || mode === 'Legacy') {
        status.hostRouting = mode;
        status.hostRoutingLine = 'host-routing';
        return true;
      }
      status.warnings.push(`unrecognised "Host Routing:" value "${clip(value)}"`);
      return false;
    }
    case 'Routing': {
      const m = ROUTING_RE.exec(value);
      if (!m) {
        status.warnings.push(`unrecognised "Routing:" value "${clip(value)}"`);
        return false;
      }
      applyRouting(status, m[1], m[2], m[3]);
      return true;
    }
    case 'Masquerading': {
      const masq = parseMasqueradingText(value);
      if (!masq) {
        status.warnings.push(`unrecognised "Masquerading:" value "${clip(value)}"`);
        return false;
      }
      status.masquerading = masq;
      return true;
    }
    case 'KubeProxyReplacement': {
      const kpr = parseKprText(value, status.warnings);
      if (!kpr) return false;
      status.kubeProxyReplacement = kpr;
      return true;
    }
    case 'CNI Chaining':
    case 'Attach Mode':
    case 'Device Mode':
      if (value === '') return false;
      status[PLAIN_TEXT_FIELDS[key]] = value;
      return true;
    default:
      return false;
  }
}

/** Shared by text and JSON: `Network: <inter> [<proto>]  Host: <intra>`. */
function applyRouting(
  status: AgentStatus,
  inter: string | undefined,
  proto: string | undefined,
  intra: string | undefined,
): void {
  if (intra === 'BPF' || intra === 'Legacy') {
    status.hostRouting = intra;
    status.hostRoutingLine = 'routing';
  } else if (intra !== undefined) {
    status.warnings.push(`unrecognised host routing mode "${clip(intra)}"`);
  }
  if (inter === 'Native' || inter === 'Tunnel') status.networkRouting = inter;
  else if (inter !== undefined) status.warnings.push(`unrecognised network routing mode "${clip(inter)}"`);
  const p = proto?.trim();
  if (p) status.tunnelProtocol = p;
}

/** `Masquerading:` value of any version (1.9 columns, 1.10+ `[IPv4: …, IPv6: …]` suffix). */
function parseMasqueradingText(value: string): MasqueradingStatus | undefined {
  const m = MASQ_RE.exec(value);
  if (!m || value === '') return undefined;
  const [, modeText, devs, cidr, v4, v6] = m;
  let mode: StatusMasqueradingMode;
  if (modeText === undefined) {
    // 1.10+ with a mode that is neither BPF nor iptables: only the protocol suffix is printed
    if (v4 === undefined) return undefined;
    mode = 'Enabled';
  } else {
    mode = modeText.startsWith('BPF') ? 'BPF' : (modeText as StatusMasqueradingMode);
  }
  const masq: MasqueradingStatus = { mode, ipMasqAgent: modeText === 'BPF (ip-masq-agent)' };
  if (v4 !== undefined) masq.ipv4 = v4 === 'Enabled';
  if (v6 !== undefined) masq.ipv6 = v6 === 'Enabled';
  if (devs !== undefined) {
    masq.devices = devs
      .split(',')
      .map((d) => d.trim())
      .filter((d) => d !== '');
  }
  if (cidr !== undefined) masq.snatExclusionCidr = cidr;
  return masq;
}

/** `KubeProxyReplacement:` value: `<Mode>` optionally followed by `[<devices>]`. */
function parseKprText(value: string, warnings: string[]): KubeProxyReplacementStatus | undefined {
  const m = /^(\S+)\s*(.*)$/.exec(value);
  if (!m) {
    warnings.push('empty "KubeProxyReplacement:" line');
    return undefined;
  }
  const kpr: KubeProxyReplacementStatus = { mode: m[1] };
  if (!KPR_MODES.includes(m[1])) warnings.push(`unrecognised KubeProxyReplacement mode "${clip(m[1])}"`);
  const rest = m[2].trim();
  if (rest.startsWith('[') && rest.endsWith(']')) {
    const inner = rest.slice(1, -1);
    const devices = parseKprDevices(inner);
    if (devices.length > 0) kpr.devices = devices;
    if (/(^|\s)(\.\.\.|…)(\s|,|$)/.test(inner)) {
      warnings.push('the KubeProxyReplacement device list contains an elision ("..."); addresses may be missing');
    }
  } else if (rest !== '') {
    warnings.push(`unrecognised KubeProxyReplacement device list "${clip(rest)}"`);
  }
  return kpr;
}

// ---------------------------------------------------------------------------------------------
// JSON

const JSON_KEYS = [
  'cilium',
  'kvstore',
  'kubernetes',
  'kube-proxy-replacement',
  'host-routing',
  'routing',
  'masquerading',
  'controllers',
  'proxy',
  'ipam',
  'cluster',
  'nodeMonitor',
  'hubble',
  'cni-chaining',
  'attach-mode',
  'datapath-mode',
];

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function fromJson(data: unknown): StatusParseResult {
  if (!isObj(data)) return { ok: false, error: `JSON is not an object and ${NOT_STATUS}` };
  if (!JSON_KEYS.some((k) => k in data)) {
    return { ok: false, error: `JSON has none of the fields of a status response and ${NOT_STATUS}` };
  }
  const status: AgentStatus = { format: 'json', warnings: [] };

  const cilium = data['cilium'];
  if (isObj(cilium)) {
    const state = str(cilium['state']);
    if (state !== undefined) status.ciliumState = state;
    const msg = str(cilium['msg']);
    const v = msg !== undefined ? parseCiliumVersionFromMessage(msg) : undefined;
    if (v !== undefined) status.ciliumVersion = v;
  }

  const routing = data['routing'];
  const hostRouting = data['host-routing'];
  if (isObj(routing)) {
    applyRouting(
      status,
      str(routing['inter-host-routing-mode']),
      str(routing['tunnel-protocol']),
      str(routing['intra-host-routing-mode']),
    );
  }
  if (isObj(hostRouting)) {
    const mode = str(hostRouting['mode']);
    if (status.hostRoutingLine === 'routing') {
      if (mode !== undefined && mode !== status.hostRouting) {
        status.warnings.push(`"host-routing.mode" (${clip(mode)}) disagrees with "routing"; using "routing"`);
      }
    } else if (mode === 'BPF' || mode === 'Legacy') {
      status.hostRouting = mode;
      status.hostRoutingLine = 'host-routing';
    } else if (mode !== undefined) {
      status.warnings.push(`unrecognised "host-routing.mode" value "${clip(mode)}"`);
    }
  }
  const alreadyWarned = status.warnings.some((w) => w.includes('host routing mode') || w.includes('host-routing.mode'));
  if (status.hostRouting === undefined && !alreadyWarned) {
    status.warnings.push(
      'no "host-routing.mode" or "routing.intra-host-routing-mode": this output does not report host routing',
    );
  }

  const masq = data['masquerading'];
  if (isObj(masq)) status.masquerading = masqueradingFromJson(masq, status.warnings);

  const kpr = data['kube-proxy-replacement'];
  if (isObj(kpr)) {
    const mode = str(kpr['mode']);
    if (mode === undefined) {
      status.warnings.push('"kube-proxy-replacement" has no "mode"');
    } else {
      if (!KPR_MODES.includes(mode)) status.warnings.push(`unrecognised KubeProxyReplacement mode "${clip(mode)}"`);
      const k: KubeProxyReplacementStatus = { mode };
      const devices = kprDevicesFromJson(kpr);
      if (devices.length > 0) k.devices = devices;
      status.kubeProxyReplacement = k;
    }
  }

  const chaining = data['cni-chaining'];
  if (isObj(chaining)) {
    const mode = str(chaining['mode']);
    if (mode !== undefined) status.cniChaining = mode;
  }

  const attach = str(data['attach-mode']);
  if (attach !== undefined) status.attachMode = attach === 'tcx' ? 'TCX' : attach === 'tc' ? 'Legacy TC' : attach;
  const dp = str(data['datapath-mode']);
  if (dp !== undefined) status.deviceMode = dp;

  capWarnings(status);
  return { ok: true, status };
}

/** Mirrors the text printer: no per-protocol info → Enabled/Disabled; both protocols off → Disabled. */
function masqueradingFromJson(m: Obj, warnings: string[]): MasqueradingStatus {
  const enabled = m['enabled'] === true;
  const protocols = isObj(m['enabledProtocols']) ? m['enabledProtocols'] : undefined;
  const ipv4 = protocols ? protocols['ipv4'] === true : undefined;
  const ipv6 = protocols ? protocols['ipv6'] === true : undefined;
  const rawMode = str(m['mode']);

  let mode: StatusMasqueradingMode;
  if (protocols ? !ipv4 && !ipv6 : !enabled) {
    mode = 'Disabled';
  } else if (rawMode === undefined) {
    mode = 'Enabled';
  } else if (rawMode.toLowerCase() === 'bpf') {
    mode = 'BPF';
  } else if (rawMode.toLowerCase() === 'iptables') {
    mode = 'IPTables';
  } else {
    warnings.push(`unrecognised "masquerading.mode" value "${clip(rawMode)}"`);
    mode = 'Enabled';
  }

  const out: MasqueradingStatus = { mode, ipMasqAgent: m['ip-masq-agent'] === true };
  if (ipv4 !== undefined) out.ipv4 = ipv4;
  if (ipv6 !== undefined) out.ipv6 = ipv6;
  if (mode === 'BPF') {
    const cidr = str(m['snat-exclusion-cidr-v4']) ?? str(m['snat-exclusion-cidr']);
    if (cidr !== undefined) out.snatExclusionCidr = cidr;
  }
  return out;
}

/** `deviceList[] {name, ip[]}` (1.10+) or `devices[]` names (1.9); empty IP strings (1.15+) dropped. */
function kprDevicesFromJson(kpr: Obj): KprDevice[] {
  const direct = str(kpr['directRoutingDevice']);
  const out: KprDevice[] = [];
  const list = kpr['deviceList'];
  if (Array.isArray(list) && list.length > 0) {
    for (const d of list) {
      if (!isObj(d)) continue;
      const name = str(d['name']);
      if (name === undefined) continue;
      const ipRaw = d['ip'];
      const ips = Array.isArray(ipRaw)
        ? ipRaw.filter((ip): ip is string => typeof ip === 'string' && ip.trim() !== '')
        : [];
      out.push({ name, ips, directRouting: direct !== undefined && name === direct });
    }
    return out;
  }
  const names = kpr['devices'];
  if (Array.isArray(names)) {
    for (const n of names) {
      if (typeof n === 'string' && n !== '')
        out.push({ name: n, ips: [], directRouting: direct !== undefined && n === direct });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** NUL bytes or many control characters in the first 8 KiB. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control > n / 10;
}
