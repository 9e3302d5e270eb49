/**
 * The report view's HTML (client/src/report): the page's security (a Content Security Policy with
 * `default-src 'none'`, one nonce'd external script, no inline script, style or event handler,
 * everything from a report escaped), and what the explanation and the live report show. The
 * explanation data comes from the real server (in-memory connection); the live report from the
 * core's comparison.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { suiteHarness } from '../protocol/harness';
import { withTempDir } from '../helpers';
import type { ExplainData } from '../../server/src/protocol/reportData';
import { ExplainDataRequest } from '../../server/src/protocol/requests';
import { esc, RenderContext, shell, makeNonce, contentSecurityPolicy } from '../../client/src/report/html';
import { renderExplain } from '../../client/src/report/explainView';
import { renderLive, shortImage } from '../../client/src/report/liveView';
import { buildReport } from '../../server/src/core/live/compare';
import type { ClusterSnapshot, NodeObservation } from '../../server/src/core/live/types';
import type { AgentStatus } from '../../server/src/core/status/types';
import { randomBytes } from 'node:crypto';
import { visibleContexts } from '../../client/src/kubeContexts';
import { parseTuningStatus } from '../../server/src/core/status/tuningStatus';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const SCRIPT = `${CSP_SOURCE}/ext/dist/report.js`;
const STYLE = `${CSP_SOURCE}/ext/dist/report.css`;

/** Every check the page must pass, whatever it shows. */
function assertSafePage(html: string): void {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(csp, 'a CSP meta tag');
  const policy = csp[1].replace(/&#39;/g, "'");
  assert.match(policy, /^default-src 'none';/);
  const nonce = /script-src 'nonce-([A-Za-z0-9]+)'(;|$)/.exec(policy);
  assert.ok(nonce, `script-src allows only a nonce: ${policy}`);
  assert.ok(nonce[1].length >= 32);
  assert.ok(!/unsafe-inline|unsafe-eval|\*/.test(policy), policy);
  // the head of the page comes before anything from a report
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<body>'));
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  assert.equal(scripts.length, 1, 'exactly one script');
  assert.equal(scripts[0][2].trim(), '', 'no inline script');
  assert.match(scripts[0][1], new RegExp(`nonce="${nonce[1]}"`));
  assert.match(scripts[0][1], /src="[^"]+\/dist\/report\.js"/);
  assert.equal((html.match(/<script/gi) ?? []).length, 1, 'no other <script (escaped content cannot open one)');
  // attributes of real tags (text from a report is escaped, so `<` only opens our own tags)
  const tags = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0].replace(/"[^"]*"/g, '""'));
  for (const t of tags) {
    assert.ok(!/\son[a-z]+\s*=/i.test(t), `no event-handler attributes: ${t}`);
    assert.ok(!/\sstyle\s*=/i.test(t), `no inline style attributes: ${t}`);
  }
  assert.ok(!/<style/i.test(html), 'no style element');
  assert.ok(!/javascript:/i.test(html), 'no javascript: URLs');
  assert.ok(!/<(iframe|object|embed|img|form)\b/i.test(html), 'no embedded or form content');
  for (const m of html.matchAll(/\shref="([^"]*)"/g))
    assert.ok(m[1] === '#' || /^https:\/\//.test(m[1]), `link ${m[1]}`);
}

function page(body: string): string {
  return shell({
    cspSource: CSP_SOURCE,
    nonce: makeNonce((n) => randomBytes(n)),
    scriptUri: SCRIPT,
    styleUri: STYLE,
    title: 'Cilium report <x>',
    body,
  });
}

describe('report view: the page', () => {
  it('has a strict CSP, one nonce’d external script and no inline code', () => {
    assertSafePage(page('<p>hello</p>'));
    assert.equal(
      contentSecurityPolicy('vscode-resource:', 'abc'),
      "default-src 'none'; style-src vscode-resource: 'nonce-abc'; script-src 'nonce-abc'; img-src vscode-resource: data:; font-src vscode-resource:",
    );
  });

  it('nonces differ per page', () => {
    const a = makeNonce((n) => randomBytes(n));
    const b = makeNonce((n) => randomBytes(n));
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9]{32}$/);
  });
});

