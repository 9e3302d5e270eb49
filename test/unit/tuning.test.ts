/**
 * Table-driven tests of the tuning family, per feature and release line. Each row names the
 * section of ../shared/cilium/tuning-spec.md (TS §n) or host-routing-spec.md (HR §n) it checks,
 * or "src" with the file and tag where the spec was corrected (docs/ground-truth.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInput } from '../../server/src/core/parse/input';
import { parseCiliumVersion, parseKernelVersion } from '../../server/src/core/version';
import {
  tuningFor,
  type FeatureId,
  type FeatureState,
  type TuningResult,
  type InactiveCause,
  FEATURE_IDS,
} from '../../server/src/core/families/tuning';

function run(text: string, version: string, kernel?: string, cm = false): TuningResult {
  const src = cm
    ? 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n' +
      text
        .trim()
        .split('\n')
        .map((l) => '  ' + l)
        .join('\n') +
      '\n'
    : text;
  const p = parseInput(cm ? 'cilium-config.yaml' : 'values.yaml', src);
  if (!p.ok) assert.fail(p.problem.message);
  const v = parseCiliumVersion(version);
  if (!v.ok) assert.fail(v.error);
  const k = kernel ? parseKernelVersion(kernel) : undefined;
  if (k && !k.ok) assert.fail(k.error);
  return tuningFor([p.input], v.value, k?.ok ? k.value : undefined).result;
}

interface Row {
  spec: string;
  name: string;
  text: string;
  cm?: boolean;
  version: string;
  kernel?: string;
  feature: FeatureId;
  state: FeatureState;
  cause?: InactiveCause;
  /** exact agent line of the first fatal / warning reason (null: the path is silent) */
  log?: string | null;
  rule?: string;
  /** expected `cilium status` line */
  status?: string | null;
  requested?: boolean;
}

const KPR13 = 'kubeProxyReplacement: strict\n';
const KPR = 'kubeProxyReplacement: true\n';
const BPF = 'bpf:\n  masquerade: true\n';
const NATIVE13 = 'tunnel: disabled\nipv4NativeRoutingCIDR: 10.0.0.0/8\n';
const NATIVE = 'routingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\n';
const BBR = 'bandwidthManager:\n  enabled: true\n  bbr: true\n';
const BBR_LEGACY = "BPF bandwidth manager's BBR setup requires BPF host routing.";

