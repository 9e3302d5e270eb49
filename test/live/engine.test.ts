/**
 * The pure half of the live check: versions from images, CiliumNodeConfig selection as the agent
 * does it, per-node prediction, comparison, explanations, the summary, and kubectl failure
 * classification. The kubectl half is tested against the fake API server in cluster.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { overridesFor, selectorMatches, versionFromImage } from '../../server/src/core/live/predict';
import { buildReport } from '../../server/src/core/live/compare';
import { formatLiveText } from '../../server/src/core/live/format';
import { classify } from '../../server/src/cluster/classify';
import { extractStartupFlags } from '../../server/src/core/status/startupFlags';
import type {
  ClusterSnapshot,
  LiveNode,
  LivePod,
  NodeConfigOverride,
  NodeObservation,
} from '../../server/src/core/live/types';
import type { AgentStatus } from '../../server/src/core/status/types';
import type { KubectlResult, KubectlRunner } from '../../server/src/cluster/kubectl';
import { gatherCluster } from '../../server/src/cluster/gather';
import { groupNodes, isOddReason, nodeFacts, nodeMatcher, planChecks } from '../../server/src/core/live/groups';
import { explain } from '../helpers';

const node = (name: string, labels: Record<string, string> = {}, kernel = '6.2.0-39-generic'): LiveNode => ({
  name,
  kernel,
  osImage: 'Ubuntu 22.04.3 LTS',
  labels,
});
const cnc = (
  name: string,
  nodeSelector: NodeConfigOverride['nodeSelector'],
  defaults: Record<string, string>,
  apiVersion = 'cilium.io/v2',
): NodeConfigOverride => ({
  name,
  apiVersion,
  nodeSelector,
  defaults,
  lastChange: null,
});

describe('versions from agent images', () => {
  it('reads the tag, ignoring registry ports and digests', () => {
    assert.equal(versionFromImage('quay.io/cilium/cilium:v1.16.4@sha256:abc'), '1.16.4');
    assert.equal(versionFromImage('registry.local:5000/cilium/cilium:v1.17.6-cee.1'), '1.17.6-cee.1');
    assert.equal(versionFromImage('quay.io/cilium/cilium:1.14.5'), '1.14.5');
    assert.equal(versionFromImage('quay.io/cilium/cilium@sha256:abc'), null);
    assert.equal(versionFromImage('registry.local:5000/cilium/cilium'), null);
    assert.equal(versionFromImage('quay.io/cilium/cilium:latest'), null);
  });
});

describe('CiliumNodeConfig selection (as the agent applies it)', () => {
  it('matches labels and expressions', () => {
    const labels = { pool: 'old', zone: 'a' };
    assert.equal(selectorMatches({ matchLabels: { pool: 'old' } }, labels), true);
    assert.equal(selectorMatches({ matchLabels: { pool: 'new' } }, labels), false);
    assert.equal(
      selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }, labels),
      true,
    );
    assert.equal(
      selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels),
      false,
    );
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }, labels), true);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }, labels), false);
    assert.equal(selectorMatches({}, labels), true);
  });

  it('ignores objects without a selector or without defaults, applies names in order and v2 over v2alpha1', () => {
    const n = node('n1', { pool: 'old' });
    const got = overridesFor(
      n,
      [
        cnc(
          'b-second',
          { matchLabels: { pool: 'old' } },
          { 'enable-bpf-masquerade': 'false', 'routing-mode': 'tunnel' },
        ),
        cnc('a-first', { matchLabels: { pool: 'old' } }, { 'enable-bpf-masquerade': 'true' }),
        cnc('no-selector', null, { 'kube-proxy-replacement': 'false' }),
        cnc('empty', {}, {}),
        cnc('alpha', {}, { 'routing-mode': 'native', 'tunnel-protocol': 'geneve' }, 'cilium.io/v2alpha1'),
        cnc('other-pool', { matchLabels: { pool: 'new' } }, { 'enable-ipv4-masquerade': 'false' }),
      ],
      'kube-system',
    );
    const byKey = Object.fromEntries(got.map((o) => [o.key, o]));
    assert.equal(byKey['enable-bpf-masquerade'].value, 'false');
    assert.match(byKey['enable-bpf-masquerade'].from, /b-second/);
    assert.equal(byKey['routing-mode'].value, 'tunnel', 'v2 wins over v2alpha1');
    assert.equal(byKey['tunnel-protocol'].value, 'geneve');
    assert.equal(byKey['kube-proxy-replacement'], undefined, 'no selector: matches nothing');
    assert.equal(byKey['enable-ipv4-masquerade'], undefined);
  });
});

const BPF_CONFIG = {
  'kube-proxy-replacement': 'true',
  'enable-bpf-masquerade': 'true',
  'enable-ipv4-masquerade': 'true',
  'routing-mode': 'native',
  'ipv4-native-routing-cidr': '10.0.0.0/8',
  'enable-ipv4': 'true',
};

function status(hostRouting: 'BPF' | 'Legacy', version: string): AgentStatus {
  return {
    format: 'json',
    ciliumVersion: version,
    hostRouting,
    masquerading: { mode: 'BPF', ipMasqAgent: false },
    kubeProxyReplacement: { mode: 'True' },
    networkRouting: 'Native',
    warnings: [],
  };
}

function obs(
  name: string,
  kernel: string,
  reported: 'BPF' | 'Legacy',
  extra: Partial<NodeObservation> = {},
  labels: Record<string, string> = {},
): NodeObservation {
  return {
    name,
    node: node(name, labels, kernel),
    pod: {
      name: `cilium-${name}`,
      nodeName: name,
      image: 'quay.io/cilium/cilium:v1.16.4',
      imageVersion: '1.16.4',
      phase: 'Running',
      running: true,
      ready: true,
      waitingReason: null,
      startedAt: '2026-11-01T10:00:00Z',
      restarts: 0,
    },
    status: status(reported, '1.16.4'),
    statusCommand: 'cilium-dbg status -o json',
    fallbackLog: [],
    logRead: true,
    problems: [],
    ...extra,
  };
}

function snapshot(nodes: NodeObservation[], over: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    context: 'test',
    namespace: 'kube-system',
    agentSelector: 'k8s-app=cilium',
    kubernetesVersion: 'v1.31.4',
    daemonSet: {
      name: 'cilium',
      image: 'quay.io/cilium/cilium:v1.16.4',
      imageVersion: '1.16.4',
      desired: nodes.length,
      ready: nodes.length,
    },
    configMap: { name: 'cilium-config', data: BPF_CONFIG, lastChange: '2026-10-01T00:00:00Z' },
    nodeConfigs: [],
    nodes,
    problems: [],
    fatal: null,
    calls: [],
    ...over,
  };
}

const KERNEL_LINE = 'BPF host routing requires kernel 5.10 or newer.';

describe('the live report', () => {
  it('mixed kernels: predicts per node and groups the legacy nodes by cause', () => {
    const fb = (i: number) => [
      {
        reason: KERNEL_LINE,
        line: `level=info msg="${KERNEL_LINE} Falling back…"`,
        lineIndex: i,
        kind: 'host-routing' as const,
      },
    ];
    const r = buildReport(
      snapshot([
        obs('n1', '6.2.0-39-generic', 'BPF'),
        obs('n2', '6.2.0-39-generic', 'BPF'),
        obs('n3', '5.4.0-26-generic', 'Legacy', { fallbackLog: fb(3) }),
        obs('n4', '5.4.0-26-generic', 'Legacy', { fallbackLog: fb(4) }),
      ]),
    );
    assert.equal(r.summary, '2 of 4 nodes run legacy host routing: kernel 5.4 < 5.10.');
    assert.deepEqual(
      r.nodes.map((n) => [n.name, n.predicted.hostRouting, n.reported.hostRouting, n.verdict]),
      [
        ['n1', 'BPF', 'BPF', 'match'],
        ['n2', 'BPF', 'BPF', 'match'],
        ['n3', 'Legacy', 'Legacy', 'match'],
        ['n4', 'Legacy', 'Legacy', 'match'],
      ],
    );
    assert.equal(r.nodes[2].predicted.rule, 'kernel-too-old');
    assert.ok(r.nodes[2].reasons.some((x) => x.includes('kernel-too-old')));
    assert.equal(r.ok, true);
    const text = formatLiveText(r);
    assert.match(
      text,
      /n3\s+Ubuntu 22\.04\.3 LTS\s+5\.4\.0-26-generic\s+1\.16\.4\s+Legacy\s+Legacy\s+BPF\s+True\s+yes/,
    );
    assert.match(text, /n3, n4: Legacy on Cilium 1\.16\.4/);
  });

  it('a file that predicts BPF is compared with the nodes that run legacy', () => {
    const r = buildReport(snapshot([obs('n1', '6.2.0', 'BPF'), obs('n2', '5.4.0', 'Legacy')]), {
      files: ['values.yaml'],
      analysis: explain('kubeProxyReplacement: true\nbpf:\n  masquerade: true\n', { ciliumVersion: '1.16.4' }),
    });
    assert.equal(r.fileComparison?.agrees, false);
    assert.equal(
      r.fileComparison?.message,
      'values.yaml predicts BPF host routing (Cilium 1.16.4); the cluster runs legacy on 1 of 2 nodes because kernel 5.4 < 5.10.',
    );
  });

  it('explains a mismatch by a ConfigMap change after the agent started', () => {
    const r = buildReport(
      snapshot([obs('n1', '6.2.0', 'Legacy')], {
        configMap: { name: 'cilium-config', data: BPF_CONFIG, lastChange: '2026-11-05T00:00:00Z' },
      }),
    );
    assert.equal(r.nodes[0].verdict, 'explained');
    assert.match(
      r.nodes[0].explanation!,
      /started at 2026-11-01T10:00:00Z, before the cilium-config ConfigMap changed \(2026-11-05T00:00:00Z\)/,
    );
    assert.match(r.nodes[0].explanation!, /kubectl -n kube-system delete pod cilium-n1/);
    assert.equal(r.ok, false);
  });

  it('flags a mismatch nothing explains', () => {
    const r = buildReport(snapshot([obs('n1', '6.2.0', 'BPF'), obs('n2', '6.2.0', 'Legacy')]));
    assert.equal(r.nodes[1].verdict, 'unexplained');
    assert.match(
      r.nodes[1].explanation!,
      /reports Legacy host routing, but .* predict BPF, and the agent log has no fallback line/,
    );
    assert.match(r.summary, /1 node differs from the prediction \(n2\), 1 unexplained/);
  });

  it('explains a mismatch by the options the agent printed at start-up', () => {
    const log = [
      'level=info msg="Cilium 1.16.4 a1b2c3 go version go1.22.9 linux/amd64" subsys=daemon',
      'level=info msg="  --enable-bpf-masquerade=\'true\'" subsys=daemon',
      'level=info msg="  --enable-host-legacy-routing=\'true\'" subsys=daemon',
      'level=info msg="  --kube-proxy-replacement=\'true\'" subsys=daemon',
      'level=info msg="Started" subsys=daemon',
    ].join('\n');
    const flags = extractStartupFlags(log);
    assert.deepEqual(flags, {
      'enable-bpf-masquerade': 'true',
      'enable-host-legacy-routing': 'true',
      'kube-proxy-replacement': 'true',
    });
    const r = buildReport(snapshot([obs('n1', '6.2.0', 'Legacy', { startupFlags: flags })]));
    assert.equal(r.nodes[0].verdict, 'explained');
    assert.match(
      r.nodes[0].explanation!,
      /^The agent started with enable-host-legacy-routing='true' \(now not in the ConfigMap\)/,
    );
    assert.match(r.summary, /the agent still runs the configuration it started with/);
  });

  it('applies CiliumNodeConfig overrides per node', () => {
    const r = buildReport(
      snapshot([obs('n1', '6.2.0', 'BPF'), obs('n2', '6.2.0', 'Legacy', {}, { legacy: 'yes' })], {
        nodeConfigs: [cnc('iptables-masq', { matchLabels: { legacy: 'yes' } }, { 'enable-bpf-masquerade': 'false' })],
      }),
    );
    assert.equal(r.nodes[0].predicted.hostRouting, 'BPF');
    assert.equal(r.nodes[1].predicted.hostRouting, 'Legacy');
    assert.equal(r.nodes[1].predicted.rule, 'iptables-masquerade');
    assert.equal(r.nodes[1].verdict, 'match');
    assert.deepEqual(
      r.nodes[1].predicted.overrides.map((o) => o.key),
      ['enable-bpf-masquerade'],
    );
  });

  it('an agent that does not start where the core predicts a start-up failure is a match', () => {
    const crashed = obs('n1', '4.19.0', 'Legacy', { status: null, statusCommand: null });
    crashed.pod = {
      ...crashed.pod!,
      running: false,
      ready: false,
      waitingReason: 'CrashLoopBackOff',
      startedAt: null,
      imageVersion: '1.18.3',
    };
    const r = buildReport(snapshot([crashed]));
    assert.equal(r.nodes[0].predicted.hostRouting, 'AgentFails');
    assert.equal(r.nodes[0].verdict, 'match');
    assert.match(r.summary, /1 agent not running, as predicted \(n1\)/);
  });

  it('a fatal problem is the summary and the report is not ok', () => {
    const r = buildReport(
      snapshot([], {
        fatal: { kind: 'unreachable', message: 'The cluster is unreachable: dial tcp 10.0.0.1:443: i/o timeout' },
      }),
    );
    assert.equal(r.ok, false);
    assert.equal(r.summary, 'The cluster is unreachable: dial tcp 10.0.0.1:443: i/o timeout');
  });
});

describe('kubectl failures become actionable problems', () => {
  it('no context, kubectl that does not answer, credentials it would have to ask for, garbage answers', () => {
    const local = {
      what: 'read the current context',
      call: 'kubectl config current-context',
      timeoutMs: 8000,
      kubectl: 'kubectl (from PATH)',
      local: true,
    };
    const silent = classify(res({ timedOut: true, code: null }), local);
    assert.equal(silent.kind, 'timeout');
    assert.equal(silent.message, 'kubectl did not answer within 8 s while trying to read the current context.');
    assert.match(silent.hint!, /credential plugin/);
    const prompt = classify(res({ stdout: 'Please enter Username: ', stderr: 'error: EOF\n' }), {
      ...ctx,
      what: 'list the nodes',
    });
    assert.equal(prompt.kind, 'credentials-needed');
    assert.match(prompt.message, /asked for a username and password while trying to list the nodes/);
    const plugin = classify(
      res({
        stderr:
          'Unable to connect to the server: getting credentials: exec: executable aws-iam-authenticator not found\n',
      }),
      ctx,
    );
    assert.equal(plugin.kind, 'credentials-needed');
    const klog = classify(
      res({
        stderr:
          "E1206 08:39:02.123456   41234 memcache.go:265] \"Unhandled Error\" err=\"couldn't get current server API group list: invalid character '<' looking for beginning of value\"\nerror: invalid character '<' looking for beginning of value\n",
      }),
      { ...ctx, what: 'list CiliumNodeConfigs' },
    );
    assert.equal(klog.kind, 'bad-response');
    assert.doesNotMatch(klog.message, /E1206|memcache|invalid character/, 'our words, not the klog line');
    assert.match(klog.detail!, /invalid character/, 'the raw line stays available for --verbose');
  });

  const res = (over: Partial<KubectlResult>): KubectlResult => ({
    ok: false,
    code: 1,
    stdout: '',
    stderr: '',
    timedOut: false,
    cancelled: false,
    spawnError: null,
    truncated: false,
    ms: 1,
    ...over,
  });
  const ctx = {
    what: 'run cilium-dbg status in cilium-x',
    call: 'kubectl exec …',
    timeoutMs: 20_000,
    kubectl: 'kubectl (from PATH)',
  };
  it('forbidden names the verb and resource', () => {
    const p = classify(
      res({
        stderr:
          'Error from server (Forbidden): pods "cilium-x" is forbidden: User "system:serviceaccount:dev:viewer" cannot create resource "pods/exec" in API group "" in the namespace "kube-system"\n',
      }),
      ctx,
    );
    assert.equal(p.kind, 'forbidden');
    assert.equal(
      p.message,
      'Forbidden while trying to run cilium-dbg status in cilium-x: system:serviceaccount:dev:viewer is not allowed to create pods/exec in namespace kube-system.',
    );
    assert.equal(p.hint, 'Ask for RBAC permission to create pods/exec in kube-system, or use a context that has it.');
  });
  it('missing kubectl, timeouts, unreachable clusters and missing binaries', () => {
    assert.equal(classify(res({ spawnError: 'ENOENT', code: null }), ctx).kind, 'kubectl-not-found');
    assert.match(classify(res({ timedOut: true, code: null }), ctx).message, /did not answer within 20 s/);
    const cut = classify(res({ timedOut: true, code: null }), { ...ctx, deadlineMs: 8000 });
    assert.equal(cut.kind, 'deadline');
    assert.equal(
      cut.message,
      "No complete answer within the check's deadline (8 s) while trying to run cilium-dbg status in cilium-x.",
    );
    assert.equal(
      classify(res({ stderr: 'Unable to connect to the server: dial tcp 10.1.2.3:443: i/o timeout' }), ctx).kind,
      'unreachable',
    );
    assert.equal(classify(res({ stderr: 'error: current-context is not set' }), ctx).kind, 'no-context');
    assert.equal(
      classify(
        res({
          code: 126,
          stderr:
            'OCI runtime exec failed: exec failed: unable to start container process: exec: "cilium-dbg": executable file not found in $PATH: unknown\ncommand terminated with exit code 126',
        }),
        {
          ...ctx,
          call: 'kubectl exec -n kube-system cilium-x -c cilium-agent -- cilium-dbg status',
        },
      ).kind,
      'no-cilium-dbg',
    );
  });
});

describe('groups and the choice of agents to ask', () => {
  const pod = (name: string, nodeName: string, extra: Partial<LivePod> = {}): LivePod => ({
    name,
    nodeName,
    image: 'quay.io/cilium/cilium:v1.16.5',
    imageVersion: '1.16.5',
    phase: 'Running',
    running: true,
    ready: true,
    waitingReason: null,
    startedAt: '2026-12-01T00:00:00Z',
    restarts: 0,
    ...extra,
  });
  const ctx = {
    namespace: 'kube-system',
    nodeConfigs: [cnc('egress', { matchLabels: { egress: 'iptables' } }, { 'enable-bpf-masquerade': 'false' })],
    daemonSetImage: null,
  };
  const facts = [
    nodeFacts(pod('cilium-a', 'a1'), node('a1', {}, '6.8.0-51-generic'), ctx),
    nodeFacts(pod('cilium-b', 'a2'), node('a2', {}, '6.8.0-40-generic'), ctx),
    nodeFacts(pod('cilium-c', 'a3', { ready: false }), node('a3', {}, '6.8.1'), ctx),
    nodeFacts(pod('cilium-d', 'a4', { restarts: 3, startedAt: '2026-12-06T09:50:00Z' }), node('a4', {}, '6.8.0'), ctx),
    nodeFacts(pod('cilium-e', 'b1'), node('b1', { egress: 'iptables' }, '6.8.0'), ctx),
    nodeFacts(pod('cilium-f', 'c1'), node('c1', {}, '4.19.0-27-amd64'), ctx),
    nodeFacts(pod('cilium-g', 'c2', { imageVersion: '1.16.4' }), node('c2', {}, '4.19.0-27-amd64'), ctx),
  ];
  const now = Date.parse('2026-12-06T10:00:00Z');

  it('groups by version, kernel line and overrides, largest first', () => {
    const groups = groupNodes(facts);
    assert.deepEqual(
      groups.map((g) => [g.id, g.members.join(), g.kernelLine, g.version, g.overrides.map((o) => o.key).join()]),
      [
        ['g1', 'a1,a2,a3,a4', '6.8', '1.16.5', ''],
        ['g2', 'c2', '4.19', '1.16.4', ''],
        ['g3', 'c1', '4.19', '1.16.5', ''],
        ['g4', 'b1', '6.8', '1.16.5', 'enable-bpf-masquerade'],
      ],
    );
  });

  it('one ordinary agent per group, plus the odd ones; --all, --sample and the node filter', () => {
    const groups = groupNodes(facts);
    const plan = planChecks(facts, groups, { now, configMapChanged: '2026-11-30T00:00:00Z' });
    assert.deepEqual(Object.fromEntries(plan), {
      a1: ['sample of its group'],
      a3: ['agent not ready'],
      a4: ['restarted 10 min ago (3 restarts)'],
      b1: ['sample of its group'],
      c1: ['sample of its group'],
      c2: ['sample of its group'],
    });
    const stale = planChecks(facts, groups, { now, configMapChanged: '2026-12-02T00:00:00Z' });
    assert.deepEqual(stale.get('a1'), ['started before the last change of its configuration']);
    assert.deepEqual(stale.get('a2'), ['started before the last change of its configuration']);
    assert.ok(
      ![...stale.values()].some((r) => r.includes('sample of its group') && r.length > 1),
      'an odd agent is not taken as its group sample',
    );
    assert.equal(planChecks(facts, groups, { now, all: true }).size, 7);
    assert.equal(
      [...planChecks(facts, groups, { now, perGroup: 2 }).values()].filter((r) => r.includes('sample of its group'))
        .length,
      5,
    );
    assert.deepEqual(planChecks(facts, groups, { now, nodeFilter: ['a2,c*'] }).get('a2'), ['named by the node filter']);
    assert.equal(nodeMatcher(['worker-?', 'gpu-*'])('worker-1'), true);
    assert.equal(nodeMatcher(['worker-?'])('worker-10'), false);
    assert.equal(isOddReason('restarted 3 min ago (1 restarts)'), true);
    assert.equal(isOddReason('sample of its group'), false);
  });

  it('a predicted node repeats its group sample; without a readable sample it is an error that says why', () => {
    const snap: ClusterSnapshot = {
      context: 'c',
      namespace: 'kube-system',
      agentSelector: 'k8s-app=cilium',
      kubernetesVersion: 'v1.31.4',
      daemonSet: null,
      configMap: { name: 'cilium-config', data: BPF_CONFIG, lastChange: null },
      nodeConfigs: [],
      nodes: ['n1', 'n2', 'n3'].map((n, i) => ({
        name: n,
        node: node(n),
        pod: pod(`cilium-${n}`, n),
        status: i === 0 ? status('BPF', '1.16.5') : null,
        statusCommand: i === 0 ? ('cilium-dbg status -o json' as const) : null,
        fallbackLog: [],
        logRead: i === 0,
        problems: [],
        checked: i === 0,
        checkReasons: i === 0 ? ['sample of its group'] : [],
      })),
      problems: [],
      fatal: null,
      calls: [],
    };
    const r = buildReport(snap);
    assert.equal(r.coverage, '3 nodes in 1 group; 1 agent checked, 2 predicted from their group.');
    assert.deepEqual(
      r.nodes.map((n) => [n.name, n.checked, n.sample, n.reported.hostRouting, n.verdict]),
      [
        ['n1', true, null, 'BPF', 'match'],
        ['n2', false, 'n1', 'BPF', 'match'],
        ['n3', false, 'n1', 'BPF', 'match'],
      ],
    );
    assert.equal(r.groups[0].nodes, 3);
    assert.equal(r.groups[0].checked, 1);
    const unread = buildReport({
      ...snap,
      nodes: snap.nodes.map((n, i) =>
        i === 0
          ? {
              ...n,
              status: null,
              problems: [{ kind: 'timeout' as const, message: 'kubectl did not answer within 5 s.' }],
            }
          : n,
      ),
    });
    assert.equal(unread.nodes[1].verdict, 'error');
    assert.equal(
      unread.nodes[1].explanation,
      'Not checked: no agent of its group could be read (kubectl did not answer within 5 s).',
    );
    const text = formatLiveText(r);
    assert.match(text, /^3 nodes in 1 group; 1 agent checked, 2 predicted from their group\.$/m);
    assert.match(text, /^n2 .* predicted \(as n1\)$/m);
  });

  it('a runner that passes only shell-inert arguments gets no raw paged lists', async () => {
    const seen: string[][] = [];
    const runner: KubectlRunner = {
      description: 'test',
      calls: [],
      shellSafeArgumentsOnly: true,
      async run(args) {
        seen.push(args);
        const ok = (stdout: string): KubectlResult => ({
          ok: true,
          code: 0,
          stdout,
          stderr: '',
          timedOut: false,
          cancelled: false,
          spawnError: null,
          truncated: false,
          ms: 1,
        });
        if (args[0] === 'config') return ok('ctx\n');
        if (args.includes('/version')) return ok('{"gitVersion":"v1.31.4"}');
        return ok('{"kind":"List","items":[]}');
      },
    };
    const snap = await gatherCluster({ kubectl: runner, timeoutMs: 5000 });
    assert.equal(snap.fatal?.kind, 'no-cilium-pods');
    assert.ok(
      seen.every((a) => a.every((x) => /^[A-Za-z0-9._/=:,@%+-]+$/.test(x))),
      JSON.stringify(seen),
    );
    assert.ok(
      seen.some((a) => a.join(' ').startsWith('get pods -n kube-system -l k8s-app=cilium -o json --chunk-size=500')),
    );
  });
});
