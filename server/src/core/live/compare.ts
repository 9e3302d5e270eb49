/**
 * Turns a cluster snapshot into the live report: per node, what the agent reports next to what the
 * core predicts from the live ConfigMap, that node's CiliumNodeConfig overrides, its kernel and
 * the Cilium version it runs; every mismatch explained or flagged as unexplained; a summary; and,
 * when a file's analysis is given, how the file's verdict compares with the cluster.
 */
import type { Analysis } from '../analyze';
import type { HostRoutingMode } from '../types';
import { parseKernelVersion } from '../version';
import { toMasqueradingMode } from '../status/parseStatus';
import type { AgentStatus } from '../status/types';
import {
  overridesFor,
  predictNode,
  versionFromImage,
  type AppliedOverride,
  type NodePredictionOutcome,
} from './predict';
import { compareNodeTuning } from './tuning';
import { groupNodes, isOddReason, kernelLineOf, nodeFacts, type NodeFacts, type NodeGroup } from './groups';
import type {
  ClusterSnapshot,
  FileComparison,
  GroupResult,
  LiveProblem,
  LiveReport,
  NodeObservation,
  NodeResult,
} from './types';

const FALLBACK_TAIL = / ?Falling back to legacy host routing.*$/;
/** node names listed in one sentence of the summary at most */
const NAMES_IN_SUMMARY = 10;

/** Predictions by everything they depend on: one analysis per group, not per node. */
type PredictionCache = Map<string, NodePredictionOutcome>;

function predictCached(
  cache: PredictionCache,
  o: {
    namespace: string;
    configMap: Record<string, string>;
    overrides: AppliedOverride[];
    version: string | null;
    kernel: string | null;
  },
): NodePredictionOutcome {
  const key = `${o.version ?? '?'}|${kernelLineOf(o.kernel) ?? (o.kernel ? `raw:${o.kernel}` : '?')}|${o.overrides.map((x) => `${x.key}=${x.value}@${x.from}`).join('\u0000')}`;
  let p = cache.get(key);
  if (!p) {
    p = predictNode(o);
    cache.set(key, p);
  }
  return p;
}