const rows: Row[] = [
  // ---- BBR and the ordering question (TS §7, §16.1; src: v1.13.4 daemon.go 958/973/1005/1232, pkg/bandwidth 167)
  {
    spec: 'TS §7 order, §16.1 (src v1.13.4)',
    name: '1.13.4: derived legacy (iptables masquerade) stops the agent with BBR',
    text: KPR13 + NATIVE13 + BBR,
    version: '1.13.4',
    kernel: '5.19',
    feature: 'bbr',
    state: 'agent-fails',
    log: BBR_LEGACY,
    rule: 'needs-bpf-host-routing',
  },
  {
    spec: 'TS §16.1 (src v1.12.16 daemon.go 912/927/959/1183)',
    name: '1.12.16: derived legacy stops the agent with BBR',
    text: KPR13 + NATIVE13 + BBR,
    version: '1.12.16',
    kernel: '5.19',
    feature: 'bbr',
    state: 'agent-fails',
    log: BBR_LEGACY,
  },
  {
    spec: 'TS §16.1 (src v1.14.4 daemon.go 907/928/962/1181)',
    name: '1.14.4: KPR false (silent legacy) stops the agent with BBR',
    text: BPF + NATIVE + BBR,
    version: '1.14.4',
    kernel: '6.1',
    feature: 'bbr',
    state: 'agent-fails',
    log: BBR_LEGACY,
  },
  {
    spec: 'TS §16.1 (src 1.15.0-dev bandwidth cell start hook before newDaemon)',
    name: '1.15.7: derived legacy is not seen, agent starts with BBR',
    text: KPR + NATIVE + BBR,
    version: '1.15.7',
    kernel: '6.1',
    feature: 'bbr',
    state: 'active',
    status: 'BandwidthManager:  EDT with BPF [BBR] [<devices>]',
  },
  {
    spec: 'TS §16.1 (src: KPR disabled legacy is set inside newDaemon in 1.15)',
    name: '1.15.7: kube-proxy-replacement disabled does not stop BBR',
    text: 'kubeProxyReplacement: disabled\n' + NATIVE + BBR,
    version: '1.15.7',
    kernel: '6.1',
    feature: 'bbr',
    state: 'active',
  },
  {
    spec: 'TS §7 BBR + legacy',
    name: '1.16: configured legacy stops the agent',
    text: KPR + BPF + NATIVE + BBR + 'bpf:\n  masquerade: true\n  hostLegacyRouting: true\n',
    version: '1.16.15',
    kernel: '6.1',
    feature: 'bbr',
    state: 'agent-fails',
    log: BBR_LEGACY,
  },
  {
    spec: 'TS §7 1.18 hostns-only',
    name: '1.18: bbrHostNamespaceOnly skips the legacy check',
    text:
      KPR +
      NATIVE +
      'bpf:\n  masquerade: true\n  hostLegacyRouting: true\nbandwidthManager:\n  enabled: true\n  bbr: true\n  bbrHostNamespaceOnly: true\n',
    version: '1.18.3',
    kernel: '6.1',
    feature: 'bbr',
    state: 'active',
  },
  {
    spec: 'TS §7 1.18 hostns-only without BBR',
    name: '1.18: bbrHostNamespaceOnly alone stops the agent',
    text: KPR + BPF + NATIVE + 'bandwidthManager:\n  enabled: true\n  bbrHostNamespaceOnly: true\n',
    version: '1.18.3',
    kernel: '6.1',
    feature: 'bbr',
    state: 'agent-fails',
    log: 'cannot enable --enable-bbr-hostns-only without enabling --enable-bbr',
  },
  {
    spec: 'TS §7 BBR kernel (1.15+ returned error)',
    name: '1.16: kernel 5.15 < 5.18 stops the agent',
    text: KPR + BPF + NATIVE + BBR,
    version: '1.16.4',
    kernel: '5.15',
    feature: 'bbr',
    state: 'agent-fails',
    log: 'cannot enable --enable-bbr, needs kernel 5.18 or newer',
    rule: 'bbr-kernel',
  },
  {
    spec: 'TS §7 BBR kernel (1.12–1.14 log.Fatalf)',
    name: '1.13: kernel 5.15 < 5.18 stops the agent',
    text: KPR13 + BPF + NATIVE13 + BBR,
    version: '1.13.9',
    kernel: '5.15',
    feature: 'bbr',
    state: 'agent-fails',
    log: 'Cannot enable --enable-bbr, needs kernel 5.18 or newer.',
  },
  {
    spec: 'TS §7 IPsec (≤1.14 in initEnv, before the probe)',
    name: '1.14: IPsec switches the bandwidth manager off, BBR silently',
    text: KPR + BPF + NATIVE + BBR + 'encryption:\n  enabled: true\n  type: ipsec\n',
    version: '1.14.4',
    kernel: '6.1',
    feature: 'bbr',
    state: 'inactive',
    cause: 'silently-ignored',
    log: null,
  },
  {
    spec: 'TS §7',
    name: 'no kernel given: BBR unknown',
    text: KPR + BPF + NATIVE + BBR,
    version: '1.16.4',
    feature: 'bbr',
    state: 'unknown',
  },
  {
    spec: 'TS §7 keys',
    name: 'enable-bbr without the bandwidth manager is ignored',
    text: 'enable-bbr: "true"\n',
    cm: true,
    version: '1.16.4',
    kernel: '6.1',
    feature: 'bbr',
    state: 'inactive',
    cause: 'silently-ignored',
    log: null,
  },

  // ---- BIG TCP (TS §6, §16.2; src v1.13.4 / v1.14.4 InitBIGTCP, v1.16 validateConfig/newBIGTCP)
  {
    spec: 'TS §6, §16.2 (src v1.13.4 daemon.go 1073)',
    name: '1.13.4: derived legacy stops the agent with IPv6 BIG TCP',
    text: KPR13 + NATIVE13 + 'enableIPv6BIGTCP: true\n',
    version: '1.13.4',
    kernel: '6.1',
    feature: 'ipv6-big-tcp',
    state: 'agent-fails',
    log: 'IPv6 BIG TCP is not supported with legacy host routing',
    rule: 'needs-bpf-host-routing',
  },
  {
    spec: 'TS §6 (src v1.13.4: kernel probe before the fatal checks)',
    name: '1.13.4: tunnel on kernel 5.15 is only a warning',
    text: KPR13 + BPF + 'enableIPv6BIGTCP: true\n',
    version: '1.13.4',
    kernel: '5.15',
    feature: 'ipv6-big-tcp',
    state: 'inactive',
    cause: 'agent-turns-off',
    log: 'Cannot enable --enable-ipv6-big-tcp, needs kernel 5.19 or newer',
    status: 'IPv6 BIG TCP:  Disabled',
  },
  {
    spec: 'src v1.16 bigtcp.go 204–224 (config checked in the constructor, before the kernel)',
    name: '1.16.4: tunnel on kernel 5.15 stops the agent',
    text: KPR + BPF + 'enableIPv6BIGTCP: true\n',
    version: '1.16.4',
    kernel: '5.15',
    feature: 'ipv6-big-tcp',
    state: 'agent-fails',
    log: 'BIG TCP is not supported in tunneling mode',
  },
  {
    spec: 'TS §6 status quirk (src v1.16 status.go 160, bigtcp.go newDefaultConfiguration)',
    name: '1.16.4: kernel refusal keeps status Enabled [65536]',
    text: KPR + BPF + NATIVE + 'enableIPv6BIGTCP: true\n',
    version: '1.16.4',
    kernel: '5.15',
    feature: 'ipv6-big-tcp',
    state: 'inactive',
    cause: 'agent-turns-off',
    log: 'Cannot enable --enable-ipv6-big-tcp, needs kernel 5.19 or newer',
    status: 'IPv6 BIG TCP:  Enabled  [65536]',
  },
  {
    spec: 'TS §16.2 (1.15+ only configured legacy)',
    name: '1.16.4: derived legacy does not stop BIG TCP',
    text: KPR + NATIVE + 'enableIPv4BIGTCP: true\n',
    version: '1.16.4',
    kernel: '6.8',
    feature: 'ipv4-big-tcp',
    state: 'active',
    status: 'IPv4 BIG TCP:  Enabled  [196608]',
  },
  {
    spec: 'TS §6 1.14',
    name: '1.14.4: IPv4 BIG TCP on 6.1 < 6.3 is a warning',
    text: KPR + BPF + NATIVE + 'enableIPv4BIGTCP: true\n',
    version: '1.14.4',
    kernel: '6.1',
    feature: 'ipv4-big-tcp',
    state: 'inactive',
    log: 'Cannot enable --enable-ipv4-big-tcp, needs kernel 6.3 or newer',
    status: 'IPv4 BIG TCP:  Disabled',
  },
  {
    spec: 'TS §6 1.19 tunnel opt-in',
    name: '1.19: tunnel without enableTunnelBIGTCP stops the agent',
    text: KPR + BPF + 'enableIPv6BIGTCP: true\n',
    version: '1.19.0',
    kernel: '6.8',
    feature: 'ipv6-big-tcp',
    state: 'agent-fails',
    log: 'BIG TCP in tunneling mode requires pending kernel support and needs to be enabled by enable-tunnel-big-tcp',
  },
  {
    spec: 'TS §6 1.19 tunnel opt-in',
    name: '1.19: tunnel with enableTunnelBIGTCP starts',
    text: KPR + BPF + 'enableIPv6BIGTCP: true\nenableTunnelBIGTCP: true\n',
    version: '1.19.0',
    kernel: '6.8',
    feature: 'ipv6-big-tcp',
    state: 'active',
  },
  {
    spec: 'TS §6 IPsec row, §16.4 (WireGuard allowed)',
    name: 'IPsec stops BIG TCP',
    text: KPR + BPF + NATIVE + 'enableIPv6BIGTCP: true\nencryption:\n  enabled: true\n  type: ipsec\n',
    version: '1.16.4',
    kernel: '6.8',
    feature: 'ipv6-big-tcp',
    state: 'agent-fails',
    log: 'BIG TCP is not supported with encryption enabled',
  },
  {
    spec: 'TS §16.4',
    name: 'WireGuard does not block BIG TCP',
    text: KPR + BPF + NATIVE + 'enableIPv6BIGTCP: true\nencryption:\n  enabled: true\n  type: wireguard\n',
    version: '1.16.4',
    kernel: '6.8',
    feature: 'ipv6-big-tcp',
    state: 'active',
  },
  {
    spec: 'TS §6 1.20 DSR dispatch',
    name: '1.20: IPIP dispatch key stops BIG TCP',
    text: KPR + BPF + NATIVE + 'enableIPv4BIGTCP: true\nloadBalancer:\n  dsrDispatch: ipip\n',
    version: '1.20.0',
    kernel: '6.8',
    feature: 'ipv4-big-tcp',
    state: 'agent-fails',
    log: "bpf-lb-dsr-dispatch ipip creates IPIP tunnels that aren't compatible with BIG TCP",
  },
  {
    spec: 'TS §6 keys',
    name: 'IPv4 BIG TCP does not exist in 1.13',
    text: 'enableIPv4BIGTCP: true\n',
    version: '1.13.4',
    kernel: '6.8',
    feature: 'ipv4-big-tcp',
    state: 'inactive',
    cause: 'not-in-version',
  },

  // ---- DSR (TS §4; src kube_proxy_replacement.go at v1.12.16, v1.13.9, v1.14.4, 1.15.0-dev, v1.16, 1.18.3)
  {
    spec: 'TS §4 1.9–1.12, §16.7',
    name: '1.12: DSR with a tunnel is a warning and SNAT',
    text: KPR13 + BPF + 'loadBalancer:\n  mode: dsr\n',
    version: '1.12.16',
    kernel: '5.15',
    feature: 'dsr',
    state: 'inactive',
    cause: 'agent-turns-off',
    log: 'Disabling NodePort\'s "dsr" mode feature due to tunneling mode being enabled',
    status: 'Mode:  SNAT',
  },
  {
    spec: 'TS §4 1.13',
    name: '1.13: DSR with a tunnel stops the agent',
    text: KPR13 + BPF + 'loadBalancer:\n  mode: dsr\n',
    version: '1.13.4',
    kernel: '5.15',
    feature: 'dsr',
    state: 'agent-fails',
    log: 'Node Port "dsr" mode cannot be used with tunneling.',
  },
  {
    spec: 'TS §4 1.14',
    name: '1.14: DSR on VXLAN stops the agent',
    text: KPR + BPF + 'loadBalancer:\n  mode: dsr\n',
    version: '1.14.4',
    kernel: '5.15',
    feature: 'dsr',
    state: 'agent-fails',
    log: 'Node Port "dsr" mode cannot be used with vxlan tunneling.',
  },
  {
    spec: 'TS §4 1.14',
    name: '1.14: DSR opt dispatch on Geneve stops the agent',
    text: KPR + BPF + 'routingMode: tunnel\ntunnelProtocol: geneve\nloadBalancer:\n  mode: dsr\n',
    version: '1.14.4',
    kernel: '5.15',
    feature: 'dsr',
    state: 'agent-fails',
    log: 'Node Port "dsr" mode with opt dispatch cannot be used with geneve tunneling.',
  },
  {
    spec: 'src v1.16 kube_proxy_replacement.go 180 (spec §4 says the 1.14 text)',
    name: '1.16: DSR on VXLAN needs Geneve dispatch',
    text: KPR + BPF + 'routingMode: tunnel\ntunnelProtocol: vxlan\nloadBalancer:\n  mode: dsr\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'dsr',
    state: 'agent-fails',
    log: 'Tunnel routing with Node Port "dsr" mode requires geneve dispatch.',
    rule: 'dsr-tunnel',
  },
  {
    spec: 'src v1.16 kube_proxy_replacement.go 186',
    name: '1.16: Geneve dispatch on VXLAN',
    text: KPR + BPF + 'tunnelProtocol: vxlan\nloadBalancer:\n  mode: dsr\n  dsrDispatch: geneve\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'dsr',
    state: 'agent-fails',
    log: 'Node Port "dsr" mode with geneve dispatch requires geneve tunnel protocol.',
  },
  {
    spec: 'src 1.18.3 kube_proxy_replacement.go 130 (%q)',
    name: '1.18: Geneve dispatch on VXLAN, quoted',
    text: KPR + BPF + 'tunnelProtocol: vxlan\nloadBalancer:\n  mode: dsr\n  dsrDispatch: geneve\n',
    version: '1.18.3',
    kernel: '6.1',
    feature: 'dsr',
    state: 'agent-fails',
    log: 'Node Port "dsr" mode with "geneve" dispatch requires geneve tunnel protocol.',
  },
  {
    spec: 'TS §4',
    name: '1.16: Geneve dispatch on a Geneve tunnel works',
    text: KPR + BPF + 'tunnelProtocol: geneve\nloadBalancer:\n  mode: dsr\n  dsrDispatch: geneve\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'dsr',
    state: 'active',
    status: 'Mode:  DSR · DSR Dispatch Mode:  Geneve',
  },
  {
    spec: 'TS §4 (needs BPF NodePort)',
    name: '1.16: DSR without KPR is ignored',
    text: BPF + NATIVE + 'loadBalancer:\n  mode: dsr\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'dsr',
    state: 'inactive',
    cause: 'silently-ignored',
    log: null,
  },
  {
    spec: 'TS §4 ipip',
    name: '1.16: IPIP dispatch outside lb-only stops the agent',
    text: KPR + BPF + NATIVE + 'loadBalancer:\n  mode: dsr\n  dsrDispatch: ipip\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'dsr',
    state: 'agent-fails',
    log: 'DSR dispatch mode ipip only supported for --datapath-mode=lb-only',
  },
  {
    spec: 'TS §4 ipip 1.18',
    name: '1.18: IPIP dispatch without XDP stops the agent',
    text: KPR + BPF + NATIVE + 'loadBalancer:\n  mode: dsr\n  dsrDispatch: ipip\n',
    version: '1.18.3',
    kernel: '6.1',
    feature: 'dsr',
    state: 'agent-fails',
    log: 'DSR dispatch mode "ipip" currently only available under XDP acceleration',
  },
  {
    spec: 'TS §4 ipip 1.19+',
    name: '1.19: IPIP dispatch is allowed',
    text: KPR + BPF + NATIVE + 'loadBalancer:\n  mode: dsr\n  dsrDispatch: ipip\n',
    version: '1.19.0',
    kernel: '6.1',
    feature: 'dsr',
    state: 'active',
  },
  {
    spec: 'TS §4 hybrid + ipip',
    name: '1.16: hybrid with IPIP is an invalid dispatch',
    text: KPR + BPF + NATIVE + 'loadBalancer:\n  mode: hybrid\n  dsrDispatch: ipip\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'dsr',
    state: 'agent-fails',
    log: 'Invalid value for --bpf-lb-dsr-dispatch: ipip',
  },
  {
    spec: 'TS §4 keys',
    name: '1.9: node-port-mode from a ConfigMap',
    text: 'kube-proxy-replacement: strict\ntunnel: disabled\nnative-routing-cidr: 10.0.0.0/8\nnode-port-mode: dsr\n',
    cm: true,
    version: '1.9.18',
    kernel: '5.10',
    feature: 'dsr',
    state: 'active',
  },

  // ---- netkit (TS §9; src v1.16 daemon_main.go 1375)
  {
    spec: 'TS §9 1.16–1.19 (issue #13 example)',
    name: '1.16.4 netkit on kernel 6.6 stops the agent',
    text: KPR + BPF + 'bpf:\n  masquerade: true\n  datapathMode: netkit\n',
    version: '1.16.4',
    kernel: '6.6',
    feature: 'netkit',
    state: 'agent-fails',
    log: 'netkit devices need kernel 6.7.0 or newer and CONFIG_NETKIT',
    rule: 'netkit-kernel',
  },
  {
    spec: 'TS §9 1.20',
    name: '1.20 netkit on kernel 6.6 stops the agent',
    text: KPR + 'bpf:\n  masquerade: true\n  datapathMode: netkit\n',
    version: '1.20.0',
    kernel: '6.6',
    feature: 'netkit',
    state: 'agent-fails',
    log: 'netkit connector not available: netkit device probe failed, requires kernel 6.7.0+ and CONFIG_NETKIT',
  },
  {
    spec: 'TS §9 1.20 auto',
    name: '1.20 auto on kernel 6.6 falls back to veth',
    text: KPR + 'bpf:\n  masquerade: true\n  datapathMode: auto\n',
    version: '1.20.0',
    kernel: '6.6',
    feature: 'netkit',
    state: 'inactive',
    cause: 'agent-turns-off',
    log: 'datapath autodiscovery failed, reverting from netkit to veth',
    status: 'Device Mode:  veth [Configured: auto]',
  },
  {
    spec: 'TS §9, §16.9 (no check before 1.20)',
    name: '1.16 netkit with legacy host routing starts',
    text: KPR + 'bpf:\n  datapathMode: netkit\n',
    version: '1.16.4',
    kernel: '6.8',
    feature: 'netkit',
    state: 'active',
    status: 'Device Mode:  netkit',
  },
  {
    spec: 'HR §2.10, TS §9 1.20',
    name: '1.20 netkit with iptables masquerade stops the agent',
    text: KPR + 'bpf:\n  datapathMode: netkit\n',
    version: '1.20.0',
    kernel: '6.8',
    feature: 'netkit',
    state: 'agent-fails',
    log: 'netkit devices require BPF masquerade (--enable-bpf-masquerade=true)',
  },
  {
    spec: 'TS §9',
    name: 'netkit without a kernel is unknown',
    text: KPR + 'bpf:\n  masquerade: true\n  datapathMode: netkit\n',
    version: '1.17.8',
    feature: 'netkit',
    state: 'unknown',
  },

  // ---- bandwidth manager (TS §7)
  {
    spec: 'TS §7 kernel < 5.1',
    name: '1.13.4 on kernel 4.19: warning and off',
    text: KPR13 + BPF + NATIVE13 + 'bandwidthManager:\n  enabled: true\n',
    version: '1.13.4',
    kernel: '4.19',
    feature: 'bandwidth-manager',
    state: 'inactive',
    cause: 'agent-turns-off',
    log: 'BPF bandwidth manager needs kernel 5.1 or newer. Disabling the feature.',
    status: 'BandwidthManager:  Disabled',
  },
  {
    spec: 'TS §7 kernel',
    name: '1.13.4 on kernel 6.2: EDT with CUBIC',
    text: KPR13 + BPF + NATIVE13 + 'bandwidthManager:\n  enabled: true\n',
    version: '1.13.4',
    kernel: '6.2',
    feature: 'bandwidth-manager',
    state: 'active',
    status: 'BandwidthManager:  EDT with BPF [CUBIC] [<devices>]',
  },
  {
    spec: 'TS §7 IPsec',
    name: 'IPsec switches it off',
    text: 'enable-bandwidth-manager: "true"\nenable-ipsec: "true"\n',
    cm: true,
    version: '1.16.4',
    kernel: '6.1',
    feature: 'bandwidth-manager',
    state: 'inactive',
    log: 'The bandwidth manager cannot be used with IPSec. Disabling the bandwidth manager.',
  },
  {
    spec: 'TS §7 keys (1.9–1.11 boolean)',
    name: 'chart 1.11 boolean bandwidthManager',
    text: 'bandwidthManager: true\n',
    version: '1.11.20',
    kernel: '5.10',
    feature: 'bandwidth-manager',
    state: 'active',
    status: 'BandwidthManager:  EDT with BPF  [<devices>]',
  },

  // ---- bypass conntrack (TS §5)
  {
    spec: 'TS §5 chart override, §16.10',
    name: 'ENI makes the chart force it off',
    text: KPR + BPF + NATIVE + 'eni:\n  enabled: true\nipam:\n  mode: eni\ninstallNoConntrackIptablesRules: true\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'bypass-conntrack',
    state: 'inactive',
    cause: 'chart-overrides',
    requested: true,
  },
  {
    spec: 'TS §5 tunnel',
    name: 'tunnel stops the agent',
    text: KPR + BPF + 'installNoConntrackIptablesRules: true\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'bypass-conntrack',
    state: 'agent-fails',
    log: 'install-no-conntrack-iptables-rules requires the agent to run in direct routing mode.',
  },
  {
    spec: 'TS §5 KPR 1.10–1.13',
    name: '1.13 KPR partial stops the agent',
    text: NATIVE13 + BPF + 'installNoConntrackIptablesRules: true\n',
    version: '1.13.4',
    kernel: '6.1',
    feature: 'bypass-conntrack',
    state: 'agent-fails',
    log: 'install-no-conntrack-iptables-rules requires the agent to run with kube-proxy-replacement=strict.',
  },
  {
    spec: 'TS §5 KPR 1.14–1.18',
    name: '1.16 KPR false stops the agent',
    text: NATIVE + BPF + 'installNoConntrackIptablesRules: true\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'bypass-conntrack',
    state: 'agent-fails',
    log: 'install-no-conntrack-iptables-rules requires the agent to run with kube-proxy-replacement=true.',
  },
  {
    spec: 'TS §5 KPR 1.19+',
    name: '1.19 KPR false stops the agent',
    text: NATIVE + BPF + 'installNoConntrackIptablesRules: true\n',
    version: '1.19.0',
    kernel: '6.1',
    feature: 'bypass-conntrack',
    state: 'agent-fails',
    log: 'install-no-conntrack-iptables-rules requires the agent to run with kube-proxy-replacement.',
  },
  {
    spec: 'TS §5 1.10–1.11 BPF masquerade even when masquerading is off',
    name: '1.11 without BPF masquerade stops the agent',
    text: KPR13 + NATIVE13 + 'enableIPv4Masquerade: false\ninstallNoConntrackIptablesRules: true\n',
    version: '1.11.20',
    kernel: '5.10',
    feature: 'bypass-conntrack',
    state: 'agent-fails',
    log: 'install-no-conntrack-iptables-rules requires the agent to run with enable-bpf-masquerade.',
  },
  {
    spec: 'TS §5 1.12+ BPF masquerade only when masquerading',
    name: '1.12 with masquerading off starts',
    text: KPR13 + NATIVE13 + 'enableIPv4Masquerade: false\ninstallNoConntrackIptablesRules: true\n',
    version: '1.12.16',
    kernel: '5.10',
    feature: 'bypass-conntrack',
    state: 'active',
    status: null,
  },

  // ---- native routing (TS §2; src pkg/option/config.go checkIPv4NativeRoutingCIDR per tag)
  {
    spec: 'TS §2 (src v1.16 config.go 3741)',
    name: '1.16 native without a CIDR stops the agent',
    text: KPR + BPF + 'routingMode: native\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'native-routing',
    state: 'agent-fails',
    log: 'native routing cidr must be configured with option --ipv4-native-routing-cidr in combination with --enable-ipv4=true --enable-ipv4-masquerade=true --enable-ip-masq-agent=false --routing-mode=native --ipam=cluster-pool',
  },
  {
    spec: 'src v1.14.4 config.go 3684 (old wording, spec §2 says 1.14 has the new one)',
    name: '1.14 native without a CIDR',
    text: KPR + BPF + 'routingMode: native\n',
    version: '1.14.4',
    kernel: '6.1',
    feature: 'native-routing',
    state: 'agent-fails',
    log: 'native routing cidr must be configured with option --ipv4-native-routing-cidr in combination with --enable-ipv4-masquerade --routing-mode=native --ipam=cluster-pool --enable-ipv4=true',
  },
  {
    spec: 'TS §2 1.12',
    name: '1.13 native without a CIDR',
    text: KPR13 + BPF + 'tunnel: disabled\n',
    version: '1.13.4',
    kernel: '6.1',
    feature: 'native-routing',
    state: 'agent-fails',
    log: 'native routing cidr must be configured with option --ipv4-native-routing-cidr in combination with --enable-ipv4-masquerade --tunnel=disabled --ipam=cluster-pool --enable-ipv4=true',
  },
  {
    spec: 'TS §2 1.9',
    name: '1.10 native without a CIDR (old key)',
    text: KPR13 + BPF + 'tunnel: disabled\n',
    version: '1.10.20',
    kernel: '5.10',
    feature: 'native-routing',
    state: 'agent-fails',
    log: 'native routing cidr must be configured with option --native-routing-cidr in combination with --masquerade --tunnel=disabled --ipam=cluster-pool --enable-ipv4=true',
  },
  {
    spec: 'TS §2 ip-masq-agent exemption (src: from 1.15)',
    name: '1.16 ip-masq-agent exempts the CIDR',
    text: KPR + BPF + 'routingMode: native\nipMasqAgent:\n  enabled: true\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'native-routing',
    state: 'active',
    status: 'Routing:  Network: Native  Host: BPF',
  },
  {
    spec: 'TS §2 ENI exemption',
    name: 'ENI IPAM needs no CIDR',
    text: 'routing-mode: native\nipam: eni\nkube-proxy-replacement: "true"\nenable-bpf-masquerade: "true"\n',
    cm: true,
    version: '1.16.4',
    kernel: '6.1',
    feature: 'native-routing',
    state: 'active',
  },
  {
    spec: 'TS §2 auto-direct-node-routes + tunnel',
    name: '1.16 auto-direct-node-routes with a tunnel',
    text: KPR + BPF + 'autoDirectNodeRoutes: true\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'native-routing',
    state: 'agent-fails',
    log: 'auto-direct-node-routes cannot be used with tunneling. Packets must be routed through the tunnel device.',
  },
  {
    spec: 'TS §2 auto-direct-node-routes 1.20',
    name: '1.20 auto-direct-node-routes with a tunnel',
    text: KPR + BPF + 'autoDirectNodeRoutes: true\n',
    version: '1.20.0',
    kernel: '6.1',
    feature: 'native-routing',
    state: 'agent-fails',
    log: 'auto-direct-node-routes requires native or hybrid routing mode.',
  },
  {
    spec: 'TS §2 status 1.16+',
    name: 'tunnel: not requested, Routing line',
    text: KPR + BPF,
    version: '1.17.8',
    kernel: '6.1',
    feature: 'native-routing',
    state: 'inactive',
    cause: 'not-requested',
    status: 'Routing:  Network: Tunnel [vxlan]  Host: BPF',
  },

  // ---- XDP (TS §8)
  {
    spec: 'TS §8 tunnel ≤1.12, §16.8',
    name: '1.12 XDP with a tunnel stops the agent',
    text: KPR13 + BPF + 'loadBalancer:\n  acceleration: native\n',
    version: '1.12.16',
    kernel: '5.15',
    feature: 'xdp-acceleration',
    state: 'agent-fails',
    log: 'Cannot use NodePort acceleration with tunneling. Either run cilium-agent with --bpf-lb-acceleration=disabled or --tunnel=disabled',
  },
  {
    spec: 'TS §8 1.13+ allowed; driver unknown',
    name: '1.13 native XDP with a tunnel: depends on the driver',
    text: KPR13 + BPF + 'loadBalancer:\n  acceleration: native\n',
    version: '1.13.4',
    kernel: '5.15',
    feature: 'xdp-acceleration',
    state: 'unknown',
    status: 'XDP Acceleration:  Native',
  },
  {
    spec: 'TS §8 best-effort absent in 1.14',
    name: '1.14 best-effort is invalid',
    text: KPR + BPF + NATIVE + 'loadBalancer:\n  acceleration: best-effort\n',
    version: '1.14.4',
    kernel: '5.15',
    feature: 'xdp-acceleration',
    state: 'agent-fails',
    log: 'Invalid value for --bpf-lb-acceleration: best-effort',
  },
  {
    spec: 'TS §8 testing-only',
    name: 'testing-only is generic XDP',
    text: KPR + BPF + NATIVE + 'loadBalancer:\n  acceleration: testing-only\n',
    version: '1.16.4',
    kernel: '5.15',
    feature: 'xdp-acceleration',
    state: 'active',
    status: 'XDP Acceleration:  Generic',
  },
  {
    spec: 'TS §8 needs NodePort',
    name: 'XDP without KPR is ignored',
    text: BPF + NATIVE + 'loadBalancer:\n  acceleration: native\n',
    version: '1.16.4',
    kernel: '5.15',
    feature: 'xdp-acceleration',
    state: 'inactive',
    cause: 'silently-ignored',
    status: null,
  },

  // ---- clock probe (TS §13, §16.5)
  {
    spec: 'TS §13 chart quirk ≤1.13.4',
    name: 'chart 1.13.4 default turns the clock probe on',
    text: '',
    version: '1.13.4',
    kernel: '5.10',
    feature: 'clock-probe',
    state: 'active',
    status: 'Clock Source for BPF:  jiffies  [<HZ> Hz]',
  },
  {
    spec: 'TS §13 chart 1.13.5+',
    name: 'chart 1.14 default leaves it off',
    text: '',
    version: '1.14.4',
    kernel: '5.10',
    feature: 'clock-probe',
    state: 'inactive',
    cause: 'not-requested',
    status: 'Clock Source for BPF:  ktime',
  },
  {
    spec: 'TS §13 bpf.clockProbe is dead',
    name: 'bpf.clockProbe: true is not read (chart override)',
    text: 'bpf:\n  clockProbe: true\n',
    version: '1.16.4',
    kernel: '5.10',
    feature: 'clock-probe',
    state: 'inactive',
    cause: 'chart-overrides',
  },
  {
    spec: 'TS §13 kernel < 5.5',
    name: 'kernel 4.19 keeps ktime silently',
    text: 'bpfClockProbe: true\n',
    version: '1.16.4',
    kernel: '4.19',
    feature: 'clock-probe',
    state: 'inactive',
    cause: 'silently-ignored',
    log: null,
  },

  // ---- socket-LB, KPR, BPF masquerade, host routing
  {
    spec: 'TS §14',
    name: 'KPR true forces socket-LB; host namespace only',
    text: KPR + BPF + 'socketLB:\n  hostNamespaceOnly: true\n',
    version: '1.16.4',
    kernel: '6.1',
    feature: 'socket-lb',
    state: 'active',
    status: 'Socket LB:  Enabled · Socket LB Coverage:  Hostns-only',
  },
  {
    spec: 'HR §2.11',
    name: '1.16 strict stops the agent (kube-proxy-replacement owns it)',
    text: 'kube-proxy-replacement: strict\n',
    cm: true,
    version: '1.16.4',
    kernel: '6.1',
    feature: 'kube-proxy-replacement',
    state: 'agent-fails',
    log: 'Invalid value for --kube-proxy-replacement: strict',
  },
  {
    spec: 'HR §2.2 masquerade fallback',
    name: '1.14 BPF masquerade without NodePort falls back',
    text: BPF,
    version: '1.14.4',
    kernel: '6.1',
    feature: 'bpf-masquerade',
    state: 'inactive',
    cause: 'agent-turns-off',
    log: 'Falling back to iptables-based masquerading.',
  },
  {
    spec: 'HR §2.4 1.15+ fatal',
    name: '1.16 BPF masquerade without NodePort stops the agent',
    text: BPF,
    version: '1.16.4',
    kernel: '6.1',
    feature: 'bpf-masquerade',
    state: 'agent-fails',
    log: 'unable to initialize BPF masquerade support: BPF masquerade requires NodePort (--enable-node-port="true")',
  },
  {
    spec: 'HR §2.5 (reused verdict)',
    name: 'host routing reuses the decision: iptables masquerade',
    text: KPR + NATIVE,
    version: '1.16.4',
    kernel: '6.1',
    feature: 'host-routing',
    state: 'inactive',
    cause: 'agent-turns-off',
    log: 'BPF host routing requires enable-bpf-masquerade. Falling back to legacy host routing (enable-host-legacy-routing=true).',
    rule: 'iptables-masquerade',
  },
];

