/**
 * Self-test of the fake Kubernetes API server (test/apiserver) with the real kubectl.
 *
 * - every scenario's generated status outputs (text, verbose, JSON, via the same command path
 *   kubectl exec uses) parse with the project's status parser to the node's true values, and every
 *   agent log yields exactly the fallback line of the truth;
 * - every truth agrees with the project's own inference from the configuration the agent started
 *   with (and, except for the drift node, from the current configuration);
 * - kubectl against mixed-kernel, pre-1.15 and the fault scenarios: get/list with selectors,
 *   ciliumnodeconfigs by version, logs (--tail, --limit-bytes), exec (WebSocket v5) success and
 *   failure codes, forbidden, slow, crash-looping agent, unreachable cluster.
 *
 * kubectl runs with execFile (argument arrays), KUBECONFIG set to the written file and a private
 * KUBECACHEDIR, and --request-timeout on every non-exec call.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { SCENARIOS, startFakeApiServer, writeUnreachableKubeconfig, type FakeApiServer } from '../apiserver/server';
import { SCENARIO_REGISTRY } from '../apiserver/scenarios';
import { forbiddenScenario } from '../apiserver/scenarios/faults';
import { buildCluster, validateScenario, type AgentRecord } from '../apiserver/k8s/cluster';
import { generatedByName, generatedScenario } from '../apiserver/scenarios/generated';
import { runInAgent } from '../apiserver/cilium/commands';
import { agentLog } from '../apiserver/cilium/logOutput';
import { atLeast } from '../apiserver/cilium/version';
import type { AgentTruth } from '../apiserver/types';
import { parseStatus, type AgentStatus } from '../../server/src/core/status/parseStatus';
import { extractHostRoutingFallbacks } from '../../server/src/core/status/agentLog';
import { analyze } from '../../server/src/core/analyze';

// ---------------------------------------------------------------------------------------------
// helpers

let workDir = '';

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'apiserver-selftest-'));
});
after(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** Runs the real kubectl; `killAfterMs` kills it (SIGKILL) and reports `timedOut`. */
function kubectl(kubeconfig: string, args: string[], killAfterMs = 60_000): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      args,
      {
        env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(workDir, 'kube-cache') },
        timeout: killAfterMs,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: number | string; killed?: boolean }) | null;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
          timedOut: e?.killed === true,
          ms: Date.now() - started,
        });
      },
    );
  });
}

const RT = '--request-timeout=10s';

function ok(r: Run, what: string): string {
  assert.equal(r.code, 0, `${what}: exit ${r.code}, stderr: ${r.stderr}`);
  return r.stdout;
}

function assertStatusMatchesTruth(s: AgentStatus, truth: AgentTruth, version: string, what: string): void {
  assert.equal(s.hostRouting, truth.hostRouting, `${what}: host routing`);
  assert.equal(s.hostRoutingLine, atLeast(version, '1.16') ? 'routing' : 'host-routing', `${what}: host routing line`);
  assert.equal(s.masquerading?.mode, truth.masquerading, `${what}: masquerading`);
  assert.equal(s.kubeProxyReplacement?.mode, truth.kubeProxyReplacement, `${what}: KPR`);
  assert.equal(s.ciliumVersion, version, `${what}: version`);
  assert.equal(s.ciliumState, 'Ok', `${what}: state`);
  if (atLeast(version, '1.12')) assert.equal(s.cniChaining, truth.cniChaining, `${what}: chaining`);
  if (atLeast(version, '1.16')) {
    assert.equal(s.networkRouting, truth.network, `${what}: network routing`);
    assert.equal(
      s.tunnelProtocol,
      truth.network === 'Tunnel' ? truth.tunnelProtocol : undefined,
      `${what}: tunnel protocol`,
    );
  }
  assert.deepEqual(s.warnings, [], `${what}: parser warnings`);
}

function parsed(text: string, what: string): AgentStatus {
  const r = parseStatus(text);
  assert.ok(r.ok, `${what}: does not parse: ${r.ok ? '' : r.error}\n${text.slice(0, 400)}`);
  return r.status;
}

function exec(a: AgentRecord, argv: string[]) {
  return runInAgent(
    {
      version: a.pod.version,
      context: a.context,
      containerRuntime: a.node.containerRuntime ?? 'containerd://1.7.22',
      garbage: a.pod.statusOutput === 'garbage',
      podName: a.podName,
    },
    argv,
  );
}

function configMapYaml(data: Record<string, string>): string {
  return toYaml({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cilium-config', namespace: 'kube-system' },
    data,
  });
}

// ---------------------------------------------------------------------------------------------
// generated data, no kubectl

