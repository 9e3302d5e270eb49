/**
 * Hover texts for the settings that bear on host routing, written for this project (not the
 * chart's comments). Facts follow host-routing-spec §2 and §4.3; defaults per chart version are
 * not written here but read from the generated chart data at hover time. Below them: the facts
 * any chart or cilium-config key has in one version (type, default, accepted values, lifecycle),
 * shared by hover and completion.
 */
import { kprHistory } from './kpr';
import { masqueradeKeyIgnoredFrom } from './masquerade';
import { agentDefault } from './agentDefaults';
import type { CiliumVersion } from '../types';
import { CHART_VERSIONS, chartDefault, chartKeyInfo } from '../chart/chartKeys';
import {
  acceptedConfigValues,
  acceptedValues,
  configMapOverlay,
  describeRange,
  inRange,
  scalarText,
  valueOverlay,
  type ValueRange,
} from './overlay';

export interface KeyDoc {
  /** Helm value paths that render the key (current name first) */
  values: string[];
  /** cilium-config keys they render to */
  configKeys: string[];
  /** what the setting does */
  what: string;
  /** how it enters the host-routing decision */
  hostRouting: string;
  /** how it changed across releases (one or two lines) */
  history: string;
}

export const KEY_DOCS: readonly KeyDoc[] = [
  {
    values: ['kubeProxyReplacement'],
    configKeys: ['kube-proxy-replacement'],
    what: 'Lets Cilium answer Kubernetes Services with eBPF (ClusterIP, NodePort, …) so that kube-proxy is not needed.',
    hostRouting:
      'BPF host routing sits on top of it: with kube-proxy replacement off, the agent keeps legacy host routing (silently up to 1.19, with a log line from 1.20).',
    history: `Accepted values — ${kprHistory()}. BPF host routing needs full replacement from 1.13.4.`,
  },
  {
    values: ['bpf.masquerade'],
    configKeys: ['enable-bpf-masquerade'],
    what: 'Does the source-NAT of traffic leaving the cluster in eBPF instead of iptables.',
    hostRouting:
      'When masquerading is on and this is off, iptables does the NAT in the host stack, and the agent cannot use BPF host routing.',
    history:
      'Charts 1.9 and 1.10.0–1.10.5 turned it on unless told otherwise; from 1.10.6 it is off unless set (or `upgradeCompatibility` ≤ 1.9). If it is asked for but cannot work, 1.9.5–1.14 fall back to legacy routing and 1.15–1.18 refuse to start.',
  },
  {
    values: ['enableIPv4Masquerade'],
    configKeys: ['enable-ipv4-masquerade'],
    what: 'Rewrites the source address of IPv4 pod traffic that leaves the cluster to the node’s address.',
    hostRouting:
      'On (the default) means something must masquerade: unless `bpf.masquerade` is on, that is iptables, and host routing falls back to legacy.',
    history:
      'Took over from the 1.9 `masquerade` value in chart 1.10, default `true`; from chart 1.18 the default is empty and renders `false` when `eni.enabled` is on.',
  },
  {
    values: ['enableIPv6Masquerade'],
    configKeys: ['enable-ipv6-masquerade'],
    what: 'The same source-NAT for IPv6 pod traffic.',
    hostRouting:
      'Counts only when IPv6 is on: a dual-stack cluster without BPF masquerade then masquerades IPv6 with ip6tables, which forces legacy host routing.',
    history:
      'Chart 1.10 and later, default `true`. In 1.10.6–1.13 the agent refuses BPF masquerade while IPv6 masquerading is on.',
  },
  {
    values: ['bpf.hostLegacyRouting'],
    configKeys: ['enable-host-legacy-routing'],
    what: 'Asks for legacy host routing outright (`true`); leave it unset to let the agent choose.',
    hostRouting:
      '`true` is always legacy, whatever else the file says. Unset, the agent decides from the other settings.',
    history:
      'Arrived in chart 1.12 as the clearer name for `bpf.hostRouting`. From chart 1.13, leaving it unset while CNI chaining is on makes the chart render `enable-host-legacy-routing: "true"`.',
  },
  {
    values: ['bpf.hostRouting'],
    configKeys: ['enable-host-legacy-routing'],
    what: 'The 1.9–1.12 name of the legacy-routing switch. Despite the name, `true` selects LEGACY host routing.',
    hostRouting: '`true` renders `enable-host-legacy-routing: "true"`: legacy host routing.',
    history:
      'Charts 1.9.1–1.12 (deprecated in 1.12 in favour of `bpf.hostLegacyRouting`); from chart 1.13 it is ignored.',
  },
  {
    values: ['cni.chainingMode', 'cni.chainingTarget'],
    configKeys: ['cni-chaining-mode'],
    what: 'Runs Cilium chained after another CNI plugin (`aws-cni`, `portmap`, `generic-veth`, …) instead of as the only one.',
    hostRouting:
      'The agent ignores chaining, but the chart does not: from 1.13 it asks for legacy host routing whenever chaining is on and `bpf.hostLegacyRouting` is unset.',
    history:
      'Default `none` up to chart 1.13, empty from 1.14; `cni.chainingTarget` arrived in 1.14 and implies `generic-veth`.',
  },
  {
    values: ['endpointRoutes.enabled'],
    configKeys: ['enable-endpoint-routes'],
    what: 'Installs one route per pod on the node instead of routing all pods through `cilium_host`.',
    hostRouting:
      'Up to 1.13 the agent falls back to legacy host routing when it is on; from 1.14 it no longer matters.',
    history: 'Default `false` in every chart; ENI, Azure and GKE modes switch it on by themselves.',
  },
  {
    values: ['eni.enabled'],
    configKeys: ['enable-endpoint-routes'],
    what: 'AWS ENI mode: pods get addresses from the VPC through the node’s network interfaces.',
    hostRouting:
      'It turns on endpoint routes (legacy up to 1.13); from chart 1.18 it also turns IPv4 masquerading off by default.',
    history:
      'Always implied endpoint routes; chart 1.18 added the masquerading default, chart 1.19 native routing by default.',
  },
  {
    values: ['azure.enabled', 'gke.enabled'],
    configKeys: ['enable-endpoint-routes'],
    what: 'Cloud-specific modes for Azure and GKE clusters.',
    hostRouting:
      'Both switch on endpoint routes, which force legacy host routing up to 1.13; GKE also needs native routing.',
    history: 'Present in every chart; from chart 1.14.6 GKE requires `routingMode: native`.',
  },
  {
    values: ['routingMode'],
    configKeys: ['routing-mode'],
    what: 'How pod traffic crosses between nodes: `tunnel` (an overlay, VXLAN or Geneve) or `native` (the network routes pod addresses).',
    hostRouting:
      'Not a reason for legacy routing after 1.9.8 (1.9.1–1.9.8 needed native routing for BPF host routing).',
    history:
      'Arrived in chart 1.14 to replace `tunnel`; from 1.17 always rendered, default `tunnel` (`native` with GKE, and with ENI from 1.19).',
  },
  {
    values: ['tunnel'],
    configKeys: ['tunnel'],
    what: 'The pre-1.14 way to choose the overlay: `vxlan`, `geneve`, or `disabled` for native routing.',
    hostRouting: 'In 1.9.1–1.9.8 any tunnel forced legacy host routing; later it does not matter.',
    history:
      'Deprecated in 1.14 and removed in chart 1.15: 1.15 to 1.16.1 ignore it silently, 1.16.2 and later refuse to render.',
  },
  {
    values: ['tunnelProtocol'],
    configKeys: ['tunnel-protocol'],
    what: 'The overlay used in tunnel routing mode: `vxlan` or `geneve`.',
    hostRouting: 'Not an input of the host-routing decision.',
    history: 'Arrived in chart 1.14; from 1.17 always rendered, default `vxlan`.',
  },
  {
    values: ['nodePort.enabled'],
    configKeys: ['enable-node-port'],
    what: 'eBPF handling of NodePort services when kube-proxy replacement is only partial.',
    hostRouting:
      'Up to 1.13.3 BPF NodePort was enough for BPF host routing; from 1.13.4 the agent wants full kube-proxy replacement (`strict`, later `true`).',
    history:
      'Rendered only with partial (≤ 1.13) or `false` (1.14–1.18) kube-proxy replacement; removed in 1.19, where NodePort simply follows `kubeProxyReplacement`.',
  },
  {
    values: ['encryption.enabled', 'encryption.type'],
    configKeys: ['enable-ipsec', 'enable-wireguard'],
    what: 'Transparent encryption of pod traffic between nodes, with IPsec or WireGuard (`encryption.type`).',
    hostRouting:
      'IPsec forces legacy host routing up to 1.18 (and up to 1.15 cannot run with BPF NodePort at all); WireGuard forced it in 1.10–1.13.',
    history: '`encryption.type` exists from chart 1.10, default `ipsec`; 1.9 knew IPsec only.',
  },
  {
    values: ['ipv4.enabled'],
    configKeys: ['enable-ipv4'],
    what: 'Gives pods IPv4 addresses.',
    hostRouting: 'IPv4 masquerading only counts while IPv4 is on.',
    history: 'Default `true` in every chart.',
  },
  {
    values: ['ipv6.enabled'],
    configKeys: ['enable-ipv6'],
    what: 'Gives pods IPv6 addresses (dual stack together with IPv4).',
    hostRouting:
      'With IPv6 on, IPv6 masquerading (default on) must be done by BPF too, or host routing is legacy; 1.10.6–1.13 refuse BPF masquerade with IPv6 masquerading.',
    history: 'Default `false` in every chart.',
  },
  {
    values: ['bpf.datapathMode', 'datapathMode'],
    configKeys: ['datapath-mode'],
    what: 'The kind of device that connects pods to the node: `veth`, `netkit` or `netkit-l2` (older charts: `veth` or `ipvlan`).',
    hostRouting:
      'netkit needs BPF host routing; 1.20 refuses to start netkit with legacy routing, without BPF masquerade or without kube-proxy replacement.',
    history:
      '`bpf.datapathMode` arrived in chart 1.16 (default `veth`); old charts had a top-level `datapathMode`; 1.20 adds `auto`.',
  },
  {
    values: ['upgradeCompatibility'],
    configKeys: [],
    what: 'Keeps the defaults of an older release when upgrading, so that an upgrade does not change behaviour by itself.',
    hostRouting:
      'Older defaults can flip host-routing inputs: ≤ 1.9 brings back BPF masquerade, and old values bring back kube-proxy replacement `probe`, which charts from 1.13.4 refuse unless `kubeProxyReplacement` is set.',
    history: 'Unset means the newest defaults of the chart; the 1.19 chart no longer has the `probe` default.',
  },
  {
    values: ['masquerade'],
    configKeys: ['masquerade'],
    what: 'The 1.9 switch for IPv4 masquerading.',
    hostRouting: 'In 1.9, on without `enable-bpf-masquerade` means iptables masquerading and legacy host routing.',
    history: `Replaced by \`enableIPv4Masquerade\` in chart 1.10; from ${masqueradeKeyIgnoredFrom()} the agent ignores the \`masquerade\` key.`,
  },
  {
    values: ['ipMasqAgent.enabled'],
    configKeys: ['enable-ip-masq-agent'],
    what: 'Decides per destination CIDR whether to masquerade, like the Kubernetes ip-masq-agent, in eBPF.',
    hostRouting: 'Never causes legacy routing itself, but the agent refuses to start it without BPF masquerade.',
    history: 'Default `false` in every chart.',
  },
  {
    values: ['bandwidthManager.bbr'],
    configKeys: ['enable-bbr'],
    what: 'Uses the BBR congestion control for pod traffic (with the bandwidth manager).',
    hostRouting:
      'Needs BPF host routing: with legacy routing the agent refuses to start it (1.18 adds an exception when BBR is limited to the host namespace).',
    history: 'Arrived in chart 1.12, default `false`.',
  },
  {
    values: ['enableIPv4BIGTCP', 'enableIPv6BIGTCP'],
    configKeys: ['enable-ipv4-big-tcp', 'enable-ipv6-big-tcp'],
    what: 'Larger TCP segments (BIG TCP) for pod traffic.',
    hostRouting: 'Needs BPF host routing: with legacy routing the agent refuses to start.',
    history: 'IPv6 from chart 1.13, IPv4 from 1.14; default `false`.',
  },
  {
    values: [],
    configKeys: ['flannel-master-device'],
    what: 'The flannel device Cilium attaches to when it runs on top of flannel.',
    hostRouting: 'In 1.9.9–1.9.18, setting it forces legacy host routing.',
    history: 'Removed from the agent in 1.10.',
  },
];

