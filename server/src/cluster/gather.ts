/**
 * Gathers what the live check needs with the user's kubectl, in as few processes as the cluster's
 * shape allows:
 *
 * 1. from the API alone, one call per resource (lists paged with `limit`/`continue`, read raw so
 *    that kubectl does not re-encode thousands of objects): the agent pods and their nodes (kernel,
 *    OS, labels), the DaemonSet image, cilium-config, the CiliumNodeConfig objects;
 * 2. nodes grouped by everything the verdict depends on (core/live/groups), and one agent per group
 *    asked (`cilium-dbg status -o json`, falling back to `cilium status` and to text output, and
 *    its log for the fallback line), plus every agent whose state may differ from its group's (not
 *    ready, restarted recently, started before its configuration last changed, named by the user);
 * 3. a group whose asked agent differs from the prediction has all its agents asked; a sample that
 *    could not be read is replaced by another member.
 *
 * Read-only: get, list, logs, and exec of status commands only. One deadline bounds the whole
 * check (`timeoutMs`); what was read before it passed is kept.
 */
import {
  atLeast,
  buildReport,
  extractHostRoutingFallbacks,
  extractStartupFlags,
  groupNodes,
  isOddReason,
  nodeFacts,
  parseCiliumVersion,
  parseStatus,
  parseTuningStatus,
  planChecks,
  versionFromImage,
  type AgentStatus,
  type ClusterSnapshot,
  type LabelSelector,
  type LiveNode,
  type LivePod,
  type LiveProblem,
  type NodeConfigOverride,
  type NodeFacts,
  type NodeObservation,
  type StatusCommand,
  type TuningStatus,
} from '../core';
import {
  quoteForDisplay,
  validArgValue,
  validObjectName,
  validSelector,
  type KubectlResult,
  type KubectlRunner,
} from './kubectl';
import { cap, classify, cleanLine } from './classify';