export function buildReport(snap: ClusterSnapshot, file?: { files: string[]; analysis: Analysis }): LiveReport {
  const cache: PredictionCache = new Map();
  const ctx = {
    namespace: snap.namespace,
    nodeConfigs: snap.nodeConfigs,
    daemonSetImage: snap.daemonSet?.image ?? null,
  };
  const facts: Array<NodeFacts | null> = snap.nodes.map((o) => (o.pod ? nodeFacts(o.pod, o.node, ctx) : null));
  const groups = groupNodes(facts.filter((f): f is NodeFacts => f !== null));
  const groupOf = new Map<string, NodeGroup>();
  for (const g of groups) for (const m of g.members) groupOf.set(m, g);
  const results: Array<NodeResult | undefined> = snap.nodes.map((o) =>
    o.checked === false ? undefined : nodeResult(snap, o, cache, groupOf.get(o.name)?.id ?? '-'),
  );
  // Nodes predicted from their group: what the group's checked agent reported, if it matched.
  const sampleOf = new Map<string, { obs: NodeObservation; result: NodeResult }>();
  snap.nodes.forEach((o, i) => {
    const r = results[i];
    const g = groupOf.get(o.name);
    if (!r || !g || r.verdict !== 'match' || !o.status || r.reported.hostRouting === null) return;
    const prev = sampleOf.get(g.id);
    if (
      !prev ||
      (!prev.result.checkReasons.includes('sample of its group') && r.checkReasons.includes('sample of its group'))
    )
      sampleOf.set(g.id, { obs: o, result: r });
  });
  const firstProblem = new Map<string, LiveProblem>();
  const differing = new Map<string, string>();
  snap.nodes.forEach((o, i) => {
    const r = results[i];
    const g = groupOf.get(o.name);
    if (!r || !g) return;
    if ((r.verdict === 'explained' || r.verdict === 'unexplained') && !r.checkReasons.some(isOddReason))
      differing.set(g.id, r.name);
    const p = r.problems[0];
    if (p && !firstProblem.has(g.id)) firstProblem.set(g.id, p);
  });
  snap.nodes.forEach((o, i) => {
    if (results[i]) return;
    const g = groupOf.get(o.name);
    const sample = g ? sampleOf.get(g.id) : undefined;
    if (sample && !differing.has(g!.id)) {
      const r = nodeResult(
        snap,
        {
          ...o,
          status: sample.obs.status,
          tuning: sample.obs.tuning ?? null,
          statusCommand: sample.obs.statusCommand,
          fallbackLog: [],
          logRead: false,
          startupFlags: null,
          problems: [],
        },
        cache,
        g!.id,
      );
      r.checked = false;
      r.sample = sample.result.name;
      r.reasons.push(`predicted from its group ${g!.id}: the agent on ${sample.result.name} was checked`);
      results[i] = r;
      return;
    }
    const r = nodeResult(
      snap,
      {
        ...o,
        status: null,
        tuning: null,
        statusCommand: null,
        fallbackLog: [],
        logRead: false,
        startupFlags: null,
        problems: [],
      },
      cache,
      g?.id ?? '-',
    );
    r.checked = false;
    const other = g ? differing.get(g.id) : undefined;
    const why = g ? firstProblem.get(g.id) : undefined;
    r.explanation = other
      ? `Not checked, and ${other} of the same group differs from the prediction: ask this node itself (--node ${o.name}, or --all).`
      : `Not checked: no agent of its group could be read${why ? ` (${why.message.replace(/\.$/, '')})` : ''}.`;
    results[i] = r;
  });
  const nodes = results as NodeResult[];
  const checked = nodes.filter((n) => n.checked).length;
  const counts = {
    nodes: nodes.length,
    bpf: nodes.filter((n) => n.reported.hostRouting === 'BPF').length,
    legacy: nodes.filter((n) => n.reported.hostRouting === 'Legacy').length,
    unknown: nodes.filter((n) => n.reported.hostRouting === null).length,
    mismatches: nodes.filter((n) => n.verdict === 'explained' || n.verdict === 'unexplained').length,
    errors: nodes.filter((n) => n.verdict === 'error').length,
    checked,
    predicted: nodes.length - checked,
    groups: groups.length,
    tuningMismatches: nodes.filter((n) => (n.tuning?.mismatches ?? 0) > 0).length,
  };
  const versions = [...new Set(nodes.map((n) => n.ciliumVersion).filter((v): v is string => !!v))].sort();
  const report: LiveReport = {
    formatVersion: 1,
    context: snap.context,
    namespace: snap.namespace,
    kubernetesVersion: snap.kubernetesVersion,
    ciliumImage: snap.daemonSet?.image ?? null,
    ciliumVersions: versions,
    configMapFound: snap.configMap !== null,
    nodeConfigs: snap.nodeConfigs.map((c) => `${c.name} (${c.apiVersion})`),
    summary: '',
    counts,
    coverage: '',
    groups: groupResults(groups, nodes),
    nodes,
    problems: snap.problems,
    fatal: snap.fatal,
    fileComparison: null,
    calls: snap.calls,
    ok: false,
  };
  report.summary = summarise(report);
  report.coverage = coverageLine(report);
  report.ok =
    !snap.fatal &&
    nodes.length > 0 &&
    nodes.every((n) => n.match && n.verdict !== 'error') &&
    counts.tuningMismatches === 0;
  if (file) report.fileComparison = compareFile(file.files, file.analysis, report);
  return report;
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1,204 nodes in 5 groups; 5 agents checked, 1,199 predicted from their group." */
function coverageLine(r: LiveReport): string {
  if (r.fatal || r.counts.nodes === 0) return '';
  const c = r.counts;
  return `${num(c.nodes)} ${c.nodes === 1 ? 'node' : 'nodes'} in ${num(c.groups)} ${c.groups === 1 ? 'group' : 'groups'}; ${num(c.checked)} ${c.checked === 1 ? 'agent' : 'agents'} checked, ${num(c.predicted)} predicted from their group.`;
}

function groupResults(groups: NodeGroup[], nodes: NodeResult[]): GroupResult[] {
  const byGroup = new Map<string, NodeResult[]>();
  for (const n of nodes) byGroup.set(n.group, [...(byGroup.get(n.group) ?? []), n]);
  return groups.map((g) => {
    const members = byGroup.get(g.id) ?? [];
    const checked = members.filter((n) => n.checked);
    const modes = new Set(checked.map((n) => n.reported.hostRouting).filter((m): m is 'BPF' | 'Legacy' => m !== null));
    const first = members[0];
    return {
      id: g.id,
      ciliumVersion: g.version,
      kernelLine: g.kernelLine,
      overrides: g.overrides.map((o) => ({ ...o })),
      nodes: members.length,
      checked: checked.length,
      predicted: first?.predicted.hostRouting ?? 'Unknown',
      summary: first?.predicted.summary ?? '',
      reported: modes.size === 0 ? null : modes.size > 1 ? 'mixed' : [...modes][0],
      matches: members.filter((n) => n.verdict === 'match').length,
      mismatches: members.filter((n) => n.verdict === 'explained' || n.verdict === 'unexplained').length,
      errors: members.filter((n) => n.verdict === 'error').length,
      examples: g.members.slice(0, 5),
    };
  });
}

function nodeResult(snap: ClusterSnapshot, obs: NodeObservation, cache: PredictionCache, group: string): NodeResult {
  const problems: LiveProblem[] = [...obs.problems];
  const status = obs.status;
  const version = obs.pod?.imageVersion ?? status?.ciliumVersion ?? snap.daemonSet?.imageVersion ?? null;
  const kernel = obs.node?.kernel ?? null;
  const overrides = obs.node ? overridesFor(obs.node, snap.nodeConfigs, snap.namespace) : [];
  const logged = [...new Set(obs.fallbackLog.map((f) => f.reason))];

  const result: NodeResult = {
    name: obs.name,
    kernel,
    osImage: obs.node?.osImage ?? null,
    ciliumVersion: version,
    pod: obs.pod?.name ?? null,
    reported: {
      hostRouting: status?.hostRouting ?? null,
      masquerading: status ? masqueradingText(status) : null,
      kubeProxyReplacement: status?.kubeProxyReplacement?.mode ?? null,
      routing: status?.networkRouting
        ? `${status.networkRouting}${status.tunnelProtocol ? ` [${status.tunnelProtocol}]` : ''}`
        : null,
      via: obs.statusCommand,
    },
    predicted: { hostRouting: 'Unknown', summary: 'no prediction', rule: null, agentLog: null, overrides },
    logged,
    tuning: null,
    reasons: [],
    match: false,
    verdict: 'error',
    explanation: null,
    problems,
    checked: obs.checked !== false,
    checkReasons: obs.checked === false ? [] : [...(obs.checkReasons ?? [])],
    group,
    sample: null,
  };

  if (!snap.configMap) {
    result.predicted.summary = 'no prediction: the cilium-config ConfigMap could not be read';
  } else {
    const p = predictCached(cache, {
      namespace: snap.namespace,
      configMap: snap.configMap.data,
      overrides,
      version,
      kernel,
    });
    if (p.ok) {
      const a = p.analysis;
      const decisive = a.hostRouting.reasons.find((r) => r.decisive) ?? null;
      result.predicted.hostRouting = a.hostRouting.mode;
      result.predicted.summary = a.hostRouting.summary;
      result.predicted.rule = decisive?.ruleId ?? null;
      result.predicted.agentLog = decisive && !decisive.silent ? decisive.agentLog : null;
      for (const r of a.hostRouting.reasons) result.reasons.push(`${r.message} [${r.ruleId}]`);
      if (!version) result.reasons.push(`Cilium version unknown: evaluated as ${a.ciliumVersion.evaluated}.`);
      if (!kernel) result.reasons.push('Kernel unknown: 5.10 or newer assumed.');
      if (status || obs.tuning) {
        const data: Record<string, string> = { ...snap.configMap.data };
        for (const o of overrides) data[o.key] = o.value;
        result.tuning = compareNodeTuning(a, status, obs.tuning ?? null, data, {
          kernel,
          version,
          overrides: overrides.map((o) => `${o.key}=${o.value}`),
        });
      }
    } else {
      result.predicted.summary = `no prediction: ${p.error}`;
    }
  }
  for (const o of overrides) result.reasons.push(`${o.key}=${JSON.stringify(o.value)} from ${o.from}`);
  for (const l of logged) result.reasons.push(`agent log: ${l}`);

  const predicted = result.predicted.hostRouting;
  const reported = result.reported.hostRouting;

  if (obs.pod && !obs.pod.running) {
    if (predicted === 'AgentFails') {
      result.match = true;
      result.verdict = 'match';
      result.explanation = `The agent is not running (${obs.pod.waitingReason ?? obs.pod.phase ?? 'not started'}), as predicted: ${result.predicted.summary}.`;
    } else {
      result.explanation = `The agent container is not running (${obs.pod.waitingReason ?? obs.pod.phase ?? 'not started'}); nothing to compare.`;
    }
    return result;
  }
  if (!obs.pod) {
    result.explanation = 'No Cilium agent pod runs on this node.';
    return result;
  }
  if (!status) {
    result.explanation = problems[0]?.message ?? 'The agent status could not be read.';
    return result;
  }
  if (reported === null) {
    problems.push({
      kind: 'unparsable-output',
      node: obs.name,
      message: `The status output of ${obs.pod.name} has no host-routing line (${obs.statusCommand}).`,
    });
    result.explanation = 'The agent does not report its host routing.';
    return result;
  }
  if (predicted === 'Unknown') {
    result.explanation = result.predicted.summary;
    return result;
  }
  if (reported === predicted) {
    result.match = true;
    result.verdict = 'match';
    if (reported === 'Legacy' && logged.length === 0 && result.predicted.agentLog && obs.logRead) {
      result.explanation =
        'Matches; the expected fallback line was not found in the part of the agent log that was read.';
    }
    return result;
  }

  // A mismatch: look for what explains it. First the agent's start-up flag dump: the configuration it really runs.
  if (obs.startupFlags && snap.configMap) {
    const current: Record<string, string> = { ...snap.configMap.data };
    for (const o of overrides) current[o.key] = o.value;
    const started = predictNode({
      namespace: snap.namespace,
      configMap: { ...current, ...obs.startupFlags },
      overrides: [],
      version,
      kernel,
    });
    if (started.ok && started.analysis.hostRouting.mode === reported) {
      const keys = new Set(started.analysis.effectiveConfig.map((e) => e.key));
      const flags = obs.startupFlags;
      const diffs = [...keys].filter((k) => k in flags && flags[k] !== (current[k] ?? ''));
      // The options that alone turn today's prediction into what the node runs; else those the ConfigMap changed.
      const alone = diffs.filter((k) => {
        const p = predictNode({
          namespace: snap.namespace,
          configMap: { ...current, [k]: flags[k] },
          overrides: [],
          version,
          kernel,
        });
        return p.ok && p.analysis.hostRouting.mode === reported;
      });
      const shown = alone.length ? alone : diffs.filter((k) => k in current);
      const what = shown.length
        ? shown
            .map((k) => `${k}='${flags[k]}' (now ${k in current ? `"${current[k]}"` : 'not in the ConfigMap'})`)
            .join(', ')
        : 'options that differ from the current configuration';
      result.verdict = 'explained';
      result.explanation =
        `The agent started with ${what}, as its start-up log shows: it still runs the configuration it read then, which gives ${reported}. ` +
        `Restart it to apply the current one: kubectl -n ${snap.namespace} delete pod ${obs.pod.name}`;
      return result;
    }
  }
  // Else: a change of its configuration after the agent started.
  const started = obs.pod.startedAt ? Date.parse(obs.pod.startedAt) : NaN;
  const changes: Array<{ what: string; at: string }> = [];
  if (snap.configMap?.lastChange) changes.push({ what: 'the cilium-config ConfigMap', at: snap.configMap.lastChange });
  for (const c of snap.nodeConfigs) {
    if (c.lastChange && overrides.some((o) => o.from.includes(`/${c.name} `)))
      changes.push({ what: `CiliumNodeConfig ${c.name}`, at: c.lastChange });
  }
  const later = changes.filter((c) => !Number.isNaN(started) && Date.parse(c.at) > started);
  if (later.length > 0) {
    result.verdict = 'explained';
    result.explanation =
      `The agent started at ${obs.pod.startedAt}, before ${later.map((c) => `${c.what} changed (${c.at})`).join(' and ')}: ` +
      `it still runs the configuration it read at start. Restart it to apply the change: kubectl -n ${snap.namespace} delete pod ${obs.pod.name}`;
    return result;
  }
  if (reported === 'Legacy' && logged.length > 0) {
    result.verdict = 'explained';
    result.explanation = `The agent logged why: "${logged[0]}" — the configuration, kernel and version read from the cluster do not lead there, so the prediction misses a condition of this node.`;
    return result;
  }
  result.verdict = 'unexplained';
  result.explanation =
    `The node reports ${reported} host routing, but the configuration, kernel ${kernel ?? 'unknown'} and Cilium ${version ?? 'unknown'} predict ${predicted}` +
    (reported === 'Legacy'
      ? obs.logRead
        ? ', and the agent log has no fallback line.'
        : ' (the agent log could not be read).'
      : '.');
  return result;
}

function masqueradingText(s: AgentStatus): string | null {
  if (!s.masquerading) return null;
  const mode = toMasqueradingMode(s);
  const word = mode === 'Unknown' ? s.masquerading.mode : mode;
  return s.masquerading.ipMasqAgent ? `${word} (ip-masq-agent)` : word;
}

/** Short cause of legacy host routing on a node, for grouping in the summary. */
function causeOf(n: NodeResult): string {
  if (n.match && n.predicted.rule === 'kernel-too-old' && n.kernel) {
    const k = parseKernelVersion(n.kernel.replace(/^v/, '').split(/[^0-9.]/)[0] || n.kernel);
    return k.ok ? `kernel ${k.value.major}.${k.value.minor} < 5.10` : `kernel ${n.kernel} < 5.10`;
  }
  if (n.verdict === 'explained' && n.explanation?.startsWith('The agent started with'))
    return 'the agent still runs the configuration it started with';
  if (n.logged.length > 0) return n.logged[0].replace(FALLBACK_TAIL, '');
  if (n.match && n.predicted.agentLog) return n.predicted.agentLog.replace(FALLBACK_TAIL, '');
  if (n.match && n.predicted.rule) return n.predicted.summary.replace(/^\S+ on Cilium \S+ — /, '');
  return 'not explained';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** `a, b, c` — at most {@link NAMES_IN_SUMMARY} names, then `and 1,190 more`. */
function nameList(names: string[]): string {
  if (names.length <= NAMES_IN_SUMMARY) return names.join(', ');
  return `${names.slice(0, NAMES_IN_SUMMARY).join(', ')} and ${num(names.length - NAMES_IN_SUMMARY)} more`;
}

function summarise(r: LiveReport): string {
  if (r.fatal) return r.fatal.message;
  const c = r.counts;
  if (c.nodes === 0) return r.problems[0]?.message ?? 'No Cilium agent pods found.';
  const parts: string[] = [];
  const legacy = r.nodes.filter((n) => n.reported.hostRouting === 'Legacy');
  if (legacy.length === 0 && c.bpf > 0) {
    parts.push(
      c.bpf === c.nodes
        ? `All ${plural(c.nodes, 'node')} run BPF host routing`
        : `${num(c.bpf)} of ${plural(c.nodes, 'node')} run BPF host routing`,
    );
  } else if (legacy.length > 0) {
    const groups = new Map<string, number>();
    for (const n of legacy) groups.set(causeOf(n), (groups.get(causeOf(n)) ?? 0) + 1);
    const causes = [...groups.entries()]
      .map(([cause, k]) => (groups.size > 1 ? `${cause.replace(/\.$/, '')} (${k})` : cause.replace(/\.$/, '')))
      .join('; ');
    const head =
      legacy.length === c.nodes
        ? `All ${plural(c.nodes, 'node')} run legacy host routing`
        : `${num(legacy.length)} of ${plural(c.nodes, 'node')} run legacy host routing`;
    parts.push(`${head}: ${causes}`);
  }
  if (c.mismatches > 0) {
    const names = r.nodes.filter((n) => n.verdict === 'explained' || n.verdict === 'unexplained').map((n) => n.name);
    const unexplained = r.nodes.filter((n) => n.verdict === 'unexplained').length;
    parts.push(
      `${plural(c.mismatches, 'node')} ${c.mismatches === 1 ? 'differs' : 'differ'} from the prediction (${nameList(names)})${unexplained ? `, ${unexplained} unexplained` : ''}`,
    );
  }
  const tuned = r.nodes.filter((n) => (n.tuning?.mismatches ?? 0) > 0);
  if (tuned.length > 0) {
    const ids = [
      ...new Set(tuned.flatMap((n) => n.tuning!.checks.filter((c) => c.verdict === 'mismatch').map((c) => c.id))),
    ];
    parts.push(
      `${plural(tuned.length, 'node')} ${tuned.length === 1 ? 'differs' : 'differ'} from the predicted tuning (${ids.join(', ')}: ${nameList(tuned.map((n) => n.name))})`,
    );
  }
  const quirks = r.nodes.filter((n) => (n.tuning?.explained ?? 0) > 0 && (n.tuning?.mismatches ?? 0) === 0);
  if (quirks.length > 0) {
    const ids = [
      ...new Set(quirks.flatMap((n) => n.tuning!.checks.filter((c) => c.verdict === 'explained').map((c) => c.id))),
    ];
    parts.push(
      `${plural(quirks.length, 'node')} ${quirks.length === 1 ? 'shows' : 'show'} an explained tuning difference (${ids.join(', ')}: ${nameList(quirks.map((n) => n.name))})`,
    );
  }
  const dsVersion = snapVersion(r);
  const behind = dsVersion ? r.nodes.filter((n) => n.ciliumVersion && n.ciliumVersion !== dsVersion) : [];
  if (behind.length > 0) {
    const olds = [...new Set(behind.map((n) => n.ciliumVersion))].join(', ');
    parts.push(
      `${plural(behind.length, 'agent')} ${behind.length === 1 ? 'runs' : 'run'} Cilium ${olds} while the DaemonSet has ${dsVersion}: an upgrade or rollback is in progress (each node is predicted for the version it runs)`,
    );
  }
  const notRunning = r.nodes.filter((n) => n.verdict === 'match' && n.reported.hostRouting === null);
  if (notRunning.length > 0)
    parts.push(
      `${plural(notRunning.length, 'agent')} not running, as predicted (${nameList(notRunning.map((n) => n.name))})`,
    );
  if (c.errors > 0) {
    const names = r.nodes.filter((n) => n.verdict === 'error').map((n) => n.name);
    parts.push(`${plural(c.errors, 'node')} could not be checked (${nameList(names)})`);
  }
  return parts.join('; ') + '.';
}

function snapVersion(r: LiveReport): string | null {
  const m = r.ciliumImage ? versionFromImage(r.ciliumImage) : null;
  return m;
}

function modeWord(m: HostRoutingMode): string {
  return m === 'BPF'
    ? 'BPF'
    : m === 'Legacy'
      ? 'legacy'
      : m === 'AgentFails'
        ? 'an agent that fails to start'
        : 'an unknown mode';
}

function compareFile(files: string[], a: Analysis, r: LiveReport): FileComparison {
  const predicted = a.hostRouting.mode;
  const read = r.nodes.filter((n) => n.reported.hostRouting !== null);
  const differing = read.filter((n) => n.reported.hostRouting !== predicted);
  const name = files.length === 1 ? files[0].split(/[\\/]/).pop() : `${files.length} files`;
  let message: string;
  let agrees: boolean;
  if (read.length === 0) {
    message = `${name} predicts ${modeWord(predicted)} host routing; no node of the cluster reported its host routing.`;
    agrees = false;
  } else if (differing.length === 0) {
    message = `${name} predicts ${modeWord(predicted)} host routing, and all ${plural(read.length, 'node')} that reported run ${modeWord(predicted)}.`;
    agrees = true;
  } else {
    const groups = new Map<string, string[]>();
    for (const n of differing) {
      const key = `${n.reported.hostRouting === 'BPF' ? 'BPF' : 'legacy'}|${n.reported.hostRouting === 'Legacy' ? causeOf(n) : ''}`;
      groups.set(key, [...(groups.get(key) ?? []), n.name]);
    }
    const parts = [...groups.entries()].map(([key, names]) => {
      const [mode, cause] = key.split('|');
      return `${mode} on ${num(names.length)} of ${plural(read.length, 'node')}${cause ? ` because ${lowerFirst(cause)}` : ''}`;
    });
    message = `${name} predicts ${modeWord(predicted)} host routing (Cilium ${a.ciliumVersion.evaluated}); the cluster runs ${parts.join(', and ')}.`;
    const running = r.ciliumVersions;
    if (running.length > 0 && !running.some((v) => v.startsWith(a.ciliumVersion.line + '.'))) {
      message += ` The cluster runs Cilium ${running.join(', ')}: set the file's version (modeline \`# cilium-datapath: version=${running[0]}\`) to compare like with like.`;
    }
    agrees = false;
  }
  return { files, predicted, summary: a.hostRouting.summary, message, agrees };
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) && !/^BPF/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}
