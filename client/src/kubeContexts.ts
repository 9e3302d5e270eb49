/** Kubeconfig contexts the live check offers (pure: tested without VS Code). */

/**
 * A kubeconfig context carrying an extension of this name is not offered by the context picker
 * (test and demo clusters mark their internal contexts with it):
 *
 *   contexts:
 *   - name: unreachable
 *     context:
 *       cluster: …
 *       extensions:
 *       - name: cilium-datapath.io/hidden
 *         extension: { reason: test only }
 *
 * It can still be checked by passing `{ context: 'unreachable' }` to the command.
 */
export const HIDDEN_CONTEXT_EXTENSION = 'cilium-datapath.io/hidden';

/** Context names of `kubectl config view -o json` output, without hidden ones; null when unreadable. */
export function visibleContexts(json: string): { current: string; names: string[] } | null {
  try {
    const v = JSON.parse(json) as { 'current-context'?: unknown; contexts?: unknown };
    if (!v || !Array.isArray(v.contexts)) return null;
    const names: string[] = [];
    for (const c of v.contexts as Array<{ name?: unknown; context?: { extensions?: unknown } }>) {
      if (!c || typeof c.name !== 'string' || !c.name) continue;
      const ext = Array.isArray(c.context?.extensions) ? (c.context!.extensions as Array<{ name?: unknown }>) : [];
      if (ext.some((e) => e && e.name === HIDDEN_CONTEXT_EXTENSION)) continue;
      names.push(c.name);
    }
    return { current: typeof v['current-context'] === 'string' ? v['current-context'] : '', names };
  } catch {
    return null;
  }
}
