/**
 * `cilium-config` data shaped like what the Helm chart of a release line renders for a typical
 * install: the keys the chart always writes (with its defaults) plus the ones the install's values
 * switch on. Written for this fixture from the chart's documented defaults; it is not a rendering
 * of the real templates, only of their outcome for the settings below (host-routing-spec §4.3).
 */
import { atLeast } from './version';

export interface ChartSettings {
  /** `tunnel` (default) or `native` */
  routingMode?: 'tunnel' | 'native';
  tunnelProtocol?: 'vxlan' | 'geneve';
  /** with native routing */
  ipv4NativeRoutingCIDR?: string;
  autoDirectNodeRoutes?: boolean;
  /** rendered `kube-proxy-replacement` value (`"true"`, `"false"`, `"strict"`, `"disabled"`) */
  kubeProxyReplacement: string;
  /** `bpf.masquerade`: rendered only when set */
  bpfMasquerade?: boolean;
  /** `enableIPv4Masquerade` (default true) */
  ipv4Masquerade?: boolean;
  /** `cni.chainingMode`; chart 1.13+ then renders `enable-host-legacy-routing: "true"` unless `hostLegacyRouting` is set */
  chainingMode?: string;
  /** `bpf.hostLegacyRouting`: rendered only when set */
  hostLegacyRouting?: boolean;
  ipam?: 'cluster-pool' | 'kubernetes' | 'eni';
  clusterPoolIPv4CIDR?: string;
  clusterName?: string;
  /** k8sServiceHost given (kube-proxy-free installs) – not a ConfigMap key, kept for the DaemonSet env */
  k8sServiceHost?: string;
  /** anything else, rendered last */
  extra?: Record<string, string>;
}