const BY_VALUE = new Map<string, KeyDoc>();
const BY_CONFIG_KEY = new Map<string, KeyDoc>();
for (const d of KEY_DOCS) {
  for (const v of d.values) BY_VALUE.set(v, d);
  for (const k of d.configKeys) if (!BY_CONFIG_KEY.has(k)) BY_CONFIG_KEY.set(k, d);
}

/** The doc of a Helm value path, if it bears on host routing. */
export function keyDocForValue(path: string): KeyDoc | undefined {
  return BY_VALUE.get(path);
}

/** The doc of a cilium-config key, if it bears on host routing. */
export function keyDocForConfigKey(key: string): KeyDoc | undefined {
  return BY_CONFIG_KEY.get(key);
}

// ---------------------------------------------------------------------------------------------
// Facts about any chart key or cilium-config key in one version, for hover and completion.

const tick = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** A short phrase for a chart type. */
export function typeWord(type: string | undefined, schemaTypes?: readonly string[]): string {
  const t = schemaTypes && schemaTypes.length ? schemaTypes.filter((x) => x !== 'null').join(' | ') || 'null' : type;
  switch (t) {
    case 'object':
      return 'map';
    case 'array':
      return 'list';
    case undefined:
      return 'value';
    default:
      return t;
  }
}

