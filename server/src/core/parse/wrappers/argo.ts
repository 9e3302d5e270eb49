/**
 * Argo CD `Application` (argoproj.io) whose source is the cilium chart — `spec.source` or any
 * entry of `spec.sources[]`. Values: `helm.valuesObject` (a map) or, when it is absent,
 * `helm.values` (YAML in a string; Argo CD ignores it when valuesObject is set), then
 * `helm.parameters` (`--set` style, highest precedence). `helm.valueFiles` live in a repository
 * and are named as unseen. The version is `targetRevision` (a chart version for a Helm
 * repository; for a git source only a tag that is a version counts).
 */
import type { Node, YAMLMap } from 'yaml';
import { isMap, isSeq, nodeRange } from '../yamlText';
import { dig, digPair, mapLayer, setLayer, str, stringLayer, type SetEntry } from './layer';
import { ReleaseBuilder, emptyLayer, isCiliumChart, kindOf, versionField, type DocContext } from './common';
import type { WrappedRelease, WrapperVersion } from './types';

export function isApplication(ctx: DocContext): boolean {
  const k = kindOf(ctx.doc);
  return k.kind === 'Application' && (k.apiVersion ?? '').startsWith('argoproj.io/');
}

function isCiliumSource(src: YAMLMap): boolean {
  const chart = str(dig(src, 'chart'));
  if (chart !== undefined) return isCiliumChart(chart);
  const path = str(dig(src, 'path'));
  return path !== undefined && /(^|\/)cilium\/?$/.test(path);
}

export function extractApplication(ctx: DocContext): WrappedRelease[] {
  const root = ctx.doc.contents;
  const meta = kindOf(ctx.doc);
  const spec = dig(root, 'spec');
  if (!isMap(spec)) return [];
  const sources: Array<{ node: YAMLMap; field: string }> = [];
  const single = dig(spec, 'source');
  if (isMap(single)) sources.push({ node: single, field: 'spec.source' });
  const many = dig(spec, 'sources');
  if (isSeq(many)) many.items.forEach((s, i) => isMap(s) && sources.push({ node: s, field: `spec.sources[${i}]` }));
  const cilium = sources.filter((s) => isCiliumSource(s.node));
  return cilium.map(({ node, field }) =>
    extractSource(
      ctx,
      node,
      field,
      cilium.length > 1 ? `${meta.name ?? 'cilium'} (${field})` : (meta.name ?? 'cilium'),
      meta.namespace,
    ),
  );
}

function extractSource(
  ctx: DocContext,
  src: YAMLMap,
  field: string,
  name: string,
  namespace: string | undefined,
): WrappedRelease {
  const lc = ctx.parsed.lineCounter;
  const b = new ReleaseBuilder();
  const isHelmRepo = str(dig(src, 'chart')) !== undefined;
  let version: WrapperVersion | undefined;
  const rev = digPair(src, 'targetRevision');
  if (rev) {
    const v = versionField(ctx, rev, 'Application', `${field}.targetRevision`);
    // for a git source only a tag that is one full version names the chart version
    version =
      v && !isHelmRepo && v.kind !== 'exact'
        ? {
            ...v,
            kind: 'unknown',
            constraint: undefined,
            note: `targetRevision ${v.raw} is a git reference, not a chart version`,
          }
        : v;
  }
  const helm = dig(src, 'helm');
  if (isMap(helm)) {
    b.unseenItems(
      ctx,
      digPair(helm, 'valueFiles'),
      `${field}.helm.valueFiles`,
      (f) => `the values file ${str(f) ?? ''} lives in a repository; it is not part of this analysis`,
    );
    const obj = digPair(helm, 'valuesObject');
    const vals = digPair(helm, 'values');
    if (obj) {
      b.add(mapLayer(ctx, ctx.doc, obj.key as Node, obj.value as Node, `${field}.helm.valuesObject`));
      if (vals) {
        b.problems.push({
          kind: 'ignored',
          field: `${field}.helm.values`,
          severity: 'warning',
          message: `${field}.helm.values is ignored: Argo CD uses valuesObject when both are set`,
          file: ctx.file,
          range: nodeRange(lc, vals.key as Node),
        });
      }
    } else if (vals) {
      if (isMap(vals.value))
        b.add(mapLayer(ctx, ctx.doc, vals.key as Node, vals.value as Node, `${field}.helm.values`));
      else b.add(stringLayer(ctx, vals.key as Node, vals.value as Node, `${field}.helm.values`));
    }
    const params = digPair(helm, 'parameters');
    if (params && isSeq(params.value)) {
      const entries: SetEntry[] = [];
      for (const p of params.value.items) {
        const nameP = digPair(p, 'name');
        const valueP = digPair(p, 'value');
        const n = str(nameP?.value);
        if (!nameP || n === undefined) continue;
        entries.push({
          name: n,
          value: str(valueP?.value) ?? '',
          forceString: str(dig(p, 'forceString')) === 'true',
          nameNode: nameP.value as Node,
          valueNode: (valueP?.value as Node) ?? null,
        });
      }
      const r = setLayer(ctx, params.key as Node, entries, `${field}.helm.parameters`, true);
      if (entries.length > 0) b.layers.push(r.layer);
      for (const s of r.skipped)
        b.unseen(
          ctx,
          s.nameNode,
          `${field}.helm.parameters`,
          `the parameter ${s.name} (a list index or an unusual name) is not part of this analysis`,
        );
    }
    b.unseenItems(
      ctx,
      digPair(helm, 'fileParameters'),
      `${field}.helm.fileParameters`,
      (f) =>
        `the file parameter ${str(dig(f, 'name')) ?? ''} reads a file in the repository; it is not part of this analysis`,
    );
  } else {
    const anchor = digPair(src, 'chart') ?? digPair(src, 'path') ?? digPair(src, 'repoURL');
    if (anchor) b.add(emptyLayer(ctx, anchor.key as Node, `${field}.helm`));
  }
  return b.build(ctx, 'Application', name, version, namespace);
}
