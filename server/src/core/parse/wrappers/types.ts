/**
 * Data types of wrapped Cilium releases: Helm values for the cilium chart held inside another
 * object (Flux HelmRelease, Argo CD Application, k3s/RKE2 HelmChart and HelmChartConfig, Cluster
 * API HelmChartProxy, Kustomize helmCharts, an umbrella chart's values) and per-node overrides
 * (CiliumNodeConfig). Every layer of values carries a ValuesInput exactly like a bare values
 * file (parse/input.ts) — ranges in the file the user edits — so the rest of the pipeline reads
 * it unchanged; edits computed on the layer's own text are written back through `mapEdits`.
 */
import type { FixEdit, Range } from '../../types';
import type { ConfigMapInput, ValuesInput } from '../input';
import type { EmbeddedStyle } from './positionMap';
import type { VersionConstraint } from './semverRange';

export type WrapperKind =
  | 'HelmRelease'
  | 'Application'
  | 'HelmChart'
  | 'HelmChartConfig'
  | 'HelmChartProxy'
  | 'Kustomization'
  | 'UmbrellaChart'
  | 'CiliumNodeConfig';

/** How a layer's values are written. */
export type LayerStyle = EmbeddedStyle | 'set' | 'file';

/** One source of values of a release, in merge order (later layers win). */
export interface ValuesLayer {
  /** where the values are, in the user's words: `spec.values`, `spec.source.helm.values`, `valuesFile values.yaml` */
  origin: string;
  style: LayerStyle;
  /** the file the values are written in (the wrapper's file, or a file it names) */
  file: string;
  /** that file's text */
  fileText: string;
  /** the values with ranges in `file` — the same shape as a bare values file */
  input: ValuesInput;
  /** false when positions inside the string are approximate (then no edits are offered) */
  exact: boolean;
  /** the values as their own text, with ranges in that text (what fix edits are computed on) */
  inner?: { input: ValuesInput; text: string };
  /** for values written as indented lines of `file` (a map, a literal block): first line (0-based) and indentation */
  region?: { first: number; indent: number };
  /** value paths whose value is a Go-template expression (not evaluated; left out of `input.values`) */
  templated: string[];
  /** writes edits made on `inner.text` back into `file`; undefined when one cannot be expressed there */
  mapEdits(edits: FixEdit[]): FixEdit[] | undefined;
}

/** Where the chart version of a release comes from. */
export interface WrapperVersion {
  /** as written: `1.13.4`, `~1.15.0`, `>=1.14 <1.16` */
  raw: string;
  /** `exact`: one version; `range`: a semver constraint; `unknown`: named elsewhere (an OCI ref, a git branch) */
  kind: 'exact' | 'range' | 'unknown';
  /** the wrapper kind that named it (what `ciliumVersion.source` reports) */
  source: WrapperKind;
  /** the field: `spec.chart.spec.version` */
  field: string;
  file: string;
  range?: Range;
  constraint?: VersionConstraint;
  /** why the version is unknown */
  note?: string;
}

/** Values the release uses that this file does not show. */
export interface Unresolved {
  /** `spec.valuesFrom[1]` */
  field: string;
  message: string;
  file: string;
  range: Range;
}

/** A problem with the wrapper itself (malformed YAML in a string, values that are not a map). */
export interface WrapperProblem {
  kind: 'malformed' | 'not-a-map' | 'ignored';
  /** the wrapper field the problem is about (`spec.source.helm.values`), when it is one */
  field?: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  file: string;
  range: Range;
}

export interface WrappedRelease {
  kind: WrapperKind;
  /** metadata.name (or the chart's release name) */
  name: string;
  namespace?: string;
  /** the file holding the wrapper */
  file: string;
  /** index of the YAML document inside the file */
  docIndex: number;
  /** where to show things about the release as a whole (its `kind:` or first key) */
  range: Range;
  /** values layers in merge order; empty for CiliumNodeConfig */
  layers: ValuesLayer[];
  /** the merged values (Helm's deep merge of the layers) */
  values: Record<string, unknown>;
  version?: WrapperVersion;
  unresolved: Unresolved[];
  problems: WrapperProblem[];
  /** CiliumNodeConfig: the per-node cilium-config keys, in the same shape as a ConfigMap */
  nodeConfig?: { input: ConfigMapInput; nodeSelector: string | null };
}

/** Reads a file named relative to the wrapper's file; undefined when absent or unreadable. */
export type ReadRelative = (path: string) => { name: string; text: string } | undefined;

export interface WrapperScan {
  releases: WrappedRelease[];
  /** the whole file is not YAML: one message at the first error */
  problem?: WrapperProblem;
}

/** What the analysis says about the wrapper it read. */
export interface ReleaseInfo {
  kind: WrapperKind;
  name: string;
  namespace: string | null;
  file: string;
  /** the object's `kind:` (where a lens or a whole-release message goes) */
  range: Range;
  /** the chart version as the wrapper names it */
  chartVersion: {
    raw: string;
    kind: 'exact' | 'range' | 'unknown';
    field: string;
    file: string;
    range: Range | null;
  } | null;
  /** nodes a CiliumNodeConfig applies to */
  nodeSelector?: string | null;
}