/** A default as a short inline code span. */
export function defaultText(v: unknown): string {
  if (v === null || v === undefined) return tick('null');
  if (typeof v === 'object')
    return Array.isArray(v)
      ? v.length === 0
        ? tick('[]')
        : 'a list'
      : Object.keys(v as object).length === 0
        ? tick('{}')
        : 'a map';
  const s = JSON.stringify(v);
  return tick(s.length > 60 ? `${s.slice(0, 57)}…` : s);
}

/** The one-line description of a value path: ours where we wrote one. */
export function valueDescription(path: string): string | undefined {
  return keyDocForValue(path)?.what ?? valueOverlay(path)?.doc;
}

function acceptedLine(r: ValueRange, who: string): string {
  const current = r.accept.filter((a) => !(r.deprecated && scalarText(a) in r.deprecated));
  const old = r.accept.filter((a) => r.deprecated && scalarText(a) in r.deprecated);
  return `Accepted in ${who}: ${current.map((a) => tick(scalarText(a))).join(', ')}${old.length ? ` (deprecated: ${old.map((a) => tick(scalarText(a))).join(', ')})` : ''}.`;
}

/**
 * Type, default, accepted values and lifecycle of a Helm value path in chart `chart` (Cilium `v`),
 * as Markdown lines. Works for every chart key, described by us or not.
 */
