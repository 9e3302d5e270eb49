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
import { overridesFor, predictNode, versionFromImage } from './predict';
import type { ClusterSnapshot, FileComparison, LiveProblem, LiveReport, NodeObservation, NodeResult } from './types';

const FALLBACK_TAIL = / ?Falling back to legacy host routing.*$/;

export function buildReport(snap: ClusterSnapshot, file?: { files: string[]; analysis: Analysis }): LiveReport {
  const nodes = snap.nodes.map((n) => nodeResult(snap, n));
  const counts = {
    nodes: nodes.length,
    bpf: nodes.filter((n) => n.reported.hostRouting === 'BPF').length,
    legacy: nodes.filter((n) => n.reported.hostRouting === 'Legacy').length,
    unknown: nodes.filter((n) => n.reported.hostRouting === null).length,
    mismatches: nodes.filter((n) => n.verdict === 'explained' || n.verdict === 'unexplained').length,
    errors: nodes.filter((n) => n.verdict === 'error').length,
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
    nodes,
    problems: snap.problems,
    fatal: snap.fatal,
    fileComparison: null,
    calls: snap.calls,
    ok: false,
  };
  report.summary = summarise(report);
  report.ok = !snap.fatal && nodes.length > 0 && nodes.every((n) => n.match && n.verdict !== 'error');
  if (file) report.fileComparison = compareFile(file.files, file.analysis, report);
  return report;
}