const PITFALL = '# cilium-datapath: version=1.16.4\nkubeProxyReplacement: true\nenableIPv4Masquerade: true\n';

describe('report view: the explanation', () => {
  const h = suiteHarness();

  async function explainData(uri: string, text: string): Promise<ExplainData> {
    await h.openAndWait(uri, text);
    const d = await h.client.sendRequest(ExplainDataRequest, { uri });
    assert.ok(d, 'explain data');
    return d;
  }

  it('the server sends the verdict, ordered reasons with log lines, evidence with locations and fixes', async () => {
    const uri = 'file:///w/values.yaml';
    const d = await explainData(uri, PITFALL);
    assert.equal(d.mode, 'Legacy');
    assert.match(d.versionLine, /^Cilium 1\.16\.4 \(from the modeline\)/);
    assert.equal(d.reasons[0].ruleId, 'iptables-masquerade');
    assert.equal(d.reasons[0].decisive, true);
    assert.match(d.reasons[0].agentLog ?? '', /BPF host routing requires enable-bpf-masquerade/);
    const masq = d.reasons[0].evidence.find((e) => e.key === 'enable-ipv4-masquerade');
    assert.ok(masq?.location, 'evidence written in the file has a location');
    assert.equal(masq.location.uri, uri);
    assert.equal(masq.location.range.start.line, 2);
    assert.ok(d.reasons[0].fixes.length > 0, 'a fix');
    assert.ok(d.reasons[0].fixes[0].edits.length > 0);
    assert.ok(d.markdown.startsWith('**Host routing: Legacy**'));
    assert.ok(d.sections.some((s) => s.id === 'datapath'));
    // a file that is not ours
    await h.open('file:///w/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n');
    assert.equal(await h.client.sendRequest(ExplainDataRequest, { uri: 'file:///w/deploy.yaml' }), null);
    assert.equal(await h.client.sendRequest(ExplainDataRequest, { uri: 'file:///w/never-opened.yaml' }), null);
  });

  it('renders reasons in order, jump links and fix buttons into a safe page', async () => {
    const uri = 'file:///w/values-r.yaml';
    const d = await explainData(uri, PITFALL);
    const ctx = new RenderContext();
    const body = renderExplain(d, ctx, { hasLive: false });
    const html = page(body);
    assertSafePage(html);
    assert.match(body, /<h1>Host routing <span class="badge badge-warn">Legacy<\/span><\/h1>/);
    assert.ok(body.includes('iptables-masquerade'));
    assert.ok(body.includes('BPF host routing requires enable-bpf-masquerade'));
    // every jump link points at a location the context collected, every fix button at a fix id
    const locs = [...body.matchAll(/data-loc="(\d+)"/g)].map((m) => Number(m[1]));
    assert.ok(locs.length >= 2);
    for (const i of locs) assert.ok(ctx.locations[i], `location ${i}`);
    assert.ok(
      ctx.locations.some((l) => l.uri === uri && l.range.start.line === 2),
      'a link to enableIPv4Masquerade',
    );
    const fixes = [...body.matchAll(/data-fix="(\d+)"/g)].map((m) => Number(m[1]));
    assert.ok(fixes.length >= 1);
    assert.deepEqual(
      fixes.map((i) => ctx.fixes[i]),
      d.reasons.flatMap((r) => r.fixes.map((f) => f.id)).concat(d.findings.flatMap((r) => r.fixes.map((f) => f.id))),
    );
    assert.ok(body.includes('data-action="markdown"'), 'Open as Markdown');
    assert.ok(body.includes('data-action="refresh"'));
    assert.ok(!body.includes('data-action="show-live"'));
    assert.ok(renderExplain(d, new RenderContext(), { hasLive: true }).includes('data-action="show-live"'));
  });

  it('renders any section the server adds (generic blocks), and escapes everything', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const d: ExplainData = {
      uri: 'file:///w/x.yaml',
      version: 1,
      mode: 'Legacy',
      summary: evil,
      versionLine: evil,
      inputs: evil,
      reasonsHeading: evil,
      reasons: [
        {
          ruleId: evil,
          docsUrl: 'javascript:alert(1)',
          decisive: true,
          label: evil,
          message: evil,
          logLine: evil,
          agentLog: evil,
          silent: false,
          evidence: [
            {
              key: evil,
              value: evil,
              origin: evil,
              location: {
                uri: 'file:///w/x.yaml',
                range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
              },
            },
          ],
          fixes: [{ id: 'f1', title: evil, ruleId: 'r', edits: [] }],
        },
      ],
      furtherHeading: evil,
      findings: [],
      sections: [
        {
          id: 'checklist',
          title: 'Tuning checklist',
          blocks: [
            {
              kind: 'table',
              columns: ['Feature', evil],
              rows: [
                [
                  { text: 'BPF masquerading', badge: 'good' },
                  { text: evil, href: 'https://docs.cilium.io/x' },
                ],
              ],
            },
          ],
        },
        {
          id: 'versions',
          title: evil,
          collapsed: true,
          blocks: [
            {
              kind: 'list',
              items: [
                evil,
                {
                  text: 'line',
                  location: {
                    uri: 'file:///w/x.yaml',
                    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                  },
                },
              ],
            },
            { kind: 'code', text: evil },
            { kind: 'text', text: evil },
          ],
        },
      ],
      markdown: evil,
    };
    const body = renderExplain(d, new RenderContext(), { hasLive: false });
    assertSafePage(page(body));
    assert.ok(!body.includes('<script>') && !body.includes('<img'));
    assert.ok(body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(body.includes('<h2>Tuning checklist</h2>'), 'a section another part of the server adds');
    assert.ok(body.includes('<details class="section" data-section="versions">'), 'collapsed section');
    assert.ok(body.includes('href="https://docs.cilium.io/x"'));
    assert.ok(!body.includes('javascript:'), 'non-https links are dropped');
  });
});