export function valueFacts(path: string, chart: string, v: CiliumVersion): string[] {
  const out: string[] = [];
  const info = chartKeyInfo(chart, path);
  if (info?.present) {
    const d = chartDefault(chart, path);
    const def = d.commented
      ? `unset (values.yaml only has it commented out as ${defaultText(d.value)})`
      : info.type === 'object' && !Array.isArray(d.value) && Object.keys((d.value as object) ?? {}).length > 0
        ? 'a map'
        : defaultText(d.value);
    out.push(`${typeWord(info.type, info.schemaTypes)} in chart ${chart}; default ${def}.`);
    if (info.schemaEnum && info.schemaEnum.length > 0)
      out.push(`The chart's schema allows ${info.schemaEnum.map((x) => tick(scalarText(x))).join(', ')}.`);
  } else {
    const versions = info?.versions ?? [];
    out.push(
      versions.length > 0
        ? `Not a value of chart ${chart}; charts ${versions[0]}–${versions[versions.length - 1]} have it.`
        : `Not a value of the cilium chart.`,
    );
  }
  const r = acceptedValues(path, v);
  if (r) out.push(acceptedLine(r, `Cilium ${v.line}`));
  const o = valueOverlay(path);
  if (o?.deprecated)
    out.push(
      `Deprecated in ${describeRange(o.deprecated)}${o.deprecated.use ? `: use ${tick(o.deprecated.use)}` : ''}${o.deprecated.note ? ` (${o.deprecated.note})` : ''}.`,
    );
  if (o?.removed)
    out.push(
      `Removed in chart ${o.removed.in}${o.removed.use ? `: use ${tick(o.removed.use)}` : ''}${o.removed.note ? ` (${o.removed.note})` : ''}.`,
    );
  else if (info && info.versions.length > 0) {
    const first = info.versions[0];
    const last = info.versions[info.versions.length - 1];
    if (first !== CHART_VERSIONS[0] || last !== CHART_VERSIONS[CHART_VERSIONS.length - 1])
      out.push(`In charts ${first}–${last}.`);
  }
  return out;
}

