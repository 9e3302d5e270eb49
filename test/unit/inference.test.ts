/**
 * Table-driven tests of the host-routing inference, per release line. Each row names the rule of
 * ../shared/cilium/host-routing-spec.md that it checks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { TRAILER, decisive, explain } from '../helpers';

type Mode = 'BPF' | 'Legacy' | 'AgentFails' | 'Unknown';

interface Row {
  spec: string;
  name: string;
  /** Helm values, or a ConfigMap `data:` block when `cm` is set */
  text: string;
  cm?: boolean;
  version: string;
  kernel?: string;
  mode: Mode;
  /** decisive rule id (undefined for BPF) */
  rule?: string;
  /** exact agent log of the decisive reason; null = none */
  log?: string | null;
  silent?: boolean;
  masq?: 'BPF' | 'IPTables' | 'Disabled' | 'Unknown';
  /** further (non-decisive) rule ids, in order */
  also?: string[];
}

const cm = (data: Record<string, string>) =>
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n' +
  Object.entries(data)
    .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`)
    .join('');

const KPR_TRUE_BPF_MASQ = 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n';
const AUTO_OLD =
  'Auto-disabling "enable-node-port", "enable-external-ips", "enable-host-reachable-services", "enable-host-port", "enable-session-affinity" features and falling back to "enable-host-legacy-routing"';
const AUTO_112 =
  'Auto-disabling "enable-node-port", "enable-external-ips", "bpf-lb-sock", "enable-host-port" features and falling back to "enable-host-legacy-routing"';

const rows: Row[] = [
  // ---- 1.9 (§2.0, §2.1)
  {
    spec: '§2.0b 1.9.1–1.9.8 chain, §4.4',
    name: 'chart 1.9.5 defaults: tunnel reason',
    text: '',
    version: '1.9.5',
    mode: 'Legacy',
    rule: 'tunnel-mode',
    log: 'BPF host routing is only available in native routing mode.' + TRAILER,
    masq: 'BPF',
  },
  {
    spec: '§2.0 1.9.9+ tunnel check dropped',
    name: 'chart 1.9.18 defaults on 5.10+: BPF',
    text: '',
    version: '1.9.18',
    mode: 'BPF',
    masq: 'BPF',
  },
  {
    spec: '§2.0 1.9.9+ tunnel check dropped',
    name: 'chart 1.9.18 defaults on kernel 4.19: kernel reason',
    text: '',
    version: '1.9.18',
    kernel: '4.19.0',
    mode: 'Legacy',
    rule: 'kernel-too-old',
    log: 'BPF host routing requires kernel 5.10 or newer.' + TRAILER,
  },
  {
    spec: '§2.1 row 1',
    name: '1.9 partial without NodePort logs requires enable-node-port',
    text: 'kubeProxyReplacement: partial\n',
    version: '1.9.18',
    mode: 'Legacy',
    rule: 'node-port-disabled',
    log: 'BPF host routing requires enable-node-port.' + TRAILER,
  },
  {
    spec: '§2.1 row 0b (1.9.4+)',
    name: '1.9.18 KPR disabled: silent with Auto-disabling line',
    text: 'kubeProxyReplacement: disabled\n',
    version: '1.9.18',
    mode: 'Legacy',
    rule: 'kpr-disabled',
    log: AUTO_OLD,
    silent: true,
  },
  {
    spec: '§2.1 quirk 1.9.0–1.9.3',
    name: '1.9.2 KPR disabled: status still says BPF',
    text: 'kubeProxyReplacement: disabled\n',
    version: '1.9.2',
    mode: 'BPF',
  },
  {
    spec: '§2.0 flannel check 1.9.9+',
    name: '1.9.18 flannel',
    text: 'flannel:\n  enabled: true\n  masterDevice: cni0\n',
    version: '1.9.18',
    mode: 'Legacy',
    rule: 'flannel-master-device',
    log: 'BPF host routing is incompatible with flannel-master-device.' + TRAILER,
  },
  {
    spec: '§2.1 row 3',
    name: '1.9.18 endpoint routes',
    text: 'kubeProxyReplacement: strict\nendpointRoutes:\n  enabled: true\n',
    version: '1.9.18',
    mode: 'Legacy',
    rule: 'endpoint-routes',
    log: 'BPF host routing is incompatible with enable-endpoint-routes.' + TRAILER,
  },
  {
    spec: '§2.1 row 5',
    name: '1.9 masquerade without BPF masquerade',
    text: 'kubeProxyReplacement: strict\ntunnel: disabled\nnativeRoutingCIDR: 10.0.0.0/8\nbpf:\n  masquerade: false\n',
    version: '1.9.18',
    mode: 'Legacy',
    rule: 'iptables-masquerade',
    log: 'BPF host routing requires enable-bpf-masquerade.' + TRAILER,
    masq: 'IPTables',
  },
  {
    spec: '§2.0b 1.9.0 silent',
    name: '1.9.0 tunnel: legacy without any log',
    text: 'kubeProxyReplacement: strict\n',
    version: '1.9.0',
    mode: 'Legacy',
    rule: 'tunnel-mode',
    log: null,
    silent: true,
  },
  {
    spec: '§2.1 BPF-masquerade fallback 1.9.5+',
    name: '1.9.18 BPF masquerade with remote node identity off',
    text: 'kubeProxyReplacement: strict\nremoteNodeIdentity: false\n',
    version: '1.9.18',
    mode: 'Legacy',
    rule: 'bpf-masquerade-unusable',
    log: 'BPF masquerade could not be enabled. Falling back to legacy host routing (--enable-host-legacy-routing="true").',
    masq: 'IPTables',
  },
  {
    spec: '§2.1 bpf.hostRouting true = legacy',
    name: '1.9.18 bpf.hostRouting: true',
    text: 'kubeProxyReplacement: strict\nbpf:\n  hostRouting: true\n',
    version: '1.9.18',
    mode: 'Legacy',
    rule: 'explicit-legacy-routing',
    log: null,
    silent: true,
  },

  // ---- 1.10 – 1.13.3 (§2.2)
  {
    spec: '§4.4 chart 1.10–1.13 defaults',
    name: 'chart 1.10.20 defaults: KPR disabled, silent',
    text: '',
    version: '1.10.20',
    mode: 'Legacy',
    rule: 'kpr-disabled',
    log: AUTO_OLD,
    silent: true,
    masq: 'IPTables',
  },
  {
    spec: '§2.0 chart 1.10.0–1.10.5 BPF masquerade default',
    name: 'chart 1.10.3 defaults: BPF masquerade unusable without NodePort',
    text: '',
    version: '1.10.3',
    mode: 'Legacy',
    rule: 'kpr-disabled',
    masq: 'IPTables',
    also: ['bpf-masquerade-unusable'],
  },
  {
    spec: '§2.2 silent NodePort-off path',
    name: '1.11 partial without enable-node-port: silent',
    text: 'kubeProxyReplacement: partial\n',
    version: '1.11.20',
    mode: 'Legacy',
    rule: 'node-port-disabled',
    log: null,
    silent: true,
  },
  {
    spec: '§2.2 row 2',
    name: '1.12 strict with iptables masquerading',
    text: 'kubeProxyReplacement: strict\n',
    version: '1.12.16',
    mode: 'Legacy',
    rule: 'iptables-masquerade',
    log: 'BPF host routing requires enable-bpf-masquerade.' + TRAILER,
  },
  {
    spec: '§2.2 row 3',
    name: '1.12 endpoint routes',
    text: 'kubeProxyReplacement: strict\nbpf:\n  masquerade: true\nendpointRoutes:\n  enabled: true\n',
    version: '1.12.16',
    mode: 'Legacy',
    rule: 'endpoint-routes',
    log: 'BPF host routing is currently not supported with enable-endpoint-routes.' + TRAILER,
  },
  {
    spec: '§2.2 row 5',
    name: '1.12 WireGuard',
    text: 'kubeProxyReplacement: strict\nbpf:\n  masquerade: true\nencryption:\n  enabled: true\n  type: wireguard\n',
    version: '1.12.16',
    mode: 'Legacy',
    rule: 'wireguard',
    log: 'BPF host routing is currently not compatible with Wireguard (--enable-wireguard).' + TRAILER,
  },
  {
    spec: '§2.2 row 6',
    name: '1.12 strict + BPF masq on 4.19',
    text: 'kubeProxyReplacement: strict\nbpf:\n  masquerade: true\n',
    version: '1.12.16',
    kernel: '4.19.0-24-amd64',
    mode: 'Legacy',
    rule: 'kernel-too-old',
    log: 'BPF host routing requires kernel 5.10 or newer.' + TRAILER,
  },
  {
    spec: '§2.2 strict + BPF masq',
    name: '1.12 strict + BPF masq: BPF',
    text: 'kubeProxyReplacement: strict\nbpf:\n  masquerade: true\n',
    version: '1.12.16',
    mode: 'BPF',
    masq: 'BPF',
  },
  {
    spec: '§2.0b chart 1.12.0 defaults to probe',
    name: 'chart 1.12.0 defaults: probe, masquerade reason',
    text: '',
    version: '1.12.0',
    mode: 'Legacy',
    rule: 'iptables-masquerade',
    log: 'BPF host routing requires enable-bpf-masquerade.' + TRAILER,
  },
  {
    spec: '§2.2 / §2.0b 1.12.1+',
    name: 'chart 1.12.1 defaults: disabled, 1.12 wording',
    text: '',
    version: '1.12.1',
    mode: 'Legacy',
    rule: 'kpr-disabled',
    log: AUTO_112,
    silent: true,
  },
  {
    spec: '§6.5 partial+NodePort OK up to 1.13.3',
    name: '1.13.3 partial + enable-node-port + BPF masq: BPF',
    text: 'kubeProxyReplacement: partial\nnodePort:\n  enabled: true\nbpf:\n  masquerade: true\nsocketLB:\n  enabled: true\n',
    version: '1.13.3',
    mode: 'BPF',
  },
  {
    spec: '§2.3 row 2b (1.13.4+)',
    name: '1.13.4 partial + enable-node-port',
    text: 'kubeProxyReplacement: partial\nnodePort:\n  enabled: true\nbpf:\n  masquerade: true\nsocketLB:\n  enabled: true\n',
    version: '1.13.4',
    mode: 'Legacy',
    rule: 'kpr-not-strict',
    log: 'BPF host routing requires kube-proxy-replacement=strict.' + TRAILER,
  },
  {
    spec: '§2.2 masq fallback 1.13 tunnel without socket LB',
    name: '1.13.4 partial+NodePort tunnel without socket LB',
    text: 'kubeProxyReplacement: partial\nnodePort:\n  enabled: true\nbpf:\n  masquerade: true\n',
    version: '1.13.9',
    mode: 'Legacy',
    rule: 'kpr-not-strict',
    also: ['bpf-masquerade-unusable'],
    masq: 'IPTables',
  },
  {
    spec: '§4.3 ENI implies endpoint routes (≤1.13)',
    name: '1.13.4 EKS ENI strict + BPF masq',
    text: 'eni:\n  enabled: true\nipam:\n  mode: eni\nkubeProxyReplacement: strict\nbpf:\n  masquerade: true\ntunnel: disabled\n',
    version: '1.13.4',
    mode: 'Legacy',
    rule: 'endpoint-routes',
    log: 'BPF host routing is currently not supported with enable-endpoint-routes.' + TRAILER,
  },
  {
    spec: '§2.2 probe removed in 1.13',
    name: '1.13 probe: agent refuses',
    text: 'kubeProxyReplacement: probe\n',
    version: '1.13.2',
    mode: 'AgentFails',
    rule: 'kpr-invalid-value',
    log: 'Invalid value for --kube-proxy-replacement: probe',
  },
  {
    spec: '§2.0b chart 1.13.4+ validation',
    name: 'chart 1.13.4 refuses probe',
    text: 'kubeProxyReplacement: probe\n',
    version: '1.13.4',
    mode: 'AgentFails',
    rule: 'chart-refuses',
  },
  {
    spec: '§2.10 / 1.10.6–1.13 IPv6 fatal',
    name: '1.12 BPF masq with IPv6 masquerading: fatal',
    text: 'kubeProxyReplacement: strict\nbpf:\n  masquerade: true\nipv6:\n  enabled: true\n',
    version: '1.12.16',
    mode: 'AgentFails',
    rule: 'bpf-masquerade-ipv6',
    log: 'BPF masquerade is not supported for IPv6.',
  },
  {
    spec: '§2.13 chaining chart rule 1.13+',
    name: '1.13 chaining forces legacy silently',
    text: 'cni:\n  chainingMode: generic-veth\nkubeProxyReplacement: strict\nbpf:\n  masquerade: true\n',
    version: '1.13.9',
    mode: 'Legacy',
    rule: 'chaining-forces-legacy',
    log: null,
    silent: true,
  },
  {
    spec: '§2.9 chaining not a chart rule in 1.12',
    name: '1.12 chaining: no chart rule',
    text: 'cni:\n  chainingMode: generic-veth\nkubeProxyReplacement: strict\nbpf:\n  masquerade: true\n',
    version: '1.12.16',
    mode: 'BPF',
  },

  // ---- 1.14 – 1.15 (§2.4)
  {
    spec: '§4.4 chart 1.14–1.19 defaults',
    name: 'chart 1.14 defaults: silent',
    text: '',
    version: '1.14.16',
    mode: 'Legacy',
    rule: 'kpr-disabled',
    log: null,
    silent: true,
    also: ['iptables-masquerade'],
  },
  {
    spec: '§2.4 row 2',
    name: '1.14 KPR true + iptables masquerading',
    text: 'kubeProxyReplacement: "true"\n',
    version: '1.14.16',
    mode: 'Legacy',
    rule: 'iptables-masquerade',
    log: 'BPF host routing requires enable-bpf-masquerade.' + TRAILER,
  },
  {
    spec: '§2.4 endpoint routes no longer a reason',
    name: '1.14 endpoint routes + KPR true + BPF masq: BPF',
    text: KPR_TRUE_BPF_MASQ + 'endpointRoutes:\n  enabled: true\n',
    version: '1.14.16',
    mode: 'BPF',
  },
  {
    spec: '§2.4 WireGuard no longer a reason',
    name: '1.14 WireGuard: BPF',
    text: KPR_TRUE_BPF_MASQ + 'encryption:\n  enabled: true\n  type: wireguard\n',
    version: '1.14.5',
    mode: 'BPF',
  },
  {
    spec: '§2.4 row 3',
    name: '1.14 partial + NodePort',
    text: 'kubeProxyReplacement: partial\nnodePort:\n  enabled: true\nbpf:\n  masquerade: true\nsocketLB:\n  enabled: true\n',
    version: '1.14.16',
    mode: 'Legacy',
    rule: 'kpr-not-strict',
    log: 'BPF host routing requires kube-proxy-replacement=true.' + TRAILER,
  },
  {
    spec: '§2.4 1.14–1.15 WireGuard keeps the chain running',
    name: '1.15 KPR false + WireGuard: logged KPR reason',
    text: 'kubeProxyReplacement: "false"\nbpf:\n  masquerade: false\nenableIPv4Masquerade: false\nencryption:\n  enabled: true\n  type: wireguard\n',
    version: '1.15.7',
    mode: 'Legacy',
    rule: 'kpr-not-strict',
    log: 'BPF host routing requires kube-proxy-replacement=true.' + TRAILER,
  },
  {
    spec: '§2.11 strict deprecated in 1.14',
    name: '1.14 strict still works',
    text: 'kubeProxyReplacement: strict\nbpf:\n  masquerade: true\n',
    version: '1.14.0',
    mode: 'BPF',
  },
  {
    spec: '§2.4 IPsec + NodePort fatal ≤1.15',
    name: '1.15 IPsec with KPR true: fatal',
    text: KPR_TRUE_BPF_MASQ + 'encryption:\n  enabled: true\n',
    version: '1.15.7',
    mode: 'AgentFails',
    rule: 'ipsec-with-node-port',
    log: 'IPSec cannot be used with BPF NodePort',
  },
  {
    spec: '§2.4 BPF masq unusable fatal from 1.15',
    name: '1.15 BPF masq with KPR false: fatal',
    text: 'bpf:\n  masquerade: true\n',
    version: '1.15.7',
    mode: 'AgentFails',
    rule: 'bpf-masquerade-unusable',
    log: 'unable to initialize BPF masquerade support: BPF masquerade requires NodePort (--enable-node-port="true")',
  },
  {
    spec: '§2.4 BPF masq fallback 1.14',
    name: '1.14 BPF masq with KPR false: legacy + iptables',
    text: 'bpf:\n  masquerade: true\n',
    version: '1.14.16',
    mode: 'Legacy',
    rule: 'kpr-disabled',
    also: ['bpf-masquerade-unusable'],
    masq: 'IPTables',
  },
  {
    spec: '§4.3 tunnel removed in chart 1.15 (ignored)',
    name: '1.15 tunnel: disabled is ignored',
    text: KPR_TRUE_BPF_MASQ + 'tunnel: disabled\n',
    version: '1.15.7',
    mode: 'BPF',
  },

  // ---- 1.16 – 1.17 (§2.5)
  {
    spec: '§2.5 masquerade pitfall',
    name: '1.16 KPR true + enableIPv4Masquerade, no bpf.masquerade',
    text: 'kubeProxyReplacement: true\nenableIPv4Masquerade: true\n',
    version: '1.16.4',
    mode: 'Legacy',
    rule: 'iptables-masquerade',
    log: 'BPF host routing requires enable-bpf-masquerade.' + TRAILER,
    masq: 'IPTables',
  },
  {
    spec: '§2.5 row 1 (IPsec reachable from 1.16)',
    name: '1.16 IPsec + KPR',
    text: KPR_TRUE_BPF_MASQ + 'encryption:\n  enabled: true\n  type: ipsec\n',
    version: '1.16.15',
    mode: 'Legacy',
    rule: 'ipsec',
    log: 'BPF host routing is incompatible with enable-ipsec.' + TRAILER,
  },
  {
    spec: '§2.5 row 3',
    name: '1.17 KPR false + enable-node-port',
    text: 'kubeProxyReplacement: "false"\nnodePort:\n  enabled: true\nbpf:\n  masquerade: true\n',
    version: '1.17.8',
    mode: 'Legacy',
    rule: 'kpr-not-strict',
    log: 'BPF host routing requires kube-proxy-replacement=true.' + TRAILER,
  },
  {
    spec: '§2.5 KPR strict refused',
    name: '1.16 strict: chart refuses (and the agent would too)',
    text: 'kubeProxyReplacement: strict\n',
    version: '1.16.15',
    mode: 'AgentFails',
    rule: 'chart-refuses',
    also: ['kpr-invalid-value'],
  },
  {
    spec: '§2.5 KPR strict refused by the agent',
    name: '1.16 ConfigMap strict: agent refuses',
    cm: true,
    text: cm({ 'kube-proxy-replacement': 'strict' }),
    version: '1.16.4',
    mode: 'AgentFails',
    rule: 'kpr-invalid-value',
    log: 'Invalid value for --kube-proxy-replacement: strict',
  },
  {
    spec: '§2.5 kernel',
    name: '1.17 kernel 5.4: legacy',
    text: KPR_TRUE_BPF_MASQ,
    version: '1.17.8',
    kernel: '5.4.0-150-generic',
    mode: 'Legacy',
    rule: 'kernel-too-old',
    log: 'BPF host routing requires kernel 5.10 or newer.' + TRAILER,
  },
  {
    spec: '§4.3 tunnel refused from chart 1.16.2',
    name: 'chart 1.16.4 refuses tunnel',
    text: KPR_TRUE_BPF_MASQ + 'tunnel: vxlan\n',
    version: '1.16.4',
    mode: 'AgentFails',
    rule: 'chart-refuses',
  },
  {
    spec: '§4.3 tunnel ignored 1.16.0–1.16.1',
    name: 'chart 1.16.1 ignores tunnel',
    text: KPR_TRUE_BPF_MASQ + 'tunnel: vxlan\n',
    version: '1.16.1',
    mode: 'BPF',
  },
  {
    spec: '§2.9 endpoint routes fine on 1.14+',
    name: '1.17 GKE native + endpoint routes + KPR + BPF masq',
    text: 'gke:\n  enabled: true\nroutingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\n' + KPR_TRUE_BPF_MASQ,
    version: '1.17.8',
    mode: 'BPF',
  },

  // ---- 1.18 (§2.6)
  {
    spec: '§2.6 kernel fatal from 1.18 (v1.18.0 requirements.go: first failing probe on 5.8)',
    name: '1.18 on 5.8: agent does not start',
    text: KPR_TRUE_BPF_MASQ,
    version: '1.18.3',
    kernel: '5.8',
    mode: 'AgentFails',
    rule: 'kernel-too-old',
    log: 'Require support for bpf_redirect_neigh() (Linux 5.10.0 or newer)',
  },
  {
    spec: 'spec error §2.6: on 4.19 the first failing probe is dead code elimination (v1.18.0 requirements.go)',
    name: '1.18 on 4.19: agent does not start',
    text: KPR_TRUE_BPF_MASQ,
    version: '1.18.3',
    kernel: '4.19',
    mode: 'AgentFails',
    rule: 'kernel-too-old',
    log: 'Require support for dead code elimination (Linux 5.1 or newer)',
  },
  {
    spec: '§2.6 KPR exact values',
    name: '1.18 ConfigMap KPR "True": invalid',
    cm: true,
    text: cm({ 'kube-proxy-replacement': 'True' }),
    version: '1.18.3',
    mode: 'AgentFails',
    rule: 'kpr-invalid-value',
    log: 'invalid value for kube-proxy-replacement',
  },
  {
    spec: '§4.3 ENI turns IPv4 masquerading off (1.18+)',
    name: '1.18 ENI + KPR true: BPF without BPF masq',
    text: 'eni:\n  enabled: true\nipam:\n  mode: eni\nroutingMode: native\nkubeProxyReplacement: true\n',
    version: '1.18.3',
    mode: 'BPF',
    masq: 'Disabled',
  },
  {
    spec: '§2.6 silent NodePort-off',
    name: '1.18 defaults',
    text: '',
    version: '1.18.3',
    mode: 'Legacy',
    rule: 'kpr-disabled',
    log: null,
    silent: true,
  },

  // ---- 1.19 (§2.7)
  {
    spec: '§2.7 IPsec no longer a reason',
    name: '1.19 IPsec + KPR + BPF masq: BPF',
    text: KPR_TRUE_BPF_MASQ + 'encryption:\n  enabled: true\n  type: ipsec\n',
    version: '1.19.0',
    mode: 'BPF',
  },
  {
    spec: '§2.7 KPR bool',
    name: '1.19 ConfigMap KPR "1": accepted',
    cm: true,
    text: cm({ 'kube-proxy-replacement': '1', 'enable-bpf-masquerade': 'true' }),
    version: '1.19.0',
    mode: 'BPF',
  },
  {
    spec: '§2.7 KPR bool, research: ConfigMap check',
    name: '1.19 ConfigMap KPR strict: fatal',
    cm: true,
    text: cm({ 'kube-proxy-replacement': 'strict' }),
    version: '1.19.0',
    mode: 'AgentFails',
    rule: 'kpr-invalid-value',
    log: 'Incorrect config-map flag value: option kube-proxy-replacement: strconv.ParseBool: parsing "strict": invalid syntax',
  },
  {
    spec: '§2.7 silent KPR false',
    name: '1.19 KPR false + iptables masq: silent',
    text: '',
    version: '1.19.0',
    mode: 'Legacy',
    rule: 'kpr-disabled',
    log: null,
    silent: true,
    also: ['iptables-masquerade'],
  },

  // ---- 1.20 (§2.8)
  {
    spec: '§2.8 default: masquerade reason first',
    name: '1.20 defaults',
    text: '',
    version: '1.20.0',
    mode: 'Legacy',
    rule: 'iptables-masquerade',
    log: 'BPF host routing requires enable-bpf-masquerade.' + TRAILER,
    also: ['kpr-disabled'],
  },
  {
    spec: '§2.8 row 2',
    name: '1.20 BPF masq, KPR false',
    text: 'bpf:\n  masquerade: true\n',
    version: '1.20.0',
    mode: 'Legacy',
    rule: 'kpr-disabled',
    log: 'BPF host routing requires kube-proxy-replacement.' + TRAILER,
    silent: false,
  },
  { spec: '§2.8 BPF', name: '1.20 KPR + BPF masq', text: KPR_TRUE_BPF_MASQ, version: '1.20.0', mode: 'BPF' },
  {
    spec: '§2.10 netkit 1.20',
    name: '1.20 netkit without BPF masq: fatal',
    text: 'kubeProxyReplacement: true\nbpf:\n  datapathMode: netkit\n',
    version: '1.20.0',
    mode: 'AgentFails',
    rule: 'netkit-requirements',
    log: 'netkit devices require BPF masquerade (--enable-bpf-masquerade=true)',
  },
  {
    spec: '§2.9 explicit legacy',
    name: '1.20 bpf.hostLegacyRouting: true',
    text: KPR_TRUE_BPF_MASQ + '  hostLegacyRouting: true\n',
    version: '1.20.0',
    mode: 'Legacy',
    rule: 'explicit-legacy-routing',
    log: null,
    silent: true,
  },

  // ---- consumers of the result (§2.10 + research)
  {
    spec: '§2.10 BIG TCP with configured legacy',
    name: '1.17 BIG TCP + explicit legacy: fatal',
    text:
      KPR_TRUE_BPF_MASQ +
      '  hostLegacyRouting: true\nroutingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\nipv6NativeRoutingCIDR: fd00::/100\nenableIPv6BIGTCP: true\nipv6:\n  enabled: true\n',
    version: '1.17.8',
    mode: 'AgentFails',
    rule: 'needs-bpf-host-routing',
    log: 'BIG TCP is not supported with legacy host routing',
  },
  {
    spec: 'research §6: fallback does not trip BIG TCP',
    name: '1.17 BIG TCP + iptables fallback: starts, legacy',
    text: 'kubeProxyReplacement: true\nroutingMode: native\nipv4NativeRoutingCIDR: 10.0.0.0/8\nenableIPv4BIGTCP: true\n',
    version: '1.17.8',
    mode: 'Legacy',
    rule: 'iptables-masquerade',
  },
  {
    spec: '§2.10 ip-masq-agent',
    name: '1.16 ip-masq-agent without BPF masq',
    text: 'kubeProxyReplacement: true\nipMasqAgent:\n  enabled: true\n',
    version: '1.16.15',
    mode: 'AgentFails',
    rule: 'ip-masq-agent-needs-bpf-masquerade',
  },

  // ---- ConfigMap specifics
  {
    spec: '§2.2 1.10 honours masquerade',
    name: '1.10 ConfigMap masquerade "false" honoured',
    cm: true,
    text: cm({ 'kube-proxy-replacement': 'strict', masquerade: 'false' }),
    version: '1.10.20',
    mode: 'BPF',
    masq: 'Disabled',
  },
  {
    spec: '§6.8 1.11 ignores masquerade',
    name: '1.11 ConfigMap masquerade "false" ignored',
    cm: true,
    text: cm({ 'kube-proxy-replacement': 'strict', masquerade: 'false' }),
    version: '1.11.20',
    mode: 'Legacy',
    rule: 'iptables-masquerade',
    masq: 'IPTables',
  },
  {
    spec: 'research §2a',
    name: '1.10 ConfigMap masquerade + enable-ipv4-masquerade: fatal',
    cm: true,
    text: cm({ masquerade: 'false', 'enable-ipv4-masquerade': 'false' }),
    version: '1.10.20',
    mode: 'AgentFails',
    rule: 'masquerade-key-conflict',
    log: '--enable-ipv4-masquerade and --masquerade (deprecated) are mutually exclusive',
  },
  {
    spec: '§2.12 Go ParseBool',
    name: '1.12 ConfigMap "True"/"False" booleans',
    cm: true,
    text: cm({
      'kube-proxy-replacement': 'strict',
      'enable-bpf-masquerade': 'True',
      'enable-host-legacy-routing': 'False',
    }),
    version: '1.12.16',
    mode: 'BPF',
  },
  {
    spec: 'research §3: invalid booleans fatal from 1.11',
    name: '1.12 ConfigMap enable-bpf-masquerade "yes": fatal',
    cm: true,
    text: cm({ 'kube-proxy-replacement': 'strict', 'enable-bpf-masquerade': 'yes' }),
    version: '1.12.16',
    mode: 'AgentFails',
    rule: 'invalid-boolean',
  },
  {
    spec: 'research §3: invalid booleans read as false ≤1.10',
    name: '1.10 ConfigMap enable-bpf-masquerade "yes": false',
    cm: true,
    text: cm({ 'kube-proxy-replacement': 'strict', 'enable-bpf-masquerade': 'yes' }),
    version: '1.10.20',
    mode: 'Legacy',
    rule: 'iptables-masquerade',
  },
  {
    spec: '§2.11 absent KPR ≤1.13 = partial',
    name: '1.12 empty ConfigMap: legacy silently',
    cm: true,
    text: cm({}),
    version: '1.12.16',
    mode: 'Legacy',
    rule: 'node-port-disabled',
    log: null,
    silent: true,
  },
];

for (const row of rows) {
  test(`[${row.spec}] ${row.name}`, () => {
    const r = analyze([{ name: row.cm ? 'cm.yaml' : 'values.yaml', text: row.text }], {
      ciliumVersion: row.version,
      kernel: row.kernel,
    });
    if (!r.ok) assert.fail(`${r.error.kind}: ${r.error.message}`);
    const a = r.analysis;
    assert.equal(a.inputKind, row.cm ? 'configmap' : 'helm-values');
    assert.equal(
      a.hostRouting.mode,
      row.mode,
      `mode; reasons: ${JSON.stringify(a.hostRouting.reasons.map((x) => x.ruleId))}`,
    );
    const d = decisive(a);
    if (row.rule === undefined) {
      assert.equal(d, undefined, `no reason expected, got ${d?.ruleId}`);
    } else {
      assert.ok(d, 'a decisive reason');
      assert.equal(d.ruleId, row.rule);
      if (row.log !== undefined) assert.equal(d.agentLog, row.log);
      if (row.silent !== undefined) assert.equal(d.silent, row.silent);
      assert.ok(d.message.length > 10, 'reason has a message');
      assert.ok(d.evidence.length > 0, 'reason has evidence');
    }
    if (row.masq) assert.equal(a.masquerading.mode, row.masq);
    if (row.also) {
      const rest = a.hostRouting.reasons.filter((x) => !x.decisive).map((x) => x.ruleId);
      for (const id of row.also) assert.ok(rest.includes(id), `expected further reason ${id} in ${rest.join(',')}`);
    }
    // Every decisive reason is also a finding, so editors can place it.
    if (d && a.hostRouting.mode !== 'BPF')
      assert.ok(
        a.findings.some((f) => f.ruleId === d.ruleId),
        'decisive reason appears in findings',
      );
  });
}

test('evidence names origins: explicit value with its location, chart default, agent default', () => {
  const a = explain('kubeProxyReplacement: true\nenableIPv4Masquerade: true\n', { ciliumVersion: '1.16.4' });
  const ev = decisive(a)!.evidence;
  const v4 = ev.find((e) => e.key === 'enable-ipv4-masquerade')!;
  assert.equal(v4.origin.kind, 'explicit');
  assert.equal(v4.origin.valuePath, 'enableIPv4Masquerade');
  assert.equal(v4.origin.location?.range.start.line, 1);
  assert.equal(ev.find((e) => e.key === 'enable-ipv4')!.origin.kind, 'chart-default');
  const bpf = ev.find((e) => e.key === 'enable-bpf-masquerade')!;
  assert.equal(bpf.origin.kind, 'agent-default');
  assert.equal(bpf.value, null);
});

test('ENI endpoint routes evidence is a chart rule that points at eni.enabled', () => {
  const a = explain('eni:\n  enabled: true\nkubeProxyReplacement: strict\nbpf:\n  masquerade: true\n', {
    ciliumVersion: '1.13.4',
  });
  const ev = decisive(a)!.evidence[0];
  assert.equal(ev.key, 'enable-endpoint-routes');
  assert.equal(ev.origin.kind, 'chart-rule');
  assert.match(ev.origin.rule!, /eni\.enabled/);
  assert.equal(ev.origin.location?.range.start.line, 1);
});

test('no version: newest line, said so; no kernel: assumption listed', () => {
  const a = explain('kubeProxyReplacement: true\n');
  assert.equal(a.ciliumVersion.source, 'default');
  assert.equal(a.ciliumVersion.line, '1.20');
  assert.ok(a.assumptions.some((s) => /newest supported line/.test(s)));
  assert.equal(a.kernel.assumed, true);
  assert.ok(a.assumptions.some((s) => /5\.10 or newer/.test(s)));
});

test('modeline sets version and kernel; the option wins over the modeline', () => {
  const text =
    '# cilium-datapath: version=1.13.4 kernel=4.19\nkubeProxyReplacement: strict\nbpf:\n  masquerade: true\ntunnel: disabled\nipv4NativeRoutingCIDR: 10.0.0.0/8\n';
  const a = explain(text);
  assert.equal(a.ciliumVersion.evaluated, '1.13.4');
  assert.equal(a.ciliumVersion.source, 'modeline');
  assert.equal(a.kernel.requested, '4.19');
  assert.equal(decisive(a)!.ruleId, 'kernel-too-old');
  const b = explain(text, { ciliumVersion: '1.13.4', kernel: '6.2.0-39-generic' });
  assert.equal(b.hostRouting.mode, 'BPF');
  assert.equal(b.kernel.source, 'option');
});

test('the mixed-kernel cluster of the second seed: 6.2 nodes BPF, 4.19 nodes legacy (1.13.4)', () => {
  const values =
    'kubeProxyReplacement: strict\nk8sServiceHost: 10.0.0.1\nk8sServicePort: 6443\ntunnel: disabled\nautoDirectNodeRoutes: true\nipv4NativeRoutingCIDR: 10.42.0.0/16\nbpf:\n  masquerade: true\n';
  const modern = explain(values, { ciliumVersion: '1.13.4', kernel: '6.2.0-20-generic' });
  const old = explain(values, { ciliumVersion: '1.13.4', kernel: '4.19.0-24-arm64' });
  assert.equal(modern.hostRouting.mode, 'BPF');
  assert.equal(old.hostRouting.mode, 'Legacy');
  assert.equal(decisive(old)!.agentLog, 'BPF host routing requires kernel 5.10 or newer.' + TRAILER);
});

test('a version without patch that straddles a change point says so', () => {
  const a = explain(
    'kubeProxyReplacement: partial\nnodePort:\n  enabled: true\nbpf:\n  masquerade: true\nsocketLB:\n  enabled: true\n',
    { ciliumVersion: '1.13' },
  );
  assert.equal(a.ciliumVersion.evaluated, '1.13.12');
  assert.equal(a.hostRouting.mode, 'Legacy');
  const bpfVariant = a.patchVariants.find((v) => v.version === '1.13.0');
  assert.equal(bpfVariant?.hostRouting, 'BPF');
  assert.ok(a.assumptions.some((s) => s.includes('depends on the 1.13 patch release') && s.includes('1.13.0 → BPF')));
});

test('suppression with a reason moves the finding aside', () => {
  const a = explain(
    '# cilium-datapath: disable=iptables-masquerade masquerading handled by the cloud NAT\nkubeProxyReplacement: true\n',
    { ciliumVersion: '1.16.4' },
  );
  assert.equal(a.hostRouting.mode, 'Legacy', 'suppression does not change the verdict');
  assert.ok(!a.findings.some((f) => f.ruleId === 'iptables-masquerade'));
  assert.equal(a.suppressed[0].ruleId, 'iptables-masquerade');
  assert.equal(a.suppressed[0].reason, 'masquerading handled by the cloud NAT');
});