/** The cilium-config `data` a chart of version `v` renders for `s`. Keys in the order `kubectl` shows them (sorted). */
export function chartConfigMap(v: string, s: ChartSettings): Record<string, string> {
  const d: Record<string, string> = {};
  const set = (k: string, val: string | boolean | number): void => {
    d[k] = String(val);
  };

  // always rendered, all lines in use here (1.12 → 1.17)
  set('identity-allocation-mode', 'crd');
  set('cilium-endpoint-gc-interval', '5m0s');
  set('nodes-gc-interval', '5m0s');
  set('debug', 'false');
  set('enable-policy', 'default');
  set('enable-metrics', 'true');
  set('enable-ipv4', 'true');
  set('enable-ipv6', 'false');
  set('custom-cni-conf', 'false');
  set('enable-bpf-clock-probe', 'false');
  set('monitor-aggregation', 'medium');
  set('monitor-aggregation-interval', '5s');
  set('monitor-aggregation-flags', 'all');
  set('bpf-map-dynamic-size-ratio', '0.0025');
  set('bpf-policy-map-max', '16384');
  set('bpf-lb-map-max', '65536');
  set('bpf-lb-external-clusterip', 'false');
  set('preallocate-bpf-maps', 'false');
  set('cluster-name', s.clusterName ?? 'default');
  set('cluster-id', '0');
  set('enable-l7-proxy', 'true');
  set('enable-ipv4-masquerade', s.ipv4Masquerade ?? true);
  set('enable-ipv6-masquerade', 'true');
  set('enable-xt-socket-fallback', 'true');
  set('install-no-conntrack-iptables-rules', 'false');
  set('auto-direct-node-routes', s.autoDirectNodeRoutes ?? false);
  set('enable-local-redirect-policy', 'false');
  set('enable-health-check-nodeport', 'true');
  set('node-port-bind-protection', 'true');
  set('enable-auto-protect-node-port-range', 'true');
  set('enable-svc-source-range-check', 'true');
  set('enable-l2-neigh-discovery', 'true');
  set('arping-refresh-period', '30s');
  set('enable-endpoint-health-checking', 'true');
  set('enable-health-checking', 'true');
  set('enable-well-known-identities', 'false');
  set('enable-remote-node-identity', 'true');
  set('synchronize-k8s-nodes', 'true');
  set('operator-api-serve-addr', '127.0.0.1:9234');
  set('operator-prometheus-serve-addr', ':9963');
  set('enable-hubble', 'true');
  set('hubble-socket-path', '/var/run/cilium/hubble.sock');
  set('hubble-listen-address', ':4244');
  set('hubble-disable-tls', 'false');
  set('hubble-tls-cert-file', '/var/lib/cilium/tls/hubble/server.crt');
  set('hubble-tls-key-file', '/var/lib/cilium/tls/hubble/server.key');
  set('hubble-tls-client-ca-files', '/var/lib/cilium/tls/hubble/client-ca.crt');
  set('ipam', s.ipam ?? 'cluster-pool');
  if ((s.ipam ?? 'cluster-pool') === 'cluster-pool') {
    set('cluster-pool-ipv4-cidr', s.clusterPoolIPv4CIDR ?? '10.0.0.0/8');
    set('cluster-pool-ipv4-mask-size', '24');
  }
  set('disable-cnp-status-updates', 'true');
  set('cni-uninstall', 'true');
  set('enable-vtep', 'false');
  set('vtep-endpoint', '');
  set('vtep-cidr', '');
  set('vtep-mask', '');
  set('vtep-mac', '');
  set('enable-bgp-control-plane', 'false');
  set('bpf-root', '/sys/fs/bpf');
  set('cgroup-root', '/run/cilium/cgroupv2');
  set('enable-k8s-terminating-endpoint', 'true');
  set('enable-sctp', 'false');
  set('remove-cilium-node-taints', 'true');
  set('set-cilium-is-up-condition', 'true');
  set('unmanaged-pod-watcher-interval', '15');
  set('tofqdns-dns-reject-response-code', 'refused');
  set('tofqdns-enable-dns-compression', 'true');
  set('tofqdns-endpoint-max-ip-per-hostname', '50');
  set('tofqdns-idle-connection-grace-period', '0s');
  set('tofqdns-max-deferred-connection-deletes', '10000');
  set('tofqdns-proxy-response-max-delay', '100ms');
  set('agent-not-ready-taint-key', 'node.cilium.io/agent-not-ready');
  set('kube-proxy-replacement', s.kubeProxyReplacement);
  set('kube-proxy-replacement-healthz-bind-address', '');
  set('bpf-lb-sock', 'false');
  set('enable-ipv4-big-tcp', 'false');

  if (atLeast(v, '1.13')) {
    set('enable-ipv6-big-tcp', 'false');
    set('cni-exclusive', 'true');
    set('cni-log-file', '/var/run/cilium/cilium-cni.log');
    set('enable-k8s-networkpolicy', 'true');
    set('write-cni-conf-when-ready', '/host/etc/cni/net.d/05-cilium.conflist');
    set('identity-heartbeat-timeout', '30m0s');
    set('identity-gc-interval', '15m0s');
  }
  if (atLeast(v, '1.14')) {
    set('egress-gateway-reconciliation-trigger-interval', '1s');
    set('mesh-auth-enabled', 'true');
    set('mesh-auth-queue-size', '1024');
    set('mesh-auth-rotated-identities-queue-size', '1024');
    set('mesh-auth-gc-interval', '5m0s');
    set('set-cilium-node-taints', 'true');
    set('k8s-require-ipv4-pod-cidr', 'false');
    set('k8s-require-ipv6-pod-cidr', 'false');
    set('bpf-lb-acceleration', 'disabled');
    set('enable-health-check-loadbalancer-ip', 'false');
    set('proxy-connect-timeout', '2');
    set('proxy-max-requests-per-connection', '0');
    set('proxy-max-connection-duration-seconds', '0');
    set('external-envoy-proxy', 'false');
  }
  if (atLeast(v, '1.15')) {
    set('dnsproxy-enable-transparent-mode', 'true');
    set('dnsproxy-socket-linger-timeout', '10');
    set('max-connected-clusters', '255');
    set('nat-map-stats-entries', '32');
    set('nat-map-stats-interval', '30s');
    set('ipam-cilium-node-update-rate', '15s');
    set('service-no-backend-response', 'reject');
    set('policy-cidr-match-mode', '');
    set('bpf-events-drop-enabled', 'true');
    set('bpf-events-policy-verdict-enabled', 'true');
    set('bpf-events-trace-enabled', 'true');
  }
  if (atLeast(v, '1.16')) {
    set('enable-tcx', 'true');
    set('datapath-mode', 'veth');
    set('enable-runtime-device-detection', 'true');
    set('enable-internal-traffic-policy', 'true');
    set('enable-lb-ipam', 'true');
    set('enable-source-ip-verification', 'true');
    set('direct-routing-skip-unreachable', 'false');
    set('proxy-idle-timeout-seconds', '60');
    set('external-envoy-proxy', 'true');
    set('envoy-base-id', '0');
    set('clustermesh-enable-endpoint-sync', 'false');
    set('clustermesh-enable-mcs-api', 'false');
    set('enable-node-selector-labels', 'false');
    set('procfs', '/host/proc');
    set('default-lb-service-ipam', 'lbipam');
  }
  if (atLeast(v, '1.17')) {
    set('enable-non-default-deny-policies', 'true');
    set('health-check-icmp-failure-threshold', '3');
    set('http-retry-count', '3');
    set('bpf-distributed-lru', 'false');
    set('enable-experimental-lb', 'false');
    set('nodeport-addresses', '');
    set('bpf-lb-source-range-all-types', 'false');
    set('bpf-lb-algorithm-annotation', 'false');
    set('bpf-lb-mode-annotation', 'false');
    set('policy-secrets-namespace', 'cilium-secrets');
    set('policy-secrets-only-from-secrets-namespace', 'true');
  }

  // routing (1.14+: routing-mode / tunnel-protocol; before: tunnel)
  const mode = s.routingMode ?? 'tunnel';
  if (atLeast(v, '1.14')) {
    set('routing-mode', mode);
    if (mode === 'tunnel' || atLeast(v, '1.17')) set('tunnel-protocol', s.tunnelProtocol ?? 'vxlan');
  } else {
    set('tunnel', mode === 'native' ? 'disabled' : (s.tunnelProtocol ?? 'vxlan'));
  }
  if (mode === 'native' && s.ipv4NativeRoutingCIDR) set('ipv4-native-routing-cidr', s.ipv4NativeRoutingCIDR);

  if (s.bpfMasquerade !== undefined) set('enable-bpf-masquerade', s.bpfMasquerade);

  if (s.chainingMode && s.chainingMode !== 'none') {
    set('cni-chaining-mode', s.chainingMode);
    set('install-no-conntrack-iptables-rules', 'false');
    set('enable-endpoint-health-checking', 'false');
    if (atLeast(v, '1.13') && s.hostLegacyRouting === undefined) set('enable-host-legacy-routing', 'true');
    if (atLeast(v, '1.13')) set('cni-exclusive', 'false');
  }
  if (s.hostLegacyRouting !== undefined) set('enable-host-legacy-routing', s.hostLegacyRouting);

  for (const [k, val] of Object.entries(s.extra ?? {})) set(k, val);

  return Object.fromEntries(
    Object.keys(d)
      .sort()
      .map((k) => [k, d[k]]),
  );
}

/** `cilium-config` merged with the CiliumNodeConfig overrides that select a node (in name order). */
export function effectiveConfig(
  base: Record<string, string>,
  overrides: Array<{ name: string; nodeSelector: Record<string, string>; defaults: Record<string, string> }>,
  nodeLabels: Record<string, string>,
): Record<string, string> {
  const out = { ...base };
  for (const o of [...overrides].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const match = Object.entries(o.nodeSelector).every(([k, val]) => nodeLabels[k] === val);
    if (match) Object.assign(out, o.defaults);
  }
  return out;
}