for (const row of rows) {
  test(`${row.spec}: ${row.name} [${row.version}]`, () => {
    const r = run(row.text, row.version, row.kernel, row.cm);
    const f = r.features.find((x) => x.id === row.feature)!;
    const dump = JSON.stringify({
      state: f.state,
      cause: f.inactiveCause,
      reasons: f.reasons.map((x) => [x.kind, x.ruleId, x.agentLog]),
    });
    assert.equal(f.state, row.state, dump);
    if (row.cause) assert.equal(f.inactiveCause, row.cause, dump);
    if (row.requested !== undefined) assert.equal(f.requested, row.requested);
    const first = f.reasons.find(
      (x) => x.kind === 'fatal' || x.kind === 'warning-off' || x.kind === 'silent-off' || x.kind === 'chart-override',
    );
    if (row.log !== undefined) {
      assert.ok(first, `expected a reason: ${dump}`);
      assert.equal(first.agentLog, row.log, dump);
      assert.equal(first.silent, row.log === null);
    }
    if (row.rule) assert.equal(first?.ruleId, row.rule, dump);
    if (row.status !== undefined) assert.equal(f.status, row.status);
    if (row.state === 'agent-fails') {
      assert.ok(r.fatal, 'a fatal feature reason surfaces as the result fatal');
    }
  });
}