function nodeResult(snap: ClusterSnapshot, obs: NodeObservation): NodeResult {
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
      routing: status?.networkRouting ? `${status.networkRouting}${status.tunnelProtocol ? ` [${status.tunnelProtocol}]` : ''}` : null,
      via: obs.statusCommand,
    },
    predicted: { hostRouting: 'Unknown', summary: 'no prediction', rule: null, agentLog: null, overrides },
    logged,
    reasons: [],
    match: false,
    verdict: 'error',
    explanation: null,
    problems,
  };

  if (!snap.configMap) {
    result.predicted.summary = 'no prediction: the cilium-config ConfigMap could not be read';
  } else {
    const p = predictNode({ namespace: snap.namespace, configMap: snap.configMap.data, overrides, version, kernel });
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
    problems.push({ kind: 'unparsable-output', node: obs.name, message: `The status output of ${obs.pod.name} has no host-routing line (${obs.statusCommand}).` });
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
      result.explanation = 'Matches; the expected fallback line was not found in the part of the agent log that was read.';
    }
    return result;
  }

  // A mismatch: look for what explains it.
  const started = obs.pod.startedAt ? Date.parse(obs.pod.startedAt) : NaN;
  const changes: Array<{ what: string; at: string }> = [];
  if (snap.configMap?.lastChange) changes.push({ what: 'the cilium-config ConfigMap', at: snap.configMap.lastChange });
  for (const c of snap.nodeConfigs) {
    if (c.lastChange && overrides.some((o) => o.from.includes(`/${c.name} `))) changes.push({ what: `CiliumNodeConfig ${c.name}`, at: c.lastChange });
  }
  const later = changes.filter((c) => !Number.isNaN(started) && Date.parse(c.at) > started);
  if (later.length > 0) {
    result.verdict = 'explained';
    result.explanation =
      `The agent started at ${obs.pod.startedAt}, before ${later.map((c) => `${c.what} changed (${c.at})`).join(' and ')}: ` +
      `it still runs the configuration it read at start. Restart it to apply the change: kubectl -n ${snap.namespace} delete pod ${obs.pod.name}`;
    return result;
  }
  // The agent's start-up flag dump: the configuration it really runs.
  if (obs.startupFlags && snap.configMap) {
    const current: Record<string, string> = { ...snap.configMap.data };
    for (const o of overrides) current[o.key] = o.value;
    const started = predictNode({ namespace: snap.namespace, configMap: { ...current, ...obs.startupFlags }, overrides: [], version, kernel });
    if (started.ok && started.analysis.hostRouting.mode === reported) {
      const keys = new Set(started.analysis.effectiveConfig.map((e) => e.key));
      const flags = obs.startupFlags;
      const diffs = [...keys].filter((k) => k in flags && flags[k] !== (current[k] ?? ''));
      // The options that alone turn today's prediction into what the node runs; else those the ConfigMap changed.
      const alone = diffs.filter((k) => {
        const p = predictNode({ namespace: snap.namespace, configMap: { ...current, [k]: flags[k] }, overrides: [], version, kernel });
        return p.ok && p.analysis.hostRouting.mode === reported;
      });
      const shown = alone.length ? alone : diffs.filter((k) => k in current);
      const what = shown.length
        ? shown.map((k) => `${k}='${flags[k]}' (now ${k in current ? `"${current[k]}"` : 'not in the ConfigMap'})`).join(', ')
        : 'options that differ from the current configuration';
      result.verdict = 'explained';
      result.explanation =
        `The agent started with ${what}, as its start-up log shows: it still runs the configuration it read then, which gives ${reported}. ` +
        `Restart it to apply the current one: kubectl -n ${snap.namespace} delete pod ${obs.pod.name}`;
      return result;
    }
  }
  if (reported === 'Legacy' && logged.length > 0) {
    result.verdict = 'explained';
    result.explanation = `The agent logged why: "${logged[0]}" — the configuration, kernel and version read from the cluster do not lead there, so the prediction misses a condition of this node.`;
    return result;
  }
  result.verdict = 'unexplained';
  result.explanation =
    `The node reports ${reported} host routing, but the configuration, kernel ${kernel ?? 'unknown'} and Cilium ${version ?? 'unknown'} predict ${predicted}` +
    (reported === 'Legacy' ? (obs.logRead ? ', and the agent log has no fallback line.' : ' (the agent log could not be read).') : '.');
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
  if (n.verdict === 'explained' && n.explanation?.startsWith('The agent started with')) return 'the agent still runs the configuration it started with';
  if (n.logged.length > 0) return n.logged[0].replace(FALLBACK_TAIL, '');
  if (n.match && n.predicted.agentLog) return n.predicted.agentLog.replace(FALLBACK_TAIL, '');
  if (n.match && n.predicted.rule) return n.predicted.summary.replace(/^\S+ on Cilium \S+ — /, '');
  return 'not explained';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summarise(r: LiveReport): string {
  if (r.fatal) return r.fatal.message;
  const c = r.counts;
  if (c.nodes === 0) return r.problems[0]?.message ?? 'No Cilium agent pods found.';
  const parts: string[] = [];
  const legacy = r.nodes.filter((n) => n.reported.hostRouting === 'Legacy');
  if (legacy.length === 0 && c.bpf > 0) {
    parts.push(c.bpf === c.nodes ? `All ${plural(c.nodes, 'node')} run BPF host routing` : `${c.bpf} of ${plural(c.nodes, 'node')} run BPF host routing`);
  } else if (legacy.length > 0) {
    const groups = new Map<string, number>();
    for (const n of legacy) groups.set(causeOf(n), (groups.get(causeOf(n)) ?? 0) + 1);
    const causes = [...groups.entries()].map(([cause, k]) => (groups.size > 1 ? `${cause.replace(/\.$/, '')} (${k})` : cause.replace(/\.$/, ''))).join('; ');
    const head = legacy.length === c.nodes ? `All ${plural(c.nodes, 'node')} run legacy host routing` : `${legacy.length} of ${plural(c.nodes, 'node')} run legacy host routing`;
    parts.push(`${head}: ${causes}`);
  }
  if (c.mismatches > 0) {
    const names = r.nodes.filter((n) => n.verdict === 'explained' || n.verdict === 'unexplained').map((n) => n.name);
    const unexplained = r.nodes.filter((n) => n.verdict === 'unexplained').length;
    parts.push(`${plural(c.mismatches, 'node')} ${c.mismatches === 1 ? 'differs' : 'differ'} from the prediction (${names.join(', ')})${unexplained ? `, ${unexplained} unexplained` : ''}`);
  }
  const dsVersion = snapVersion(r);
  const behind = dsVersion ? r.nodes.filter((n) => n.ciliumVersion && n.ciliumVersion !== dsVersion) : [];
  if (behind.length > 0) {
    const olds = [...new Set(behind.map((n) => n.ciliumVersion))].join(', ');
    parts.push(`${plural(behind.length, 'agent')} ${behind.length === 1 ? 'runs' : 'run'} Cilium ${olds} while the DaemonSet has ${dsVersion}: an upgrade or rollback is in progress (each node is predicted for the version it runs)`);
  }
  const notRunning = r.nodes.filter((n) => n.verdict === 'match' && n.reported.hostRouting === null);
  if (notRunning.length > 0) parts.push(`${plural(notRunning.length, 'agent')} not running, as predicted (${notRunning.map((n) => n.name).join(', ')})`);
  if (c.errors > 0) {
    const names = r.nodes.filter((n) => n.verdict === 'error').map((n) => n.name);
    parts.push(`${plural(c.errors, 'node')} could not be checked (${names.join(', ')})`);
  }
  return parts.join('; ') + '.';
}

function snapVersion(r: LiveReport): string | null {
  const m = r.ciliumImage ? versionFromImage(r.ciliumImage) : null;
  return m;
}

function modeWord(m: HostRoutingMode): string {
  return m === 'BPF' ? 'BPF' : m === 'Legacy' ? 'legacy' : m === 'AgentFails' ? 'an agent that fails to start' : 'an unknown mode';
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
      return `${mode} on ${names.length} of ${plural(read.length, 'node')}${cause ? ` because ${lowerFirst(cause)}` : ''}`;
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
