/**
 * Flux `HelmRelease` (helm.toolkit.fluxcd.io v2beta1, v2beta2, v2) of the cilium chart: values
 * from `spec.valuesFrom` (ConfigMaps of the same file; Secrets and absent ConfigMaps are named as
 * unseen) merged in order, then `spec.values` on top. The version is `spec.chart.spec.version`,
 * or, with `spec.chartRef`, the tag or semver of an OCIRepository in the same file.
 */
import type { Node } from 'yaml';
import { isMap, isSeq, nodeRange } from '../yamlText';
import { dig, digPair, mapLayer, setLayer, str, stringLayer } from './layer';
import { ReleaseBuilder, absentMapLayer, isCiliumChart, kindOf, versionField, type DocContext } from './common';
import type { WrappedRelease, WrapperVersion } from './types';

export function isHelmRelease(ctx: DocContext): boolean {
  const k = kindOf(ctx.doc);
  return k.kind === 'HelmRelease' && (k.apiVersion ?? '').startsWith('helm.toolkit.fluxcd.io/');
}

function findObject(ctx: DocContext, kind: string, name: string, namespace: string | undefined) {
  for (const d of ctx.all) {
    const k = kindOf(d);
    if (
      k.kind === kind &&
      k.name === name &&
      (namespace === undefined || k.namespace === undefined || k.namespace === namespace)
    )
      return d;
  }
  return undefined;
}

export function extractHelmRelease(ctx: DocContext): WrappedRelease | undefined {
  const root = ctx.doc.contents;
  const meta = kindOf(ctx.doc);
  const spec = dig(root, 'spec');
  if (!isMap(spec)) return undefined;
  const lc = ctx.parsed.lineCounter;
  let version: WrapperVersion | undefined;
  const chartName = str(dig(spec, 'chart', 'spec', 'chart'));
  const chartRef = dig(spec, 'chartRef');
  if (chartName !== undefined) {
    if (!isCiliumChart(chartName)) return undefined;
    version = versionField(ctx, digPair(spec, 'chart', 'spec', 'version'), 'HelmRelease', 'spec.chart.spec.version');
  } else if (isMap(chartRef)) {
    const refKind = str(dig(chartRef, 'kind')) ?? '';
    const refName = str(dig(chartRef, 'name')) ?? '';
    const refNs = str(dig(chartRef, 'namespace')) ?? meta.namespace;
    const source = refKind === 'OCIRepository' ? findObject(ctx, 'OCIRepository', refName, refNs) : undefined;
    const url = source ? str(dig(source.contents, 'spec', 'url')) : undefined;
    if (!(url ? isCiliumChart(url) : /cilium/i.test(refName))) return undefined;
    const refNode = digPair(chartRef, 'name')?.value as Node | undefined;
    const range = nodeRange(lc, refNode ?? (chartRef as Node));
    const srcCtx = source ? { ...ctx } : undefined;
    const tagPair = source ? digPair(source.contents, 'spec', 'ref', 'tag') : undefined;
    const semverPair = source ? digPair(source.contents, 'spec', 'ref', 'semver') : undefined;
    if (srcCtx && (tagPair || semverPair))
      version = versionField(
        srcCtx,
        tagPair ?? semverPair,
        'HelmRelease',
        tagPair ? 'OCIRepository spec.ref.tag' : 'OCIRepository spec.ref.semver',
      );
    if (!version) {
      version = {
        raw: `${refKind}/${refName}`,
        kind: 'unknown',
        source: 'HelmRelease',
        field: 'spec.chartRef',
        file: ctx.file,
        range,
        note: source
          ? `the ${refKind} ${refName} names no tag or semver range`
          : `the chart version is set by the ${refKind || 'source'} ${refName}, which is not in this file`,
      };
    }
  } else return undefined;

  const b = new ReleaseBuilder();
  const vf = digPair(spec, 'valuesFrom');
  if (vf && isSeq(vf.value)) {
    vf.value.items.forEach((item, i) => {
      const field = `spec.valuesFrom[${i}]`;
      const kind = str(dig(item, 'kind')) ?? 'ConfigMap';
      const name = str(dig(item, 'name')) ?? '';
      const key = str(dig(item, 'valuesKey')) ?? 'values.yaml';
      const targetPath = str(dig(item, 'targetPath'));
      const optional = str(dig(item, 'optional')) === 'true';
      const cm = kind === 'ConfigMap' ? findObject(ctx, 'ConfigMap', name, meta.namespace) : undefined;
      if (!cm) {
        if (!optional || kind === 'Secret') {
          b.unseen(
            ctx,
            item as Node,
            field,
            `values from the ${kind} ${name} (key ${key}) are not in this file, so they are not part of this analysis${kind === 'Secret' ? ' (Secrets are never read)' : ''}`,
          );
        }
        return;
      }
      const dataPair = digPair(cm.contents, 'data', key);
      if (!dataPair) {
        if (!optional)
          b.unseen(
            ctx,
            item as Node,
            field,
            `the ConfigMap ${name} has no key ${key}; Flux fails to reconcile this release`,
          );
        return;
      }
      if (targetPath) {
        const r = setLayer(
          ctx,
          dataPair.key as Node,
          [
            {
              name: targetPath,
              value: str(dataPair.value) ?? '',
              forceString: false,
              nameNode: dataPair.key as Node,
              valueNode: dataPair.value as Node,
            },
          ],
          `ConfigMap ${name} ${key} (at ${targetPath})`,
          true,
        );
        b.add({ ok: true, layer: r.layer });
      } else {
        b.add(stringLayer(ctx, dataPair.key as Node, dataPair.value as Node, `ConfigMap ${name} key ${key}`));
      }
    });
  }
  b.unseenItems(
    ctx,
    digPair(spec, 'chart', 'spec', 'valuesFiles'),
    'spec.chart.spec.valuesFiles',
    (item) => `the values file ${str(item) ?? ''} inside the chart source is not part of this analysis`,
  );
  const values = digPair(spec, 'values');
  if (values) b.add(mapLayer(ctx, ctx.doc, values.key as Node, values.value as Node, 'spec.values'));
  else b.add(absentMapLayer(ctx, root, 'spec', 'values', 'spec.values'));
  return b.build(ctx, 'HelmRelease', meta.name ?? 'cilium', version, meta.namespace);
}
