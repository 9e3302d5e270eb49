/**
 * Pieces every wrapper extractor shares: the object's identity, its chart version field, and the
 * assembly of layers, problems and unresolved inputs into one WrappedRelease.
 */
import type { Document, Node, Pair } from 'yaml';
import { isMap, isScalar, isSeq, nodeRange, rangeOf } from '../yamlText';
import { mapLayer, mergeValues, str, dig, digPair, type LayerResult, type OuterContext } from './layer';
import { parseConstraint } from './semverRange';
import type { Unresolved, ValuesLayer, WrappedRelease, WrapperKind, WrapperProblem, WrapperVersion } from './types';

/** Everything an extractor needs about one document of the file. */
export interface DocContext extends OuterContext {
  doc: Document.Parsed;
  docIndex: number;
  /** every document of the file (to resolve a ConfigMap or OCIRepository named by the wrapper) */
  all: Document.Parsed[];
}

export function kindOf(doc: Document.Parsed): {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
} {
  const root = doc.contents;
  if (!isMap(root)) return {};
  return {
    apiVersion: str(dig(root, 'apiVersion')),
    kind: str(dig(root, 'kind')),
    name: str(dig(root, 'metadata', 'name')),
    namespace: str(dig(root, 'metadata', 'namespace')),
  };
}

/** Where to show things about the object as a whole: its `kind:` value, else the document start. */
export function objectRange(ctx: DocContext) {
  const lc = ctx.parsed.lineCounter;
  const kindPair = digPair(ctx.doc.contents, 'kind');
  if (kindPair && kindPair.value) return nodeRange(lc, kindPair.value as Node);
  const at = ctx.doc.contents?.range?.[0] ?? 0;
  return rangeOf(lc, at, at);
}

/** A chart version field: exact, a semver range, or unreadable. */
export function versionField(
  ctx: OuterContext,
  pair: Pair | undefined,
  source: WrapperKind,
  field: string,
): WrapperVersion | undefined {
  if (!pair || !isScalar(pair.value)) return undefined;
  const raw = str(pair.value);
  if (raw === undefined || raw.trim() === '') return undefined;
  const range = nodeRange(ctx.parsed.lineCounter, pair.value as Node);
  const c = parseConstraint(raw);
  if (!c.ok)
    return {
      raw,
      kind: 'unknown',
      source,
      field,
      file: ctx.file,
      range,
      note: `${field} "${raw}" is not a chart version or version range`,
    };
  return { raw, kind: c.value.exact ? 'exact' : 'range', source, field, file: ctx.file, range, constraint: c.value };
}

/** Collects layer results: layers in order, failures as problems. */
export class ReleaseBuilder {
  readonly layers: ValuesLayer[] = [];
  readonly problems: WrapperProblem[] = [];
  readonly unresolved: Unresolved[] = [];
  add(r: LayerResult | undefined): void {
    if (!r) return;
    if (r.ok) this.layers.push(r.layer);
    else this.problems.push(r.problem);
  }
  unseen(ctx: OuterContext, node: Node | null | undefined, field: string, message: string): void {
    this.unresolved.push({ field, message, file: ctx.file, range: nodeRange(ctx.parsed.lineCounter, node) });
  }
  /** Each item of a list that the analysis cannot read (`field[i]`); `message` says what the item is. */
  unseenItems(ctx: OuterContext, pair: Pair | undefined, field: string, message: (item: unknown) => string): void {
    if (!pair || !isSeq(pair.value)) return;
    pair.value.items.forEach((item, i) => this.unseen(ctx, item as Node, `${field}[${i}]`, message(item)));
  }
  build(
    ctx: DocContext,
    kind: WrapperKind,
    name: string,
    version: WrapperVersion | undefined,
    namespace?: string,
  ): WrappedRelease {
    return {
      kind,
      name,
      namespace,
      file: ctx.file,
      docIndex: ctx.docIndex,
      range: objectRange(ctx),
      layers: this.layers,
      values: mergeValues(this.layers.map((l) => l.input.values)),
      version,
      unresolved: this.unresolved,
      problems: this.problems,
    };
  }
}

/** A chart name that means the cilium chart (`cilium`, `cilium/cilium`, `oci://…/cilium`, `rke2-cilium`). */
export function isCiliumChart(name: string | undefined): boolean {
  if (!name) return false;
  const n = name.trim().replace(/\/+$/, '');
  return n === 'cilium' || n === 'rke2-cilium' || n.endsWith('/cilium');
}

/** A values layer for a map field that is not written yet (`spec.values` absent): empty, fixes add it. */
export function absentMapLayer(ctx: DocContext, parent: unknown, parentKey: string, field: string, origin: string) {
  const pair = digPair(parent, parentKey);
  if (!pair) return undefined;
  const lc = ctx.parsed.lineCounter;
  const keyRange = nodeRange(lc, pair.key as Node);
  const children = isMap(pair.value) ? pair.value.items : [];
  const first = children[0]?.key as Node | undefined;
  const childCol = first?.range ? nodeRange(lc, first).start.character : keyRange.start.character + 2;
  return mapLayer(ctx, ctx.doc, pair.key as Node, null, origin, { field, childCol });
}

/** No values written and no obvious place to add them: an empty layer without edits. */
export function emptyLayer(ctx: OuterContext, anchor: Node, origin: string) {
  const r = mapLayer(ctx, (ctx as DocContext).doc, anchor, null, origin);
  if (r.ok) {
    r.layer.inner = undefined;
    r.layer.mapEdits = () => undefined;
  }
  return r;
}
