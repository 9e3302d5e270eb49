/**
 * A plausible cilium-agent container log for one node, in the agent's logrus text format
 * (`time="…" level=info msg="…" key=value subsys=…`; releases before 1.14 print no `time=` field).
 * The messages are written for this fixture; what matters for checkers is reproduced exactly:
 *
 * - the startup flag dump (`  --enable-host-legacy-routing='false'`), showing the configuration the
 *   agent *started* with (host-routing-spec §2.13: the configured value, not the outcome);
 * - the host-routing fallback line of the node's truth (`<reason> Falling back to legacy host
 *   routing (enable-host-legacy-routing=true).` or the `Auto-disabling …` line), once, at startup;
 * - for a crash-looping agent, a `level=fatal` last line.
 *
 * Deterministic for a given node (seeded PRNG); timestamps run from the container start to "now".
 */
import type { LogContext } from './agent';
import { cfgBool, deviceOf, healthIP } from './agent';
import { atLeast } from './version';
import { ciliumCommit, containerId, hexOf, intBetween, nameSuffix, pick, prng } from './ids';

interface Entry {
  t: number; // ms since epoch
  level: 'info' | 'warning' | 'error' | 'fatal' | 'debug';
  msg: string;
  fields?: Record<string, string | number>;
  subsys: string;
}

const GO_VERSION: Record<string, string> = {
  '1.12': 'go1.18.10',
  '1.13': 'go1.19.12',
  '1.14': 'go1.20.14',
  '1.15': 'go1.21.13',
  '1.16': 'go1.22.10',
  '1.17': 'go1.23.8',
};

export function goVersionOf(v: string): string {
  const m = /^(\d+\.\d+)/.exec(v);
  return GO_VERSION[m ? m[1] : ''] ?? 'go1.23.8';
}

/** Go `%q`-style quoting as logrus applies it to values that need quoting. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

function needsQuoting(s: string): boolean {
  return s === '' || /[^a-zA-Z0-9\-._/@^+]/.test(s);
}

function fmtTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function formatEntry(e: Entry, withTime: boolean): string {
  const parts: string[] = [];
  if (withTime) parts.push(`time=${quote(fmtTime(e.t))}`);
  parts.push(`level=${e.level}`);
  parts.push(`msg=${quote(e.msg)}`);
  const fields: Record<string, string | number> = { ...(e.fields ?? {}), subsys: e.subsys };
  for (const k of Object.keys(fields).sort()) {
    const v = String(fields[k]);
    parts.push(`${k}=${needsQuoting(v) ? quote(v) : v}`);
  }
  return parts.join(' ');
}

/** Flags an agent dumps at startup besides the cilium-config keys, with their defaults. */
const AGENT_FLAG_DEFAULTS: Record<string, string> = {
  'agent-health-port': '9879',
  'agent-labels': '',
  'allow-localhost': 'auto',
  'api-rate-limit': '',
  'bpf-ct-timeout-regular-any': '1m0s',
  'bpf-ct-timeout-regular-tcp': '2h13m20s',
  'config-dir': '/tmp/cilium/config-map',
  devices: '',
  'enable-bpf-masquerade': 'false',
  'enable-endpoint-routes': 'false',
  'enable-host-legacy-routing': 'false',
  'enable-ipsec': 'false',
  'enable-node-port': 'false',
  'enable-wireguard': 'false',
  'k8s-namespace': 'kube-system',
  'log-driver': '',
  'log-opt': '',
  mtu: '0',
  'state-dir': '/var/run/cilium',
};

export interface LogOptions {
  /** prefix each line with an RFC 3339 timestamp (`kubectl logs --timestamps`) */
  timestamps?: boolean;
}

export function agentLog(ctx: LogContext, opts: LogOptions = {}): string {
  const withTime = atLeast(ctx.version, '1.14');
  const entries = buildEntries(ctx);
  return entries
    .map((e) => {
      const line = formatEntry(e, withTime);
      return opts.timestamps ? `${new Date(e.t).toISOString().replace(/Z$/, '456789Z')} ${line}` : line;
    })
    .join('\n')
    .concat('\n');
}