test('every feature id is reported once, in the documented order', () => {
  const r = run(KPR + BPF + NATIVE, '1.18.3', '6.8');
  assert.deepEqual(
    r.features.map((f) => f.id),
    [...FEATURE_IDS],
  );
  for (const f of r.features) {
    assert.ok(['active', 'inactive', 'agent-fails', 'unknown'].includes(f.state));
    for (const x of f.reasons) assert.equal(x.silent, x.agentLog === null);
  }
});

test('TS §7: the lens summary names what is off and why', () => {
  const r = run(
    KPR13 + BPF + NATIVE13 + 'bandwidthManager:\n  enabled: true\nloadBalancer:\n  mode: dsr\n',
    '1.13.4',
    '4.19',
  );
  assert.equal(
    r.summary,
    'Datapath: legacy host routing · BPF masq · KPR · native routing · DSR · BWM off (kernel 4.19 < 5.1)',
  );
  const bbr = run(KPR + BPF + NATIVE + BBR, '1.16.4', '5.15');
  assert.match(bbr.summary, /BBR stops the agent/);
});

test('advice: what else could be enabled, with what stands in the way, never numbers', () => {
  const r = run(KPR + BPF + 'routingMode: tunnel\n', '1.16.4', '6.1');
  const big = r.advice.find((a) => a.id === 'ipv4-big-tcp')!;
  assert.ok(big.blocked);
  assert.ok(big.needs.some((n) => /6\.3/.test(n)));
  assert.ok(big.needs.some((n) => /native routing/.test(n)));
  const dsr = r.advice.find((a) => a.id === 'dsr')!;
  assert.ok(dsr.needs.some((n) => /Geneve/.test(n)));
  assert.ok(!r.advice.some((a) => a.id === 'kube-proxy-replacement'), 'active features get no advice');
  for (const a of r.advice)
    for (const s of [...a.steps, ...a.needs]) assert.doesNotMatch(s, /%|Gbit|Mpps|faster|times/);
});