describe('scenario data', () => {
  test('registry', () => {
    for (const name of [
      'healthy-bpf',
      'mixed-kernel',
      'masquerade-pitfall-1.16',
      'pre-1.15',
      'chained',
      'node-override',
      'drift',
      'upgrade',
      'slow',
      'forbidden',
      'no-pods',
      'not-running',
      'bad-output',
    ]) {
      assert.ok(SCENARIOS.includes(name), `missing scenario ${name}`);
    }
    for (const name of SCENARIOS) assert.equal(SCENARIO_REGISTRY[name].name, name);
  });

  test('status outputs parse to the truth of every running agent (text, verbose, JSON; cilium and cilium-dbg)', () => {
    for (const name of SCENARIOS) {
      const cluster = buildCluster(SCENARIO_REGISTRY[name]);
      for (const a of cluster.agents.values()) {
        if (!a.context || a.pod.statusOutput === 'garbage') continue;
        const truth = a.context.truth;
        const bins = atLeast(a.pod.version, '1.15') ? ['cilium', 'cilium-dbg'] : ['cilium'];
        for (const bin of bins) {
          for (const args of [
            ['status'],
            ['status', '--verbose'],
            ['status', '-o', 'json'],
            ['status', '-o=json'],
            ['status', '--output', 'yaml'],
          ]) {
            if (args.includes('yaml')) continue; // not a format the parser reads
            const what = `${name}/${a.node.name} ${bin} ${args.join(' ')}`;
            const out = exec(a, [bin, ...args]);
            assert.equal(out.kind, 'exit', what);
            if (out.kind !== 'exit') continue;
            assert.equal(out.exitCode, 0, `${what}: ${out.stderr}`);
            const s = parsed(out.stdout, what);
            assert.equal(s.format, args.some((x) => x.includes('json')) ? 'json' : 'text', what);
            assertStatusMatchesTruth(s, truth, a.pod.version, what);
          }
        }
      }
    }
  });

  test('text layout details', () => {
    const c = buildCluster(SCENARIO_REGISTRY['pre-1.15']);
    const a = [...c.agents.values()][0];
    const text = (exec(a, ['cilium', 'status']) as { stdout: string }).stdout;
    assert.match(text, /^Host Routing: {12}(BPF|Legacy)$/m);
    assert.match(text, /^KubeProxyReplacement: {4}Strict {3}\[eth0 \d+\.\d+\.\d+\.\d+ \(Direct Routing\)\]$/m);
    const m = buildCluster(SCENARIO_REGISTRY['mixed-kernel']);
    const legacy = [...m.agents.values()].find((x) => x.node.kernel.startsWith('5.4'))!;
    const t16 = (exec(legacy, ['cilium-dbg', 'status']) as { stdout: string }).stdout;
    assert.match(t16, /^Routing: {17}Network: Tunnel \[vxlan\] {3}Host: Legacy$/m);
    assert.match(t16, /^KubeProxyReplacement: {4}True {3}\[eth0 {3}\S+ fe80::\S+ \(Direct Routing\)\]$/m);
    assert.match(t16, /^Masquerading: {12}BPF {3}\[eth0\] {3}10\.0\.\d+\.0\/24 \[IPv4: Enabled, IPv6: Disabled\]$/m);
    const json = JSON.parse((exec(legacy, ['cilium-dbg', 'status', '-o', 'json']) as { stdout: string }).stdout);
    assert.deepEqual(json.routing, {
      'inter-host-routing-mode': 'Tunnel',
      'intra-host-routing-mode': 'Legacy',
      'tunnel-protocol': 'vxlan',
    });
    assert.equal(json['host-routing'], undefined);
    const j14 = JSON.parse((exec(a, ['cilium', 'status', '-o', 'json']) as { stdout: string }).stdout);
    assert.ok(['BPF', 'Legacy'].includes(j14['host-routing'].mode));
    assert.equal(j14.routing, undefined);
  });

  test('garbage output does not parse; the other nodes do', () => {
    const c = buildCluster(SCENARIO_REGISTRY['bad-output']);
    for (const a of c.agents.values()) {
      for (const args of [['status'], ['status', '-o', 'json']]) {
        const out = exec(a, ['cilium-dbg', ...args]);
        assert.equal(out.kind, 'exit');
        if (out.kind !== 'exit') continue;
        assert.equal(out.exitCode, 0);
        assert.equal(parseStatus(out.stdout).ok, a.pod.statusOutput !== 'garbage', `${a.node.name} ${args.join(' ')}`);
      }
    }
  });

  test('agent logs carry exactly the fallback line of the truth', () => {
    for (const name of SCENARIOS) {
      const cluster = buildCluster(SCENARIO_REGISTRY[name]);
      for (const a of cluster.agents.values()) {
        const log = agentLog(a.logContext);
        const lines = log.split('\n').length - 1;
        assert.ok(lines >= (a.context ? 200 : 40), `${name}/${a.node.name}: only ${lines} lines`);
        const found = extractHostRoutingFallbacks(log);
        const expected = a.pod.truth?.fallbackLog ?? null;
        if (expected === null) {
          assert.deepEqual(found, [], `${name}/${a.node.name}: unexpected fallback line`);
        } else {
          assert.equal(found.length, 1, `${name}/${a.node.name}: ${found.length} fallback lines`);
          const reason = expected
            .replace(/ Falling back to legacy host routing.*$/, '')
            .replace(/ and falling back to "enable-host-legacy-routing"$/, '');
          assert.equal(found[0].reason, reason, `${name}/${a.node.name}`);
          assert.ok(found[0].line.includes('level=info'), found[0].line);
        }
        // the flag dump shows what the agent started with
        const legacyFlag = a.config['enable-host-legacy-routing'] ?? 'false';
        assert.ok(
          log.includes(`msg="  --enable-host-legacy-routing='${legacyFlag}'"`),
          `${name}/${a.node.name}: flag dump`,
        );
      }
    }
  });

  test("truths agree with the project's inference", () => {
    for (const name of SCENARIOS) {
      const scenario = SCENARIO_REGISTRY[name];
      const cluster = buildCluster(scenario);
      for (const a of cluster.agents.values()) {
        const truth = a.pod.truth;
        if (!truth) continue;
        const what = `${name}/${a.node.name}`;
        const fromStartup = analyze([{ name: 'cilium-config.yaml', text: configMapYaml(a.config) }], {
          ciliumVersion: a.pod.version,
          kernel: a.node.kernel,
        });
        assert.ok(fromStartup.ok, what);
        if (!fromStartup.ok) continue;
        const an = fromStartup.analysis;
        assert.equal(an.hostRouting.mode, truth.hostRouting, `${what}: ${an.hostRouting.summary}`);
        assert.equal(an.masquerading.mode, truth.masquerading, `${what}: masquerading`);
        const decisive = an.hostRouting.reasons.find((r) => r.decisive);
        assert.equal(decisive?.agentLog ?? null, truth.fallbackLog, `${what}: log line`);
        // the current configuration (ConfigMap + CiliumNodeConfigs) predicts the same, except for drift
        const current = analyze(
          [{ name: 'cilium-config.yaml', text: configMapYaml(nodeEffectiveConfig(scenario.name, a)) }],
          { ciliumVersion: a.pod.version, kernel: a.node.kernel },
        );
        assert.ok(current.ok);
        if (!current.ok) continue;
        if (truth.unexplained)
          assert.notEqual(current.analysis.hostRouting.mode, truth.hostRouting, `${what}: drift must be unexplained`);
        else if (a.pod.startupConfig === undefined)
          assert.equal(current.analysis.hostRouting.mode, truth.hostRouting, what);
      }
    }
  });
});

