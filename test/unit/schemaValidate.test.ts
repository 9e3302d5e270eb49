/**
 * The schema walker (core/schema/validate.ts) against ajv, which the key checks used before: the
 * same errors (keyword, params, instance path) in the same order for the values schemas of
 * several chart versions and the ConfigMap schemas, on values that hit every keyword.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import data from '../../schemas/generated/chart-keys.json';
import { topLevelSchema, type SchemaError } from '../../server/src/core/schema/valuesSchema';
import { configMapDataSchema } from '../../server/src/core/schema/configMapSchema';
import { checkSchema, type CheckedSchema } from '../../server/src/core/schema/validate';
import { parseCiliumVersion } from '../../server/src/core/version';

/** The options the key checks compiled with. */
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  validateSchema: false,
  addUsedSchema: false,
  messages: false,
  code: { optimize: false },
});

const SCALARS: unknown[] = [true, 3, 2.5, 'text', '', null, -0, Infinity, NaN, 'true', '1', 'yes'];

/** Values for a schema, chosen by `seed`: wrong and right types, enum members and others, unknown keys. */
function probe(s: CheckedSchema, seed: number, depth = 0): unknown {
  const pick = seed % 7;
  if (s.enum && pick === 0) return s.enum[seed % s.enum.length];
  if (s.properties && depth < 8 && pick !== 1 && pick !== 2) {
    const out: Record<string, unknown> = {};
    const names = Object.keys(s.properties);
    names.forEach((n, i) => {
      if ((i + seed) % 3 !== 2) out[n] = probe(s.properties![n], seed + i, depth + 1);
    });
    if (pick === 3) out['zz-unknown'] = 1;
    if (pick === 4) out['a/b~c'] = 'x';
    if (pick === 5) out['12'] = [1];
    return out;
  }
  if (pick === 1) return [1, 'x'];
  if (pick === 2) return {};
  return SCALARS[seed % SCALARS.length];
}

function walker(s: CheckedSchema, v: unknown): SchemaError[] {
  const out: SchemaError[] = [];
  checkSchema(s, v, '', out);
  return out;
}

function viaAjv(f: ReturnType<typeof ajv.compile>, v: unknown): SchemaError[] {
  if (f(v)) return [];
  return (f.errors ?? []).map((e) => ({
    instancePath: e.instancePath,
    keyword: e.keyword,
    params: e.params as Record<string, unknown>,
  }));
}

test('schema walker: the same errors as ajv, in the same order, for the values schemas of five chart versions', () => {
  let compared = 0;
  let errors = 0;
  const keywords = new Set<string>();
  for (const chart of ['1.9.5', '1.12.16', '1.16.15', '1.18.3', '1.20.0-dev']) {
    for (const key of Object.keys(data.keys)) {
      const s = topLevelSchema(chart, key);
      if (!s) continue;
      const f = ajv.compile(s);
      for (let seed = 0; seed < 14; seed++) {
        const v = probe(s, seed);
        const want = viaAjv(f, v);
        assert.deepEqual(walker(s, v), want, `${chart} ${key} seed ${seed}: ${JSON.stringify(v)}`);
        compared++;
        errors += want.length;
        for (const e of want) keywords.add(e.keyword);
      }
    }
  }
  assert.ok(compared > 5000, `${compared} values compared`);
  assert.ok(errors > 1000, `${errors} errors compared`);
  assert.deepEqual([...keywords].sort(), ['additionalProperties', 'enum', 'not', 'type']);
});

test('schema walker: the same errors as ajv for the ConfigMap schemas (patterns, enums, non-strings, other keys)', () => {
  const keywords = new Set<string>();
  for (const version of ['1.9.0', '1.11.5', '1.12.0', '1.16.3', '1.18.0', '1.20.0']) {
    const r = parseCiliumVersion(version);
    assert.ok(r.ok, version);
    const s = configMapDataSchema(r.value);
    const f = ajv.compile(s);
    const names = Object.keys(s.properties);
    for (let seed = 0; seed < 40; seed++) {
      const value: Record<string, unknown> = {};
      names.forEach((n, i) => {
        const p = s.properties[n];
        const k = (i + seed) % 9;
        value[n] =
          k === 0 && p.enum
            ? p.enum[seed % p.enum.length]
            : k < 4
              ? ['true', 'False', '', 'yes', 'x'][(i + seed) % 5]
              : k < 6
                ? SCALARS[(i + seed) % SCALARS.length]
                : undefined;
      });
      value['some-other-key'] = seed % 2 ? 'x' : 12;
      const want = viaAjv(f, value);
      assert.deepEqual(walker(s, value), want, `${version} seed ${seed}`);
      for (const e of want) keywords.add(e.keyword);
    }
  }
  assert.deepEqual([...keywords].sort(), ['enum', 'pattern', 'type']);
});
