/**
 * Types of the `cilium status` / `cilium-dbg status` parser (text and `-o json`, Cilium 1.9 → 1.20)
 * and of the agent-log fallback extractor. Pure data: no VS Code or LSP imports.
 */

/** How masquerading is reported. `Enabled` = on, but the output does not say BPF or iptables. */
export type StatusMasqueradingMode = 'BPF' | 'IPTables' | 'Disabled' | 'Enabled';

export interface MasqueradingStatus {
  mode: StatusMasqueradingMode;
  /** `BPF (ip-masq-agent)` in text, `ip-masq-agent: true` in JSON */
  ipMasqAgent: boolean;
  /** from the ` [IPv4: Enabled, IPv6: Disabled]` suffix (1.10+) or `enabledProtocols`; absent when not reported */
  ipv4?: boolean;
  ipv6?: boolean;
  /** BPF mode only, text output only: the device list printed after the mode (`[eth0, eth1]`) */
  devices?: string[];
  /** BPF mode: the IPv4 SNAT exclusion CIDR (text column, or JSON `snat-exclusion-cidr-v4` / `snat-exclusion-cidr`) */
  snatExclusionCidr?: string;
}

export interface KprDevice {
  name: string;
  /** addresses as printed; empty for 1.9 (names only) and for devices without an address */
  ips: string[];
  /** marked `(Direct Routing)` / equal to `directRoutingDevice` */
  directRouting: boolean;
}

export interface KubeProxyReplacementStatus {
  /** as printed: `Strict`, `Partial`, `Probe`, `Disabled` (≤1.15), `True`, `False` (1.14+) */
  mode: string;
  /** absent when the output lists no devices (mode Disabled/False, or none detected) */
  devices?: KprDevice[];
}

/** What a `cilium status` output says about the agent's datapath. */
export interface AgentStatus {
  format: 'text' | 'json';
  /** `1.17.4`, `1.17.6-cee.1`; absent when the output does not carry it (e.g. `Cilium: Ok OK`) */
  ciliumVersion?: string;
  /** state word of the `Cilium:` line / `cilium.state`: `Ok`, `Warning`, `Failure`, `Disabled` */
  ciliumState?: string;
  /** undefined when the output has no host-routing line (never guessed) */
  hostRouting?: 'BPF' | 'Legacy';
  /** which line reported it: `Host Routing:` / `host-routing.mode` (1.9–1.15) or `Routing:` / `routing` (1.16+) */
  hostRoutingLine?: 'host-routing' | 'routing';
  /** `Routing: Network: …` (1.16+ only) */
  networkRouting?: 'Native' | 'Tunnel';
  /** `vxlan` / `geneve`, only reported in tunnel mode */
  tunnelProtocol?: string;
  masquerading?: MasqueradingStatus;
  kubeProxyReplacement?: KubeProxyReplacementStatus;
  /** `CNI Chaining:` (1.12+) as printed, e.g. `none`, `aws-cni`, `portmap` */
  cniChaining?: string;
  /** `Attach Mode:` (1.16+): `TCX` or `Legacy TC` (JSON `tcx`/`tc` are mapped to these) */
  attachMode?: string;
  /** `Device Mode:` (1.16+): `veth`, `netkit`, `netkit-l2` */
  deviceMode?: string;
  /** things noticed but not understood (unknown values, conflicting duplicate lines, …) */
  warnings: string[];
}

export type StatusParseResult = { ok: true; status: AgentStatus } | { ok: false; error: string };

/** Kind of agent log line explaining why host routing is legacy. */
export type HostRoutingFallbackKind =
  /** `<reason> Falling back to legacy host routing (enable-host-legacy-routing=true).` */
  | 'host-routing'
  /** `BPF masquerade could not be enabled. Falling back to legacy host routing (--enable-host-legacy-routing="true").` */
  | 'bpf-masquerade'
  /** `Auto-disabling "enable-node-port", … features and falling back to "enable-host-legacy-routing"` (KPR disabled) */
  | 'kpr-disabled';

export interface HostRoutingFallback {
  /** the sentence the agent gives as the cause, quotes unescaped (e.g. `BPF host routing requires enable-bpf-masquerade.`) */
  reason: string;
  /** the whole log line as given (without the line terminator) */
  line: string;
  /** 0-based index of that line in the input */
  lineIndex: number;
  kind: HostRoutingFallbackKind;
}
