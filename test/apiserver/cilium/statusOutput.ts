/**
 * Generates what `cilium status` / `cilium-dbg status` prints inside the agent pod, from the
 * node's true state, in the text and JSON layouts of the agent's version (host-routing-spec §5):
 *
 * - `Host Routing:\tBPF|Legacy` up to 1.15, `Routing:\tNetwork: <Native|Tunnel [proto]>\tHost: …` from 1.16;
 * - JSON `host-routing.mode` up to 1.15, `routing.intra-host-routing-mode` (+ inter/tunnel) from 1.16;
 * - `Masquerading:` `BPF\t[dev]\t<cidr> [IPv4: …, IPv6: …]`, `IPTables [IPv4: …]` or `Disabled`;
 *   JSON `masquerading.mode` `BPF` / lower-case `iptables`;
 * - `KubeProxyReplacement:\t<Mode>\t[<devices>]`, devices left out for `Disabled` (≤1.15) and
 *   `False` (1.16+); from 1.15 the address list starts with one empty string per address;
 * - the lines each version added (`CNI Chaining` 1.12, `IPv6 BIG TCP` 1.13, `IPv4 BIG TCP` 1.14,
 *   `SRv6`/`Modules Health` 1.15, `Attach Mode`/`Device Mode` 1.16), 1.17's stray
 *   `Name IP Node Endpoints` header, and Go tabwriter spacing (see tabwriter.ts).
 *
 * The layout was modelled on real outputs; the texts here are generated, not copied.
 */
import type { AgentContext } from './agent';
import { cfgBool, deviceOf, healthIP, nodeIPv6LinkLocal, platformOf, routerIP } from './agent';
import { atLeast, kernelAtLeast, lineOf } from './version';
import { ciliumCommit, intBetween, prng } from './ids';
import { tabwrite } from './tabwriter';

export interface StatusOptions {
  verbose?: boolean;
}

// ---------------------------------------------------------------------------------------------
// facts shared by text and JSON

interface Facts {
  v: string;
  stateMsg: string;
  k8sMsg: string;
  k8sApis: string[];
  kvstoreDisabledState: boolean;
  kprMode: string;
  showKprDevices: boolean;
  devices: Array<{ name: string; ips: string[]; direct: boolean }>;
  masq: 'BPF' | 'IPTables' | 'Disabled';
  ipMasqAgent: boolean;
  snatCidr: string;
  allocCidr: string;
  allocated: number;
  attachMode?: 'tcx' | 'tc';
  datapathMode?: string;
  controllers: number;
  routerIP: string;
  envoy?: 'embedded' | 'external';
  flows: { current: number; max: number; perSecond: string; seen: number };
  reachable: number;
  total: number;
  healthTime: string;
  modulesOk: number;
  cpus: number;
}

function k8sMessage(gitVersion: string, platform: string): string {
  const m = /^v?(\d+)\.(\d+)\.\d+(.*)$/.exec(gitVersion);
  if (!m) return `${gitVersion} [${platform}]`;
  const minor = m[3] && m[3].startsWith('-') ? `${m[2]}+` : m[2];
  return `${m[1]}.${minor} (${gitVersion}) [${platform}]`;
}

function apisFor(v: string): string[] {
  if (!atLeast(v, '1.14')) {
    return [
      'cilium/v2::CiliumClusterwideNetworkPolicy',
      'cilium/v2::CiliumEndpoint',
      'cilium/v2::CiliumNetworkPolicy',
      'cilium/v2::CiliumNode',
      'core/v1::Namespace',
      'core/v1::Node',
      'core/v1::Pods',
      'core/v1::Service',
      'discovery/v1::EndpointSlice',
      'networking.k8s.io/v1::NetworkPolicy',
    ];
  }
  return [
    'EndpointSliceOrEndpoint',
    'cilium/v2::CiliumClusterwideNetworkPolicy',
    'cilium/v2::CiliumEndpoint',
    'cilium/v2::CiliumNetworkPolicy',
    'cilium/v2::CiliumNode',
    'cilium/v2alpha1::CiliumCIDRGroup',
    'core/v1::Namespace',
    'core/v1::Pods',
    'core/v1::Service',
    'networking.k8s.io/v1::NetworkPolicy',
  ];
}