/** Type, accepted values and lifecycle of a cilium-config key in Cilium `v`, as Markdown lines. */
export function configKeyFacts(key: string, v: CiliumVersion): string[] {
  const o = configMapOverlay(key);
  if (!o) return [];
  const out: string[] = [];
  if (o.type === 'bool') out.push('A Go boolean written as a string (`"true"` or `"false"`).');
  const r = acceptedConfigValues(key, v);
  if (r) out.push(acceptedLine(r, `Cilium ${v.line}`));
  if (o.range && !inRange(v, o.range)) out.push(`Read by Cilium ${describeRange(o.range)}; not by ${v.line}.`);
  if (o.deprecated)
    out.push(
      `Deprecated in ${describeRange(o.deprecated)}${o.deprecated.use ? `: use ${tick(o.deprecated.use)}` : ''}.`,
    );
  if (o.removed) out.push(`Removed in Cilium ${o.removed.in}${o.removed.use ? `: use ${tick(o.removed.use)}` : ''}.`);
  return out;
}

/** The one-line description of a cilium-config key: ours where we wrote one. */
export function configKeyDescription(key: string): string | undefined {
  return keyDocForConfigKey(key)?.what ?? configMapOverlay(key)?.doc;
}

// ---------------------------------------------------------------------------------------------
// One entry point for key documentation: what the editor (hover, completion) and the CLI show.

export interface KeyDescription {
  /** `value`: a Helm value path; `configKey`: a cilium-config key */
  kind: 'value' | 'configKey';
  path: string;
  /** our words on a key that bears on a verdict: what it does, how it enters it, its history */
  doc?: KeyDoc;
  /** our one-line description (the doc's `what`, else the overlay's) */
  description?: string;
  /** accepted values, deprecation and removal in this version, as Markdown lines */
  lifecycle: string[];
  /** what the agent uses when the key is absent (the agent key behind a value path) */
  agentDefault?: string;
}

/** Everything the core knows about a key in Cilium `v`, for hovers and completion. */
export function describeKey(path: string, v: CiliumVersion, kind: 'value' | 'configKey' = 'value'): KeyDescription {
  if (kind === 'configKey') {
    const doc = keyDocForConfigKey(path);
    return {
      kind,
      path,
      doc,
      description: configKeyDescription(path),
      lifecycle: configKeyFacts(path, v),
      agentDefault: agentDefault(path, v),
    };
  }
  const doc = keyDocForValue(path);
  const agentKey = doc?.configKeys[0];
  return {
    kind,
    path,
    doc,
    description: valueDescription(path),
    lifecycle: valueLifecycle(path, v),
    agentDefault: agentKey ? agentDefault(agentKey, v) : undefined,
  };
}

/** Accepted values and deprecation/removal of a Helm value in this version (our overlay). */
function valueLifecycle(path: string, v: CiliumVersion): string[] {
  const out: string[] = [];
  const r = acceptedValues(path, v);
  if (r) {
    const current = r.accept
      .filter((x) => !(r.deprecated && scalarText(x) in r.deprecated))
      .map((x) => tick(scalarText(x)));
    out.push(`Accepted in Cilium ${v.line}: ${current.join(', ')}.`);
  }
  const o = valueOverlay(path);
  if (o?.deprecated)
    out.push(
      `Deprecated in ${describeRange(o.deprecated)}${o.deprecated.use ? `; use ${tick(o.deprecated.use)}` : ''}.`,
    );
  if (o?.removed) out.push(`Removed in chart ${o.removed.in}${o.removed.use ? `; use ${tick(o.removed.use)}` : ''}.`);
  return out;
}