function buildEntries(ctx: LogContext): Entry[] {
  const { node, pod, truth, config: cfg, version: v } = ctx;
  const rand = prng(`log:${pod.name}:${v}`);
  const crash = pod.state === 'crashloop';
  // a crash-looping container was (re)started a couple of minutes ago
  let t = crash ? ctx.now.getTime() - intBetween(rand, 40, 170) * 1000 : ctx.startedAt.getTime() + 1200;
  const out: Entry[] = [];
  const add = (level: Entry['level'], subsys: string, msg: string, fields?: Entry['fields'], stepMs = 0): void => {
    t += stepMs || intBetween(rand, 0, 40);
    out.push({ t, level, msg, subsys, fields });
  };

  const mem = intBetween(rand, 4, 32) * 1024 * 1024 * 1024 + intBetween(rand, 0, 999999);
  const mapBytes = Math.floor(mem * 0.0025);
  add('info', 'config', `Memory available for map entries (0.003% of ${mem}B): ${mapBytes}B`);
  const ctTcp = Math.max(131072, Math.floor(mapBytes / 300));
  add('info', 'config', `option bpf-ct-global-tcp-max set by dynamic sizing to ${ctTcp}`);
  add('info', 'config', `option bpf-ct-global-any-max set by dynamic sizing to ${Math.floor(ctTcp / 2)}`);
  add('info', 'config', `option bpf-nat-global-max set by dynamic sizing to ${ctTcp}`);
  add('info', 'config', `option bpf-neigh-global-max set by dynamic sizing to ${ctTcp}`);
  add('info', 'config', `option bpf-sock-rev-map-max set by dynamic sizing to ${Math.floor(ctTcp / 2)}`);

  // startup flag dump: configured values, sorted
  const flags: Record<string, string> = { ...AGENT_FLAG_DEFAULTS, ...cfg };
  for (const k of Object.keys(flags).sort()) add('info', 'daemon', `  --${k}='${flags[k]}'`, undefined, 1);

  const commit = ciliumCommit(v);
  add('info', 'daemon', `Cilium ${v} ${commit} built with ${goVersionOf(v)} for linux/${node.arch ?? 'amd64'}`);
  add('info', 'linux-datapath', 'linking environment: OK!');
  add('info', 'bpf', 'Detected mounted BPF filesystem at /sys/fs/bpf');
  add('info', 'cgroups', 'Mounted cgroupv2 filesystem at /run/cilium/cgroupv2');
  add('info', 'labels-filter', 'Parsing base label prefixes from default label list');
  add('info', 'labels-filter', 'Parsing additional label prefixes from user inputs: []');
  add('info', 'k8s-client', 'Establishing connection to apiserver', { host: 'https://10.96.0.1:443' }, 60);
  add('info', 'k8s-client', 'Connected to apiserver', undefined, intBetween(rand, 20, 300));
  add('info', 'mtu', 'Inheriting MTU from external network interface', {
    device: deviceOf(node),
    ipAddr: node.internalIP,
    mtu: cfg['cni-chaining-mode'] === 'aws-cni' ? 9001 : 1500,
  });

  const kpr = (cfg['kube-proxy-replacement'] ?? '').toLowerCase();
  if (kpr === 'true' || kpr === 'strict') {
    if (kpr === 'strict' && atLeast(v, '1.14')) {
      add('warning', 'config', 'Deprecated value for --kube-proxy-replacement: strict (use either "true", or "false")');
    }
    add('info', 'daemon', 'Enabling BPF-based kube-proxy replacement features', { mode: kpr });
  }
  if (atLeast(v, '1.14')) add('info', 'linux-datapath', 'Detected devices', { devices: `[${deviceOf(node)}]` }, 150);
  add('info', 'daemon', 'Direct routing device detected', { 'direct-routing-device': deviceOf(node) });

  if (truth?.fallbackLog) add('info', 'daemon', truth.fallbackLog, undefined, intBetween(rand, 5, 60));

  add('info', 'k8s-watcher', 'Enabling k8s event listener', undefined, 80);
  add('info', 'daemon', 'Removing stale endpoint interfaces');
  add('info', 'k8s-watcher', 'Waiting until all pre-existing resources have been received', undefined, 30);

  if (crash) {
    add(
      'info',
      'datapath-loader',
      'Setting up BPF datapath',
      { bpfClockSource: 'ktime', bpfInsnSet: 'v3' },
      intBetween(rand, 300, 2000),
    );
    const fatal =
      pod.fatalMessage ??
      'daemon creation failed: failed to load BPF programs: attaching program cil_from_netdev to eth0: link not found';
    add(
      'error',
      'hive',
      'Start hook failed',
      { error: fatal, function: 'cmd.newDaemonPromise.func1 (daemon_main.go:1694)' },
      900,
    );
    add('fatal', 'daemon', 'failed to start: ' + fatal, undefined, 20);
    return out;
  }

  add('info', 'daemon', 'Restoring endpoints...', undefined, 400);
  const restored = intBetween(rand, 2, 9);
  add('info', 'daemon', 'Endpoints restored', { failed: 0, restored });
  add('info', 'daemon', 'Initializing node addressing', undefined, 30);
  add('info', 'daemon', 'Setting up BPF datapath', undefined, 60);
  add('info', 'datapath-loader', 'Setting up BPF datapath', { bpfClockSource: 'ktime', bpfInsnSet: 'v3' });
  if (truth?.masquerading === 'IPTables' || !cfgBool(cfg, 'enable-bpf-masquerade', false)) {
    add('info', 'iptables', 'Iptables rules installed', undefined, 400);
  }
  add(
    'info',
    'proxy',
    `Adding new proxy port rules for cilium-dns-egress:${intBetween(rand, 32768, 60999)}`,
    { id: 'cilium-dns-egress' },
    100,
  );
  add('info', 'monitor-agent', 'Serving cilium node monitor v1.2 API at unix:///var/run/cilium/monitor1_2.sock');
  add('info', 'daemon', 'Validating configured node address ranges');
  add('info', 'daemon', 'Starting connection tracking garbage collector');
  add('info', 'ct-gc', 'Initial scan of connection tracking completed', undefined, intBetween(rand, 200, 900));
  add('info', 'signal', 'Datapath signal listener running');
  add('info', 'daemon', 'Creating host endpoint');
  const hostEp = intBetween(rand, 100, 3999);
  add('info', 'endpoint', 'New endpoint', { endpointID: hostEp, ipv4: '', ipv6: '', k8sPodName: '/' });
  add('info', 'daemon', 'Launching Cilium health daemon', undefined, 50);
  add('info', 'daemon', 'Launching Cilium health endpoint');
  add('info', 'health-server', 'Serving cilium health API at unix:///var/run/cilium/health.sock');
  const healthEp = intBetween(rand, 100, 3999);
  add('info', 'endpoint', 'New endpoint', { endpointID: healthEp, ipv4: healthIP(node), ipv6: '', k8sPodName: '/' });
  const tmpl = hexOf(`tmpl:${v}:${node.name}`, 40);
  add(
    'info',
    'datapath-loader',
    'Compiled new BPF template',
    {
      BPFCompilationTime: `${(rand() * 2 + 0.8).toFixed(6)}s`,
      'file-path': `/var/run/cilium/state/templates/${tmpl}/bpf_host.o`,
    },
    intBetween(rand, 900, 2600),
  );
  add(
    'info',
    'endpoint',
    'Rewrote endpoint BPF program',
    { endpointID: hostEp, identity: 1, ipv4: '', ipv6: '', k8sPodName: '/' },
    300,
  );
  add('info', 'endpoint', 'Rewrote endpoint BPF program', {
    endpointID: healthEp,
    identity: 4,
    ipv4: healthIP(node),
    ipv6: '',
    k8sPodName: '/',
  });
  add('info', 'daemon', 'Daemon initialization completed', { bootstrapTime: `${(rand() * 6 + 3).toFixed(6)}s` }, 100);
  add('info', 'hubble', 'Starting Hubble server', { address: ':4244', tls: 'true' });
  add('info', 'hubble', 'Hubble server started', undefined, 10);

  // steady state: endpoint churn, GC, policy and node events until now
  const end = ctx.now.getTime() - intBetween(rand, 5, 90) * 1000;
  const events = 70;
  // random gaps, scaled so that the last event lands shortly before "now"
  const weights = Array.from({ length: events }, () => 0.3 + rand());
  const total = weights.reduce((a, b) => a + b, 0);
  const span = Math.max(events * 1000, end - t);
  const namespaces = ['default', 'monitoring', 'shop', 'kube-system'];
  const apps = ['web', 'api', 'worker', 'cart', 'node-exporter', 'redis'];
  let nextEndpoint = 1000 + intBetween(rand, 0, 2000);
  for (let i = 0; i < events; i++) {
    t = Math.min(end, t + Math.floor((span * weights[i]) / total));
    const kind = rand();
    if (kind < 0.35) {
      const ns = pick(rand, namespaces);
      const app = pick(rand, apps);
      const podName = `${app}-${nameSuffix(`${pod.name}:${app}`, 10)}-${nameSuffix(`${pod.name}:${i}`)}`;
      const ip = `${node.podCIDR.split('.').slice(0, 3).join('.')}.${intBetween(rand, 2, 250)}`;
      const ep = nextEndpoint++;
      const cid = containerId(`${pod.name}:${i}`).slice(0, 64);
      add(
        'info',
        'daemon',
        'Create endpoint request',
        {
          addressing: `&{${ip} ${hexOf(podName, 8)}-${hexOf(ip, 4)} default   }`,
          containerID: cid,
          datapathConfiguration: '&{false false false false false <nil>}',
          interface: `lxc${hexOf(cid, 12)}`,
          k8sPodName: `${ns}/${podName}`,
          labels: '[]',
          sync: 'true',
        },
        1,
      );
      add('info', 'endpoint', 'New endpoint', {
        containerID: cid.slice(0, 10),
        endpointID: ep,
        ipv4: ip,
        ipv6: '',
        k8sPodName: `${ns}/${podName}`,
      });
      add('info', 'endpoint', 'Resolving identity labels (blocking)', {
        containerID: cid.slice(0, 10),
        endpointID: ep,
        identityLabels: `k8s:app=${app},k8s:io.kubernetes.pod.namespace=${ns}`,
        ipv4: ip,
        k8sPodName: `${ns}/${podName}`,
      });
      add('info', 'endpoint', 'Identity of endpoint changed', {
        containerID: cid.slice(0, 10),
        endpointID: ep,
        identity: intBetween(rand, 2000, 65000),
        ipv4: ip,
        k8sPodName: `${ns}/${podName}`,
        oldIdentity: 'no identity',
      });
      add('info', 'daemon', 'Waiting for endpoint to be generated', {
        containerID: cid.slice(0, 10),
        endpointID: ep,
        k8sPodName: `${ns}/${podName}`,
      });
      add(
        'info',
        'endpoint',
        'Rewrote endpoint BPF program',
        { containerID: cid.slice(0, 10), endpointID: ep, ipv4: ip, k8sPodName: `${ns}/${podName}` },
        intBetween(rand, 200, 1400),
      );
      add('info', 'daemon', 'Successful endpoint creation', {
        containerID: cid.slice(0, 10),
        endpointID: ep,
        k8sPodName: `${ns}/${podName}`,
      });
    } else if (kind < 0.55) {
      const ep = intBetween(rand, 1000, nextEndpoint);
      add('info', 'daemon', 'Delete endpoint request', {
        containerID: containerId(`${pod.name}:del:${i}`).slice(0, 10),
        endpointID: ep,
      });
      add('info', 'endpoint', 'Removed endpoint', { endpointID: ep });
    } else if (kind < 0.72) {
      add('info', 'map-ct', 'Conntrack garbage collector interval recalculated', {
        deleteRatio: (rand() * 0.02).toFixed(16),
        newInterval: `${intBetween(rand, 5, 12)}m${intBetween(rand, 0, 59)}s`,
      });
    } else if (kind < 0.85) {
      add('info', 'endpoint-manager', 'regenerating all endpoints', {
        reason: 'one or more identities created or deleted',
      });
    } else if (kind < 0.93) {
      const peer = pick(rand, ctx.peers);
      add('info', 'nodemanager', 'Node updated', { clusterName: ctx.cluster, nodeName: peer?.name ?? node.name });
    } else {
      add('info', 'policy', 'Policy imported via API, recalculating...', {
        policyAddRequest: hexOf(`pol:${i}`, 8),
        policyRevision: intBetween(rand, 2, 40),
      });
      add('info', 'endpoint-manager', 'regenerating all endpoints', { reason: 'policy rules added' }, 20);
    }
  }
  return out;
}