function factsOf(ctx: AgentContext): Facts {
  const { version: v, truth, node, config } = ctx;
  const rand = prng(`status:${node.name}:${v}`);
  const dev = deviceOf(node);
  const ips = atLeast(v, '1.15') ? [node.internalIP, nodeIPv6LinkLocal(node)] : [node.internalIP];
  const kprMode = truth.kubeProxyReplacement;
  const hideDevices = (kprMode === 'Disabled' && !atLeast(v, '1.16')) || (kprMode === 'False' && atLeast(v, '1.16'));
  const native = truth.network === 'Native';
  const snatCidr = native ? config['ipv4-native-routing-cidr'] || node.podCIDR : node.podCIDR;
  const maxFlows = 4095;
  const current = rand() < 0.6 ? maxFlows : intBetween(rand, 900, 4000);
  const line = lineOf(v);
  const controllersByLine: Record<string, number> = {
    '1.12': 30,
    '1.13': 29,
    '1.14': 32,
    '1.15': 52,
    '1.16': 51,
    '1.17': 36,
  };
  const modulesByLine: Record<string, number> = { '1.15': 11, '1.16': 58, '1.17': 62 };
  const minutes = Math.max(1, Math.round((ctx.now.getTime() - ctx.startedAt.getTime()) / 60000));
  const lastProbe = new Date(ctx.now.getTime() - intBetween(rand, 5, 55) * 1000);
  return {
    v,
    stateMsg: `${v} (v${v}-${ciliumCommit(v)})`,
    k8sMsg: k8sMessage(ctx.kubernetesVersion, platformOf(node)),
    k8sApis: apisFor(v),
    kvstoreDisabledState: atLeast(v, '1.17'),
    kprMode,
    showKprDevices: !hideDevices,
    devices: [{ name: dev, ips, direct: true }],
    masq: truth.masquerading,
    ipMasqAgent: truth.masquerading === 'BPF' && cfgBool(config, 'enable-ip-masq-agent', false),
    snatCidr,
    allocCidr: node.podCIDR,
    allocated: intBetween(rand, 3, 14),
    attachMode: atLeast(v, '1.16')
      ? cfgBool(config, 'enable-tcx', true) && kernelAtLeast(node.kernel, 6, 6)
        ? 'tcx'
        : 'tc'
      : undefined,
    datapathMode: atLeast(v, '1.16') ? config['datapath-mode'] || 'veth' : undefined,
    controllers: controllersByLine[line] ?? 32,
    routerIP: routerIP(node),
    envoy: atLeast(v, '1.16') ? 'external' : atLeast(v, '1.14') ? 'embedded' : undefined,
    flows: {
      current,
      max: maxFlows,
      perSecond: (rand() * 40 + 2).toFixed(2),
      seen: current + minutes * intBetween(rand, 200, 900),
    },
    reachable: ctx.peers.length,
    total: ctx.peers.length,
    healthTime: lastProbe.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    modulesOk: modulesByLine[line] ?? 60,
    cpus: node.cpus ?? 4,
  };
}

function kprDeviceText(f: Facts): string {
  return f.devices
    .map((d) => {
      // 1.15+: the address list is pre-filled with one empty string per address
      const list = atLeast(f.v, '1.15') ? [...d.ips.map(() => ''), ...d.ips] : d.ips;
      return `${d.name} ${list.join(' ')}${d.direct ? ' (Direct Routing)' : ''}`;
    })
    .join(', ');
}

function masqueradingText(f: Facts): string {
  const protocols = '[IPv4: Enabled, IPv6: Disabled]';
  switch (f.masq) {
    case 'BPF':
      return `${f.ipMasqAgent ? 'BPF (ip-masq-agent)' : 'BPF'}\t[${f.devices.map((d) => d.name).join(', ')}]\t${f.snatCidr} ${protocols}`;
    case 'IPTables':
      return `IPTables ${protocols}`;
    default:
      return 'Disabled';
  }
}

// ---------------------------------------------------------------------------------------------
// text

