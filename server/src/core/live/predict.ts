/**
 * The core's prediction for one live node: the live ConfigMap, plus the CiliumNodeConfig overrides
 * that select the node (in the agent's order), plus the node's kernel and the Cilium version its
 * agent runs, through the same analysis the editor uses for files.
 */
import { analyze, type Analysis } from '../analyze';
import type { LabelSelector, LiveNode, NodeConfigOverride } from './types';

/** `quay.io/cilium/cilium:v1.16.4@sha256:…` → `1.16.4`; `…/cilium:v1.17.6-cee.1` → `1.17.6-cee.1`; digest only → null. */
export function versionFromImage(image: string | null | undefined): string | null {
  if (!image) return null;
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  if (colon <= slash) return null;
  const tag = noDigest.slice(colon + 1);
  const m = /^v?(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)$/.exec(tag);
  return m ? m[1] : null;
}

/** Kubernetes label-selector semantics (matchLabels AND matchExpressions). */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export interface AppliedOverride {
  key: string;
  value: string;
  /** `CiliumNodeConfig kube-system/name (cilium.io/v2)` */
  from: string;
}

/**
 * The overrides the agent applies on this node. As in the agent: objects with empty `defaults`
 * are ignored; an object without a node selector matches nothing (an empty selector `{}` matches
 * every node); within one API version objects apply in lexicographic name order, later ones
 * winning; and cilium.io/v2 objects win over cilium.io/v2alpha1 ones.
 */
export function overridesFor(node: LiveNode, configs: NodeConfigOverride[], namespace: string): AppliedOverride[] {
  const byVersion = (apiVersion: string) =>
    configs
      .filter(
        (c) =>
          c.apiVersion === apiVersion &&
          Object.keys(c.defaults).length > 0 &&
          c.nodeSelector !== null &&
          selectorMatches(c.nodeSelector, node.labels),
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out = new Map<string, AppliedOverride>();
  for (const apiVersion of ['cilium.io/v2alpha1', 'cilium.io/v2']) {
    for (const c of byVersion(apiVersion)) {
      for (const [key, value] of Object.entries(c.defaults)) {
        out.set(key, { key, value: String(value), from: `CiliumNodeConfig ${namespace}/${c.name} (${apiVersion})` });
      }
    }
  }
  return [...out.values()];
}

/** A cilium-config ConfigMap as YAML text, so the live data goes through the same parser as files. */
export function configMapText(namespace: string, data: Record<string, string>): string {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: cilium-config',
    `  namespace: ${JSON.stringify(namespace)}`,
    'data:',
  ];
  const keys = Object.keys(data).sort();
  if (keys.length === 0) lines[lines.length - 1] = 'data: {}';
  for (const k of keys) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(String(data[k]))}`);
  return lines.join('\n') + '\n';
}

export type NodePredictionOutcome =
  | { ok: true; analysis: Analysis; overrides: AppliedOverride[]; version: string | null }
  | { ok: false; error: string; overrides: AppliedOverride[]; version: string | null };

export function predictNode(opts: {
  namespace: string;
  configMap: Record<string, string>;
  overrides: AppliedOverride[];
  version: string | null;
  kernel: string | null;
}): NodePredictionOutcome {
  const data = { ...opts.configMap };
  for (const o of opts.overrides) data[o.key] = o.value;
  const name = opts.overrides.length
    ? `live cilium-config + ${[...new Set(opts.overrides.map((o) => o.from.split(' ')[1]))].join(', ')}`
    : 'live cilium-config';
  const kernel = opts.kernel ? kernelForAnalysis(opts.kernel) : undefined;
  const res = analyze([{ name, text: configMapText(opts.namespace, data) }], {
    ciliumVersion: opts.version ?? undefined,
    kernel,
  });
  if (!res.ok) {
    // An unknown version (e.g. a custom tag) should not stop the prediction: retry with the default line.
    if (opts.version && res.error.kind === 'usage') {
      const retry = analyze([{ name, text: configMapText(opts.namespace, data) }], { kernel });
      if (retry.ok) return { ok: true, analysis: retry.analysis, overrides: opts.overrides, version: null };
    }
    return { ok: false, error: res.error.message, overrides: opts.overrides, version: opts.version };
  }
  return { ok: true, analysis: res.analysis, overrides: opts.overrides, version: opts.version };
}

/** `5.15.0-1051-aws`, `4.19.112+`, `6.1.0-18-cloud-amd64` → what the version parser takes. */
function kernelForAnalysis(kernel: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(kernel.trim());
  return m ? `${m[1]}.${m[2]}` : undefined;
}