test('quick fixes: DSR on a tunnel offers Geneve dispatch; BBR on legacy offers hostns-only on 1.18', () => {
  const r = run(KPR + BPF + 'tunnelProtocol: vxlan\nloadBalancer:\n  mode: dsr\n', '1.16.4', '6.1');
  const dsr = r.features.find((f) => f.id === 'dsr')!;
  assert.deepEqual(dsr.reasons[0].fixes[0].values, [
    { path: 'loadBalancer.dsrDispatch', value: 'geneve' },
    { path: 'tunnelProtocol', value: 'geneve' },
  ]);
  const b = run(KPR + NATIVE + BBR + 'bpf:\n  masquerade: true\n  hostLegacyRouting: true\n', '1.18.3', '6.1');
  const bbr = b.features.find((f) => f.id === 'bbr')!;
  assert.equal(bbr.state, 'agent-fails');
  assert.deepEqual(bbr.reasons[0].fixes[0].values, [{ path: 'bandwidthManager.bbrHostNamespaceOnly', value: true }]);
});

test('bad input never throws: garbage values reach a verdict', () => {
  for (const text of [
    'loadBalancer: 7\n',
    'bandwidthManager: "yes"\nbpf: []\n',
    'enable-bbr: "maybe"\nbpf-lb-mode: "x"\nkube-proxy-replacement: "true"\n',
  ]) {
    for (const v of ['1.9.18', '1.13.4', '1.16.4', '1.20.0']) {
      const r = run(text, v, '5.4', text.includes('enable-bbr'));
      assert.equal(r.features.length, FEATURE_IDS.length);
    }
  }
});