export function statusText(ctx: AgentContext, opts: StatusOptions = {}): string {
  const f = factsOf(ctx);
  const { truth, version: v } = ctx;
  const verbose = opts.verbose === true;
  const L: string[] = [];

  L.push(f.kvstoreDisabledState ? 'KVStore:\tDisabled\t' : 'KVStore:\tOk\tDisabled');
  L.push(`Kubernetes:\tOk\t${f.k8sMsg}`);
  L.push(`Kubernetes APIs:\t[${f.k8sApis.map((a) => JSON.stringify(a)).join(', ')}]`);
  L.push(
    f.showKprDevices
      ? `KubeProxyReplacement:\t${f.kprMode}\t[${kprDeviceText(f)}]`
      : `KubeProxyReplacement:\t${f.kprMode}`,
  );
  L.push('Host firewall:\tDisabled');
  if (atLeast(v, '1.15')) L.push('SRv6:\tDisabled');
  if (atLeast(v, '1.12')) L.push(`CNI Chaining:\t${truth.cniChaining}`);
  if (atLeast(v, '1.15')) {
    L.push('CNI Config file:\tsuccessfully wrote CNI configuration file to /host/etc/cni/net.d/05-cilium.conflist');
  } else if (lineOf(v) === '1.13') {
    L.push('CNI Config file:\tCNI configuration file management disabled');
  }
  L.push(`Cilium:\tOk\t${f.stateMsg}`);
  L.push(`NodeMonitor:\tListening for events on ${f.cpus} CPUs with 64x4096 of shared memory`);
  L.push('Cilium health daemon:\tOk\t');
  L.push(`IPAM:\tIPv4: ${f.allocated}/254 allocated from ${f.allocCidr}, `);
  if (verbose) {
    L.push('Allocated addresses:');
    for (const a of allocations(ctx, f)) L.push(`  ${a.ip} (${a.owner})`);
  }
  const t = truth.tuning ?? {};
  const bigTcp = (b: { size: number } | undefined) =>
    b ? (atLeast(v, '1.14') ? `Enabled\t[${b.size}]` : 'Enabled') : 'Disabled';
  if (atLeast(v, '1.14')) L.push(`IPv4 BIG TCP:\t${bigTcp(t.ipv4BigTcp)}`);
  if (atLeast(v, '1.13')) L.push(`IPv6 BIG TCP:\t${bigTcp(t.ipv6BigTcp)}`);
  L.push(
    t.bandwidthManager
      ? `BandwidthManager:\tEDT with BPF [${t.bandwidthManager.congestionControl.toUpperCase()}] [${f.devices.map((d) => d.name).join(', ')}]`
      : 'BandwidthManager:\tDisabled',
  );
  if (atLeast(v, '1.16')) {
    const net = truth.network === 'Tunnel' ? `Tunnel [${truth.tunnelProtocol ?? 'vxlan'}]` : 'Native';
    L.push(`Routing:\tNetwork: ${net}\tHost: ${truth.hostRouting}`);
    L.push(`Attach Mode:\t${f.attachMode === 'tcx' ? 'TCX' : 'Legacy TC'}`);
    L.push(`Device Mode:\t${f.datapathMode}`);
  } else {
    L.push(`Host Routing:\t${truth.hostRouting}`);
  }
  L.push(`Masquerading:\t${masqueradingText(f)}`);
  if (verbose)
    L.push(
      t.clockJiffiesHz ? `Clock Source for BPF:\tjiffies\t[${t.clockJiffiesHz} Hz]` : 'Clock Source for BPF:\tktime',
    );
  L.push(`Controller Status:\t${f.controllers}/${f.controllers} healthy`);
  if (verbose) {
    L.push('  Name\tLast success\tLast error\tCount\tMessage');
    for (const c of controllerNames(ctx, f)) L.push(`  ${c.name}\t${c.ago} ago\tnever\t0\tno error\t`);
  }
  L.push(
    `Proxy Status:\tOK, ip ${f.routerIP}, 0 redirects active on ports 10000-20000${f.envoy ? `, Envoy: ${f.envoy}` : ''}`,
  );
  L.push('Global Identity Range:\tmin 256, max 65535');
  L.push(
    `Hubble:\tOk\tCurrent/Max Flows: ${f.flows.current}/${f.flows.max} (${((f.flows.current / f.flows.max) * 100).toFixed(2)}%), Flows/s: ${f.flows.perSecond}\tMetrics: Disabled`,
  );
  if (verbose) {
    L.push('KubeProxyReplacement Details:');
    L.push(`  Status:\t${f.kprMode}`);
    const kprOn = f.kprMode !== 'False' && f.kprMode !== 'Disabled';
    L.push(`  Socket LB:\t${kprOn ? 'Enabled' : 'Disabled'}`);
    if (f.showKprDevices) L.push(`  Devices:\t${kprDeviceText(f)}`);
    L.push(`  Mode:\t${t.nodePortMode ?? 'SNAT'}`);
    if (t.nodePortMode && t.nodePortMode !== 'SNAT' && atLeast(v, '1.15'))
      L.push(`    DSR Dispatch Mode:\t${t.dsrDispatch ?? 'IP Option/Extension'}`);
    L.push('  Backend Selection:\tRandom');
    L.push(`  Session Affinity:\t${kprOn ? 'Enabled' : 'Disabled'}`);
    L.push('  Graceful Termination:\tEnabled');
    L.push('  NAT46/64 Support:\tDisabled');
    L.push(`  XDP Acceleration:\t${t.xdpAcceleration ?? 'Disabled'}`);
    L.push('  Services:');
    L.push(`  - ClusterIP:\t${kprOn ? 'Enabled' : 'Disabled'}`);
    L.push(`  - NodePort:\t${kprOn ? 'Enabled (Range: 30000-32767) ' : 'Disabled'}`);
    L.push(`  - LoadBalancer:\t${kprOn ? 'Enabled ' : 'Disabled'}`);
    L.push(`  - externalIPs:\t${kprOn ? 'Enabled ' : 'Disabled'}`);
    L.push(`  - HostPort:\t${kprOn ? 'Enabled' : 'Disabled'}`);
    L.push('BPF Maps:\tdynamic sizing: on (ratio: 0.002500)');
    L.push('  Name\tSize');
    for (const [name, size] of bpfMaps(f)) L.push(`  ${name}\t${size}`);
  }
  L.push(atLeast(v, '1.14') ? 'Encryption:\tDisabled\t' : 'Encryption:\tDisabled');
  L.push(`Cluster health:\t${f.reachable}/${f.total} reachable\t(${f.healthTime})`);
  if (verbose) {
    L.push('  Name\tIP\tNode\tEndpoints');
    for (const p of ctx.peers) {
      const self = p.name === ctx.node.name;
      L.push(`  ${ctx.cluster}/${p.name}${self ? ' (localhost)' : ''}\t${p.ip}\treachable\treachable`);
    }
  } else if (lineOf(v) === '1.17') {
    // 1.17 prints the node table header even without --verbose
    L.push('Name\tIP\tNode\tEndpoints');
  }
  if (atLeast(v, '1.15')) {
    L.push(`Modules Health:\tStopped(0) Degraded(0) OK(${f.modulesOk})`);
  }
  return `${tabwrite(L.join('\n'))}\n`;
}

