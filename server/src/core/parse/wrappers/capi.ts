/**
 * Cluster API `HelmChartProxy` (addons.cluster.x-k8s.io) with `chartName: cilium`: the values
 * are the Go template in `spec.valuesTemplate`. Template expressions (`{{ .Cluster… }}`) are
 * left alone: values set by one are not evaluated and not judged. The version is `spec.version`.
 */
import type { Node } from 'yaml';
import { dig, digPair, str, stringLayer } from './layer';
import { ReleaseBuilder, isCiliumChart, kindOf, versionField, type DocContext } from './common';
import type { WrappedRelease } from './types';

export function isHelmChartProxy(ctx: DocContext): boolean {
  const k = kindOf(ctx.doc);
  return (
    k.kind === 'HelmChartProxy' &&
    (k.apiVersion ?? '').startsWith('addons.cluster.x-k8s.io/') &&
    isCiliumChart(str(dig(ctx.doc.contents, 'spec', 'chartName')))
  );
}

export function extractHelmChartProxy(ctx: DocContext): WrappedRelease {
  const meta = kindOf(ctx.doc);
  const root = ctx.doc.contents;
  const b = new ReleaseBuilder();
  const vt = digPair(root, 'spec', 'valuesTemplate');
  if (vt) b.add(stringLayer(ctx, vt.key as Node, vt.value as Node, 'spec.valuesTemplate', { templates: true }));
  const version = versionField(ctx, digPair(root, 'spec', 'version'), 'HelmChartProxy', 'spec.version');
  return b.build(ctx, 'HelmChartProxy', meta.name ?? 'cilium', version, meta.namespace);
}
