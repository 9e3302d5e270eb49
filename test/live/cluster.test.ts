/**
 * The live check end to end with the REAL kubectl against the project's fake API server
 * (test/apiserver), which replays recorded cluster states and answers `exec` over kubectl's
 * WebSocket protocol. One server per scenario; the CLI's JSON and text outputs are asserted.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runLiveCli } from '../../server/src/cli/live';
import { startFakeApiServer, writeUnreachableKubeconfig, type FakeApiServer } from '../apiserver/server';
import type { LiveReport } from '../../server/src/core/live/types';
import { repoRoot } from '../helpers';
import { faultCluster, type FaultCluster } from './faultServers';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

// kubectl's discovery and HTTP caches go to a throw-away folder, not the user's ~/.kube/cache.
const cacheDir = mkdtempSync(join(tmpdir(), 'cilium-live-kubecache-'));
const env = { ...process.env, KUBECACHEDIR: cacheDir };

async function live(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const t0 = Date.now();
  const code = await runLiveCli(
    args,
    {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      readFile: (p) => readFileSync(p, 'utf8'),
      readStdin: async () => ({ text: '' }),
      isTty: false,
      cwd: repoRoot,
    },
    { env },
  );
  return { code, stdout, stderr, ms: Date.now() - t0 };
}

async function liveJson(
  kubeconfig: string,
  extra: string[] = [],
): Promise<{ run: Run; report: LiveReport & { fileError: string | null } }> {
  const run = await live(['--kubeconfig', kubeconfig, '--format', 'json', '--timeout', '120', ...extra]);
  return { run, report: JSON.parse(run.stdout) };
}

const servers: FakeApiServer[] = [];
async function cluster(scenario: string): Promise<FakeApiServer> {
  const s = await startFakeApiServer({ scenario });
  servers.push(s);
  return s;
}
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('live check against recorded clusters (real kubectl)', { concurrency: 3 }, () => {
  it('mixed kernels: half BPF, half legacy, every node as predicted; one agent per group asked; the text report names the cause', async () => {
    const s = await cluster('mixed-kernel');
    const { run, report } = await liveJson(s.kubeconfigPath);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(report.summary, '3 of 6 nodes run legacy host routing: kernel 5.4 < 5.10.');
    assert.equal(report.coverage, '6 nodes in 2 groups; 2 agents checked, 4 predicted from their group.');
    assert.equal(report.counts.bpf, 3);
    assert.equal(report.counts.legacy, 3);
    assert.deepEqual([report.counts.checked, report.counts.predicted, report.counts.groups], [2, 4, 2]);
    assert.deepEqual(
      report.groups.map((g) => [g.kernelLine, g.nodes, g.checked, g.predicted, g.reported]),
      [
        ['5.4', 3, 1, 'Legacy', 'Legacy'],
        ['6.2', 3, 1, 'BPF', 'BPF'],
      ],
    );
    for (const n of report.nodes) {
      // the JSON contract of the issue
      assert.equal(typeof n.name, 'string');
      assert.ok(n.kernel);
      assert.equal(n.ciliumVersion, '1.16.5');
      assert.ok(n.reported.masquerading);
      assert.ok(Array.isArray(n.reasons));
      assert.equal(n.match, true);
      assert.equal(typeof n.checked, 'boolean');
      if (n.kernel!.startsWith('5.4')) {
        assert.equal(n.reported.hostRouting, 'Legacy');
        assert.equal(n.predicted.rule, 'kernel-too-old');
      } else assert.equal(n.reported.hostRouting, 'BPF');
      if (n.checked) {
        assert.deepEqual(n.checkReasons, ['sample of its group']);
        assert.equal(n.sample, null);
        if (n.kernel!.startsWith('5.4'))
          assert.deepEqual(n.logged, ['BPF host routing requires kernel 5.10 or newer.']);
      } else {
        assert.ok(
          n.sample && report.nodes.find((x) => x.name === n.sample)?.checked,
          'a predicted node names the checked node of its group',
        );
        assert.deepEqual(n.logged, [], 'nothing was read from a predicted node');
      }
    }
    // one exec and one log per group, not per node
    const execs = s.requests.filter((q) => q.path.endsWith('/exec'));
    assert.equal(new Set(execs.map((q) => q.path)).size, 2);
    assert.equal(s.requests.filter((q) => q.path.endsWith('/log')).length, 2);
    // the lists were paged (limit) and read once for all nodes
    assert.equal(s.requests.filter((q) => q.path === '/api/v1/nodes').length, 1);
    assert.ok(
      s.requests.some((q) => q.path === '/api/v1/namespaces/kube-system/pods' && /(^|&)limit=500(&|$)/.test(q.query)),
    );
    const text = await live(['--kubeconfig', s.kubeconfigPath]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^3 of 6 nodes run legacy host routing: kernel 5\.4 < 5\.10\.$/m);
    assert.match(text.stdout, /^6 nodes in 2 groups; 2 agents checked, 4 predicted from their group\.$/m);
    assert.match(
      text.stdout,
      /agent logs: BPF host routing requires kernel 5\.10 or newer\. Falling back to legacy host routing/,
    );
    assert.match(text.stdout, /^worker-5 .* predicted \(as worker-4\)$/m);
    assert.match(text.stdout, /^ {2}g1 +3 +1 +1\.16\.5 +5\.4 +- +Legacy +Legacy +3 yes/m);
  });

  it('--all asks every agent; --sample 2 two per group; --node names nodes to ask and to list', async () => {
    const s = await cluster('mixed-kernel');
    const all = await liveJson(s.kubeconfigPath, ['--all']);
    assert.equal(all.run.code, 0);
    assert.equal(all.report.coverage, '6 nodes in 2 groups; 6 agents checked, 0 predicted from their group.');
    for (const n of all.report.nodes.filter((x) => x.kernel!.startsWith('5.4')))
      assert.deepEqual(n.logged, ['BPF host routing requires kernel 5.10 or newer.']);
    const two = await liveJson(s.kubeconfigPath, ['--sample', '2']);
    assert.equal(two.report.counts.checked, 4);
    const named = await live(['--kubeconfig', s.kubeconfigPath, '--node', 'worker-6,worker-2']);
    assert.equal(named.code, 0);
    assert.match(named.stdout, /^4 agents checked|; 4 agents checked, 2 predicted/m);
    const rows = named.stdout.split('\n').filter((l) => /^worker-\d/.test(l));
    assert.deepEqual(
      rows.map((l) => l.split(/\s+/)[0]),
      ['worker-2', 'worker-6'],
      'the node table lists the filtered nodes only',
    );
    assert.ok(rows.every((l) => l.endsWith('checked')));
  });

  it('healthy BPF cluster', async () => {
    const { run, report } = await liveJson((await cluster('healthy-bpf')).kubeconfigPath);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(report.summary, 'All 3 nodes run BPF host routing.');
    assert.ok(
      report.nodes.every(
        (n) =>
          n.reported.hostRouting === 'BPF' &&
          n.predicted.hostRouting === 'BPF' &&
          n.reported.via === 'cilium-dbg status -o json',
      ),
    );
  });

  it('the masquerade pitfall on 1.16: legacy everywhere, with the agent line, as predicted', async () => {
    const { run, report } = await liveJson((await cluster('masquerade-pitfall-1.16')).kubeconfigPath);
    assert.equal(run.code, 0);
    assert.match(
      report.summary,
      /^All \d nodes run legacy host routing: BPF host routing requires enable-bpf-masquerade\.$/,
    );
    assert.ok(
      report.nodes.every(
        (n) => n.predicted.rule === 'iptables-masquerade' && n.reported.masquerading === 'IPTables' && n.match,
      ),
    );
  });

  it('a pre-1.15 image: plain `cilium status`, and a v2alpha1 CiliumNodeConfig applied to its node', async () => {
    const s = await cluster('pre-1.15');
    const { run, report } = await liveJson(s.kubeconfigPath);
    assert.equal(run.code, 0, JSON.stringify(report.nodes.map((n) => n.explanation)));
    assert.ok(report.nodes.every((n) => n.reported.via?.startsWith('cilium status')));
    assert.ok(
      !s.requests.some((q) => q.path.endsWith('/exec') && q.query.includes('command=cilium-dbg')),
      'no cilium-dbg on a 1.14 image',
    );
    const overridden = report.nodes.filter((n) => n.predicted.overrides.length > 0);
    assert.equal(overridden.length, 1);
    assert.match(overridden[0].predicted.overrides[0].from, /cilium\.io\/v2alpha1/);
    assert.equal(overridden[0].reported.hostRouting, 'Legacy');
    assert.deepEqual(report.nodeConfigs.length, 1);
  });

  it('CNI chaining: legacy set by the chart, silently', async () => {
    const { run, report } = await liveJson((await cluster('chained')).kubeconfigPath);
    assert.equal(run.code, 0);
    assert.ok(
      report.nodes.every(
        (n) =>
          n.reported.hostRouting === 'Legacy' && n.predicted.hostRouting === 'Legacy' && n.predicted.agentLog === null,
      ),
    );
  });

  it('per-node overrides from CiliumNodeConfig', async () => {
    const { run, report } = await liveJson((await cluster('node-override')).kubeconfigPath);
    assert.equal(run.code, 0);
    assert.deepEqual(
      report.nodes.map((n) => [n.reported.hostRouting, n.predicted.overrides.map((o) => `${o.key}=${o.value}`).join()]),
      [
        ['BPF', ''],
        ['BPF', ''],
        ['Legacy', 'enable-bpf-masquerade=false'],
        ['Legacy', 'enable-bpf-masquerade=false'],
      ],
    );
    assert.equal(
      report.summary,
      '2 of 4 nodes run legacy host routing: BPF host routing requires enable-bpf-masquerade.',
    );
  });

  it('drift: a node that runs legacy against its prediction is flagged, exit 1', async () => {
    const { run, report } = await liveJson((await cluster('drift')).kubeconfigPath);
    assert.equal(run.code, 1);
    const odd = report.nodes.filter((n) => !n.match);
    assert.equal(odd.length, 1);
    assert.equal(odd[0].reported.hostRouting, 'Legacy');
    assert.equal(odd[0].predicted.hostRouting, 'BPF');
    assert.equal(odd[0].verdict, 'explained');
    assert.match(odd[0].explanation!, /started with enable-host-legacy-routing='true'/);
    assert.ok(odd[0].explanation && odd[0].explanation.length > 20);
    assert.match(report.summary, /1 node differs from the prediction/);
    // found without asking every agent: it started before cilium-config last changed
    assert.deepEqual(odd[0].checkReasons, ['started before the last change of its configuration']);
    assert.equal(report.counts.checked, 2);
  });

  it('mid-upgrade: each node predicted for the version it runs', async () => {
    const { run, report } = await liveJson((await cluster('upgrade')).kubeconfigPath);
    assert.equal(run.code, 0);
    assert.deepEqual(report.ciliumVersions, ['1.15.7', '1.16.5']);
    assert.match(report.summary, /2 agents run Cilium 1\.15\.7 while the DaemonSet has 1\.16\.5/);
  });

  it('Cilium 1.12 with chart defaults: KPR disabled, no CiliumNodeConfig resource, the Auto-disabling line', async () => {
    const { run, report } = await liveJson((await cluster('kpr-disabled-1.12')).kubeconfigPath);
    assert.equal(run.code, 0, JSON.stringify(report.problems));
    assert.deepEqual(report.problems, [], 'a missing CiliumNodeConfig resource type is not a problem');
    assert.ok(
      report.nodes.every((n) => n.reported.hostRouting === 'Legacy' && n.predicted.rule === 'kpr-disabled' && n.match),
    );
    assert.ok(
      report.nodes
        .filter((n) => n.checked)
        .every((n) => n.logged.length === 1 && n.logged[0].startsWith('Auto-disabling')),
    );
    assert.equal(report.counts.checked, 1);
  });

  it('a file compared with the cluster', async () => {
    const s = await cluster('mixed-kernel');
    const { report } = await liveJson(s.kubeconfigPath, [join(repoRoot, 'examples', 'overlay-bpf.yaml')]);
    assert.equal(report.fileComparison?.agrees, false);
    assert.match(
      report.fileComparison!.message,
      /overlay-bpf\.yaml predicts BPF host routing .*; the cluster runs legacy on 3 of 6 nodes because kernel 5\.4 < 5\.10\./,
    );
  });

  it('a Flux HelmRelease compared with the cluster: its values and its chart version', async () => {
    const s = await cluster('masquerade-pitfall-1.16');
    const hr = join(cacheDir, 'helmrelease.yaml');
    writeFileSync(
      hr,
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: cilium\nspec:\n  chart:\n    spec:\n      chart: cilium\n      version: 1.16.x\n  values:\n    kubeProxyReplacement: true\n    enableIPv4Masquerade: true\n    bpf:\n      masquerade: false\n',
    );
    const { report } = await liveJson(s.kubeconfigPath, [hr]);
    assert.equal(report.fileError, null);
    assert.equal(report.fileComparison?.agrees, true, report.fileComparison?.message);
    assert.match(report.fileComparison!.message, /helmrelease\.yaml/);
  });
});

describe('live check faults: clear messages, bounded time, partial results', { concurrency: 3 }, () => {
  it('slow agents: --timeout bounds the whole check, what was read is reported', async () => {
    const s = await cluster('slow');
    const run = await live(['--kubeconfig', s.kubeconfigPath, '--format', 'json', '--timeout', '15']);
    const report: LiveReport = JSON.parse(run.stdout);
    assert.equal(run.code, 1, report.summary);
    assert.ok(run.ms < 23_000, `took ${run.ms} ms`);
    assert.ok(report.nodes.length > 0 && report.nodes.every((n) => n.verdict === 'error'));
    const asked = report.nodes.filter((n) => n.checked);
    assert.equal(asked.length, 1);
    assert.ok(
      asked[0].problems.some((p) => p.kind === 'deadline' && /within the check's deadline \(15 s\)/.test(p.message)),
      JSON.stringify(asked[0].problems),
    );
    assert.ok(
      report.nodes
        .filter((n) => !n.checked)
        .every((n) => /^Not checked: no agent of its group could be read/.test(n.explanation ?? '')),
    );
    assert.ok(report.problems.some((p) => p.kind === 'deadline' && /the report is partial/.test(p.message)));
    assert.ok(
      report.nodes.every((n) => n.kernel),
      'nodes and kernels were still read',
    );
  });

  it('forbidden exec: names the verb and the resource', async () => {
    const { run, report } = await liveJson((await cluster('forbidden')).kubeconfigPath);
    assert.equal(run.code, 1);
    const p = report.nodes[0].problems.find((x) => x.kind === 'forbidden');
    assert.ok(p, JSON.stringify(report.nodes[0].problems));
    assert.match(p!.message, /not allowed to create pods\/exec in namespace kube-system/);
  });

  it('no Cilium pods: exit 6 with a hint', async () => {
    const { run, report } = await liveJson((await cluster('no-pods')).kubeconfigPath);
    assert.equal(run.code, 6);
    assert.equal(report.fatal?.kind, 'no-cilium-pods');
    assert.match(report.fatal!.hint!, /--namespace/);
  });

  it('an agent that is not running is reported, the others are checked', async () => {
    const { run, report } = await liveJson((await cluster('not-running')).kubeconfigPath);
    assert.equal(run.code, 1);
    const down = report.nodes.filter((n) => n.verdict === 'error');
    assert.equal(down.length, 1);
    assert.ok(down[0].problems.some((p) => p.kind === 'agent-not-running' && /CrashLoopBackOff/.test(p.message)));
    assert.ok(report.nodes.filter((n) => n.verdict === 'match').length >= 2);
  });

  it('unparsable status output is named, not guessed', async () => {
    // one odd output among agents of one group: only asking that agent shows it
    const { run, report } = await liveJson((await cluster('bad-output')).kubeconfigPath, ['--node', 'node-b']);
    assert.equal(run.code, 1);
    const bad = report.nodes.filter((n) => n.verdict === 'error');
    assert.equal(bad.length, 1);
    assert.ok(
      bad[0].problems.some((p) => p.kind === 'unparsable-output'),
      JSON.stringify(bad[0].problems),
    );
  });

  it('unreachable cluster and missing kubectl: exit 6, fast, actionable', async () => {
    const kc = await writeUnreachableKubeconfig();
    const a = await liveJson(kc);
    assert.equal(a.run.code, 6);
    assert.equal(a.report.fatal?.kind, 'unreachable');
    assert.ok(a.run.ms < 10_000);
    const b = await live(['--kubeconfig', kc, '--kubectl', '/nonexistent/kubectl']);
    assert.equal(b.code, 6);
    assert.match(b.stdout, /kubectl was not found/);
    assert.match(b.stdout, /ciliumDatapath\.kubectlPath/);
  });

  it('the built CLI binary gives the same exit status', async () => {
    const s = await cluster('drift');
    const code = await new Promise<number>((resolve) =>
      execFile(
        process.execPath,
        [join(repoRoot, 'dist', 'cli.js'), 'live', '--kubeconfig', s.kubeconfigPath],
        { env },
        (err) => resolve(err ? Number((err as NodeJS.ErrnoException & { code: number }).code) : 0),
      ),
    );
    assert.equal(code, 1);
  });
});

describe('live check at scale (generated cluster, real kubectl)', () => {
  it('200 nodes: predicted from paged lists, one agent per group plus the odd ones, every node in the JSON', async () => {
    const s = await cluster('large-200');
    const { run, report } = await liveJson(s.kubeconfigPath, ['--chunk-size', '50']);
    assert.equal(run.code, 1, 'the drifted and the crash-looping agent make it exit 1');
    assert.equal(report.coverage, '200 nodes in 5 groups; 8 agents checked, 192 predicted from their group.');
    assert.equal(report.nodes.length, 200);
    assert.ok(report.nodes.every((n) => typeof n.checked === 'boolean' && /^g\d$/.test(n.group)));
    assert.deepEqual(
      report.groups.map((g) => [
        g.nodes,
        g.kernelLine,
        g.ciliumVersion,
        g.overrides.map((o) => `${o.key}=${o.value}`).join(),
        g.predicted,
      ]),
      [
        [110, '6.8', '1.16.5', '', 'BPF'],
        [49, '5.15', '1.16.5', '', 'BPF'],
        [20, '5.4', '1.16.5', '', 'Legacy'],
        [20, '6.8', '1.16.5', 'enable-bpf-masquerade=false', 'Legacy'],
        [1, '5.15', '1.16.4', '', 'BPF'],
      ],
    );
    const reasons = Object.fromEntries(
      report.nodes.filter((n) => n.checked).map((n) => [n.name, n.checkReasons.join('; ')]),
    );
    assert.equal(reasons['general-00001'], 'started before the last change of its configuration');
    assert.equal(reasons['general-00002'], 'agent not running');
    assert.match(reasons['lts-00012'], /^restarted \d+ min ago \(2 restarts\)$/);
    assert.equal(Object.values(reasons).filter((r) => r === 'sample of its group').length, 5);
    const drift = report.nodes.find((n) => n.name === 'general-00001')!;
    assert.equal(drift.verdict, 'explained');
    assert.equal(report.counts.mismatches, 1);
    assert.equal(report.counts.legacy, 41);
    // lists paged with limit/continue; processes grow with the groups (and pages), not the nodes
    const pages = s.requests.filter((q) => q.path === '/api/v1/namespaces/kube-system/pods');
    assert.equal(pages.length, 4);
    assert.ok(pages.slice(1).every((q) => /(^|&)continue=/.test(q.query)));
    assert.ok(report.calls.length <= 6 + 3 + 3 + 2 * 7, report.calls.join('\n'));
    const text = await live(['--kubeconfig', s.kubeconfigPath, '--timeout', '120']);
    const lines = text.stdout.split('\n');
    assert.match(lines[3], /^41 of 200 nodes run legacy host routing/);
    assert.equal(lines[4], '200 nodes in 5 groups; 8 agents checked, 192 predicted from their group.');
    assert.equal(lines[6], 'Differences and errors:');
    assert.ok(!lines.some((l) => /^general-00100 /.test(l)), 'no per-node table for 200 nodes');
    assert.match(text.stdout, /list nodes with --node PATTERN/);
  });
});

describe('live check faults of the cluster connection: our words, within --timeout', { concurrency: 3 }, () => {
  const faults: FaultCluster[] = [];
  after(async () => {
    await Promise.all(faults.map((f) => f.close()));
  });
  const check = async (kind: string, timeout = 6) => {
    const f = await faultCluster(kind);
    faults.push(f);
    const run = await live(['--kubeconfig', f.kubeconfig, '--format', 'json', '--timeout', String(timeout)]);
    const report = JSON.parse(run.stdout) as LiveReport;
    assert.equal(run.code, 6, run.stdout);
    assert.ok(run.ms < timeout * 1000 + 8000, `${kind}: took ${run.ms} ms with --timeout ${timeout}`);
    return { run, report, fatal: report.fatal!, f };
  };

  it('no current context', async () => {
    const { fatal } = await check('no-context');
    assert.equal(fatal.kind, 'no-context');
    assert.equal(fatal.message, 'kubectl has no current context (error: current-context is not set).');
  });

  it('a credential plugin that never returns: kubectl did not answer, not "no context"', async () => {
    const { fatal } = await check('sleeping-plugin');
    assert.equal(fatal.kind, 'timeout');
    assert.equal(fatal.message, 'kubectl did not answer within 6 s while trying to read the current context.');
    assert.match(fatal.hint!, /credential plugin/);
  });

  it('https without credentials: kubectl would prompt; said so instead of "error: EOF"', async () => {
    const { fatal } = await check('no-credentials', 60);
    assert.equal(fatal.kind, 'credentials-needed');
    assert.match(fatal.message, /^kubectl asked for a username and password while trying to /);
    assert.match(fatal.detail!, /EOF/);
  });

  it('an HTML page instead of the API: named as such, the raw answer kept for --verbose', async () => {
    const { fatal, f } = await check('garbage', 60);
    assert.equal(fatal.kind, 'bad-response');
    assert.match(fatal.message, /is not JSON: is the context's server address a Kubernetes API server\?/);
    assert.match(fatal.detail!, /Welcome to nginx/);
    const text = await live(['--kubeconfig', f.kubeconfig, '--timeout', '60']);
    assert.doesNotMatch(text.stdout, /nginx/, 'the raw answer only with --verbose');
    const verbose = await live(['--kubeconfig', f.kubeconfig, '--timeout', '60', '--verbose']);
    assert.match(verbose.stdout, /kubectl said: .*Welcome to nginx/);
  });

  it('a server that accepts and never answers: the whole check ends at --timeout', async () => {
    const { fatal } = await check('silent', 5);
    // the kubectl dispatcher of this machine asks the server before it even reads the kubeconfig
    if (fatal.kind === 'timeout')
      assert.equal(fatal.message, 'kubectl did not answer within 5 s while trying to read the current context.');
    else {
      assert.equal(fatal.kind, 'deadline');
      assert.match(fatal.message, /^No complete answer within the check's deadline \(5 s\) while trying to /);
    }
  });
});
