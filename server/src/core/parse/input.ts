/**
 * Recognises what an input text is — Helm values for the cilium chart, a `cilium-config`
 * ConfigMap (possibly one document of many), or something else — and extracts it with
 * source ranges.
 */
import type { Document, LineCounter, Node, YAMLMap } from 'yaml';
import type { Evidence, Fix, Position, Range, SourceLocation } from '../types';
import type { FixIntent } from '../families/rule';
import {
  MAX_TEXT_BYTES,
  docStartRange,
  docToJs,
  findPair,
  isMap,
  isScalar,
  isSeq,
  nodeRange,
  parseYamlText,
  MAX_NESTING,
  tooDeep,
  rangeOf,
  type ParsedYaml,
  type YamlProblem,
} from './yamlText';
import { parseModeline, type Modeline } from './modeline';
import { echo } from '../echo';
import { isKnownTopLevelValue } from '../chart/knownValues';

/** Source ranges of one key in a values file or ConfigMap. */
export interface KeyLocation {
  /** the key token */
  key: Range;
  /** the value node (for an empty value: the end of the key) */
  value: Range;
}

export interface ValuesInput {
  kind: 'values';
  file: string;
  /** the document's plain value (a map; `{}` for an empty document) */
  values: Record<string, unknown>;
  /** dotted value path → ranges */
  locations: Map<string, KeyLocation>;
  /** where to report things about the whole file */
  start: Range;
  modeline: Modeline;
  /**
   * Values held inside another object (a HelmRelease, a string in a HelmChartConfig…): fix edits
   * are computed on the values' own text and written back by this hook (parse/wrappers).
   */
  embedding?: ValuesEmbedding;
}

/** How fixes reach values that live inside another object (see parse/wrappers/composite.ts). */
export interface ValuesEmbedding {
  materialise(
    intents: FixIntent[],
    plain: (intents: FixIntent[], target: { input: ValuesInput; text: string }) => Fix[],
  ): Fix[];
  /** what the wrapper family says about the wrapper itself: values it cannot see, fields the controller ignores */
  remarks?: Array<{
    kind: 'unseen' | 'ignored';
    /** the wrapper field the remark is about (`spec.valuesFrom[0]`, `spec.source.helm.values`) */
    field: string;
    message: string;
    location: SourceLocation;
  }>;
}

export interface ConfigMapEntry {
  /** the value as the agent reads it (ConfigMap data is always strings) */
  value: string;
  /** the YAML value was not a string (an unquoted boolean or number); kubectl would refuse it */
  nonString: boolean;
  location: KeyLocation;
}

export interface ConfigMapInput {
  kind: 'configmap';
  file: string;
  /** index of the document inside a multi-document file */
  docIndex: number;
  namespace?: string;
  data: Map<string, ConfigMapEntry>;
  /** the `data:` key, or the document start when there is none */
  dataRange: Range;
  start: Range;
  /** keys whose `kubectl.kubernetes.io/last-applied-configuration` value differs from `data` */
  lastAppliedDiffers: Array<{ key: string; lastApplied: string | null; data: string | null }>;
  modeline: Modeline;
}

export type InputProblemKind = 'too-large' | 'malformed' | 'helm-template' | 'not-cilium' | 'not-a-map';

export interface InputProblem {
  kind: InputProblemKind;
  file: string;
  message: string;
  range?: Range;
  /** syntax errors, when kind is malformed */
  errors?: YamlProblem[];
}

export type ParsedInput =
  | { ok: true; input: ValuesInput | ConfigMapInput; parsed: ParsedYaml }
  | { ok: false; problem: InputProblem; modeline?: Modeline };

