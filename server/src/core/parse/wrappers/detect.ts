/**
 * Finds every wrapped Cilium release in a YAML text: any number of Flux HelmReleases, Argo CD
 * Applications, k3s/RKE2 HelmCharts and HelmChartConfigs, Cluster API HelmChartProxies,
 * Kustomize helmCharts entries and CiliumNodeConfigs in a multi-document file next to other
 * objects, or an umbrella chart's `cilium:` values. Content decides, not the file name. Files
 * named by a wrapper (valuesFile, Chart.yaml) are read through `read`, relative to this file.
 * Pure; never throws.
 */
import { MAX_TEXT_BYTES, parseYamlText } from '../yamlText';
import { parseModeline } from '../modeline';
import { kindOf, type DocContext } from './common';
import { extractHelmRelease, isHelmRelease } from './flux';
import { extractApplication, isApplication } from './argo';
import { extractHelmChart, extractHelmChartConfig, isCiliumHelmChartConfig, isHelmChart } from './k3s';
import { extractHelmChartProxy, isHelmChartProxy } from './capi';
import { extractKustomization, isKustomization } from './kustomize';
import { extractUmbrella } from './umbrella';
import { extractNodeConfig, isCiliumNodeConfig } from './nodeConfig';
import type { ReadRelative, WrappedRelease, WrapperScan } from './types';

/** Cheap test before any parsing: every wrapper names the cilium chart or a Cilium kind. */
export function mayHoldWrappedRelease(text: string): boolean {
  return /cilium/i.test(text);
}

export function findWrappedReleases(file: string, text: string, read?: ReadRelative): WrapperScan {
  try {
    return scan(file, text, read);
  } catch (e) {
    return {
      releases: [],
      problem: {
        kind: 'malformed',
        severity: 'error',
        message: `internal error while reading ${file}: ${(e as Error).message}`,
        file,
        range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } },
      },
    };
  }
}

function scan(file: string, text: string, read: ReadRelative | undefined): WrapperScan {
  // an umbrella chart may alias the dependency (`cni:`), so with a reader its Chart.yaml decides
  if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES || (!mayHoldWrappedRelease(text) && !read))
    return { releases: [] };
  const parsed = parseYamlText(text);
  const modeline = parseModeline(text);
  const base = { file, text, parsed, modeline, all: parsed.docs };
  const ctxs: DocContext[] = parsed.docs.map((doc, docIndex) => ({ ...base, doc, docIndex }));
  if (parsed.errors.length > 0) {
    // Only a file that visibly holds a wrapper gets the syntax error from us.
    const visible =
      /kind:\s*(HelmRelease|Application|HelmChart|HelmChartConfig|HelmChartProxy|CiliumNodeConfig)\b|helmCharts:/.test(
        text,
      );
    if (!visible) return { releases: [] };
    const first = parsed.errors[0];
    return {
      releases: [],
      problem: {
        kind: 'malformed',
        severity: 'error',
        message: `${file}:${first.range.start.line + 1}:${first.range.start.character + 1}: malformed YAML: ${first.message}`,
        file,
        range: first.range,
      },
    };
  }
  const releases: WrappedRelease[] = [];
  const usedConfigs = new Set<number>();
  for (const ctx of ctxs) {
    if (isHelmRelease(ctx)) {
      const r = extractHelmRelease(ctx);
      if (r) releases.push(r);
    } else if (isApplication(ctx)) releases.push(...extractApplication(ctx));
    else if (isHelmChart(ctx.doc)) {
      const k = kindOf(ctx.doc);
      const config = ctxs.find(
        (c) =>
          isCiliumHelmChartConfig(c.doc) &&
          kindOf(c.doc).name === k.name &&
          (kindOf(c.doc).namespace ?? k.namespace) === k.namespace,
      );
      if (config) usedConfigs.add(config.docIndex);
      releases.push(extractHelmChart(ctx, config));
    } else if (isHelmChartProxy(ctx)) releases.push(extractHelmChartProxy(ctx));
    else if (isCiliumNodeConfig(ctx)) releases.push(extractNodeConfig(ctx));
    else if (isKustomization(ctx)) releases.push(...extractKustomization(ctx, read));
  }
  for (const ctx of ctxs) {
    if (isCiliumHelmChartConfig(ctx.doc) && !usedConfigs.has(ctx.docIndex)) releases.push(extractHelmChartConfig(ctx));
  }
  if (releases.length === 0 && ctxs.length === 1) {
    const u = extractUmbrella(ctxs[0], read);
    if (u) releases.push(u);
  }
  releases.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { releases };
}
