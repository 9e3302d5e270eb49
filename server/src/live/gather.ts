/**
 * Gathers what the live check needs with the user's kubectl: the agent pods and their nodes, each
 * node's kernel and OS, the DaemonSet image, the cilium-config ConfigMap, CiliumNodeConfig objects,
 * each agent's status (`cilium-dbg status -o json`, falling back to `cilium status`, and to text
 * output) and the agent log lines that explain a fallback. Read-only: get, list, logs, and exec of
 * status commands only. Calls run in parallel with a bound, each under a deadline; a failure on one
 * node leaves the others' results intact.
 */
import { parseStatus, extractHostRoutingFallbacks, extractStartupFlags, versionFromImage, atLeast, parseCiliumVersion, type AgentStatus, type ClusterSnapshot, type LabelSelector, type LiveNode, type LivePod, type LiveProblem, type NodeConfigOverride, type NodeObservation, type StatusCommand } from '../core';
import { quoteForDisplay, validObjectName, validSelector, type KubectlResult, type KubectlRunner } from './kubectl';
import { classify } from './classify';

export interface GatherOptions {
  kubectl: KubectlRunner;
  namespace?: string;
  agentSelector?: string;
  /** deadline of each call, ms (default 20 s) */
  timeoutMs?: number;
  /** nodes queried at once (default 4) */
  concurrency?: number;
  /** bytes of agent log read from the start of the log (default 2 MiB) */
  logBytes?: number;
  signal?: AbortSignal;
  onProgress?: (message: string, done: number, total: number) => void;
}

const AGENT_CONTAINER = 'cilium-agent';

interface Json {
  [k: string]: unknown;
}

function obj(x: unknown): Json {
  return x && typeof x === 'object' && !Array.isArray(x) ? (x as Json) : {};
}
function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}
function str(x: unknown): string | null {
  return typeof x === 'string' ? x : null;
}
function strMap(x: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(x))) if (v !== null && v !== undefined) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/** Newest managedFields time, else the creation time. */
function lastChange(meta: Json): string | null {
  const times = arr(meta.managedFields).map((m) => str(obj(m).time)).filter((t): t is string => !!t);
  const created = str(meta.creationTimestamp);
  if (created) times.push(created);
  if (times.length === 0) return null;
  return times.sort((a, b) => Date.parse(a) - Date.parse(b))[times.length - 1];
}

export function podFromJson(p: unknown): LivePod | null {
  const o = obj(p);
  const meta = obj(o.metadata);
  const spec = obj(o.spec);
  const status = obj(o.status);
  const name = str(meta.name);
  if (!name) return null;
  const containers = arr(spec.containers).map(obj);
  const agent = containers.find((c) => c.name === AGENT_CONTAINER) ?? containers[0] ?? {};
  const cs = arr(status.containerStatuses).map(obj).find((c) => c.name === (agent.name ?? AGENT_CONTAINER)) ?? {};
  const state = obj(cs.state);
  const image = str(agent.image) ?? str(cs.image);
  return {
    name,
    nodeName: str(spec.nodeName) ?? '',
    image,
    imageVersion: versionFromImage(image),
    phase: str(status.phase),
    running: state.running !== undefined,
    ready: cs.ready === true,
    waitingReason: str(obj(state.waiting).reason) ?? (state.terminated !== undefined ? str(obj(state.terminated).reason) ?? 'Terminated' : null),
    startedAt: str(obj(state.running).startedAt),
    restarts: typeof cs.restartCount === 'number' ? cs.restartCount : 0,
  };
}

export function nodeFromJson(n: unknown): LiveNode | null {
  const o = obj(n);
  const meta = obj(o.metadata);
  const name = str(meta.name);
  if (!name) return null;
  const info = obj(obj(o.status).nodeInfo);
  return { name, kernel: str(info.kernelVersion), osImage: str(info.osImage), labels: strMap(meta.labels) };
}

