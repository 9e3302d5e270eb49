/**
 * Wrapped Cilium releases in an open document (Flux HelmRelease, Argo CD Application, k3s/RKE2
 * HelmChart and HelmChartConfig, CAPI HelmChartProxy, Kustomize helmCharts, umbrella chart values,
 * CiliumNodeConfig): each release is analysed on its own (core/wrapped.ts) and gets a view — an
 * Entry of its own with its analysis and its values' positions — so that diagnostics, hovers,
 * lenses, Explain and completion treat it like a values file of its own.
 */
import {
  analyzeRelease,
  findWrappedReleases,
  releaseInputs,
  type AnalyzeOutcome,
  type ConfigMapInput,
  type InputFile,
  type ParsedInput,
  type ReadRelative,
  type ValuesInput,
  type ValuesLayer,
  type WrappedRelease,
} from '../../core';
import { allowedSync, resolveBase, type BasePolicy } from '../../files/bases';
import { readBoundedSync } from '../../files/read';

/** What the features need of a release entry (store.ts's ReleaseEntry). */
interface HasRelease {
  release: WrappedRelease;
}

/** parseInput problems after which a document may still hold wrapped releases. */
export function mayBeWrapper(p: ParsedInput): boolean {
  return (
    !p.ok && (p.problem.kind === 'not-cilium' || p.problem.kind === 'helm-template' || p.problem.kind === 'not-a-map')
  );
}

/**
 * Files a wrapper names (valuesFile, Chart.yaml), relative to the document: open documents first,
 * then disk through the bounded reader; as for base files, only inside the workspace folders and
 * none in an untrusted workspace.
 */
export function readerFor(
  uri: string,
  openText: (uri: string) => string | undefined,
  policy: BasePolicy = { trusted: true, roots: [] },
): ReadRelative | undefined {
  if (!uri.startsWith('file:') || !policy.trusted) return undefined;
  return (p: string) => {
    const r = resolveBase(uri, p);
    if ('problem' in r) return undefined;
    const open = openText(r.uri);
    if (open !== undefined) return allowedSync(uri, r.uri, policy, true) ? { name: r.uri, text: open } : undefined;
    const real = allowedSync(uri, r.uri, policy);
    if (real === undefined) return undefined;
    const read = readBoundedSync(real);
    return 'text' in read ? { name: r.uri, text: read.text } : undefined;
  };
}

/** The input whose key positions a release's hovers use. */
function viewInput(release: WrappedRelease): ValuesInput | ConfigMapInput | undefined {
  if (release.nodeConfig) return release.nodeConfig.input;
  const own = releaseInputs(release).filter((i) => i.name === release.file);
  if (own.length === 0) return undefined;
  if (own.length === 1) return own[0].input;
  // several runs in this file (a valuesFile between them): every key of this file
  const locations = new Map(own.flatMap((i) => [...i.input.locations]));
  return { ...own[own.length - 1].input, locations };
}

/** One wrapped release of a document, analysed (the store makes it an entry of its own). */
export interface AnalysedRelease {
  release: WrappedRelease;
  outcome: AnalyzeOutcome;
  /** the key positions its hovers use */
  input: ValuesInput | ConfigMapInput | undefined;
}

/**
 * Finds and analyses the wrapped releases of a document; undefined when it holds none. The
 * editor settings' version (`settingsVersion`) sits below the version a wrapper names.
 */
export function analyseReleases(
  uri: string,
  text: string,
  options: { kernel?: string; settingsVersion?: string },
  before: InputFile[],
  read: ReadRelative | undefined,
): AnalysedRelease[] | undefined {
  const scan = findWrappedReleases(uri, text, read);
  // (a whole-file syntax error never gets here: parseInput reports it first)
  if (scan.problem || scan.releases.length === 0) return undefined;
  return scan.releases.map((release) => ({
    release,
    outcome: analyzeRelease(release, { kernel: options.kernel, fallbackVersion: options.settingsVersion, before }),
    input: viewInput(release),
  }));
}

/** The release whose values are written on this line (for hovers and completion). */
export function releaseAtLine<R extends HasRelease>(releases: R[], line: number): R | undefined {
  let best: R | undefined;
  for (const r of releases) {
    const lines = r.release.layers
      .filter((l) => l.file === r.release.file)
      .flatMap((l) => [...l.input.locations.values()].map((x) => x.key.start.line));
    const nc = r.release.nodeConfig
      ? [...r.release.nodeConfig.input.data.values()].map((e) => e.location.key.start.line)
      : [];
    const all = [...lines, ...nc, r.release.range.start.line];
    if (all.includes(line)) return r;
    if (r.release.range.start.line <= line && (!best || best.release.range.start.line < r.release.range.start.line))
      best = r;
  }
  return best;
}

/** A layer written as indented lines of this document (a map or a literal block) holding the line. */
export function layerRegionAt(
  r: HasRelease,
  text: string,
  line: number,
): { layer: ValuesLayer; first: number; indent: number } | undefined {
  for (const l of r.release.layers) {
    if (l.file !== r.release.file || !l.region) continue;
    const { first, indent } = l.region;
    if (line < first) continue;
    // the region runs on while lines are blank or indented at least as much
    const lines = text.split('\n');
    let last = first;
    for (let i = first + 1; i < lines.length; i++) {
      const s = lines[i].replace(/\r$/, '');
      if (s.trim() === '') continue;
      if (s.length - s.trimStart().length < indent) break;
      last = i;
    }
    if (line <= last + 1 && line >= first) return { layer: l, first, indent };
  }
  return undefined;
}