const HELM_TEMPLATE = /\{\{[-\s]/;

/** Keys that only a cilium-config ConfigMap has. */
const CILIUM_CONFIG_MARKERS = new Set([
  'kube-proxy-replacement',
  'enable-bpf-masquerade',
  'enable-host-legacy-routing',
  'enable-ipv4-masquerade',
  'enable-endpoint-routes',
  'routing-mode',
  'tunnel-protocol',
  'cni-chaining-mode',
  'bpf-map-dynamic-size-ratio',
  'identity-allocation-mode',
]);

/** `helm get values` prints this line before the values. */
const HELM_GET_VALUES_HEADER = 'USER-SUPPLIED VALUES';

/** A leading line that makes a file a Helm template rather than values. */
function looksLikeHelmTemplate(text: string): boolean {
  // Only count template actions outside comments.
  for (const line of text.split('\n', 20000)) {
    const t = line.trimStart();
    if (t.startsWith('#')) continue;
    if (HELM_TEMPLATE.test(line) || /\{\{\s*\./.test(line)) return true;
  }
  return false;
}

/** Line and character of an offset, without a parse. */
function positionAt(text: string, offset: number): Position {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1), offset };
}

/** The syntax error of a file with a NUL byte (YAML text has none; the YAML extension does not say so). */
export const NUL_MESSAGE = 'a NUL byte: this is binary data, not YAML text';

/**
 * Parses one input file. `force` treats a file without recognisable Cilium keys as values
 * anyway (the caller says it is ours, e.g. through a modeline or a CLI argument).
 */
export function parseInput(file: string, text: string): ParsedInput {
  if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES) {
    return {
      ok: false,
      problem: {
        kind: 'too-large',
        file,
        message: `${file} is larger than ${MAX_TEXT_BYTES / (1024 * 1024)} MiB; Cilium values files and ConfigMaps are far smaller, so it is not analysed`,
      },
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    // YAML text has no NUL; the editor and the CLI both say so (for files that are theirs)
    const at = positionAt(text, nul);
    const range = { start: at, end: { line: at.line, character: at.character + 1, offset: nul + 1 } };
    return {
      ok: false,
      problem: {
        kind: 'malformed',
        file,
        message: `${file}:${at.line + 1}:${at.character + 1}: malformed YAML: ${NUL_MESSAGE}`,
        range,
        errors: [{ message: NUL_MESSAGE, range }],
      },
    };
  }
  const deep = tooDeep(text);
  if (deep) {
    const at = positionAt(text, deep.offset);
    return {
      ok: false,
      problem: {
        kind: 'too-large',
        file,
        message: `${file} is nested deeper than ${MAX_NESTING} levels; Cilium values files and ConfigMaps are far flatter, so it is not analysed`,
        range: { start: at, end: at },
      },
    };
  }
  const modeline = parseModeline(text);
  const refuse = (problem: InputProblem): ParsedInput => ({ ok: false, modeline, problem });
  if (looksLikeHelmTemplate(text)) {
    return refuse({
      kind: 'helm-template',
      file,
      message: `${file} is a Helm template ({{ … }}), not a values file or a rendered ConfigMap; render it with helm template first`,
    });
  }
  const parsed = parseYamlText(text);
  const { lineCounter: lc } = parsed;
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    return refuse({
      kind: 'malformed',
      file,
      message: `${file}:${first.range.start.line + 1}:${first.range.start.character + 1}: malformed YAML: ${first.message}`,
      range: first.range,
      errors: parsed.errors,
    });
  }

  // 1. A cilium-config ConfigMap in any document.
  const docs = parsed.docs;
  for (let i = 0; i < docs.length; i++) {
    const cm = readConfigMap(file, docs[i], i, parsed, modeline);
    if (cm) return { ok: true, input: cm, parsed };
  }

  // 2. Values: a single document whose root is a map (or empty).
  const contentDocs = docs.filter((d) => d.contents !== null && d.contents !== undefined);
  if (contentDocs.length > 1) {
    return refuse({
      kind: 'not-cilium',
      file,
      message: `${file} has ${contentDocs.length} YAML documents and none is the cilium-config ConfigMap (kind: ConfigMap, metadata.name: cilium-config)`,
    });
  }
  const doc = contentDocs[0] ?? docs[0];
  const start = doc ? docStartRange(lc, doc) : rangeOf(lc, 0, 0);
  if (!doc || doc.contents === null || doc.contents === undefined) {
    return { ok: true, parsed, input: { kind: 'values', file, values: {}, locations: new Map(), start, modeline } };
  }
  if (!isMap(doc.contents)) {
    return refuse({
      kind: 'not-a-map',
      file,
      message: `${file}: the document is a ${isSeq(doc.contents) ? 'list' : 'scalar'}, but Helm values must be a map of keys`,
      range: nodeRange(lc, doc.contents as Node),
    });
  }
  const js = docToJs(doc);
  if (!js.ok) {
    return refuse({ kind: 'malformed', file, message: `${file}: ${js.error}`, range: start });
  }
  const root = (js.value ?? {}) as Record<string, unknown>;
  if (HELM_GET_VALUES_HEADER in root && root[HELM_GET_VALUES_HEADER] === null) delete root[HELM_GET_VALUES_HEADER];
  const topKeys = Object.keys(root);
  if (typeof root.kind === 'string' && 'apiVersion' in root) {
    return refuse({
      kind: 'not-cilium',
      file,
      message: `${file} is a Kubernetes ${root.kind}, not Cilium Helm values or the cilium-config ConfigMap`,
      range: start,
    });
  }
  if (!modeline.present && topKeys.length > 0 && !topKeys.some(isKnownTopLevelValue)) {
    return refuse({
      kind: 'not-cilium',
      file,
      message: `${file} does not look like Cilium Helm values: none of its top-level keys (${topKeys
        .slice(0, 5)
        .map((k) => echo(k, 40))
        .join(', ')}${topKeys.length > 5 ? ', …' : ''}) is a value of the cilium chart`,
      range: start,
    });
  }
  const locations = new Map<string, KeyLocation>();
  collectLocations(doc.contents as YAMLMap, lc, locations);
  return { ok: true, parsed, input: { kind: 'values', file, values: root, locations, start, modeline } };
}

/** Dotted value paths of a map node (and the maps under it) → their key and value ranges. */
export function collectLocations(
  map: YAMLMap,
  lc: LineCounter,
  out: Map<string, KeyLocation>,
  prefix = '',
  depth = 0,
): void {
  if (depth > 64) return;
  for (const item of map.items) {
    if (!isScalar(item.key)) continue;
    const path = prefix ? `${prefix}.${String(item.key.value)}` : String(item.key.value);
    const keyRange = nodeRange(lc, item.key as Node);
    const valueNode = item.value as Node | null;
    const valueRange =
      valueNode && valueNode.range ? nodeRange(lc, valueNode) : { start: keyRange.end, end: keyRange.end };
    out.set(path, { key: keyRange, value: valueRange });
    if (valueNode && isMap(valueNode)) collectLocations(valueNode, lc, out, path, depth + 1);
  }
}

/** A scalar node's value as text; undefined for null, a map or a list. */
export function scalarString(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

function readConfigMap(
  file: string,
  doc: Document.Parsed,
  index: number,
  parsed: ParsedYaml,
  modeline: Modeline,
): ConfigMapInput | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  if (scalarString(findPair(root, 'kind')?.value) !== 'ConfigMap') return undefined;
  const metaNode = findPair(root, 'metadata')?.value;
  const meta = isMap(metaNode) ? metaNode : undefined;
  const name = meta ? scalarString(findPair(meta, 'name')?.value) : undefined;
  if (name !== 'cilium-config') {
    // Published excerpts often drop metadata; accept a nameless ConfigMap whose data is clearly Cilium's.
    const dataNode = findPair(root, 'data')?.value;
    if (name !== undefined || !isMap(dataNode)) return undefined;
    const keys = dataNode.items.map((i) => (isScalar(i.key) ? String(i.key.value) : ''));
    if (keys.filter((k) => CILIUM_CONFIG_MARKERS.has(k)).length < 2) return undefined;
  }
  const lc = parsed.lineCounter;
  const namespace = meta ? scalarString(findPair(meta, 'namespace')?.value) : undefined;
  const start = docStartRange(lc, doc);
  const dataPair = findPair(root, 'data');
  const data = isMap(dataPair?.value) ? readConfigMapData(dataPair.value, lc) : new Map<string, ConfigMapEntry>();
  const dataRange = dataPair ? nodeRange(lc, dataPair.key as Node) : start;
  const lastAppliedDiffers = meta ? compareLastApplied(meta, data) : [];
  return { kind: 'configmap', file, docIndex: index, namespace, data, dataRange, start, lastAppliedDiffers, modeline };
}

/**
 * The keys of a ConfigMap-shaped `data` map (also a CiliumNodeConfig's `spec.defaults`), each
 * with its value as the agent reads it and the key and value ranges.
 */
export function readConfigMapData(dataNode: YAMLMap, lc: LineCounter): Map<string, ConfigMapEntry> {
  const data = new Map<string, ConfigMapEntry>();
  for (const item of dataNode.items) {
    if (!isScalar(item.key)) continue;
    const key = String(item.key.value);
    const vn = item.value as Node | null;
    const keyRange = nodeRange(lc, item.key as Node);
    const valueRange = vn && vn.range ? nodeRange(lc, vn) : { start: keyRange.end, end: keyRange.end };
    let value = '';
    let nonString = false;
    if (isScalar(vn)) {
      nonString = typeof vn.value !== 'string';
      // An unquoted `true` or `1` is how the user wrote it; keep the source text.
      value = vn.value === null ? '' : typeof vn.value === 'string' ? vn.value : (vn.source ?? String(vn.value));
    } else if (vn) {
      nonString = true;
      value = String(vn);
    }
    data.set(key, { value, nonString, location: { key: keyRange, value: valueRange } });
  }
  return data;
}

/** A ConfigMap's keys as the agent reads them (strings), each from where the file writes its value. */
export function configMapEvidence(cm: ConfigMapInput): Map<string, Evidence> {
  const out = new Map<string, Evidence>();
  for (const [key, e] of cm.data) {
    out.set(key, {
      key,
      value: e.value,
      origin: { kind: 'explicit', location: { file: cm.file, range: e.location.value } },
    });
  }
  return out;
}

/** Compares the `last-applied-configuration` annotation's data with the live data. */
function compareLastApplied(meta: YAMLMap, data: Map<string, ConfigMapEntry>): ConfigMapInput['lastAppliedDiffers'] {
  const ann = findPair(meta, 'annotations')?.value;
  if (!isMap(ann)) return [];
  const raw = scalarString(findPair(ann, 'kubectl.kubernetes.io/last-applied-configuration')?.value);
  if (!raw) return [];
  let applied: Record<string, unknown> | undefined;
  try {
    const obj = JSON.parse(raw) as { data?: Record<string, unknown> };
    applied = obj && typeof obj === 'object' && obj.data && typeof obj.data === 'object' ? obj.data : undefined;
  } catch {
    return [];
  }
  if (!applied) return [];
  const out: ConfigMapInput['lastAppliedDiffers'] = [];
  const keys = new Set([...Object.keys(applied), ...data.keys()]);
  for (const k of keys) {
    const a = k in applied ? String(applied[k]) : null;
    const d = data.get(k)?.value ?? null;
    if (a !== d) out.push({ key: k, lastApplied: a, data: d });
  }
  return out;
}