test('every rule id the family reports is documented (tuning rules or shared host-routing rules)', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { TUNING_RULES } = await import('../../server/src/core/families/tuning');
  const { RULES } = await import('../../server/src/core/families/registry');
  const src = readFileSync(
    join(__dirname, '..', '..', 'server', 'src', 'core', 'families', 'tuning', 'evaluate.ts'),
    'utf8',
  );
  const ids = new Set([...src.matchAll(/reason\(\s*'([a-z0-9-]+)'/g)].map((m) => m[1]));
  ids.add('chart-overrides-feature');
  const known = new Set([...TUNING_RULES, ...RULES].map((r) => r.id));
  assert.ok(ids.size > 15);
  for (const id of ids) assert.ok(known.has(id), `rule ${id} has no meta`);
  assert.equal(new Set(TUNING_RULES.map((r) => r.id)).size, TUNING_RULES.length, 'unique ids');
});

test('TS §14: socket-LB UDP on 4.19 / 5.1 depends on the patch release (a probe), so it is a note; 4.18 stops the agent', () => {
  // source: the agent probes the BPF_CGROUP_UDP4_RECVMSG attach type ("needs kernel 4.19.57, 5.1.16, 5.2.0 or newer")
  for (const kernel of ['4.19', '5.1']) {
    const f = run(KPR13, '1.13.4', kernel).features.find((x) => x.id === 'socket-lb')!;
    assert.notEqual(f.state, 'agent-fails', `${kernel}: ${JSON.stringify(f.reasons)}`);
    const note = f.reasons.find((x) => x.ruleId === 'socket-lb-kernel');
    assert.ok(note, `${kernel}: a note`);
    assert.equal(note.kind, 'note');
    assert.match(note.message, /patch release decides/);
    assert.match(
      note.agentLog ?? '',
      /^BPF host-reachable services for UDP needs kernel 4\.19\.57, 5\.1\.16, 5\.2\.0 or newer/,
    );
  }
  const f418 = run(KPR13, '1.13.4', '4.18').features.find((x) => x.id === 'socket-lb')!;
  assert.equal(f418.state, 'agent-fails', JSON.stringify(f418.reasons));
  assert.equal(f418.reasons.find((x) => x.ruleId === 'socket-lb-kernel')?.kind, 'fatal');
  const f52 = run(KPR13, '1.13.4', '5.2').features.find((x) => x.id === 'socket-lb')!;
  assert.ok(!f52.reasons.some((x) => x.ruleId === 'socket-lb-kernel' && /patch/.test(x.message)));
});