function allocations(ctx: AgentContext, f: Facts): Array<{ ip: string; owner: string }> {
  const out = [
    { ip: f.routerIP, owner: 'router' },
    { ip: healthIP(ctx.node), owner: 'health' },
  ];
  const rand = prng(`alloc:${ctx.node.name}`);
  const owners = [
    'kube-system/coredns-7db6d8ff4d-',
    'default/web-5d8c9b7f6b-',
    'monitoring/node-exporter-',
    'default/api-6f9c8d7b5-',
  ];
  for (let i = out.length; i < f.allocated; i++) {
    const prefix = owners[i % owners.length];
    const suffix = Math.floor(rand() * 36 ** 5)
      .toString(36)
      .padStart(5, 'x');
    const [a, b, c] = f.allocCidr.split('.');
    out.push({ ip: `${a}.${b}.${c}.${intBetween(rand, 2, 250)}`, owner: `${prefix}${suffix}` });
  }
  return out.sort((x, y) => (x.ip < y.ip ? -1 : 1));
}

function controllerNames(ctx: AgentContext, f: Facts): Array<{ name: string; ago: string }> {
  const rand = prng(`ctrl:${ctx.node.name}`);
  const names = [
    'cilium-health-ep',
    'dns-garbage-collector-job',
    'endpoint-gc',
    'ipcache-inject-labels',
    'k8s-heartbeat',
    'link-cache',
    'resolve-identity-1187',
    'sync-host-ips',
    'sync-lb-maps-with-k8s-services',
    'sync-policymap-1187',
    'sync-to-k8s-ciliumendpoint (1187)',
    'template-dir-watcher',
  ];
  const n = Math.min(names.length, f.controllers);
  return names.slice(0, n).map((name) => ({ name, ago: `${intBetween(rand, 1, 59)}s` }));
}

function bpfMaps(f: Facts): Array<[string, number]> {
  const ct = f.cpus >= 8 ? 276752 : 131072;
  return [
    ['Non-TCP connection tracking', ct / 2],
    ['TCP connection tracking', ct],
    ['Endpoint policy', 65535],
    ['IP cache', 512000],
    ['IPv4 masquerading agent', 16384],
    ['IPv4 fragmentation', 8192],
    ['IPv4 service', 65536],
    ['IPv4 service backend', 65536],
    ['IPv4 service reverse NAT', 65536],
    ['Metrics', 1024],
    ['NAT', ct],
    ['Neighbor table', ct],
    ['Global policy', 16384],
    ['Session affinity', 65536],
    ['Sock reverse NAT', ct / 2],
  ];
}