export interface GatherOptions {
  kubectl: KubectlRunner;
  namespace?: string;
  agentSelector?: string;
  /** deadline of the whole check, ms (default 60 s): what the user waits at most */
  timeoutMs?: number;
  /** agents queried at once (default 4) */
  concurrency?: number;
  /** page size of the pod and node lists (default 500, as kubectl's --chunk-size); 0: one page */
  chunkSize?: number;
  /** agents asked per group (default 1) */
  sample?: number;
  /** ask every agent */
  all?: boolean;
  /** node-name globs: these nodes' agents are asked themselves */
  nodeFilter?: string[];
  /** now, for "restarted recently" (tests) */
  now?: number;
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
  for (const [k, v] of Object.entries(obj(x)))
    if (v !== null && v !== undefined) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/** Newest managedFields time, else the creation time. */
function lastChange(meta: Json): string | null {
  const times = arr(meta.managedFields)
    .map((m) => str(obj(m).time))
    .filter((t): t is string => !!t);
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
  const cs =
    arr(status.containerStatuses)
      .map(obj)
      .find((c) => c.name === (agent.name ?? AGENT_CONTAINER)) ?? {};
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
    waitingReason:
      str(obj(state.waiting).reason) ??
      (state.terminated !== undefined ? (str(obj(state.terminated).reason) ?? 'Terminated') : null),
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
  return {
    name,
    apiVersion: str(o.apiVersion) ?? apiVersion,
    nodeSelector,
    defaults: strMap(spec.defaults),
    lastChange: lastChange(meta),
  };
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

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_CHUNK_SIZE = 500;
/** rounds of asking more agents (replacement samples, whole groups after a mismatch) */
const MAX_ROUNDS = 3;
/** failures of one agent that another member of its group may not have */
const LOCAL_FAILURES = new Set([
  'unparsable-output',
  'exec-failed',
  'no-cilium-dbg',
  'kubectl-failed',
  'not-found',
  'agent-not-running',
  'invalid-name',
]);

interface CallResult {
  r: KubectlResult;
  problem: LiveProblem | null;
}

export async function gatherCluster(o: GatherOptions): Promise<ClusterSnapshot> {
  const ns = o.namespace ?? 'kube-system';
  const selector = o.agentSelector ?? 'k8s-app=cilium';
  const totalMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + totalMs;
  const chunk = Math.max(0, Math.floor(o.chunkSize ?? DEFAULT_CHUNK_SIZE));
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
    sampling: { perGroup: o.all ? 0 : Math.max(1, o.sample ?? 1), all: !!o.all, nodeFilter: o.nodeFilter ?? [] },
    deadline: { ms: totalMs, passed: false },
  };
  if (!validObjectName(ns)) {
    snap.fatal = { kind: 'invalid-name', message: `"${cap(ns, 80)}" is not a valid namespace name.` };
    return snap;
  }
  if (!validSelector(selector)) {
    snap.fatal = { kind: 'invalid-name', message: `"${cap(selector, 80)}" is not a valid label selector.` };
    return snap;
  }
  const remaining = () => deadline - Date.now();
  const requestTimeout = () => `--request-timeout=${Math.max(1, Math.ceil(remaining() / 1000))}s`;
  const call = async (
    what: string,
    args: string[],
    extra: { node?: string; maxBytes?: number; local?: boolean } = {},
  ): Promise<CallResult> => {
    const left = remaining();
    const display = `kubectl ${quoteForDisplay(args)}`;
    if (left <= 0) {
      snap.deadline!.passed = true;
      return {
        r: {
          ok: false,
          code: null,
          stdout: '',
          stderr: '',
          timedOut: true,
          cancelled: false,
          spawnError: null,
          truncated: false,
          ms: 0,
        },
        problem: {
          kind: 'deadline',
          call: display,
          ...(extra.node ? { node: extra.node } : {}),
          message: `Not read: the check's deadline (${Math.round(totalMs / 1000)} s) passed before it was time to ${what}.`,
          hint: 'Raise ciliumDatapath.live.timeoutSeconds (CLI: --timeout), or ask fewer agents.',
        },
      };
    }
    const r = await k.run(args, { timeoutMs: left, signal: o.signal, maxBytes: extra.maxBytes });
    if (r.timedOut) snap.deadline!.passed = true;
    return {
      r,
      problem: r.ok
        ? null
        : classify(r, {
            what,
            call: display,
            node: extra.node,
            timeoutMs: left,
            kubectl: k.description,
            local: extra.local,
            ...(extra.local ? {} : { deadlineMs: totalMs }),
          }),
    };
  };
  const progress = (m: string, d: number, t: number) => o.onProgress?.(m, d, t);

  /** A JSON answer, or a `bad-response` problem that says so in our words (the raw start with --verbose). */
  const json = (res: CallResult, what: string): { value: Json } | { problem: LiveProblem } => {
    const text = res.r.stdout;
    const v = parseJson(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return { value: v as Json };
    return {
      problem: {
        kind: 'bad-response',
        call: res.problem?.call,
        message: `The API server's answer to "${what}" is not ${text.trim() ? 'JSON' : 'anything'}${res.r.truncated ? ' (it was cut at the size limit)' : ''}: is the context's server address a Kubernetes API server?`,
        hint: 'Check the server address of this context (kubectl config view --minify); the start of the answer is shown with --verbose.',
        detail: cap(JSON.stringify(text.slice(0, 200)), 240),
      },
    };
  };

  /** A list read raw, page by page (`limit` + `continue`), so kubectl passes the JSON through untouched. */
  const list = async (
    what: string,
    path: string,
    query: Record<string, string>,
    plain: string[],
  ): Promise<{ items: unknown[]; problem: LiveProblem | null }> => {
    if (k.shellSafeArgumentsOnly) {
      // kubectl pages itself (--chunk-size) and re-encodes the objects: slower, but no `?` or `&`
      const res = await call(what, ['get', ...plain, '-o', 'json', `--chunk-size=${chunk}`, requestTimeout()], {
        maxBytes: 512 * 1024 * 1024,
      });
      if (res.problem) return { items: [], problem: res.problem };
      const j = json(res, what);
      return 'problem' in j ? { items: [], problem: j.problem } : { items: arr(j.value.items), problem: null };
    }
    const items: unknown[] = [];
    let token: string | null = null;
    for (let page = 0; page < 10_000; page++) {
      const q = new URLSearchParams(query);
      if (chunk > 0) q.set('limit', String(chunk));
      if (token) q.set('continue', token);
      const qs = q.toString();
      const res = await call(what, ['get', '--raw', `${path}${qs ? `?${qs}` : ''}`, requestTimeout()], {
        maxBytes: 256 * 1024 * 1024,
      });
      if (res.problem) return { items, problem: res.problem };
      const j = json(res, what);
      if ('problem' in j) return { items, problem: j.problem };
      items.push(...arr(j.value.items));
      token = str(obj(j.value.metadata).continue);
      if (!token) return { items, problem: null };
    }
    return { items, problem: null };
  };

  // Everything that comes from the API alone, at once.
  progress('Reading the context, the agents, the nodes and the configuration', 0, 1);
  const [ctx, ver, pods, nodes, dsCm, cnc] = await Promise.all([
    call('read the current context', ['config', 'current-context'], { local: true }),
    call('read the server version', ['get', '--raw', '/version', requestTimeout()]),
    list('list the Cilium agent pods', `/api/v1/namespaces/${ns}/pods`, { labelSelector: selector }, [
      'pods',
      '-n',
      ns,
      '-l',
      selector,
    ]),
    list('list the nodes', '/api/v1/nodes', {}, ['nodes']),
    call('read the cilium DaemonSet and the cilium-config ConfigMap', [
      'get',
      'daemonset/cilium',
      'configmap/cilium-config',
      '-n',
      ns,
      '-o',
      'json',
      '--show-managed-fields',
      requestTimeout(),
    ]),
    call('list CiliumNodeConfigs', [
      'get',
      'ciliumnodeconfigs.cilium.io',
      '-n',
      ns,
      '-o',
      'json',
      '--show-managed-fields',
      requestTimeout(),
    ]),
  ]);
  // A kubectl wrapper may print the context and then hang on the cluster: the name is what we asked for.
  const ctxName = ctx.r.stdout.trim().split('\n')[0]?.trim() ?? '';
  if (ctx.problem && ctx.r.timedOut && ctxName && validArgValue(ctxName) && ver.problem) ctx.problem = null;
  if (ctx.problem) {
    if (
      ctx.problem.kind === 'kubectl-not-found' ||
      ctx.problem.kind === 'cancelled' ||
      ctx.problem.kind === 'timeout' ||
      ctx.problem.kind === 'credentials-needed'
    ) {
      snap.fatal = ctx.problem;
    } else {
      snap.fatal = {
        ...ctx.problem,
        kind: 'no-context',
        message: `kubectl has no current context${ctx.r.stderr.trim() ? ` (${cap(cleanLine(ctx.r.stderr.trim().split('\n')[0]), 160)})` : ''}.`,
        hint: 'Choose one with kubectl config use-context NAME, or point KUBECONFIG at a kubeconfig file.',
      };
    }
    return snap;
  }
  snap.context = ctxName || null;
  if (ver.problem) {
    snap.fatal =
      ver.problem.kind === 'kubectl-failed' || ver.problem.kind === 'not-found'
        ? { ...ver.problem, kind: 'unreachable', message: `The cluster is unreachable: ${ver.problem.message}` }
        : ver.problem;
    return snap;
  }
  const verJson = json(ver, 'read the server version');
  if ('problem' in verJson) {
    snap.fatal = verJson.problem;
    return snap;
  }
  snap.kubernetesVersion = str(verJson.value.gitVersion);
  if (!snap.kubernetesVersion) {
    snap.fatal = {
      kind: 'bad-response',
      call: 'kubectl get --raw /version',
      message:
        "The server answered /version without a Kubernetes version: is the context's server address a Kubernetes API server?",
      detail: cap(JSON.stringify(ver.r.stdout.slice(0, 200)), 240),
    };
    return snap;
  }
  if (pods.problem) {
    snap.fatal = pods.problem;
    return snap;
  }
  const podList = pods.items.map(podFromJson).filter((p): p is LivePod => p !== null);

  // DaemonSet and ConfigMap: one call; kubectl prints what it found and names what it did not.
  const dsCmItems = (() => {
    const v = parseJson(dsCm.r.stdout);
    const o2 = obj(v);
    return o2.kind === 'List' ? arr(o2.items).map(obj) : o2.kind ? [o2] : [];
  })();
  const stderrLines = dsCm.r.stderr.split('\n').map(cleanLine).filter(Boolean);
  const problemFor = (word: RegExp, what: string): LiveProblem | null => {
    if (dsCm.r.ok) return null;
    const lines = stderrLines.filter((l) => word.test(l));
    if (lines.length === 0 && stderrLines.some((l) => /daemonset|configmap/i.test(l))) return null;
    return classify(
      { ...dsCm.r, stderr: (lines.length ? lines : stderrLines).join('\n') },
      { what, call: dsCm.problem?.call ?? '', timeoutMs: totalMs, kubectl: k.description, deadlineMs: totalMs },
    );
  };
  const dsItem = dsCmItems.find((x) => x.kind === 'DaemonSet');
  const cmItem = dsCmItems.find((x) => x.kind === 'ConfigMap');
  const dsProblem = dsItem ? null : problemFor(/daemonset/i, 'read the cilium DaemonSet');
  const cmProblem = cmItem ? null : problemFor(/configmap/i, 'read the cilium-config ConfigMap');

  if (podList.length === 0) {
    snap.fatal = {
      kind: 'no-cilium-pods',
      message: `No Cilium agent pods match "${selector}" in namespace ${ns}${dsProblem?.kind === 'not-found' ? ', and there is no cilium DaemonSet there' : ''}.`,
      hint: 'Is Cilium installed in another namespace, or with other labels? Set ciliumDatapath.live.namespace / agentSelector (CLI: --namespace, --selector).',
    };
    return snap;
  }

  const nodeMap = new Map<string, LiveNode>();
  if (nodes.problem)
    snap.problems.push({
      ...nodes.problem,
      message: `${nodes.problem.message} Kernels are unknown; 5.10 or newer is assumed.`,
    });
  else for (const n of nodes.items.map(nodeFromJson)) if (n) nodeMap.set(n.name, n);

  if (dsItem) {
    const containers = arr(obj(obj(obj(obj(dsItem.spec).template).spec)).containers).map(obj);
    const agent = containers.find((c) => c.name === AGENT_CONTAINER) ?? containers[0] ?? {};
    const st = obj(dsItem.status);
    snap.daemonSet = {
      name: str(obj(dsItem.metadata).name) ?? 'cilium',
      image: str(agent.image),
      imageVersion: versionFromImage(str(agent.image)),
      desired: typeof st.desiredNumberScheduled === 'number' ? st.desiredNumberScheduled : null,
      ready: typeof st.numberReady === 'number' ? st.numberReady : null,
    };
  } else if (dsProblem && dsProblem.kind !== 'not-found') snap.problems.push(dsProblem);

  if (cmItem) {
    snap.configMap = { name: 'cilium-config', data: strMap(cmItem.data), lastChange: lastChange(obj(cmItem.metadata)) };
  } else {
    const p = cmProblem ?? { kind: 'not-found' as const, message: 'The cilium-config ConfigMap was not found.' };
    snap.problems.push({
      ...p,
      kind: p.kind === 'not-found' ? 'no-configmap' : p.kind,
      message: `${p.message} Without it there is no prediction to compare with.`,
    });
  }

  if (cnc.problem) {
    // The resource type is missing on clusters whose Cilium predates it: not a problem.
    if (cnc.problem.kind !== 'not-found') snap.problems.push(cnc.problem);
  } else {
    for (const c of arr(obj(parseJson(cnc.r.stdout)).items)) {
      const n = nodeConfigFromJson(c, 'cilium.io/v2');
      if (n) snap.nodeConfigs.push(n);
    }
  }

  // Groups, and the agents to ask.
  const sorted = [...podList].sort((a, b) => (a.nodeName || a.name).localeCompare(b.nodeName || b.name));
  const factCtx = { namespace: ns, nodeConfigs: snap.nodeConfigs, daemonSetImage: snap.daemonSet?.image ?? null };
  const facts: NodeFacts[] = sorted.map((p) => nodeFacts(p, nodeMap.get(p.nodeName) ?? null, factCtx));
  const groups = groupNodes(facts);
  const plan = planChecks(facts, groups, {
    perGroup: o.sample ?? 1,
    all: o.all,
    nodeFilter: o.nodeFilter,
    now: o.now ?? Date.now(),
    configMapChanged: snap.configMap?.lastChange ?? null,
    nodeConfigs: snap.nodeConfigs,
  });
  snap.nodes = facts.map((f) => {
    const obs: NodeObservation = {
      name: f.name,
      node: f.node,
      pod: f.pod,
      status: null,
      statusCommand: null,
      fallbackLog: [],
      logRead: false,
      problems: [],
      checked: false,
      checkReasons: [],
    };
    if (!f.node && !nodes.problem)
      obs.problems.push({
        kind: 'not-found',
        node: f.name,
        message: `Node ${f.name} was not found; its kernel is unknown.`,
      });
    return obs;
  });
  const byName = new Map(snap.nodes.map((n) => [n.name, n]));

  let execForbidden: LiveProblem | null = null;
  let logsForbidden: LiveProblem | null = null;
  let done = 0;
  let total = 0;
  const ask = async (obs: NodeObservation, reasons: string[]): Promise<void> => {
    obs.checked = true;
    obs.checkReasons = [...(obs.checkReasons ?? []), ...reasons];
    const pod = obs.pod!;
    const nodeName = obs.name;
    if (!validObjectName(pod.name)) {
      obs.problems.push({
        kind: 'invalid-name',
        node: nodeName,
        message: `Pod name "${cap(pod.name, 80)}" is not a valid name; it was not queried.`,
      });
    } else if (!pod.running) {
      obs.problems.push({
        kind: 'agent-not-running',
        node: nodeName,
        message: `The agent container of ${pod.name} is not running (${pod.waitingReason ?? pod.phase ?? 'unknown state'}${pod.restarts ? `, ${pod.restarts} restarts` : ''}).`,
        hint: `See why: kubectl -n ${ns} logs ${pod.name} -c ${AGENT_CONTAINER} --previous`,
      });
    } else if (!o.signal?.aborted) {
      const logBytes = o.logBytes ?? 2 * 1024 * 1024;
      const [st, lg] = await Promise.all([
        execForbidden ? Promise.resolve({ problem: execForbidden }) : readStatus(pod, nodeName),
        logsForbidden
          ? Promise.resolve({ problem: logsForbidden, text: null })
          : call(
              `read the agent log of ${pod.name}`,
              ['logs', '-n', ns, pod.name, '-c', AGENT_CONTAINER, `--limit-bytes=${logBytes}`, requestTimeout()],
              {
                node: nodeName,
                maxBytes: logBytes + 1024,
              },
            ).then((x) => ({ problem: x.problem, text: x.problem ? null : x.r.stdout })),
      ]);
      if ('status' in st && st.status) {
        obs.status = st.status;
        obs.tuning = st.tuning ?? null;
        obs.statusCommand = st.command ?? null;
      }
      if (st.problem) {
        obs.problems.push({ ...st.problem, node: nodeName });
        if (st.problem.kind === 'forbidden') execForbidden = st.problem;
      }
      if (lg.problem) {
        obs.problems.push({
          ...lg.problem,
          node: nodeName,
          message: `${lg.problem.message} (the log only adds the agent's own reason)`,
        });
        if (lg.problem.kind === 'forbidden') logsForbidden = lg.problem;
      } else if (lg.text !== null) {
        obs.logRead = true;
        obs.fallbackLog = extractHostRoutingFallbacks(lg.text, { maxResults: 20 });
        obs.startupFlags = extractStartupFlags(lg.text);
      }
    }
    done++;
    progress(`Asked ${done} of ${total} agents`, done, total);
  };

  let todo = [...plan.entries()].map(([name, reasons]) => ({ obs: byName.get(name)!, reasons })).filter((x) => x.obs);
  for (let round = 0; round < MAX_ROUNDS && todo.length > 0 && !o.signal?.aborted; round++) {
    total += todo.length;
    await pool(todo, o.concurrency ?? 4, (t) => ask(t.obs, t.reasons));
    if (remaining() <= 0) break;
    // What the answers change: a group whose asked agent differs is asked entirely; a sample that
    // could not be read for a reason of its own is replaced by another member.
    const report = buildReport(snap);
    const next = new Map<string, string[]>();
    const memberResults = new Map<string, typeof report.nodes>();
    for (const n of report.nodes) memberResults.set(n.group, [...(memberResults.get(n.group) ?? []), n]);
    for (const g of groups) {
      const members = memberResults.get(g.id) ?? [];
      const asked = members.filter((n) => n.checked);
      const unasked = members.filter((n) => !n.checked);
      if (unasked.length === 0 || asked.length === 0) continue;
      // Only agents that stand for their group count: an agent asked for a reason of its own (not
      // ready, restarted, older than its configuration) may differ for that reason alone.
      const representative = asked.filter((n) => !n.checkReasons.some(isOddReason));
      const differs = representative.find((n) => n.verdict === 'explained' || n.verdict === 'unexplained');
      if (differs) {
        for (const n of unasked) next.set(n.name, [`${differs.name} of its group differs from the prediction`]);
        continue;
      }
      const usable = asked.some((n) => n.verdict === 'match' && n.reported.hostRouting !== null);
      const samples = asked.filter((n) =>
        n.checkReasons.some((r) => r === 'sample of its group' || r.startsWith('replaces ')),
      );
      const localFailure =
        samples.length > 0 &&
        samples.every(
          (n) => n.verdict === 'error' && n.problems.length > 0 && n.problems.every((p) => LOCAL_FAILURES.has(p.kind)),
        );
      if (!usable && localFailure) {
        const candidate = unasked.find((n) => {
          const ob = byName.get(n.name);
          return ob?.pod?.running && ob.pod.ready;
        });
        if (candidate)
          next.set(candidate.name, [`replaces ${samples[samples.length - 1].name}, whose agent could not be read`]);
      }
    }
    todo = [...next.entries()].map(([name, reasons]) => ({ obs: byName.get(name)!, reasons })).filter((x) => x.obs);
  }
  if (o.signal?.aborted) snap.problems.push({ kind: 'cancelled', message: 'Cancelled: the report is partial.' });
  if (snap.deadline!.passed) {
    snap.problems.push({
      kind: 'deadline',
      message: `The check's deadline (${Math.round(totalMs / 1000)} s) passed before every planned agent was read: the report is partial.`,
      hint: 'Raise ciliumDatapath.live.timeoutSeconds (CLI: --timeout) to wait longer.',
    });
  }
  return snap;

  async function readStatus(
    pod: LivePod,
    nodeName: string,
  ): Promise<{
    status?: AgentStatus;
    tuning?: TuningStatus | null;
    command?: StatusCommand;
    problem: LiveProblem | null;
  }> {
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
        if (res.problem.kind === 'no-cilium-dbg' || res.r.code === 126 || res.r.code === 127) {
          missing.add(binary);
          lastProblem = {
            ...res.problem,
            kind: 'no-cilium-dbg',
            message: `${binary} is not in the agent image of ${pod.name}${binary === 'cilium-dbg' ? ' (it exists from Cilium 1.15)' : ''}.`,
          };
          continue;
        }
        // forbidden, timeout, cancelled, unreachable, not running: another command will not help
        if (
          [
            'forbidden',
            'timeout',
            'deadline',
            'cancelled',
            'unreachable',
            'agent-not-running',
            'unauthorized',
            'credentials-needed',
          ].includes(res.problem.kind)
        )
          return { problem: res.problem };
        lastProblem = res.problem;
        continue;
      }
      const parsed = parseStatus(res.r.stdout);
      if (parsed.ok && (parsed.status.hostRouting !== undefined || !command.endsWith('json'))) {
        const t = parseTuningStatus(res.r.stdout);
        return { status: parsed.status, tuning: t.ok ? t.status : null, command, problem: null };
      }
      lastProblem = {
        kind: 'unparsable-output',
        node: nodeName,
        call: `kubectl ${quoteForDisplay(args)}`,
        message: `The output of ${command} in ${pod.name} could not be read${parsed.ok ? ' (no host-routing field)' : `: ${cap(parsed.error, 120)}`}.`,
        detail: cap(JSON.stringify(res.r.stdout.slice(0, 200)), 240),
      };
    }
    return {
      problem: lastProblem ?? {
        kind: 'exec-failed',
        node: nodeName,
        message: `No status command worked in ${pod.name}.`,
      },
    };
  }
}
