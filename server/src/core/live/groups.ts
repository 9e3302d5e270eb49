/**
 * Nodes grouped by everything the verdict depends on — the Cilium version the agent runs, the
 * kernel line, and the effective configuration (the ConfigMap is shared, so: the CiliumNodeConfig
 * overrides that apply) — and the choice of which agents to ask. One agent per group is enough to
 * confirm a prediction the group shares; agents whose state may differ from their group's are
 * always asked themselves: not ready, restarted recently, started before the last change of their
 * configuration, or named by the user. Pure: the API objects in, the plan out.
 */
import type { AppliedOverride } from './predict';
import { overridesFor, versionFromImage } from './predict';
import type { LiveNode, LivePod, NodeConfigOverride } from './types';

export interface NodeFacts {
  name: string;
  pod: LivePod;
  node: LiveNode | null;
  /** Cilium version of the agent's image (else the DaemonSet's), null when unknown */
  version: string | null;
  /** `6.8`; null when the kernel is unknown */
  kernelLine: string | null;
  overrides: AppliedOverride[];
  /** equal keys ⇔ same prediction */
  key: string;
}

export interface NodeGroup {
  id: string;
  key: string;
  version: string | null;
  kernelLine: string | null;
  overrides: AppliedOverride[];
  /** member node names, sorted */
  members: string[];
}

/** `5.15.0-130-generic` → `5.15`; what the prediction uses of a kernel. */
export function kernelLineOf(kernel: string | null | undefined): string | null {
  const m = kernel ? /^v?(\d+)\.(\d+)/.exec(kernel.trim()) : null;
  return m ? `${Number(m[1])}.${Number(m[2])}` : null;
}

export function nodeFacts(
  pod: LivePod,
  node: LiveNode | null,
  ctx: { namespace: string; nodeConfigs: NodeConfigOverride[]; daemonSetImage: string | null },
): NodeFacts {
  const version = pod.imageVersion ?? versionFromImage(ctx.daemonSetImage);
  const kernelLine = kernelLineOf(node?.kernel);
  const overrides = node ? overridesFor(node, ctx.nodeConfigs, ctx.namespace) : [];
  const cfg = overrides
    .map((o) => `${o.key}=${o.value}`)
    .sort()
    .join('\u0000');
  return {
    name: pod.nodeName || `(unscheduled ${pod.name})`,
    pod,
    node,
    version,
    kernelLine,
    overrides,
    key: `${version ?? '?'}|${kernelLine ?? '?'}|${node ? '' : 'no-node'}|${cfg}`,
  };
}

/** Groups, largest first (ties: by key), numbered g1, g2, … */
export function groupNodes(facts: NodeFacts[]): NodeGroup[] {
  const byKey = new Map<string, NodeFacts[]>();
  for (const f of facts) byKey.set(f.key, [...(byKey.get(f.key) ?? []), f]);
  return [...byKey.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([key, fs], i) => ({
      id: `g${i + 1}`,
      key,
      version: fs[0].version,
      kernelLine: fs[0].kernelLine,
      overrides: fs[0].overrides,
      members: fs.map((f) => f.name).sort(),
    }));
}

export interface CheckPlanOptions {
  /** agents asked per group (default 1) */
  perGroup?: number;
  /** ask every agent */
  all?: boolean;
  /** node-name globs (`*`, `?`): these nodes are asked themselves and listed in the report */
  nodeFilter?: string[];
  /** now, ms since the epoch */
  now: number;
  /** an agent whose container started less than this long ago after a restart is asked itself (default 1 h) */
  recentRestartMs?: number;
  /** newest change of cilium-config (RFC 3339) */
  configMapChanged?: string | null;
  nodeConfigs?: NodeConfigOverride[];
}

/** Node name globs: `worker-*`, `node-?1`, several separated by commas. */
export function nodeMatcher(patterns: string[]): (name: string) => boolean {
  const res = patterns
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean)
    .map(
      (p) =>
        new RegExp(
          `^${p
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        ),
    );
  return (name) => res.some((r) => r.test(name));
}

/**
 * Which agents to ask, and why: node name → reasons. Nodes not in the map are predicted from
 * their group. Agents that are not running are listed too (their state is read from the API;
 * nothing is executed in them).
 */
export function planChecks(facts: NodeFacts[], groups: NodeGroup[], o: CheckPlanOptions): Map<string, string[]> {
  const plan = new Map<string, string[]>();
  const add = (name: string, why: string) => plan.set(name, [...(plan.get(name) ?? []), why]);
  const byName = new Map(facts.map((f) => [f.name, f]));
  const matches = o.nodeFilter && o.nodeFilter.length ? nodeMatcher(o.nodeFilter) : null;
  const recent = o.recentRestartMs ?? 60 * 60 * 1000;
  const ordinary = new Set<string>();
  for (const f of facts) {
    const p = f.pod;
    const started = p.startedAt ? Date.parse(p.startedAt) : NaN;
    let odd = false;
    if (o.all) add(f.name, 'every agent requested');
    if (matches?.(f.name)) add(f.name, 'named by the node filter');
    if (!p.running) {
      add(f.name, 'agent not running');
      odd = true;
    } else if (!p.ready) {
      add(f.name, 'agent not ready');
      odd = true;
    }
    if (p.running && p.restarts > 0 && !Number.isNaN(started) && o.now - started < recent) {
      add(f.name, `restarted ${Math.max(1, Math.round((o.now - started) / 60000))} min ago (${p.restarts} restarts)`);
      odd = true;
    }
    if (p.running && !Number.isNaN(started)) {
      const changes = [o.configMapChanged ?? null];
      for (const ov of f.overrides) {
        const c = o.nodeConfigs?.find((x) => ov.from.includes(`/${x.name} `));
        if (c) changes.push(c.lastChange);
      }
      const newest = Math.max(...changes.map((c) => (c ? Date.parse(c) : NaN)).filter((t) => !Number.isNaN(t)));
      if (Number.isFinite(newest) && started < newest) {
        add(f.name, 'started before the last change of its configuration');
        odd = true;
      }
    }
    if (!odd) ordinary.add(f.name);
  }
  const perGroup = Math.max(0, o.perGroup ?? 1);
  for (const g of groups) {
    let picked = 0;
    for (const name of g.members) {
      if (picked >= perGroup) break;
      if (!ordinary.has(name) || !byName.has(name)) continue;
      add(name, 'sample of its group');
      picked++;
    }
  }
  return plan;
}

/** A check reason that says the agent is not like the rest of its group (it may differ for that reason alone). */
export function isOddReason(reason: string): boolean {
  return /^(agent not running|agent not ready|restarted |started before )/.test(reason);
}

/** Members of a group not yet asked, in name order: candidates to replace a sample or to check all. */
export function uncheckedMembers(g: NodeGroup, checked: Set<string>): string[] {
  return g.members.filter((m) => !checked.has(m));
}