// ---------------------------------------------------------------------------------------------
// JSON (`-o json`: models.StatusResponse, `json.MarshalIndent(…, "", "  ")`)

export function statusObject(ctx: AgentContext): Record<string, unknown> {
  const f = factsOf(ctx);
  const { truth, version: v } = ctx;
  const o: Record<string, unknown> = {};
  const t = truth.tuning ?? {};
  if (f.attachMode) o['attach-mode'] = f.attachMode;
  o['bandwidth-manager'] = t.bandwidthManager
    ? {
        ...(atLeast(v, '1.12') ? { congestionControl: t.bandwidthManager.congestionControl } : {}),
        devices: f.devices.map((d) => d.name),
        enabled: true,
      }
    : {};
  o['bpf-maps'] = {
    'dynamic-size-ratio': 0.0025,
    maps: [
      { name: 'cilium_ct4_global', size: f.cpus >= 8 ? 276752 : 131072 },
      { name: 'cilium_ipcache', size: 512000 },
      { name: 'cilium_lb4_services_v2', size: 65536 },
      { name: 'cilium_snat_v4_external', size: f.cpus >= 8 ? 276752 : 131072 },
    ],
  };
  o['cilium'] = { msg: f.stateMsg, state: 'Ok' };
  o['client-id'] = intBetween(prng(`client:${ctx.node.name}`), 100000000, 999999999);
  o['clock-source'] = t.clockJiffiesHz ? { hertz: t.clockJiffiesHz, mode: 'jiffies' } : { mode: 'ktime' };
  o['cluster'] = {
    ciliumHealth: { state: 'Ok' },
    nodes: ctx.peers.map((p) => ({
      name: `${ctx.cluster}/${p.name}`,
      'primary-address': { ipv4: { enabled: true, ip: p.ip } },
      'health-endpoint-address': { ipv4: { enabled: true, ip: p.healthIP } },
    })),
    self: `${ctx.cluster}/${ctx.node.name}`,
  };
  if (atLeast(v, '1.12')) o['cni-chaining'] = { mode: truth.cniChaining };
  if (atLeast(v, '1.15')) {
    o['cni-file'] = {
      msg: 'successfully wrote CNI configuration file to /host/etc/cni/net.d/05-cilium.conflist',
      state: 'Ok',
    };
  }
  o['controllers'] = controllerNames(ctx, f).map((c, i) => ({
    configuration: { 'error-retry': true, interval: i % 2 === 0 ? '1m0s' : '10s' },
    name: c.name,
    status: {
      'consecutive-failure-count': 0,
      'failure-count': 0,
      'last-failure-timestamp': '0001-01-01T00:00:00.000Z',
      'last-success-timestamp': new Date(ctx.now.getTime() - 1000 * (i + 3)).toISOString(),
      'success-count': 40 + i * 7,
    },
  }));
  if (f.datapathMode) o['datapath-mode'] = f.datapathMode;
  o['encryption'] = { mode: 'Disabled' };
  o['host-firewall'] = { mode: 'Disabled' };
  if (!atLeast(v, '1.16')) o['host-routing'] = { mode: truth.hostRouting };
  o['hubble'] = {
    metrics: { state: 'Disabled' },
    msg: `Current/Max Flows: ${f.flows.current}/${f.flows.max} (${((f.flows.current / f.flows.max) * 100).toFixed(2)}%), Flows/s: ${f.flows.perSecond}`,
    observer: { 'current-flows': f.flows.current, 'max-flows': f.flows.max, 'seen-flows': f.flows.seen },
    state: 'Ok',
  };
  o['identity-range'] = { 'max-identity': 65535, 'min-identity': 256 };
  o['ipam'] = {
    allocations: Object.fromEntries(allocations(ctx, f).map((a) => [a.ip, a.owner])),
    'ipam-mode': ctx.config['ipam'] || 'cluster-pool',
    ipv4: [f.allocCidr],
  };
  const bigTcp = (b: { size: number } | undefined) =>
    b ? (atLeast(v, '1.14') ? { enabled: true, maxGRO: b.size, maxGSO: b.size } : { enabled: true }) : {};
  if (atLeast(v, '1.14')) o['ipv4-big-tcp'] = bigTcp(t.ipv4BigTcp);
  if (atLeast(v, '1.13')) o['ipv6-big-tcp'] = bigTcp(t.ipv6BigTcp);
  const kpr: Record<string, unknown> = { mode: f.kprMode };
  if (f.showKprDevices) {
    kpr['deviceList'] = f.devices.map((d) => ({
      ip: atLeast(v, '1.15') ? [...d.ips.map(() => ''), ...d.ips] : d.ips,
      name: d.name,
    }));
    kpr['devices'] = f.devices.map((d) => d.name);
    kpr['directRoutingDevice'] = f.devices.find((d) => d.direct)?.name;
  }
  const kprOn = f.kprMode !== 'False' && f.kprMode !== 'Disabled';
  kpr['features'] = {
    externalIPs: kprOn ? { enabled: true } : {},
    gracefulTermination: { enabled: true },
    hostPort: kprOn ? { enabled: true } : {},
    nat46X64: {},
    nodePort: kprOn
      ? {
          acceleration: t.xdpAcceleration ?? 'Disabled',
          algorithm: 'Random',
          ...(t.nodePortMode && t.nodePortMode !== 'SNAT' && atLeast(v, '1.15')
            ? { dsrMode: t.dsrDispatch ?? 'IP Option/Extension' }
            : {}),
          enabled: true,
          mode: t.nodePortMode ?? 'SNAT',
          portMax: 32767,
          portMin: 30000,
        }
      : { acceleration: 'Disabled', algorithm: 'Random', mode: 'SNAT' },
    sessionAffinity: kprOn ? { enabled: true } : {},
    socketLB: kprOn ? { enabled: true } : {},
  };
  o['kube-proxy-replacement'] = sortKeys(kpr);
  o['kubernetes'] = { 'k8s-api-versions': f.k8sApis, msg: f.k8sMsg, state: 'Ok' };
  o['kvstore'] = f.kvstoreDisabledState ? { state: 'Disabled' } : { msg: 'Disabled', state: 'Ok' };
  o['masquerading'] = masqueradingObject(f);
  o['nodeMonitor'] = { cpus: f.cpus, npages: 64, pagesize: 4096 };
  o['proxy'] = {
    ...(f.envoy ? { 'envoy-deployment-mode': f.envoy } : {}),
    ip: f.routerIP,
    'port-range': '10000-20000',
  };
  if (atLeast(v, '1.16')) {
    const routing: Record<string, unknown> = {
      'inter-host-routing-mode': truth.network,
      'intra-host-routing-mode': truth.hostRouting,
    };
    if (truth.network === 'Tunnel') routing['tunnel-protocol'] = truth.tunnelProtocol ?? 'vxlan';
    o['routing'] = routing;
  }
  if (atLeast(v, '1.15')) o['srv6'] = {};
  return o;
}

