/**
 * Kustomize `helmCharts[]` entries with `name: cilium` in a kustomization. `valuesFile` and
 * `additionalValuesFiles` are read relative to the kustomization through the caller's reader
 * (the core reads no files); `valuesInline` combines with valuesFile as `valuesMerge` says
 * (override: inline wins — the default; merge: the file wins; replace: inline only), and the
 * additional files come after. The version is the entry's `version`.
 */
import type { Node } from 'yaml';
import { isMap, isSeq } from '../yamlText';
import { dig, digPair, fileLayer, mapLayer, str } from './layer';
import { ReleaseBuilder, emptyLayer, isCiliumChart, versionField, type DocContext } from './common';
import type { ReadRelative, WrappedRelease } from './types';

export function isKustomization(ctx: DocContext): boolean {
  const root = ctx.doc.contents;
  if (!isMap(root)) return false;
  const hc = dig(root, 'helmCharts');
  return isSeq(hc) && hc.items.some((i) => isCiliumChart(str(dig(i, 'name'))));
}

export function extractKustomization(ctx: DocContext, read: ReadRelative | undefined): WrappedRelease[] {
  const hc = dig(ctx.doc.contents, 'helmCharts');
  if (!isSeq(hc)) return [];
  const out: WrappedRelease[] = [];
  hc.items.forEach((item, i) => {
    if (!isMap(item) || !isCiliumChart(str(dig(item, 'name')))) return;
    const field = `helmCharts[${i}]`;
    const b = new ReleaseBuilder();
    const readLayer = (pathNode: unknown, label: string) => {
      const path = str(pathNode);
      if (!path) return undefined;
      const f = read?.(path);
      if (!f) {
        b.unseen(
          ctx,
          pathNode as Node,
          label,
          read
            ? `the values file ${path} could not be read`
            : `the values file ${path} is not part of this analysis (no file access)`,
        );
        return undefined;
      }
      return fileLayer(f.name, f.text, `${label} ${path}`, ctx.modeline);
    };
    const inlinePair = digPair(item, 'valuesInline');
    const inline = inlinePair
      ? mapLayer(ctx, ctx.doc, inlinePair.key as Node, inlinePair.value as Node, `${field}.valuesInline`)
      : undefined;
    const file = readLayer(dig(item, 'valuesFile'), `${field}.valuesFile`);
    const merge = str(dig(item, 'valuesMerge')) ?? 'override';
    if (merge === 'replace') b.add(inline);
    else if (merge === 'merge') {
      b.add(inline);
      b.add(file);
    } else {
      b.add(file);
      b.add(inline);
    }
    const extra = dig(item, 'additionalValuesFiles');
    if (isSeq(extra)) extra.items.forEach((p, k) => b.add(readLayer(p, `${field}.additionalValuesFiles[${k}]`)));
    if (b.layers.length === 0 && b.problems.length === 0)
      b.add(emptyLayer(ctx, digPair(item, 'name')!.key as Node, `${field}.valuesInline`));
    const version = versionField(ctx, digPair(item, 'version'), 'Kustomization', `${field}.version`);
    out.push(
      b.build(ctx, 'Kustomization', str(dig(item, 'releaseName')) ?? 'cilium', version, str(dig(item, 'namespace'))),
    );
  });
  return out;
}
