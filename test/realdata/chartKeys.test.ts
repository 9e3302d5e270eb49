// Checks schemas/generated/chart-keys.json against the real Cilium chart values files in
// ../shared/cilium/charts (read in place, never copied); not run without it (see ./data.ts).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { CHART_VERSIONS, chartChildKeys, chartDefault, chartKeyInfo } from '../../server/src/core/chart/chartKeys';
import { realDataSuite } from './data';

const repoRoot = path.resolve(__dirname, '..', '..');
const suite = realDataSuite('chartKeys', ['cilium/charts']);
const { test } = suite;
const chartsDir = suite.path('cilium', 'charts');
const generator = path.join(repoRoot, 'scripts', 'generate-chart-data.mjs');
const dataFile = path.join(repoRoot, 'schemas', 'generated', 'chart-keys.json');

function requireCharts(): void {
  assert.ok(
    existsSync(chartsDir),
    `real chart data not found at ${chartsDir}: this suite needs the shared Cilium chart values ` +
      '(../shared/cilium/charts next to the repository); it does not skip',
  );
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

test('the chart folder has the expected chart versions', () => {
  requireCharts();
  const folders = readdirSync(chartsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(chartsDir, d.name, 'values.yaml')))
    .map((d) => d.name);
  assert.deepEqual([...folders].sort(), [...CHART_VERSIONS].sort());
});