function status(hostRouting: 'BPF' | 'Legacy'): AgentStatus {
  return {
    format: 'json',
    ciliumVersion: '1.16.4',
    hostRouting,
    masquerading: { mode: 'BPF', ipMasqAgent: false },
    kubeProxyReplacement: { mode: 'True' },
    networkRouting: 'Native',
    warnings: [],
  };
}

function obs(name: string, kernel: string, reported: 'BPF' | 'Legacy'): NodeObservation {
  return {
    name,
    node: { name, kernel, osImage: 'Ubuntu 22.04.3 LTS', labels: {} },
    pod: {
      name: `cilium-${name}`,
      nodeName: name,
      image: 'quay.io/cilium/cilium:v1.16.4@sha256:0123456789abcdef',
      imageVersion: '1.16.4',
      phase: 'Running',
      running: true,
      ready: true,
      waitingReason: null,
      startedAt: null,
      restarts: 0,
    },
    status: status(reported),
    statusCommand: 'cilium-dbg status -o json',
    fallbackLog: [],
    logRead: true,
    problems: [],
  };
}

function snapshot(nodes: NodeObservation[]): ClusterSnapshot {
  return {
    context: 'prod <eu>',
    namespace: 'kube-system',
    agentSelector: 'k8s-app=cilium',
    kubernetesVersion: 'v1.31.4',
    daemonSet: {
      name: 'cilium',
      image: 'quay.io/cilium/cilium:v1.16.4@sha256:0123456789abcdef0123456789abcdef',
      imageVersion: '1.16.4',
      desired: nodes.length,
      ready: nodes.length,
    },
    configMap: {
      name: 'cilium-config',
      data: {
        'kube-proxy-replacement': 'true',
        'enable-bpf-masquerade': 'true',
        'enable-ipv4-masquerade': 'true',
        'routing-mode': 'native',
        'ipv4-native-routing-cidr': '10.0.0.0/8',
      },
      lastChange: null,
    },
    nodeConfigs: [],
    nodes,
    problems: [],
    fatal: null,
    calls: ['kubectl get pods -n kube-system → exit 0 (12 ms)'],
  };
}