describe('generated clusters (large-<nodes>)', () => {
  test('deterministic, unique names, four pools and the odd nodes; truths agree with the inference', () => {
    const s = generatedScenario(60);
    assert.deepEqual(generatedScenario(60), s, 'the same size gives the same cluster');
    validateScenario(s);
    assert.equal(new Set(s.nodes.map((n) => n.agent!.name)).size, 60);
    assert.equal(generatedByName('large-60')?.name, 'large-60');
    assert.equal(generatedByName('large-x'), undefined);
    const pools = new Map<string, number>();
    for (const n of s.nodes) pools.set(n.labels!['pool'], (pools.get(n.labels!['pool']) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(pools), { general: 33, lts: 15, old: 6, egress: 6 });
    const cluster = buildCluster(s);
    for (const a of cluster.agents.values()) {
      const truth = a.pod.truth;
      if (!truth) continue;
      const what = `${s.name}/${a.node.name}`;
      const res = analyze([{ name: 'cilium-config.yaml', text: configMapYaml(a.config) }], {
        ciliumVersion: a.pod.version,
        kernel: a.node.kernel,
      });
      assert.ok(res.ok, what);
      if (!res.ok) continue;
      assert.equal(res.analysis.hostRouting.mode, truth.hostRouting, `${what}: ${res.analysis.hostRouting.summary}`);
      assert.equal(
        res.analysis.hostRouting.reasons.find((r) => r.decisive)?.agentLog ?? null,
        truth.fallbackLog,
        `${what}: log line`,
      );
      const log = agentLog(a.logContext);
      assert.equal(
        extractHostRoutingFallbacks(log).length,
        truth.fallbackLog ? 1 : 0,
        `${what}: fallback lines in the log`,
      );
    }
    const cm = cluster.objects.get('/configmaps')!.find((o) => o['metadata']['name'] === 'cilium-config')!;
    assert.equal(cm['metadata']['managedFields'].length, 2, 'the last change of cilium-config is recorded');
  });

  test('kubectl pages through a large list (limit / continue)', async () => {
    const srv = await startFakeApiServer({ scenario: 'large-120', dir: workDir });
    try {
      const out = ok(
        await kubectl(srv.kubeconfigPath, [
          'get',
          'pods',
          '-n',
          'kube-system',
          '-l',
          'k8s-app=cilium',
          '-o',
          'name',
          '--chunk-size=50',
          RT,
        ]),
        'paged get',
      );
      assert.equal(out.trim().split('\n').length, 120);
      const pages = srv.requests.filter((r) => r.path === '/api/v1/namespaces/kube-system/pods');
      assert.equal(pages.length, 3);
      assert.ok(/(^|&)limit=50(&|$)/.test(pages[0].query) && !/continue=/.test(pages[0].query));
      assert.ok(pages.slice(1).every((r) => /(^|&)continue=/.test(r.query)));
      const stale = await kubectl(srv.kubeconfigPath, [
        'get',
        '--raw',
        '/api/v1/nodes?limit=5&continue=bm90LWEtdG9rZW4',
        RT,
      ]);
      assert.equal(stale.code, 1);
      assert.match(stale.stderr, /continue/i);
    } finally {
      await srv.close();
    }
  });
});

function nodeEffectiveConfig(scenarioName: string, a: AgentRecord): Record<string, string> {
  const s = SCENARIO_REGISTRY[scenarioName];
  const base = { ...(s.cilium?.configMap ?? {}) };
  for (const c of s.cilium?.nodeConfigs ?? []) {
    const labels = a.node.labels ?? {};
    if (Object.entries(c.nodeSelector).every(([k, v]) => labels[k] === v)) Object.assign(base, c.defaults);
  }
  return base;
}

// ---------------------------------------------------------------------------------------------
// with the real kubectl

interface Pod {
  metadata: { name: string; labels: Record<string, string> };
  spec: { nodeName: string; containers: Array<{ name: string; image: string }> };
  status: {
    phase: string;
    containerStatuses: Array<{
      name: string;
      ready: boolean;
      started: boolean;
      image: string;
      state: Record<string, unknown>;
    }>;
  };
}

async function agentPods(kc: string): Promise<Pod[]> {
  const out = ok(
    await kubectl(kc, ['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=cilium', '-o', 'json', RT]),
    'get pods',
  );
  const list = JSON.parse(out) as { kind: string; items: Pod[] };
  assert.equal(list.kind, 'List');
  return list.items;
}

function podOn(pods: Pod[], node: string): string {
  const p = pods.find((x) => x.spec.nodeName === node);
  assert.ok(p, `no agent pod on ${node}`);
  return p.metadata.name;
}

for (const scenarioName of ['mixed-kernel', 'pre-1.15']) {
  describe(`kubectl against ${scenarioName}`, { concurrency: true }, () => {
    const scenario = SCENARIO_REGISTRY[scenarioName];
    let srv: FakeApiServer;
    let kc = '';
    let pods: Pod[] = [];
    before(async () => {
      srv = await startFakeApiServer({ scenario: scenarioName, dir: workDir });
      kc = srv.kubeconfigPath;
      pods = await agentPods(kc);
    });
    after(() => srv.close());

    test('version: the dispatcher picks a kubectl >= 1.30', async () => {
      const v = JSON.parse(ok(await kubectl(kc, ['version', '-o', 'json', RT]), 'version')) as {
        serverVersion: { gitVersion: string };
      };
      assert.equal(v.serverVersion.gitVersion, scenario.kubernetesVersion);
      const agents = srv.requests.map((r) => r.userAgent ?? '').filter((u) => u.startsWith('kubectl/'));
      assert.ok(agents.length > 0 && agents.every((u) => /^kubectl\/v1\.(3\d)\./.test(u)), agents.join(', '));
    });

    test('agent pods: selector, images, container states', () => {
      const agents = scenario.nodes.filter((n) => n.agent);
      assert.equal(pods.length, agents.length);
      for (const p of pods) {
        assert.equal(p.metadata.labels['k8s-app'], 'cilium');
        const n = agents.find((x) => x.name === p.spec.nodeName)!;
        const c = p.spec.containers.find((x) => x.name === 'cilium-agent')!;
        assert.match(
          c.image,
          new RegExp(`^quay\\.io/cilium/cilium:v${n.agent!.version.replace(/\./g, '\\.')}@sha256:[0-9a-f]{64}$`),
        );
        const st = p.status.containerStatuses[0];
        assert.equal(st.name, 'cilium-agent');
        assert.ok(st.ready && st.started && 'running' in st.state);
      }
    });

    test('field selector spec.nodeName and non-agent pods', async () => {
      const node = scenario.nodes[1].name;
      const one = JSON.parse(
        ok(
          await kubectl(kc, [
            'get',
            'pods',
            '-n',
            'kube-system',
            '-l',
            'k8s-app=cilium',
            '--field-selector',
            `spec.nodeName=${node}`,
            '-o',
            'json',
            RT,
          ]),
          'field selector',
        ),
      ) as { items: Pod[] };
      assert.equal(one.items.length, 1);
      assert.equal(one.items[0].spec.nodeName, node);
      const all = JSON.parse(ok(await kubectl(kc, ['get', 'pods', '-A', '-o', 'json', RT]), 'all pods')) as {
        items: Pod[];
      };
      assert.ok(all.items.length > pods.length, 'other pods exist');
      const inSet = JSON.parse(
        ok(
          await kubectl(kc, ['get', 'pods', '-A', '-l', 'k8s-app in (cilium,kube-dns)', '-o', 'json', RT]),
          'set selector',
        ),
      ) as { items: Pod[] };
      assert.equal(inSet.items.length, pods.length + 2);
    });

    test('nodes: kernel, OS image, kubelet', async () => {
      const list = JSON.parse(ok(await kubectl(kc, ['get', 'nodes', '-o', 'json', RT]), 'nodes')) as {
        items: Array<{ metadata: { name: string }; status: { nodeInfo: Record<string, string> } }>;
      };
      assert.equal(list.items.length, scenario.nodes.length);
      for (const n of scenario.nodes) {
        const got = list.items.find((x) => x.metadata.name === n.name)!;
        assert.equal(got.status.nodeInfo['kernelVersion'], n.kernel);
        assert.equal(got.status.nodeInfo['osImage'], n.osImage);
        assert.equal(got.status.nodeInfo['architecture'], 'amd64');
        assert.match(got.status.nodeInfo['kubeletVersion'], /^v1\.3\d\./);
        assert.match(got.status.nodeInfo['containerRuntimeVersion'], /^containerd:\/\//);
      }
      const one = JSON.parse(
        ok(await kubectl(kc, ['get', 'node', scenario.nodes[0].name, '-o', 'json', RT]), 'node'),
      ) as { kind: string };
      assert.equal(one.kind, 'Node');
    });

    test('DaemonSet and ConfigMap', async () => {
      const ds = JSON.parse(
        ok(await kubectl(kc, ['get', 'daemonset', 'cilium', '-n', 'kube-system', '-o', 'json', RT]), 'ds'),
      ) as any;
      assert.equal(ds.kind, 'DaemonSet');
      assert.equal(ds.apiVersion, 'apps/v1');
      assert.match(
        ds.spec.template.spec.containers[0].image,
        new RegExp(`cilium:v${scenario.cilium!.version.replace(/\./g, '\\.')}@`),
      );
      assert.equal(ds.status.desiredNumberScheduled, pods.length);
      const cm = JSON.parse(
        ok(await kubectl(kc, ['get', 'configmap', 'cilium-config', '-n', 'kube-system', '-o', 'json', RT]), 'cm'),
      ) as any;
      assert.equal(cm.kind, 'ConfigMap');
      assert.deepEqual(cm.data, scenario.cilium!.configMap);
      const missing = await kubectl(kc, ['get', 'configmap', 'nope', '-n', 'kube-system', '-o', 'json', RT]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /Error from server \(NotFound\): configmaps "nope" not found/);
    });

    test('ciliumnodeconfigs by version', async () => {
      const r = await kubectl(kc, ['get', 'ciliumnodeconfigs', '-A', '-o', 'json', RT]);
      const list = JSON.parse(ok(r, 'cnc')) as {
        items: Array<{
          apiVersion: string;
          kind: string;
          metadata: { name: string; namespace: string };
          spec: { nodeSelector: { matchLabels: Record<string, string> }; defaults: Record<string, string> };
        }>;
      };
      const expected = scenario.cilium!.nodeConfigs ?? [];
      assert.equal(list.items.length, expected.length);
      for (const e of expected) {
        const got = list.items.find((x) => x.metadata.name === e.name)!;
        assert.equal(got.kind, 'CiliumNodeConfig');
        assert.equal(got.apiVersion, atLeast(scenario.cilium!.version, '1.16') ? 'cilium.io/v2' : 'cilium.io/v2alpha1');
        assert.deepEqual(got.spec.nodeSelector.matchLabels, e.nodeSelector);
        assert.deepEqual(got.spec.defaults, e.defaults);
      }
      const v2 = await kubectl(kc, ['get', 'ciliumnodeconfigs.v2.cilium.io', '-A', '-o', 'json', RT]);
      if (atLeast(scenario.cilium!.version, '1.16')) ok(v2, 'cnc v2');
      else {
        assert.equal(v2.code, 1);
        assert.match(v2.stderr, /the server doesn't have a resource type "ciliumnodeconfigs"/);
      }
    });

    test('logs: full, --tail, --limit-bytes, fallback line', async () => {
      for (const n of scenario.nodes) {
        const name = podOn(pods, n.name);
        const full = ok(await kubectl(kc, ['logs', '-n', 'kube-system', name, '-c', 'cilium-agent', RT]), 'logs');
        const found = extractHostRoutingFallbacks(full);
        const expected = n.agent!.truth!.fallbackLog;
        assert.equal(found.length, expected ? 1 : 0, `${n.name}: ${found.map((f) => f.line).join('\n')}`);
        if (expected) assert.ok(full.includes(expected), n.name);
      }
      const name = pods[0].metadata.name;
      const limited = ok(
        await kubectl(kc, ['logs', '-n', 'kube-system', name, '-c', 'cilium-agent', '--limit-bytes=1000', RT]),
        'limit',
      );
      assert.equal(Buffer.byteLength(limited), 1000);
      const tail = ok(
        await kubectl(kc, ['logs', '-n', 'kube-system', name, '-c', 'cilium-agent', '--tail=5', RT]),
        'tail',
      );
      assert.equal(tail.trimEnd().split('\n').length, 5);
      const tail50 = ok(
        await kubectl(kc, ['logs', '-n', 'kube-system', name, '-c', 'cilium-agent', '--tail=50', RT]),
        'tail 50',
      );
      const both = ok(
        await kubectl(kc, [
          'logs',
          '-n',
          'kube-system',
          name,
          '-c',
          'cilium-agent',
          '--tail=50',
          '--limit-bytes=200',
          RT,
        ]),
        'tail+limit',
      );
      assert.equal(both, Buffer.from(tail50).subarray(0, 200).toString());
      const bad = await kubectl(kc, ['logs', '-n', 'kube-system', name, '-c', 'nope', RT]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /container nope is not valid for pod/);
    });

    test('exec: status text and JSON parse to the truth of each node', async () => {
      const v = scenario.cilium!.version;
      const bin = atLeast(v, '1.15') ? 'cilium-dbg' : 'cilium';
      await Promise.all(
        scenario.nodes.map(async (n) => {
          const name = podOn(pods, n.name);
          const truth = n.agent!.truth!;
          const json = ok(
            await kubectl(kc, [
              'exec',
              '-n',
              'kube-system',
              name,
              '-c',
              'cilium-agent',
              '--',
              bin,
              'status',
              '-o',
              'json',
            ]),
            `exec json ${n.name}`,
          );
          assertStatusMatchesTruth(parsed(json, n.name), truth, n.agent!.version, `${n.name} json`);
          const text = ok(
            await kubectl(kc, ['exec', '-n', 'kube-system', name, '-c', 'cilium-agent', '--', bin, 'status']),
            `exec text ${n.name}`,
          );
          assertStatusMatchesTruth(parsed(text, n.name), truth, n.agent!.version, `${n.name} text`);
        }),
      );
      // without -c (charts before 1.18 have no default-container annotation): kubectl picks the first container and says so
      const plain = await kubectl(kc, [
        'exec',
        '-n',
        'kube-system',
        pods[0].metadata.name,
        '--',
        'cilium',
        'status',
        '--brief',
      ]);
      assert.equal(ok(plain, 'brief'), 'OK\n');
      assert.equal(
        plain.stderr,
        'Defaulted container "cilium-agent" out of: cilium-agent, config (init), mount-cgroup (init), apply-sysctl-overwrites (init), mount-bpf-fs (init), clean-cilium-state (init), install-cni-binaries (init)\n',
      );
      const wsUpgrades = srv.requests.filter((r) => r.path.endsWith('/exec'));
      assert.ok(wsUpgrades.length >= scenario.nodes.length * 2);
    });

    test('exec: failure codes', async () => {
      const name = pods[0].metadata.name;
      const v = scenario.cilium!.version;
      const dbg = await kubectl(kc, [
        'exec',
        '-n',
        'kube-system',
        name,
        '-c',
        'cilium-agent',
        '--',
        'cilium-dbg',
        'status',
        '-o',
        'json',
      ]);
      if (atLeast(v, '1.15')) ok(dbg, 'cilium-dbg');
      else {
        // containerd: the runtime cannot start the process; the API reports an InternalError, kubectl exits 1
        assert.equal(dbg.code, 1);
        assert.match(
          dbg.stderr,
          /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "cilium-dbg": executable file not found in \$PATH: unknown$/m,
        );
        assert.equal(dbg.stdout, '');
      }
      const nf = await kubectl(kc, ['exec', '-n', 'kube-system', name, '-c', 'cilium-agent', '--', 'nosuchcmd']);
      assert.equal(nf.code, 127);
      assert.match(nf.stderr, /nosuchcmd: not found/);
      assert.match(nf.stderr, /command terminated with exit code 127/);
      const sub = await kubectl(kc, [
        'exec',
        '-n',
        'kube-system',
        name,
        '-c',
        'cilium-agent',
        '--',
        'cilium',
        'frobnicate',
      ]);
      assert.equal(sub.code, 1);
      assert.match(sub.stderr, /Error: unknown command "frobnicate"/);
      assert.match(sub.stderr, /command terminated with exit code 1/);
      const sh = await kubectl(kc, [
        'exec',
        '-n',
        'kube-system',
        name,
        '-c',
        'cilium-agent',
        '--',
        'sh',
        '-c',
        'command -v cilium-dbg',
      ]);
      assert.equal(sh.code, atLeast(v, '1.15') ? 0 : 1);
      const nopod = await kubectl(kc, [
        'exec',
        '-n',
        'kube-system',
        'cilium-nope1',
        '-c',
        'cilium-agent',
        '--',
        'cilium',
        'status',
      ]);
      assert.equal(nopod.code, 1);
      assert.match(nopod.stderr, /Error from server \(NotFound\): pods "cilium-nope1" not found/);
      // every exec ran over WebSocket (GET): no upgrade was refused, so kubectl never fell back to SPDY (POST)
      // (for a missing pod kubectl stops at the pod GET and never tries exec)
      const execs = srv.requests.filter((r) => r.path.endsWith('/exec'));
      assert.ok(execs.length >= 4);
      assert.deepEqual(
        execs.filter((r) => r.method !== 'GET'),
        [],
      );
    });
  });
}

// ---------------------------------------------------------------------------------------------
// faults

describe('faults', { concurrency: true }, () => {
  test('forbidden: pods listed, exec and logs refused', async () => {
    const srv = await startFakeApiServer({ scenario: 'forbidden', dir: workDir });
    try {
      const pods = await agentPods(srv.kubeconfigPath);
      const name = pods[0].metadata.name;
      const ex = await kubectl(srv.kubeconfigPath, [
        'exec',
        '-n',
        'kube-system',
        name,
        '-c',
        'cilium-agent',
        '--',
        'cilium-dbg',
        'status',
      ]);
      assert.equal(ex.code, 1);
      assert.equal(
        ex.stderr.trim(),
        `Error from server (Forbidden): pods "${name}" is forbidden: User "system:serviceaccount:dev:viewer" cannot create resource "pods/exec" in API group "" in the namespace "kube-system"`,
      );
      const lg = await kubectl(srv.kubeconfigPath, ['logs', '-n', 'kube-system', name, '-c', 'cilium-agent', RT]);
      assert.equal(lg.code, 1);
      assert.match(lg.stderr, /cannot get resource "pods\/log" in API group "" in the namespace "kube-system"/);
      ok(
        await kubectl(srv.kubeconfigPath, ['get', 'configmap', 'cilium-config', '-n', 'kube-system', '-o', 'json', RT]),
        'cm allowed',
      );
    } finally {
      await srv.close();
    }
  });

  test('forbidden configmaps (custom scenario object): the real message format', async () => {
    const srv = await startFakeApiServer({
      scenario: {
        ...forbiddenScenario,
        name: 'forbidden-cm',
        faults: { forbidden: { user: 'system:serviceaccount:dev:viewer', resources: ['configmaps'] } },
      },
      dir: workDir,
    });
    try {
      const r = await kubectl(srv.kubeconfigPath, [
        'get',
        'configmap',
        'cilium-config',
        '-n',
        'kube-system',
        '-o',
        'json',
        RT,
      ]);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr.trim(),
        'Error from server (Forbidden): configmaps "cilium-config" is forbidden: User "system:serviceaccount:dev:viewer" cannot get resource "configmaps" in API group "" in the namespace "kube-system"',
      );
    } finally {
      await srv.close();
    }
  });

  test('slow: gets answer at once, exec and logs hang', async () => {
    const srv = await startFakeApiServer({ scenario: 'slow', dir: workDir });
    try {
      const t0 = Date.now();
      const pods = await agentPods(srv.kubeconfigPath);
      assert.ok(Date.now() - t0 < 60_000, 'lists answer at once (not after the 120 s of the slow fault)');
      const name = pods[0].metadata.name;
      const [ex, lg] = await Promise.all([
        kubectl(
          srv.kubeconfigPath,
          ['exec', '-n', 'kube-system', name, '-c', 'cilium-agent', '--', 'cilium-dbg', 'status'],
          2000,
        ),
        kubectl(
          srv.kubeconfigPath,
          ['logs', '-n', 'kube-system', name, '-c', 'cilium-agent', '--request-timeout=2s'],
          60_000,
        ),
      ]);
      assert.ok(ex.timedOut, `exec should hang: ${JSON.stringify(ex)}`);
      assert.equal(ex.stdout, '');
      // the log request is cut by kubectl's own --request-timeout, long before the 120 s of the fault
      // (the bound leaves room for process start-up on a loaded machine)
      assert.equal(lg.timedOut, false);
      assert.equal(lg.code, 1);
      assert.match(lg.stderr, /Client\.Timeout exceeded|context deadline exceeded|request canceled/);
      assert.ok(lg.ms < 60_000, `took ${lg.ms} ms`);
      const closing = Date.now();
      await srv.close();
      assert.ok(Date.now() - closing < 10_000, 'close() does not wait for the hanging requests (120 s)');
    } finally {
      await srv.close();
    }
  });

  test('not-running: CrashLoopBackOff, exec refused, logs readable', async () => {
    const srv = await startFakeApiServer({ scenario: 'not-running', dir: workDir });
    try {
      const pods = await agentPods(srv.kubeconfigPath);
      const crash = pods.find((p) => p.spec.nodeName === 'node-c')!;
      const st = crash.status.containerStatuses[0];
      assert.equal(st.ready, false);
      assert.deepEqual(Object.keys(st.state), ['waiting']);
      assert.equal((st.state['waiting'] as { reason: string }).reason, 'CrashLoopBackOff');
      const ex = await kubectl(srv.kubeconfigPath, [
        'exec',
        '-n',
        'kube-system',
        crash.metadata.name,
        '-c',
        'cilium-agent',
        '--',
        'cilium-dbg',
        'status',
      ]);
      assert.equal(ex.code, 1);
      assert.equal(ex.stderr.trim(), 'error: unable to upgrade connection: container not found ("cilium-agent")');
      const lg = ok(
        await kubectl(srv.kubeconfigPath, [
          'logs',
          '-n',
          'kube-system',
          crash.metadata.name,
          '-c',
          'cilium-agent',
          '--tail=1',
          RT,
        ]),
        'crash log',
      );
      assert.match(lg, /^time="[^"]+" level=fatal msg="failed to start: /);
      const others = pods.filter((p) => p !== crash);
      for (const p of others)
        ok(
          await kubectl(srv.kubeconfigPath, [
            'exec',
            '-n',
            'kube-system',
            p.metadata.name,
            '-c',
            'cilium-agent',
            '--',
            'cilium-dbg',
            'status',
            '-o',
            'json',
          ]),
          'healthy node',
        );
    } finally {
      await srv.close();
    }
  });

  test('no-pods: no agents, no DaemonSet', async () => {
    const srv = await startFakeApiServer({ scenario: 'no-pods', dir: workDir });
    try {
      assert.deepEqual(await agentPods(srv.kubeconfigPath), []);
      const ds = await kubectl(srv.kubeconfigPath, [
        'get',
        'daemonset',
        'cilium',
        '-n',
        'kube-system',
        '-o',
        'json',
        RT,
      ]);
      assert.equal(ds.code, 1);
      assert.match(ds.stderr, /Error from server \(NotFound\): daemonsets\.apps "cilium" not found/);
    } finally {
      await srv.close();
    }
  });

  test('bad-output: exit 0, unparsable', async () => {
    const srv = await startFakeApiServer({ scenario: 'bad-output', dir: workDir });
    try {
      const pods = await agentPods(srv.kubeconfigPath);
      const bad = podOn(pods, 'node-b');
      for (const args of [[], ['-o', 'json']]) {
        const r = await kubectl(srv.kubeconfigPath, [
          'exec',
          '-n',
          'kube-system',
          bad,
          '-c',
          'cilium-agent',
          '--',
          'cilium-dbg',
          'status',
          ...args,
        ]);
        assert.equal(r.code, 0);
        assert.equal(parseStatus(r.stdout).ok, false, `should not parse: ${JSON.stringify(r.stdout.slice(0, 80))}`);
      }
    } finally {
      await srv.close();
    }
  });

  test('kpr-disabled-1.12: no ciliumnodeconfigs resource type', async () => {
    const srv = await startFakeApiServer({ scenario: 'kpr-disabled-1.12', dir: workDir });
    try {
      const r = await kubectl(srv.kubeconfigPath, ['get', 'ciliumnodeconfigs', '-A', '-o', 'json', RT]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /error: the server doesn't have a resource type "ciliumnodeconfigs"/);
      ok(await kubectl(srv.kubeconfigPath, ['get', 'ciliumnodes', '-o', 'json', RT]), 'other cilium.io kinds exist');
    } finally {
      await srv.close();
    }
  });

  test('unreachable: fails within --request-timeout', async () => {
    const kc = await writeUnreachableKubeconfig(workDir);
    const r = await kubectl(kc, ['get', 'pods', '-n', 'kube-system', '-o', 'json', '--request-timeout=3s'], 60_000);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 1);
    // refused at once; the slack is for process start-up on a loaded machine (CI runs this under load)
    assert.ok(r.ms < 30_000, `took ${r.ms} ms`);
    assert.match(r.stderr, /The connection to the server 127\.0\.0\.1:\d+ was refused/);
    // the second context of a scenario kubeconfig behaves the same
    const srv = await startFakeApiServer({ scenario: 'healthy-bpf', dir: workDir });
    try {
      const c = await kubectl(
        srv.kubeconfigPath,
        ['--context', 'unreachable', 'get', 'pods', '-o', 'json', '--request-timeout=3s'],
        60_000,
      );
      assert.equal(c.code, 1);
      assert.match(c.stderr, /refused/);
      const cur = ok(await kubectl(srv.kubeconfigPath, ['config', 'current-context']), 'current-context');
      assert.equal(cur.trim(), 'fake-healthy-bpf');
    } finally {
      await srv.close();
    }
  });
});
