/**
 * Values of an umbrella chart that depends on the cilium chart: the subtree under the
 * dependency's name or alias. The `Chart.yaml` beside the values file (read through the caller's
 * reader) names the dependency and its version; without it, a top-level `cilium:` map holding
 * values of the cilium chart is taken as the subtree, version unknown.
 */
import type { Node } from 'yaml';
import { findPair, isMap, isSeq, nodeRange, parseYamlText } from '../yamlText';
import { isKnownTopLevelValue } from '../../chart/knownValues';
import { dig, digPair, mapLayer, str } from './layer';
import { ReleaseBuilder, isCiliumChart, type DocContext } from './common';
import { parseConstraint } from './semverRange';
import type { ReadRelative, WrappedRelease, WrapperVersion } from './types';

interface Dependency {
  key: string;
  version?: WrapperVersion;
}

function chartDependency(read: ReadRelative | undefined): Dependency | undefined {
  const chart = read?.('Chart.yaml');
  if (!chart) return undefined;
  const parsed = parseYamlText(chart.text);
  const root = parsed.docs[0]?.contents;
  const deps = dig(root, 'dependencies');
  if (!isSeq(deps)) return undefined;
  for (const d of deps.items) {
    if (!isMap(d) || !isCiliumChart(str(dig(d, 'name')))) continue;
    const key = str(dig(d, 'alias')) ?? 'cilium';
    const vp = digPair(d, 'version');
    const raw = str(vp?.value);
    let version: WrapperVersion | undefined;
    if (raw && vp) {
      const c = parseConstraint(raw);
      const range = nodeRange(parsed.lineCounter, vp.value as Node);
      version = c.ok
        ? {
            raw,
            kind: c.value.exact ? 'exact' : 'range',
            source: 'UmbrellaChart',
            field: 'Chart.yaml dependencies[cilium].version',
            file: chart.name,
            range,
            constraint: c.value,
          }
        : {
            raw,
            kind: 'unknown',
            source: 'UmbrellaChart',
            field: 'Chart.yaml dependencies[cilium].version',
            file: chart.name,
            range,
            note: `"${raw}" is not a chart version`,
          };
    }
    return { key, version };
  }
  return undefined;
}

/** True when the document is an umbrella chart's values (checked after every Kubernetes kind). */
export function extractUmbrella(ctx: DocContext, read: ReadRelative | undefined): WrappedRelease | undefined {
  const root = ctx.doc.contents;
  if (!isMap(root) || findPair(root, 'apiVersion') || findPair(root, 'kind')) return undefined;
  const dep = chartDependency(read);
  const key = dep?.key ?? 'cilium';
  const pair = findPair(root, key);
  if (!pair) return undefined;
  const sub = pair.value;
  if (!dep) {
    // without Chart.yaml, only a subtree that clearly holds cilium chart values
    if (!isMap(sub) || !sub.items.some((i) => isKnownTopLevelValue(String(str(i.key) ?? '')))) return undefined;
  }
  const b = new ReleaseBuilder();
  b.add(mapLayer(ctx, ctx.doc, pair.key as Node, sub as Node, key));
  const lc = ctx.parsed.lineCounter;
  const release = b.build(ctx, 'UmbrellaChart', key, dep?.version);
  release.range = nodeRange(lc, pair.key as Node);
  if (!dep) {
    b.unseen(
      ctx,
      pair.key as Node,
      'Chart.yaml',
      read
        ? 'no Chart.yaml with a cilium dependency beside this file: the chart version is unknown'
        : 'the Chart.yaml beside this file was not read: the chart version is unknown',
    );
  }
  return release;
}
