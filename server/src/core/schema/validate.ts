/**
 * Checks a value against the small part of JSON Schema the key checks write (type, not, enum,
 * pattern, properties, additionalProperties) by walking the schema: nothing is compiled, so a
 * chart version costs no generated code, only the schema objects of the units a file reaches.
 *
 * The errors are the ones ajv (allErrors, non-strict numbers) reports for these schemas, in the
 * same order, with the same keyword, params and instance path; test/unit/schemaValidate.test.ts
 * compares both on every unit of every chart version.
 */
/** One error of a value against a schema. */
export interface SchemaError {
  /** JSON pointer of the value in the file's values */
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** The schema keywords the walker knows (the values schemas, and the ConfigMap's with a pattern). */
export interface CheckedSchema {
  type?: string[];
  not?: CheckedSchema;
  enum?: unknown[];
  pattern?: string;
  properties?: Record<string, CheckedSchema>;
  additionalProperties?: false | CheckedSchema;
}

type TypeName = 'null' | 'array' | 'object' | 'integer' | 'number' | 'string' | 'boolean';

function isType(t: string, v: unknown): boolean {
  switch (t as TypeName) {
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return !!v && typeof v === 'object' && !Array.isArray(v);
    case 'integer':
      return typeof v === 'number' && !((v as number) % 1) && !Number.isNaN(v);
    case 'number':
      return typeof v === 'number';
    default:
      return typeof v === t;
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return a !== a && b !== b; // NaN
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  if (ka.length !== Object.keys(b as object).length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

const patterns = new Map<string, RegExp>();

function patternOf(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) patterns.set(p, (re = new RegExp(p, 'u')));
  return re;
}

/** JSON-pointer escaping of one segment. */
function escape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Appends to `out` every error of `value` against `schema`; `pointer` is the value's instance
 * path. The order follows ajv's: a type error first (or, for a single type whose keywords the
 * schema uses, where that type's keywords are checked), then enum and not, then the string
 * keywords, then the object ones (additionalProperties before properties).
 */
export function checkSchema(schema: CheckedSchema, value: unknown, pointer: string, out: SchemaError[]): void {
  const types = schema.type ?? [];
  const single = types.length === 1 ? types[0] : undefined;
  const hasString = schema.pattern !== undefined;
  const hasObject = schema.properties !== undefined || schema.additionalProperties !== undefined;
  const inGroup = (single === 'string' && hasString) || (single === 'object' && hasObject);
  const typeError = () => out.push({ instancePath: pointer, keyword: 'type', params: { type: schema.type } });
  if (types.length > 0 && !inGroup && !types.some((t) => isType(t, value))) typeError();

  if (schema.enum && !schema.enum.some((e) => equal(value, e)))
    out.push({ instancePath: pointer, keyword: 'enum', params: { allowedValues: schema.enum } });
  if (schema.not) {
    const sub: SchemaError[] = [];
    checkSchema(schema.not, value, pointer, sub);
    if (sub.length === 0) out.push({ instancePath: pointer, keyword: 'not', params: {} });
  }

  if (hasString) {
    if (typeof value === 'string') {
      if (!patternOf(schema.pattern!).test(value))
        out.push({ instancePath: pointer, keyword: 'pattern', params: { pattern: schema.pattern } });
    } else if (single === 'string') typeError();
  }

  if (hasObject) {
    if (isType('object', value)) {
      const data = value as Record<string, unknown>;
      const props = schema.properties ?? {};
      const extra = schema.additionalProperties;
      if (extra !== undefined) {
        for (const key in data) {
          if (Object.prototype.hasOwnProperty.call(props, key)) continue;
          if (extra === false)
            out.push({ instancePath: pointer, keyword: 'additionalProperties', params: { additionalProperty: key } });
          else checkSchema(extra, data[key], `${pointer}/${escape(key)}`, out);
        }
      }
      for (const key of Object.keys(props)) {
        const sub = props[key];
        const v = data[key];
        if (v !== undefined && !isTrivial(sub)) checkSchema(sub, v, `${pointer}/${escape(key)}`, out);
      }
    } else if (single === 'object') typeError();
  }
}

function isTrivial(s: CheckedSchema): boolean {
  for (const k in s) if ((s as Record<string, unknown>)[k] !== undefined) return false;
  return true;
}