function masqueradingObject(f: Facts): Record<string, unknown> {
  if (f.masq === 'Disabled') return { enabledProtocols: {} };
  const m: Record<string, unknown> = { enabled: true, enabledProtocols: { ipv4: true } };
  if (f.ipMasqAgent) m['ip-masq-agent'] = true;
  m['mode'] = f.masq === 'BPF' ? 'BPF' : 'iptables';
  if (f.masq === 'BPF') m['snat-exclusion-cidr'] = f.snatCidr;
  m['snat-exclusion-cidr-v4'] = f.snatCidr;
  return m;
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

export function statusJson(ctx: AgentContext): string {
  return `${JSON.stringify(statusObject(ctx), null, 2)}\n`;
}

/** `--brief`: one line */
export function statusBrief(): string {
  return 'OK\n';
}

/**
 * A garbled output for the `bad-output` fault: what a wedged agent API or a broken terminal pipe
 * could leave behind. The text form contains NUL bytes; the JSON form is cut off.
 */
export function garbageStatus(ctx: AgentContext, json: boolean): string {
  if (json) {
    const full = statusJson(ctx);
    return full.slice(0, Math.floor(full.length * 0.37));
  }
  const text = statusText(ctx);
  const cut = text.slice(0, 96).replace(/[: ]/g, (c, i: number) => (i % 3 === 0 ? '\u0000' : c));
  return `${cut}\u0000\u0000\u0000\ufffd\ufffd\u0007\u001b[?25l\u0000${'\u0000'.repeat(40)}\n`;
}
