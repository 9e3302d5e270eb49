/**
 * A JSON Schema for the `data` of the cilium-config ConfigMap in one Cilium version, from our
 * overlay (schemas/overlay/configmap.yaml): every value is a string; the boolean keys that matter
 * are Go booleans; the keys with a fixed set of values list them. Built once per version and
 * cached; checked by ./validate.ts.
 */
import type { CiliumVersion } from '../types';
import { lineAtLeast } from '../version';
import { acceptedConfigValues, configMapOverlay, configMapOverlayKeys, inRange } from '../facts/overlay';
import type { JsonSchema, SchemaError } from './valuesSchema';
import { checkSchema } from './validate';
import type { ConfigMapInput } from '../parse/input';

/** Go's strconv.ParseBool spellings. */
export const GO_BOOL_PATTERN = '^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$';
/** Before 1.12 an empty boolean is read as unset. */
const GO_BOOL_OR_EMPTY_PATTERN = '^(|1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$';

interface CmSchema {
  type: string[];
  properties: Record<string, JsonSchema & { pattern?: string }>;
  additionalProperties: { type: string[] };
}

/** The data schema for version `v`. */
export function configMapDataSchema(v: CiliumVersion): CmSchema {
  const properties: CmSchema['properties'] = {};
  for (const key of configMapOverlayKeys()) {
    const o = configMapOverlay(key)!;
    if (o.range && !inRange(v, o.range)) continue;
    if (o.type === 'bool') {
      properties[key] = {
        type: ['string'],
        pattern: lineAtLeast(v, '1.12') ? GO_BOOL_PATTERN : GO_BOOL_OR_EMPTY_PATTERN,
      } as JsonSchema;
      continue;
    }
    const r = acceptedConfigValues(key, v);
    properties[key] = r ? { type: ['string'], enum: ['', ...r.accept.map(String)] } : { type: ['string'] };
  }
  return { type: ['object'], properties, additionalProperties: { type: ['string'] } };
}

const cache = new Map<string, CmSchema>();

function schemaFor(v: CiliumVersion): CmSchema {
  const key = `${v.major}.${v.minor}.${v.patch ?? 'x'}`;
  let s = cache.get(key);
  if (!s) {
    s = configMapDataSchema(v);
    cache.set(key, s);
  }
  return s;
}

/** The data as YAML typed it: unquoted booleans and numbers stay what they are. */
function typedValue(e: { value: string; nonString: boolean }): unknown {
  if (!e.nonString) return e.value;
  const t = e.value.trim();
  if (t === '' || t === '~' || t === 'null') return ''; // a null value reads as an empty string
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t) || /^0x[0-9a-fA-F]+$/.test(t)) return Number(t);
  return { value: t };
}

/** Validates a ConfigMap's data for version `v`. Instance paths are `/<key>`. */
export function validateConfigMapData(cm: ConfigMapInput, v: CiliumVersion): SchemaError[] {
  const data: Record<string, unknown> = {};
  for (const [k, e] of cm.data) data[k] = typedValue(e);
  const out: SchemaError[] = [];
  checkSchema(schemaFor(v), data, '', out);
  return out;
}