describe('report view: the live report', () => {
  it('summary and mismatches first, a sortable node table with badges and details, calls folded', () => {
    const r = buildReport(
      snapshot([
        obs('worker-1', '6.2.0-39-generic', 'BPF'),
        obs('worker-2', '5.4.0-200-generic', 'Legacy'),
        obs('worker-3<b>', '6.2.0-39-generic', 'Legacy'),
      ]),
    );
    const body = renderLive(r, new RenderContext(), { hasExplain: true });
    assertSafePage(page(body));
    const at = (s: string) => {
      const i = body.indexOf(s);
      assert.ok(i >= 0, `${s} is shown`);
      return i;
    };
    // the order: summary, the differences, then the table, the calls last
    assert.ok(at(esc(r.summary)) < at('Differences and errors (1)'));
    assert.ok(at('Differences and errors') < at('<table class="sortable nodes">'));
    assert.ok(at('<table class="sortable nodes">') < at('kubectl calls (1)'));
    assert.match(
      body,
      /<details class="section calls" data-section="calls"><summary>/,
      'calls folded (no open attribute)',
    );
    assert.ok(body.includes('worker-3&lt;b&gt;'));
    assert.ok(body.includes('<span class="badge badge-good">BPF</span>'));
    assert.ok(body.includes('<span class="badge badge-warn">Legacy</span>'));
    assert.match(body, /badge-bad"[^>]*>mismatch</, 'the unexplained node is a mismatch badge');
    assert.equal(
      (body.match(/<tr class="details" id="node-\d+" hidden>/g) ?? []).length,
      3,
      'details per node, hidden until asked',
    );
    assert.equal((body.match(/<th data-col="\d+" tabindex="0"/g) ?? []).length, 9, 'sortable headers');
    assert.ok(body.includes('data-sort="5.4.0-200-generic"'));
    // short image tag, the full reference on hover
    assert.ok(
      body.includes(
        '<code title="quay.io/cilium/cilium:v1.16.4@sha256:0123456789abcdef0123456789abcdef">v1.16.4</code>',
      ),
    );
    assert.ok(
      body.includes('data-action="refresh"') &&
        body.includes('data-action="markdown"') &&
        body.includes('data-action="show-explain"'),
    );
  });

  it('a fatal report says what failed and what to do', () => {
    const r = buildReport({
      ...snapshot([]),
      fatal: { kind: 'unreachable', message: 'The cluster is unreachable: connection refused', hint: 'Check the VPN.' },
    });
    const body = renderLive(r, new RenderContext(), { hasExplain: false });
    assertSafePage(page(body));
    assert.ok(body.includes('callout-bad'));
    assert.ok(body.includes('Check the VPN.'));
    assert.ok(!body.includes('show-explain'));
  });

  it('the header tells the nodes apart from the file: every node as predicted, the file differs', () => {
    const r = buildReport(snapshot([obs('worker-1', '6.2.0-39-generic', 'BPF')]));
    assert.ok(r.ok, 'the one node runs what its configuration predicts');
    const header = (x: typeof r) => renderLive(x, new RenderContext(), { hasExplain: true }).split('</h1>')[0];
    assert.match(header(r), /nodes as predicted/);
    assert.doesNotMatch(header(r), /file (agrees|differs)/);
    const differs = {
      ...r,
      fileComparison: {
        files: ['values.yaml'],
        predicted: 'Legacy' as const,
        summary: 'Legacy',
        message: 'your file predicts legacy host routing; the cluster runs BPF on 1 of 1 nodes.',
        agrees: false,
      },
    };
    assert.match(header(differs), /nodes as predicted.*file differs/s);
    assert.match(header({ ...differs, fileComparison: { ...differs.fileComparison, agrees: true } }), /file agrees/);
  });

  it('short image tags', () => {
    assert.equal(shortImage('quay.io/cilium/cilium:v1.16.5@sha256:abcdef0123456789'), 'v1.16.5');
    assert.equal(shortImage('registry.local:5000/cilium/cilium:v1.17.6-cee.1'), 'v1.17.6-cee.1');
    assert.equal(shortImage('registry.local:5000/cilium/cilium@sha256:abcdef0123456789'), 'sha256:abcdef01');
    assert.equal(shortImage('cilium'), 'cilium');
    assert.equal(shortImage(null), '?');
  });
});

describe('live check: the context picker', () => {
  it('leaves out contexts marked cilium-datapath.io/hidden (real kubectl config view)', async (t) => {
    const { execFileSync } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    await withTempDir('ctx-test-', (dir) => {
      const kc = join(dir, 'config');
      writeFileSync(
        kc,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters:',
          '- name: c',
          '  cluster: {server: "http://127.0.0.1:1"}',
          'contexts:',
          '- name: prod',
          '  context: {cluster: c, user: u}',
          '- name: staging',
          '  context: {cluster: c, user: u}',
          '- name: unreachable',
          '  context:',
          '    cluster: c',
          '    user: u',
          '    extensions:',
          '    - name: cilium-datapath.io/hidden',
          '      extension: {reason: test only}',
          'current-context: staging',
          'users:',
          '- name: u',
          '  user: {token: secret-token}',
          '',
        ].join('\n'),
      );
      let out: string;
      try {
        out = execFileSync('kubectl', ['config', 'view', '-o', 'json'], {
          env: { ...process.env, KUBECONFIG: kc },
          encoding: 'utf8',
        });
      } catch (e) {
        t.skip(`not run: kubectl is not available (${(e as Error).message})`);
        return;
      }
      assert.ok(!out.includes('secret-token'), 'kubectl redacts credentials in config view');
      assert.deepEqual(visibleContexts(out), { current: 'staging', names: ['prod', 'staging'] });
    });
  });

  it('unreadable output: null (the picker falls back to get-contexts)', () => {
    assert.equal(visibleContexts('not json'), null);
    assert.equal(visibleContexts('{"contexts": 3}'), null);
    assert.deepEqual(visibleContexts('{"contexts": [{"name": 5}, {"name": "a", "context": {"extensions": "x"}}]}'), {
      current: '',
      names: ['a'],
    });
  });
});

