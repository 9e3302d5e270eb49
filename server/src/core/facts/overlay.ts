/**
 * Our own key facts on top of the chart key tree: accepted values per version, deprecated and
 * removed keys with their successors, descriptions, free-form maps and the cilium-config keys
 * that matter. The data is `schemas/generated/overlay.json` (written and checked against the
 * real charts by scripts/generate-schemas.mjs from schemas/overlay/*.yaml), bundled at build time.
 */
import data from '../../../../schemas/generated/overlay.json';
import type { CiliumVersion } from '../types';
import { inRange, type ValueRange, type VersionRange } from './range';
import { kprCheckedBy, kprValueRanges } from './kpr';

export { describeRange, inRange, type Otherwise, type ValueRange, type VersionRange } from './range';

export interface Deprecation extends VersionRange {
  use?: string;
  note?: string;
}

export interface Removal {
  /** first release line without the key */
  in: string;
  use?: string;
  note?: string;
}

export interface ValueOverlay {
  doc?: string;
  values?: ValueRange[];
  valuesCheckedBy?: string[];
  deprecated?: Deprecation;
  removed?: Removal;
  scalarForm?: { until: string; use: string; deprecatedIn?: VersionRange };
}

export interface ConfigMapOverlay {
  doc?: string;
  type: 'bool' | 'string';
  range?: VersionRange;
  values?: ValueRange[];
  valuesCheckedBy?: string[];
  checkedBy?: string[];
  deprecated?: Deprecation;
  removed?: Removal;
}

interface OverlayFile {
  formatVersion: number;
  freeForm: string[];
  templateKeys: Record<string, VersionRange>;
  values: Record<string, ValueOverlay>;
  configMap: Record<string, ConfigMapOverlay>;
  configMapOtherKeys: string[];
}

const FILE = data as unknown as OverlayFile;
// Facts kept in code tables rather than the overlay files (one place each).
Object.assign(FILE.values.kubeProxyReplacement, {
  values: kprValueRanges('values'),
  valuesCheckedBy: kprCheckedBy('values'),
});
Object.assign(FILE.configMap['kube-proxy-replacement'], {
  values: kprValueRanges('configMap'),
  valuesCheckedBy: kprCheckedBy('configMap'),
});
const FREE_FORM = new Set(FILE.freeForm);
const VALUES = new Map(Object.entries(FILE.values));
const CONFIG_MAP = new Map(Object.entries(FILE.configMap));
const OTHER_CM_KEYS = new Set(FILE.configMapOtherKeys);
/** parent path → template keys below it */
const TEMPLATE_KEYS = new Map<string, Array<{ name: string; range: VersionRange }>>();
for (const [path, range] of Object.entries(FILE.templateKeys ?? {})) {
  const i = path.lastIndexOf('.');
  const parent = i < 0 ? '' : path.slice(0, i);
  let list = TEMPLATE_KEYS.get(parent);
  if (!list) TEMPLATE_KEYS.set(parent, (list = []));
  list.push({ name: path.slice(i + 1), range });
}

/** The overlay of a Helm value path, if we wrote one. */
export function valueOverlay(path: string): ValueOverlay | undefined {
  return VALUES.get(path);
}

/** Every Helm value path the overlay describes. */
export function overlayValuePaths(): string[] {
  return [...VALUES.keys()];
}

/** The accepted values of a Helm value in version `v`, if the overlay lists them. */
export function acceptedValues(
  path: string,
  v: Pick<CiliumVersion, 'major' | 'minor' | 'patch'>,
): ValueRange | undefined {
  return VALUES.get(path)?.values?.find((r) => inRange(v, r));
}

/**
 * Values the chart templates of version `v` read below `parent` although values.yaml does not
 * list them: known keys without a type.
 */
export function templateKeysUnder(parent: string, v: Pick<CiliumVersion, 'major' | 'minor' | 'patch'>): string[] {
  return (TEMPLATE_KEYS.get(parent) ?? []).filter((t) => inRange(v, t.range)).map((t) => t.name);
}

/** Is `path` a value the templates of version `v` read without values.yaml listing it? */
export function isTemplateKey(path: string, v: Pick<CiliumVersion, 'major' | 'minor' | 'patch'>): boolean {
  const i = path.lastIndexOf('.');
  return templateKeysUnder(i < 0 ? '' : path.slice(0, i), v).includes(path.slice(i + 1));
}

/** True when the map at `path` takes the user's own keys (and everything below it does too). */
export function isFreeFormRoot(path: string): boolean {
  return FREE_FORM.has(path);
}

export function configMapOverlay(key: string): ConfigMapOverlay | undefined {
  return CONFIG_MAP.get(key);
}

export function configMapOverlayKeys(): string[] {
  return [...CONFIG_MAP.keys()];
}

/** Agent keys real ConfigMaps carry that the overlay does not describe (never typos). */
export function isOtherConfigMapKey(key: string): boolean {
  return OTHER_CM_KEYS.has(key);
}

/** The accepted values of a cilium-config key in version `v`, if the overlay lists them. */
export function acceptedConfigValues(
  key: string,
  v: Pick<CiliumVersion, 'major' | 'minor' | 'patch'>,
): ValueRange | undefined {
  return CONFIG_MAP.get(key)?.values?.find((r) => inRange(v, r));
}

/** How Go templates print a scalar (`toString`): the form accepted values are compared in. */
export function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
