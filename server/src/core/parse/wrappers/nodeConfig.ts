/**
 * `CiliumNodeConfig` (cilium.io/v2, v2alpha1): per-node cilium-config keys in `spec.defaults`
 * for the nodes `spec.nodeSelector` selects. The keys come out in the shape of a cilium-config
 * ConfigMap so that they can be laid over a base configuration (named by the modeline).
 */
import type { Node } from 'yaml';
import { readConfigMapData } from '../input';
import { isMap, nodeRange, nodeToJs } from '../yamlText';
import { dig, digPair } from './layer';
import { ReleaseBuilder, kindOf, objectRange, type DocContext } from './common';
import type { WrappedRelease } from './types';

export function isCiliumNodeConfig(ctx: DocContext): boolean {
  const k = kindOf(ctx.doc);
  return k.kind === 'CiliumNodeConfig' && /^cilium\.io\/v2(alpha1)?$/.test(k.apiVersion ?? '');
}

function describeSelector(sel: unknown): string | null {
  if (!sel || typeof sel !== 'object') return null;
  const s = sel as {
    matchLabels?: Record<string, unknown>;
    matchExpressions?: Array<{ key?: string; operator?: string; values?: unknown[] }>;
  };
  const parts: string[] = [];
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) parts.push(`${k}=${String(v)}`);
  for (const e of s.matchExpressions ?? [])
    parts.push(`${e.key ?? '?'} ${e.operator ?? '?'}${Array.isArray(e.values) ? ` (${e.values.join(', ')})` : ''}`);
  return parts.length ? parts.join(', ') : null;
}

export function extractNodeConfig(ctx: DocContext): WrappedRelease {
  const meta = kindOf(ctx.doc);
  const lc = ctx.parsed.lineCounter;
  const root = ctx.doc.contents;
  const b = new ReleaseBuilder();
  const start = objectRange(ctx);
  const defaults = digPair(root, 'spec', 'defaults');
  const data = isMap(defaults?.value) ? readConfigMapData(defaults.value, lc) : undefined;
  if (!data) {
    b.problems.push({
      kind: 'not-a-map',
      severity: 'warning',
      message: 'spec.defaults is missing or not a map: this CiliumNodeConfig sets nothing',
      file: ctx.file,
      range: start,
    });
  }
  const release = b.build(ctx, 'CiliumNodeConfig', meta.name ?? 'unnamed', undefined, meta.namespace);
  release.nodeConfig = {
    input: {
      kind: 'configmap',
      file: ctx.file,
      docIndex: ctx.docIndex,
      namespace: meta.namespace,
      data: data ?? new Map(),
      dataRange: defaults ? nodeRange(lc, defaults.key as Node) : start,
      start,
      lastAppliedDiffers: [],
      modeline: ctx.modeline,
    },
    nodeSelector: describeSelector(nodeToJs(ctx.doc, dig(root, 'spec', 'nodeSelector'))),
  };
  return release;
}
