/**
 * k3s / RKE2 `HelmChart` and `HelmChartConfig` (helm.cattle.io/v1). A HelmChart of the cilium
 * chart (`cilium`, `rke2-cilium`, a repository path ending in /cilium) passes `spec.valuesContent`
 * as a values file, a HelmChartConfig of the same name and namespace adds its own valuesContent
 * after it, and `spec.set` entries are given with --set (they win). A HelmChartConfig without its
 * HelmChart in the file (RKE2's bundled `rke2-cilium`) is a release of its own whose chart version
 * follows the distribution's release.
 */
import type { Document, Node } from 'yaml';
import { isMap, isScalar } from '../yamlText';
import { dig, digPair, setLayer, str, stringLayer, type SetEntry } from './layer';
import {
  ReleaseBuilder,
  absentMapLayer,
  isCiliumChart,
  kindOf,
  objectRange,
  versionField,
  type DocContext,
} from './common';
import type { WrappedRelease } from './types';

const HELM_CATTLE = 'helm.cattle.io/';

export function isHelmChart(doc: Document.Parsed): boolean {
  const k = kindOf(doc);
  return (
    k.kind === 'HelmChart' &&
    (k.apiVersion ?? '').startsWith(HELM_CATTLE) &&
    isCiliumChart(str(dig(doc.contents, 'spec', 'chart')))
  );
}

export function isCiliumHelmChartConfig(doc: Document.Parsed): boolean {
  const k = kindOf(doc);
  return (
    k.kind === 'HelmChartConfig' &&
    (k.apiVersion ?? '').startsWith(HELM_CATTLE) &&
    (k.name === 'rke2-cilium' || k.name === 'cilium')
  );
}

function valuesContent(ctx: DocContext, b: ReleaseBuilder, label: string): void {
  const root = ctx.doc.contents;
  const vc = digPair(root, 'spec', 'valuesContent');
  if (vc) b.add(stringLayer(ctx, vc.key as Node, vc.value as Node, `${label}spec.valuesContent`));
  else {
    const layer = absentMapLayer(ctx, root, 'spec', 'valuesContent', `${label}spec.valuesContent`);
    // a new valuesContent would be a block scalar; keep it simple and offer no edits there
    if (layer?.ok) {
      layer.layer.mapEdits = () => undefined;
      layer.layer.inner = undefined;
    }
    b.add(layer);
  }
}

/** A HelmChart, with the HelmChartConfig of the same name (given as its own context) merged after it. */
export function extractHelmChart(ctx: DocContext, config: DocContext | undefined): WrappedRelease {
  const meta = kindOf(ctx.doc);
  const root = ctx.doc.contents;
  const b = new ReleaseBuilder();
  valuesContent(ctx, b, '');
  if (config) {
    const vc = digPair(config.doc.contents, 'spec', 'valuesContent');
    if (vc)
      b.add(stringLayer(config, vc.key as Node, vc.value as Node, `HelmChartConfig ${meta.name} spec.valuesContent`));
  }
  const set = digPair(root, 'spec', 'set');
  if (set && isMap(set.value)) {
    const entries: SetEntry[] = [];
    for (const item of set.value.items) {
      if (!isScalar(item.key)) continue;
      const v = isScalar(item.value) ? item.value.value : undefined;
      // helm-controller passes strings with --set-string, except the words true and false
      const forceString = typeof v === 'string' && !/^(true|false)$/i.test(v);
      entries.push({
        name: String(item.key.value),
        value: v,
        forceString,
        nameNode: item.key as Node,
        valueNode: (item.value as Node) ?? null,
      });
    }
    const r = setLayer(ctx, set.key as Node, entries, 'spec.set', false);
    if (entries.length > 0) b.layers.push(r.layer);
    for (const s of r.skipped)
      b.unseen(ctx, s.nameNode, 'spec.set', `the entry ${s.name} (a list index) is not part of this analysis`);
  }
  const secrets = digPair(root, 'spec', 'valuesSecrets');
  if (secrets)
    b.unseen(
      ctx,
      secrets.key as Node,
      'spec.valuesSecrets',
      'values from Secrets are never read, so they are not part of this analysis',
    );
  const version = versionField(ctx, digPair(root, 'spec', 'version'), 'HelmChart', 'spec.version');
  return b.build(ctx, 'HelmChart', meta.name ?? 'cilium', version, meta.namespace);
}

/** A HelmChartConfig on its own: values for the chart the distribution installs. */
export function extractHelmChartConfig(ctx: DocContext): WrappedRelease {
  const meta = kindOf(ctx.doc);
  const b = new ReleaseBuilder();
  valuesContent(ctx, b, '');
  const kindRange = objectRange(ctx);
  return b.build(
    ctx,
    'HelmChartConfig',
    meta.name ?? 'rke2-cilium',
    {
      raw: meta.name ?? 'rke2-cilium',
      kind: 'unknown',
      source: 'HelmChartConfig',
      field: 'metadata.name',
      file: ctx.file,
      range: kindRange,
      note: `the ${meta.name} chart version is the one bundled with the k3s/RKE2 release`,
    },
    meta.namespace,
  );
}