describe('report view: the tuning section of the live report', () => {
  it('a table of each checked node against its own prediction, with badges and the quirk explained', () => {
    const a = obs('tk-1', '6.8.0-1019-aws', 'BPF');
    const b = obs('tk-2', '5.15.0-1068-aws', 'BPF');
    a.tuning = parseTuning('IPv4 BIG TCP:  Enabled  [65536]\nBandwidthManager:  Disabled\nAttach Mode:  TCX\n');
    b.tuning = parseTuning('IPv4 BIG TCP:  Enabled  [65536]\nBandwidthManager:  Disabled\nAttach Mode:  Legacy TC\n');
    const snap = snapshot([a, b]);
    snap.configMap!.data['enable-ipv4-big-tcp'] = 'true';
    const r = buildReport(snap);
    const body = renderLive(r, new RenderContext(), { hasExplain: false });
    assertSafePage(page(body));
    assert.ok(body.includes('<details class="section" data-section="tuning" open>'));
    assert.ok(body.includes('<table class="tuning">'));
    // 6.8 predicted 192k but 64k printed: explained; 5.15: the kernel refuses, the status quirk
    assert.match(body, /<code>ipv4-big-tcp<\/code><\/td><td>tk-1<\/td>.*?badge-warn">explained</);
    assert.match(body, /<code>ipv4-big-tcp<\/code><\/td><td>tk-2<\/td>.*?badge-good">match \(status quirk\)</);
    assert.match(body, /Status quirk \(tuning-spec §6\)/);
  });
});

function parseTuning(text: string) {
  const t = parseTuningStatus(text);
  assert.ok(t.ok);
  return t.ok ? t.status : null;
}