test('generator --check: committed chart-keys.json matches the charts', () => {
  requireCharts();
  const r = spawnSync(process.execPath, [generator, '--check', '--charts', chartsDir], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `generate-chart-data --check failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /up to date/);
});

test('generator --check fails clearly when the committed file differs or the charts are missing', () => {
  requireCharts();
  const bogus = path.join(repoRoot, 'scripts', 'generate-chart-data.mjs'); // any file that differs
  const r = spawnSync(process.execPath, [generator, '--check', '--charts', chartsDir, '--out', bogus], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /differs from what the charts produce/);
  const missing = spawnSync(process.execPath, [generator, '--check', '--charts', path.join(chartsDir, 'nope')], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /chart folder not found/);
});

test('chart-keys.json stays small', () => {
  const size = readFileSync(dataFile).length;
  assert.ok(size < 300 * 1024, `chart-keys.json is ${size} bytes`);
});

test('every leaf of every real values.yaml has an equal default via the accessor', () => {
  requireCharts();
  for (const chart of CHART_VERSIONS) {
    const values = parse(readFileSync(path.join(chartsDir, chart, 'values.yaml'), 'utf8')) as unknown;
    assert.ok(isMap(values), chart);
    let leaves = 0;
    const walk = (node: Record<string, unknown>, prefix: string): void => {
      const children = chartChildKeys(chart, prefix);
      for (const [key, value] of Object.entries(node)) {
        const p = prefix === '' ? key : `${prefix}.${key}`;
        assert.ok(children.includes(key), `${chart}: ${p} missing from chartChildKeys(${JSON.stringify(prefix)})`);
        if (isMap(value) && Object.keys(value).length > 0) {
          assert.equal(chartKeyInfo(chart, p)?.type, 'object', `${chart}: ${p} type`);
          walk(value, p);
          continue;
        }
        leaves++;
        const d = chartDefault(chart, p);
        assert.equal(d.found, true, `${chart}: ${p} not found`);
        assert.equal(d.commented, undefined, `${chart}: ${p} is real, not commented`);
        assert.deepEqual(d.value, value, `${chart}: ${p} default`);
        const info = chartKeyInfo(chart, p);
        assert.ok(info?.versions.includes(chart), `${chart}: ${p} versions`);
      }
      // the reverse: real children the accessor reports exist in the file
      for (const key of children) {
        const p = prefix === '' ? key : `${prefix}.${key}`;
        if (!chartDefault(chart, p).commented) assert.ok(key in node, `${chart}: ${p} reported but not in values.yaml`);
      }
    };
    walk(values, '');
    assert.ok(leaves > 300, `${chart}: only ${leaves} leaves`);
    // the whole document round-trips through the map reconstruction
    const top = Object.fromEntries(
      chartChildKeys(chart, '').flatMap((k) => {
        const d = chartDefault(chart, k);
        return d.commented ? [] : [[k, d.value]];
      }),
    );
    assert.deepEqual(top, values, `${chart}: whole values.yaml`);
  }
});

test('schema types match every property of the real values.schema.json files', () => {
  requireCharts();
  let checked = 0;
  for (const chart of CHART_VERSIONS) {
    const file = path.join(chartsDir, chart, 'values.schema.json');
    if (!existsSync(file)) {
      assert.equal(chartKeyInfo(chart, 'bpf')?.schemaTypes, undefined, `${chart} has no schema file`);
      continue;
    }
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { properties?: Record<string, unknown> };
    const walk = (props: Record<string, unknown>, prefix: string): void => {
      for (const [key, raw] of Object.entries(props)) {
        const s = raw as { type?: string | string[]; properties?: Record<string, unknown> };
        const p = prefix === '' ? key : `${prefix}.${key}`;
        if (s.type !== undefined) {
          const want = Array.isArray(s.type) ? s.type : [s.type];
          assert.deepEqual(chartKeyInfo(chart, p)?.schemaTypes, want, `${chart}: schema ${p}`);
          checked++;
        }
        if (s.properties) walk(s.properties, p);
      }
    };
    walk(schema.properties ?? {}, '');
  }
  assert.ok(checked > 4000, `only ${checked} schema entries checked`);
});

test('commented keys named in the brief are detected in the real files', () => {
  requireCharts();
  assert.deepEqual(chartDefault('1.9.18', 'bpf.hostRouting'), { found: true, value: true, commented: true });
  for (const chart of ['1.10.20', '1.11.20', '1.12.16']) {
    assert.deepEqual(chartDefault(chart, 'bpf.masquerade'), { found: true, value: false, commented: true }, chart);
  }
  for (const chart of ['1.14.16', '1.15.7', '1.16.15', '1.17.8']) {
    assert.deepEqual(
      chartDefault(chart, 'kubeProxyReplacement'),
      { found: true, value: 'false', commented: true },
      chart,
    );
  }
  // schema annotation lines (`# type: [...]` inside `# @schema` / `# @schema@` blocks) are not keys
  for (const chart of CHART_VERSIONS) {
    assert.equal(chartDefault(chart, 'type').found, false, chart);
    assert.equal(chartDefault(chart, 'bpf.type').found, false, chart);
  }
  // prose such as `# ref: https://…` or `# nodes: Count of nodes at which …` is not a key
  for (const chart of CHART_VERSIONS) {
    assert.equal(chartDefault(chart, 'ref').found, false, chart);
    assert.equal(chartDefault(chart, 'ciliumEndpointSlice.nodes').found, false, chart);
  }
  // examples the chart writes at the wrong column are filed under the key they belong to
  for (const chart of ['1.16.15', '1.20.0-dev']) {
    assert.deepEqual(chartDefault(chart, 'maglev.hashSeed'), { found: true, value: null, commented: true }, chart);
    assert.equal(chartDefault(chart, 'hashSeed').found, false, chart);
    assert.deepEqual(chartDefault(chart, 'operator.securityContext.runAsUser'), {
      found: true,
      value: 0,
      commented: true,
    });
  }
  assert.equal(chartDefault('1.18.3', 'envoy.log.format_json.date').commented, true);
  assert.equal(chartDefault('1.18.3', 'envoy.log.date').found, false);
  assert.deepEqual(chartDefault('1.20.0-dev', 'tmpVolume.emptyDir'), {
    found: true,
    value: { sizeLimit: '100Mi', medium: 'Memory' },
    commented: true,
  });
  assert.equal(chartDefault('1.20.0-dev', 'emptyDir').found, false);
  // a commented block scalar keeps its text
  const ca = chartDefault('1.18.3', 'tls.caBundle.content');
  assert.equal(ca.commented, true);
  assert.match(String(ca.value), /^-----BEGIN CERTIFICATE-----\n/);
});
