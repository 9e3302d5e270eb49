// Cost of the workspace-wide analysis (server/src/protocol/workspaceScan.ts) on a generated
// repository of 1,000 YAML files: the bundled server (dist/server.js) over stdio, as an editor
// runs it, with the repository as its workspace folder. Prints, per scenario: wall time of the
// scan, the server's CPU time, files looked at / analysed / with findings, diagnostics published,
// memory, and how long an opened document waits for its diagnostics while the scan runs.
//
//   node scripts/bench/workspace.mjs [--files N] [--keep]
//
// Scenarios: "mixed" (80 Cilium files among 1,000: values files and cilium-config ConfigMaps,
// CiliumNetworkPolicies that mention Cilium but are not ours, the rest ordinary manifests) and
// "no-cilium" (1,000 ordinary manifests: the cost of staying quiet).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import rpc from 'vscode-languageserver-protocol/node.js';

const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
} = rpc;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const server = join(root, 'dist', 'server.js');
const argv = process.argv.slice(2);
const total = argv.includes('--files') ? Number(argv[argv.indexOf('--files') + 1]) : 1000;
const keep = argv.includes('--keep');
if (!existsSync(server)) {
  console.error('dist/server.js is missing: run `npm run build` first');
  process.exit(1);
}

const VALUES = [
  (i) =>
    `# cilium-datapath: version=1.16.${i % 10}\nkubeProxyReplacement: true\nenableIPv4Masquerade: true\nroutingMode: tunnel\n`,
  (i) =>
    `# cilium-datapath: version=1.15.${i % 8}\nkubeProxyReplacement: true\nroutingMode: native\nipv4NativeRoutingCIDR: 10.${i % 250}.0.0/16\nautoDirectNodeRoutes: true\nbpf:\n  masquerade: true\n`,
  (i) =>
    `kubeProxyReplacement: false\ncni:\n  chainingMode: aws-cni\nenableIPv4Masquerade: false\nipam:\n  mode: eni\neni:\n  enabled: true\nhubble:\n  relay:\n    enabled: ${i % 2 === 0}\n`,
  (i) =>
    `# cilium-datapath: version=1.17 kernel=5.4.0-${100 + i}-generic\nkubeProxyReplacement: true\nbpf:\n  masquerade: true\n  hostLegacyRouting: false\nencryption:\n  enabled: true\n  type: wireguard\n`,
];
const CONFIGMAP = (i) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n  kube-proxy-replacement: "${i % 2 === 0}"\n  enable-ipv4-masquerade: "true"\n  enable-bpf-masquerade: "${i % 3 === 0}"\n  routing-mode: native\n  ipv4-native-routing-cidr: 10.0.0.0/8\n`;
const CNP = (i) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: allow-${i}\nspec:\n  endpointSelector:\n    matchLabels:\n      app: web-${i}\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        app: api\n`;
const DEPLOY = (i) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  labels:\n    app: app-${i}\nspec:\n  replicas: ${1 + (i % 3)}\n  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n    spec:\n      containers:\n      - name: main\n        image: registry.local/app-${i}:1.${i % 20}.0\n        ports:\n        - containerPort: 8080\n        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\nspec:\n  selector:\n    app: app-${i}\n  ports:\n  - port: 80\n    targetPort: 8080\n`;

/** Writes the repository; returns its path and what it holds. */
function generate(kind) {
  const dir = mkdtempSync(join(tmpdir(), `cdp-bench-ws-${kind}-`));
  const counts = { values: 0, configMaps: 0, policies: 0, other: 0 };
  for (let i = 0; i < total; i++) {
    const team = `team-${i % 25}`;
    const sub = join(dir, 'teams', team, `svc-${Math.floor(i / 25) % 40}`);
    mkdirSync(sub, { recursive: true });
    if (kind === 'mixed' && i % 25 === 0) {
      const c = join(dir, 'clusters', `c${i}`);
      mkdirSync(c, { recursive: true });
      writeFileSync(join(c, 'values.yaml'), VALUES[(i / 25) % VALUES.length](i));
      counts.values++;
    } else if (kind === 'mixed' && i % 25 === 1) {
      writeFileSync(join(sub, `cni-${i}.yaml`), CONFIGMAP(i));
      counts.configMaps++;
    } else if (kind === 'mixed' && i % 25 === 2) {
      writeFileSync(join(sub, `netpol-${i}.yaml`), CNP(i));
      counts.policies++;
    } else {
      writeFileSync(join(sub, `app-${i}.yaml`), DEPLOY(i));
      counts.other++;
    }
  }
  // dependency folders the scan must not enter
  mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
  for (let i = 0; i < 200; i++) writeFileSync(join(dir, 'node_modules', 'x', `values-${i}.yaml`), VALUES[0](i));
  return { dir, counts };
}

function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}
function memMB(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function run(kind, { openDuringScan, folder = true }) {
  const { dir, counts } = generate(kind);
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const publishes = new Map();
  let scanned;
  const scannedP = new Promise((r) => (scanned = r));
  const waiters = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    publishes.set(p.uri, p.diagnostics.length);
    for (const w of waiters.splice(0)) if (!w(p)) waiters.push(w);
  });
  conn.onNotification('ciliumDatapath/workspaceScanned', (s) => scanned({ at: performance.now(), stats: s }));
  conn.onNotification(() => undefined);
  conn.onRequest((method, params) =>
    method === 'workspace/configuration' ? (params?.items ?? []).map(() => null) : null,
  );
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: folder ? [{ uri: pathToFileURL(dir).toString(), name: 'bench' }] : null,
    capabilities: { workspace: { configuration: true } },
    initializationOptions: {},
  });
  const idle = { cpu: cpuMs(child.pid), mem: memMB(child.pid) };
  const t0 = performance.now();
  await conn.sendNotification(InitializedNotification.type, {});
  let openWait = null;
  if (openDuringScan) {
    // An editor opens a file while the scan runs: how long until its diagnostics arrive?
    await new Promise((r) => setTimeout(r, 30));
    const uri = pathToFileURL(join(dir, 'opened-values.yaml')).toString();
    const t = performance.now();
    const got = new Promise((resolve) =>
      waiters.push((p) => (p.uri === uri && p.version === 1 ? (resolve(performance.now() - t), true) : false)),
    );
    await conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text: VALUES[0](1) },
    });
    openWait = await got;
  }
  const { at, stats } = folder
    ? await scannedP
    : {
        at: performance.now(),
        stats: { yamlFiles: 0, analysed: 0, cilium: 0, withFindings: 0, diagnostics: 0, ms: 0 },
      };
  const wall = folder ? at - t0 : null;
  const cpu = cpuMs(child.pid) - idle.cpu;
  const mem = memMB(child.pid);
  // the same open after the scan, for comparison
  const uri2 = pathToFileURL(join(dir, 'opened-later.yaml')).toString();
  const t2 = performance.now();
  const got2 = new Promise((resolve) =>
    waiters.push((p) => (p.uri === uri2 && p.version === 1 ? (resolve(performance.now() - t2), true) : false)),
  );
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: uri2, languageId: 'yaml', version: 1, text: VALUES[0](2) },
  });
  const openAfter = await got2;
  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  child.kill();
  if (!keep) rmSync(dir, { recursive: true, force: true });
  const withFindings = [...publishes.entries()].filter(
    ([u, n]) => n > 0 && !/opened-(values|later)\.yaml$/.test(u),
  ).length;
  return { kind, counts, stats, wall, cpu, idleMem: idle.mem, mem, openWait, openAfter, withFindings, dir };
}

const results = [];
results.push({ ...(await run('no-cilium', { openDuringScan: true, folder: false })), kind: 'no folder' });
for (const kind of ['mixed', 'no-cilium']) results.push(await run(kind, { openDuringScan: true }));

const f = (n, d = 0) => (n === null || n === undefined ? '—' : n.toFixed(d));
console.log(
  `Workspace analysis on a generated repository of ${total} YAML files (+200 in node_modules, not entered); node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`,
);
console.log('');
console.log(
  'scenario   | YAML seen | analysed | Cilium | with findings | diagnostics | scan wall ms | server CPU ms | RSS MB idle→after (peak) | open during scan → diag ms | open after scan → diag ms',
);
console.log(
  '---------- | --------- | -------- | ------ | ------------- | ----------- | ------------ | ------------- | ------------------------ | -------------------------- | -------------------------',
);
for (const r of results) {
  const s = r.stats;
  console.log(
    `${r.kind.padEnd(10)} | ${String(s.yamlFiles).padStart(9)} | ${String(s.analysed).padStart(8)} | ${String(s.cilium).padStart(6)} | ${String(s.withFindings).padStart(13)} | ${String(s.diagnostics).padStart(11)} | ${f(r.wall).padStart(12)} | ${f(r.cpu).padStart(13)} | ${`${f(r.idleMem.rss)}→${f(r.mem.rss)} (${f(r.mem.hwm)})`.padStart(24)} | ${f(r.openWait, 1).padStart(26)} | ${f(r.openAfter, 1).padStart(25)}`,
  );
}
console.log('');
console.log(
  '"no folder": the same server without a workspace folder (no scan): the cost of the first analysis of a process (chart data loaded) without any scan.',
);
for (const r of results)
  console.log(
    `${r.kind}: files written ${JSON.stringify(r.counts)}; server-side scan time ${r.stats.ms} ms; publishes with findings seen by the client: ${r.withFindings}${r.stats.truncated ? '; STOPPED AT A LIMIT' : ''}`,
  );