export function nodeConfigFromJson(c: unknown, apiVersion: string): NodeConfigOverride | null {
  const o = obj(c);
  const meta = obj(o.metadata);
  const name = str(meta.name);
  if (!name) return null;
  const spec = obj(o.spec);
  const sel = spec.nodeSelector;
  let nodeSelector: LabelSelector | null = null;
  if (sel && typeof sel === 'object') {
    const s = obj(sel);
    nodeSelector = {
      matchLabels: strMap(s.matchLabels),
      matchExpressions: arr(s.matchExpressions).map((e) => {
        const x = obj(e);
        return { key: str(x.key) ?? '', operator: str(x.operator) ?? '', values: arr(x.values).map(String) };
      }),
    };
  }
  return { name, apiVersion: str(o.apiVersion) ?? apiVersion, nodeSelector, defaults: strMap(spec.defaults), lastChange: lastChange(meta) };
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function gatherCluster(o: GatherOptions): Promise<ClusterSnapshot> {
  const ns = o.namespace ?? 'kube-system';
  const selector = o.agentSelector ?? 'k8s-app=cilium';
  const timeoutMs = o.timeoutMs ?? 20_000;
  const k = o.kubectl;
  const snap: ClusterSnapshot = {
    context: null,
    namespace: ns,
    agentSelector: selector,
    kubernetesVersion: null,
    daemonSet: null,
    configMap: null,
    nodeConfigs: [],
    nodes: [],
    problems: [],
    fatal: null,
    calls: k.calls,
  };
  if (!validObjectName(ns)) {
    snap.fatal = { kind: 'invalid-name', message: `"${ns}" is not a valid namespace name.` };
    return snap;
  }
  if (!validSelector(selector)) {
    snap.fatal = { kind: 'invalid-name', message: `"${selector}" is not a valid label selector.` };
    return snap;
  }
  const requestTimeout = `--request-timeout=${Math.max(1, Math.ceil(timeoutMs / 1000))}s`;
  const call = async (what: string, args: string[], extra: { node?: string; maxBytes?: number } = {}): Promise<{ r: KubectlResult; problem: LiveProblem | null }> => {
    const r = await k.run(args, { timeoutMs, signal: o.signal, maxBytes: extra.maxBytes });
    return { r, problem: r.ok ? null : classify(r, { what, call: `kubectl ${quoteForDisplay(args)}`, node: extra.node, timeoutMs, kubectl: k.description }) };
  };
  const progress = (m: string, d: number, t: number) => o.onProgress?.(m, d, t);

  // The context (read locally from the kubeconfig).
  progress('Reading the current context', 0, 1);
  const ctx = await call('read the current context', ['config', 'current-context']);
  if (ctx.problem && (ctx.problem.kind === 'kubectl-not-found' || ctx.problem.kind === 'cancelled')) {
    snap.fatal = ctx.problem;
    return snap;
  }
  if (ctx.problem) {
    snap.fatal = {
      ...ctx.problem,
      kind: 'no-context',
      message: `kubectl has no current context${ctx.r.stderr.trim() ? ` (${ctx.r.stderr.trim().split('\n')[0]})` : ''}.`,
      hint: 'Choose one with kubectl config use-context NAME, or point KUBECONFIG at a kubeconfig file.',
    };
    return snap;
  }
  snap.context = ctx.r.stdout.trim() || null;

  // Reachability and version first: a cheap call that fails fast and clearly.
  progress('Contacting the API server', 0, 1);
  const ver = await call('read the server version', ['get', '--raw', '/version', requestTimeout]);
  if (ver.problem) {
    snap.fatal = ver.problem.kind === 'kubectl-failed' || ver.problem.kind === 'not-found' ? { ...ver.problem, kind: 'unreachable' } : ver.problem;
    return snap;
  }
  snap.kubernetesVersion = str(obj(parseJson(ver.r.stdout)).gitVersion);

  progress('Listing Cilium agents, nodes and configuration', 0, 1);
  const [pods, nodes, ds, cm, cncV2, cncV2a1] = await Promise.all([
    call('list the Cilium agent pods', ['get', 'pods', '-n', ns, '-l', selector, '-o', 'json', requestTimeout]),
    call('list the nodes', ['get', 'nodes', '-o', 'json', requestTimeout]),
    call('read the cilium DaemonSet', ['get', 'daemonset', 'cilium', '-n', ns, '-o', 'json', requestTimeout]),
    call('read the cilium-config ConfigMap', ['get', 'configmap', 'cilium-config', '-n', ns, '-o', 'json', requestTimeout]),
    call('list CiliumNodeConfigs (cilium.io/v2)', ['get', 'ciliumnodeconfigs.v2.cilium.io', '-n', ns, '-o', 'json', requestTimeout]),
    call('list CiliumNodeConfigs (cilium.io/v2alpha1)', ['get', 'ciliumnodeconfigs.v2alpha1.cilium.io', '-n', ns, '-o', 'json', requestTimeout]),
  ]);
  if (pods.problem) {
    snap.fatal = pods.problem;
    return snap;
  }
  const podList = arr(obj(parseJson(pods.r.stdout)).items).map(podFromJson).filter((p): p is LivePod => p !== null);
  if (podList.length === 0) {
    snap.fatal = {
      kind: 'no-cilium-pods',
      message: `No Cilium agent pods match "${selector}" in namespace ${ns}${ds.problem?.kind === 'not-found' ? ', and there is no cilium DaemonSet there' : ''}.`,
      hint: 'Is Cilium installed in another namespace, or with other labels? Set ciliumDatapath.live.namespace / agentSelector (CLI: --namespace, --selector).',
    };
    return snap;
  }

  const nodeMap = new Map<string, LiveNode>();
  if (nodes.problem) snap.problems.push({ ...nodes.problem, message: `${nodes.problem.message} Kernels are unknown; 5.10 or newer is assumed.` });
  else for (const n of arr(obj(parseJson(nodes.r.stdout)).items).map(nodeFromJson)) if (n) nodeMap.set(n.name, n);

  if (ds.problem) {
    if (ds.problem.kind !== 'not-found') snap.problems.push(ds.problem);
  } else {
    const d = obj(parseJson(ds.r.stdout));
    const containers = arr(obj(obj(obj(obj(d.spec).template).spec)).containers).map(obj);
    const agent = containers.find((c) => c.name === AGENT_CONTAINER) ?? containers[0] ?? {};
    const st = obj(d.status);
    snap.daemonSet = {
      name: str(obj(d.metadata).name) ?? 'cilium',
      image: str(agent.image),
      imageVersion: versionFromImage(str(agent.image)),
      desired: typeof st.desiredNumberScheduled === 'number' ? st.desiredNumberScheduled : null,
      ready: typeof st.numberReady === 'number' ? st.numberReady : null,
    };
  }

  if (cm.problem) {
    snap.problems.push({
      ...cm.problem,
      kind: cm.problem.kind === 'not-found' ? 'no-configmap' : cm.problem.kind,
      message: `${cm.problem.message} Without it there is no prediction to compare with.`,
    });
  } else {
    const c = obj(parseJson(cm.r.stdout));
    snap.configMap = { name: 'cilium-config', data: strMap(c.data), lastChange: lastChange(obj(c.metadata)) };
  }

  for (const [res, apiVersion] of [
    [cncV2, 'cilium.io/v2'],
    [cncV2a1, 'cilium.io/v2alpha1'],
  ] as const) {
    if (res.problem) {
      // The resource type is missing on clusters whose Cilium predates it: not a problem.
      if (res.problem.kind !== 'not-found') snap.problems.push(res.problem);
      continue;
    }
    for (const c of arr(obj(parseJson(res.r.stdout)).items)) {
      const n = nodeConfigFromJson(c, apiVersion);
      if (n) snap.nodeConfigs.push(n);
    }
  }

  // Per node: status and log, bounded parallelism.
  let done = 0;
  let execForbidden: LiveProblem | null = null;
  let logsForbidden: LiveProblem | null = null;
  const sorted = [...podList].sort((a, b) => (a.nodeName || a.name).localeCompare(b.nodeName || b.name));
  snap.nodes = await pool(sorted, o.concurrency ?? 4, async (pod) => {
    const nodeName = pod.nodeName || `(unscheduled ${pod.name})`;
    const obs: NodeObservation = { name: nodeName, node: nodeMap.get(pod.nodeName) ?? null, pod, status: null, statusCommand: null, fallbackLog: [], logRead: false, problems: [] };
    if (!obs.node && !nodes.problem) obs.problems.push({ kind: 'not-found', node: nodeName, message: `Node ${nodeName} was not found; its kernel is unknown.` });
    if (!validObjectName(pod.name)) {
      obs.problems.push({ kind: 'invalid-name', node: nodeName, message: `Pod name "${pod.name}" is not a valid name; it was not queried.` });
    } else if (!pod.running) {
      obs.problems.push({
        kind: 'agent-not-running',
        node: nodeName,
        message: `The agent container of ${pod.name} is not running (${pod.waitingReason ?? pod.phase ?? 'unknown state'}${pod.restarts ? `, ${pod.restarts} restarts` : ''}).`,
        hint: `See why: kubectl -n ${ns} logs ${pod.name} -c ${AGENT_CONTAINER} --previous`,
      });
    } else if (!o.signal?.aborted) {
      const [st, lg] = await Promise.all([
        execForbidden ? Promise.resolve({ problem: execForbidden }) : readStatus(pod, nodeName),
        logsForbidden
          ? Promise.resolve({ problem: logsForbidden, text: null })
          : call(`read the agent log of ${pod.name}`, ['logs', '-n', ns, pod.name, '-c', AGENT_CONTAINER, `--limit-bytes=${o.logBytes ?? 2 * 1024 * 1024}`, requestTimeout], {
              node: nodeName,
              maxBytes: (o.logBytes ?? 2 * 1024 * 1024) + 1024,
            }).then((x) => ({ problem: x.problem, text: x.problem ? null : x.r.stdout })),
      ]);
      if ('status' in st && st.status) {
        obs.status = st.status;
        obs.statusCommand = st.command ?? null;
      }
      if (st.problem) {
        obs.problems.push({ ...st.problem, node: nodeName });
        if (st.problem.kind === 'forbidden') execForbidden = st.problem;
      }
      if (lg.problem) {
        obs.problems.push({ ...lg.problem, node: nodeName, message: `${lg.problem.message} (the log only adds the agent's own reason)` });
        if (lg.problem.kind === 'forbidden') logsForbidden = lg.problem;
      } else if (lg.text !== null) {
        obs.logRead = true;
        obs.fallbackLog = extractHostRoutingFallbacks(lg.text, { maxResults: 20 });
        obs.startupFlags = extractStartupFlags(lg.text);
      }
    }
    done++;
    progress(`Queried ${done} of ${sorted.length} agents`, done, sorted.length);
    return obs;
  });
  if (o.signal?.aborted) snap.problems.push({ kind: 'cancelled', message: 'Cancelled: the report is partial.' });
  return snap;

  async function readStatus(pod: LivePod, nodeName: string): Promise<{ status?: AgentStatus; command?: StatusCommand; problem: LiveProblem | null }> {
    const v = pod.imageVersion ? parseCiliumVersion(pod.imageVersion) : null;
    const old = v && v.ok && !atLeast(v.value, '1.15.0');
    // cilium-dbg exists from 1.15; older images only have `cilium`.
    const order: StatusCommand[] = old
      ? ['cilium status -o json', 'cilium status']
      : ['cilium-dbg status -o json', 'cilium status -o json', 'cilium-dbg status', 'cilium status'];
    let lastProblem: LiveProblem | null = null;
    const missing = new Set<string>();
    for (const command of order) {
      const binary = command.split(' ')[0];
      if (missing.has(binary)) continue;
      const args = ['exec', '-n', ns, pod.name, '-c', AGENT_CONTAINER, '--', ...command.split(' ')];
      const res = await call(`run ${command} in ${pod.name}`, args, { node: nodeName });
      if (res.problem) {
        if (res.problem.kind === 'no-cilium-dbg' || (res.r.code === 126 || res.r.code === 127)) {
          missing.add(binary);
          lastProblem = { ...res.problem, kind: 'no-cilium-dbg', message: `${binary} is not in the agent image of ${pod.name}${binary === 'cilium-dbg' ? ' (it exists from Cilium 1.15)' : ''}.` };
          continue;
        }
        // forbidden, timeout, cancelled, unreachable, not running: another command will not help
        if (['forbidden', 'timeout', 'cancelled', 'unreachable', 'agent-not-running', 'unauthorized'].includes(res.problem.kind)) return { problem: res.problem };
        lastProblem = res.problem;
        continue;
      }
      const parsed = parseStatus(res.r.stdout);
      if (parsed.ok && (parsed.status.hostRouting !== undefined || !command.endsWith('json'))) return { status: parsed.status, command, problem: null };
      lastProblem = {
        kind: 'unparsable-output',
        node: nodeName,
        call: `kubectl ${quoteForDisplay(args)}`,
        message: `The output of ${command} in ${pod.name} could not be read${parsed.ok ? ' (no host-routing field)' : `: ${parsed.error}`}.`,
      };
    }
    return { problem: lastProblem ?? { kind: 'exec-failed', node: nodeName, message: `No status command worked in ${pod.name}.` } };
  }
}
