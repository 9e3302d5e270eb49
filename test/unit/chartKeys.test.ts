import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHART_VERSIONS,
  chartChildKeys,
  chartDefault,
  chartKeyInfo,
  chartVersionsWithKey,
  resolveChartVersion,
} from '../../server/src/core/chart/chartKeys';

const ALL = [
  '1.9.5',
  '1.9.18',
  '1.10.20',
  '1.11.20',
  '1.12.16',
  '1.13.9',
  '1.14.16',
  '1.15.7',
  '1.16.15',
  '1.17.8',
  '1.18.3',
  '1.19.0-dev',
  '1.20.0-dev',
];

/** compact view of a default across all charts: '-' absent, '#' prefix when commented */
function across(path: string): string[] {
  return CHART_VERSIONS.map((v) => {
    const d = chartDefault(v, path);
    if (!d.found) return '-';
    return (d.commented ? '#' : '') + JSON.stringify(d.value);
  });
}

test('CHART_VERSIONS lists the 13 charts in semver order, dev snapshots in their minor order', () => {
  assert.deepEqual([...CHART_VERSIONS], ALL);
  assert.ok(Object.isFrozen(CHART_VERSIONS));
});

test('resolveChartVersion: same minor, 1.9 split at patch 8/9, exactness', () => {
  assert.deepEqual(resolveChartVersion({ major: 1, minor: 9, patch: 5 }), { chart: '1.9.5', exact: true });
  assert.deepEqual(resolveChartVersion({ major: 1, minor: 9, patch: 18 }), { chart: '1.9.18', exact: true });
  for (const patch of [0, 1, 4, 8]) {
    const r = resolveChartVersion({ major: 1, minor: 9, patch });
    assert.equal(r.chart, '1.9.5', `1.9.${patch}`);
    assert.equal(r.exact, false);
    assert.ok(r.note);
  }
  for (const patch of [9, 12, 17, 25]) assert.equal(resolveChartVersion({ major: 1, minor: 9, patch }).chart, '1.9.18');
  const noPatch = resolveChartVersion({ major: 1, minor: 9 });
  assert.equal(noPatch.chart, '1.9.18');
  assert.equal(noPatch.exact, false);

  const r1134 = resolveChartVersion({ major: 1, minor: 13, patch: 4 });
  assert.equal(r1134.chart, '1.13.9');
  assert.equal(r1134.exact, false);
  assert.match(r1134.note ?? '', /1\.13\.9/);
  assert.deepEqual(resolveChartVersion({ major: 1, minor: 16, patch: 15 }), { chart: '1.16.15', exact: true });
  assert.equal(resolveChartVersion({ major: 1, minor: 17, patch: 6, prerelease: 'cee.1' }).chart, '1.17.8');
  assert.equal(resolveChartVersion({ major: 1, minor: 17, patch: 8, prerelease: 'cee.1' }).exact, false);
});

test('resolveChartVersion: dev snapshots', () => {
  assert.deepEqual(resolveChartVersion({ major: 1, minor: 19, patch: 0, prerelease: 'dev' }), {
    chart: '1.19.0-dev',
    exact: true,
  });
  const r = resolveChartVersion({ major: 1, minor: 19, patch: 0 });
  assert.equal(r.chart, '1.19.0-dev');
  assert.equal(r.exact, false);
  assert.match(r.note ?? '', /development snapshot/);
  assert.equal(resolveChartVersion({ major: 1, minor: 20, patch: 1 }).chart, '1.20.0-dev');
  assert.equal(resolveChartVersion({ major: 1, minor: 20 }).chart, '1.20.0-dev');
});

test('resolveChartVersion: lines outside 1.9–1.20 use the nearest known chart with a note', () => {
  const old = resolveChartVersion({ major: 1, minor: 8, patch: 3 });
  assert.equal(old.chart, '1.9.5');
  assert.equal(old.exact, false);
  assert.match(old.note ?? '', /older/);
  const newer = resolveChartVersion({ major: 1, minor: 21, patch: 0 });
  assert.equal(newer.chart, '1.20.0-dev');
  assert.equal(newer.exact, false);
  assert.match(newer.note ?? '', /newer/);
  assert.equal(resolveChartVersion({ major: 2, minor: 0 }).chart, '1.20.0-dev');
  assert.equal(resolveChartVersion({ major: 0, minor: 30 }).chart, '1.9.5');
});

test('kubeProxyReplacement: probe in 1.9 values, commented out 1.10–1.17, explicit "false" from 1.18.3', () => {
  assert.deepEqual(chartDefault('1.9.18', 'kubeProxyReplacement'), { found: true, value: 'probe' });
  assert.deepEqual(chartDefault('1.9.5', 'kubeProxyReplacement'), { found: true, value: 'probe' });
  assert.deepEqual(chartDefault('1.10.20', 'kubeProxyReplacement'), {
    found: true,
    value: 'disabled',
    commented: true,
  });
  assert.deepEqual(chartDefault('1.13.9', 'kubeProxyReplacement'), { found: true, value: 'disabled', commented: true });
  assert.deepEqual(chartDefault('1.14.16', 'kubeProxyReplacement'), { found: true, value: 'false', commented: true });
  assert.deepEqual(chartDefault('1.17.8', 'kubeProxyReplacement'), { found: true, value: 'false', commented: true });
  assert.deepEqual(chartDefault('1.18.3', 'kubeProxyReplacement'), { found: true, value: 'false' });
  assert.deepEqual(chartDefault('1.20.0-dev', 'kubeProxyReplacement'), { found: true, value: 'false' });
});

test('enableIPv4Masquerade: absent in 1.9, true 1.10–1.17, null from 1.18', () => {
  assert.deepEqual(across('enableIPv4Masquerade'), [
    '-',
    '-',
    'true',
    'true',
    'true',
    'true',
    'true',
    'true',
    'true',
    'true',
    'null',
    'null',
    'null',
  ]);
  // 1.9 used the top-level `masquerade` key instead
  assert.deepEqual(chartDefault('1.9.18', 'masquerade'), { found: true, value: true });
  assert.deepEqual(chartDefault('1.10.20', 'masquerade'), { found: false });
});

test('bpf.masquerade: commented true (1.9), commented false (1.10–1.12), nullable value from 1.13', () => {
  assert.deepEqual(across('bpf.masquerade'), [
    '#true',
    '#true',
    '#false',
    '#false',
    '#false',
    'null',
    'null',
    'null',
    'null',
    'null',
    'null',
    'null',
    'null',
  ]);
  const info = chartKeyInfo('1.16.15', 'bpf.masquerade');
  assert.ok(info);
  assert.deepEqual(info.schemaTypes, ['null', 'boolean']);
  assert.equal(info.type, 'null');
  assert.equal(info.commented, false);
  assert.deepEqual(info.commentedVersions, ['1.9.5', '1.9.18', '1.10.20', '1.11.20', '1.12.16']);
  assert.equal(chartKeyInfo('1.19.0-dev', 'bpf.masquerade')?.schemaTypes, undefined, '1.19.0-dev has no schema file');
  assert.equal(chartKeyInfo('1.15.7', 'bpf.masquerade')?.schemaTypes, undefined, 'no schema before 1.16');
});

test('bpf.hostRouting (commented, 1.9–1.12) and bpf.hostLegacyRouting (1.12 commented, nullable from 1.13)', () => {
  assert.deepEqual(chartDefault('1.9.18', 'bpf.hostRouting'), { found: true, value: true, commented: true });
  assert.deepEqual(chartVersionsWithKey('bpf.hostRouting'), ALL.slice(0, 5));
  assert.deepEqual(chartDefault('1.12.16', 'bpf.hostLegacyRouting'), { found: true, value: false, commented: true });
  assert.deepEqual(chartDefault('1.13.9', 'bpf.hostLegacyRouting'), { found: true, value: null });
  assert.deepEqual(chartDefault('1.11.20', 'bpf.hostLegacyRouting'), { found: false });
});

test('tunnel: "vxlan" up to 1.13, "" in 1.14, gone from 1.15; routingMode from 1.14', () => {
  assert.deepEqual(chartDefault('1.13.9', 'tunnel'), { found: true, value: 'vxlan' });
  assert.deepEqual(chartDefault('1.14.16', 'tunnel'), { found: true, value: '' });
  assert.deepEqual(chartDefault('1.15.7', 'tunnel'), { found: false });
  assert.deepEqual(chartVersionsWithKey('tunnel'), ALL.slice(0, 7));

  assert.deepEqual(chartDefault('1.13.9', 'routingMode'), { found: false });
  assert.deepEqual(chartDefault('1.14.16', 'routingMode'), { found: true, value: '' });
  assert.deepEqual(chartVersionsWithKey('routingMode'), ALL.slice(6));
  assert.deepEqual(chartKeyInfo('1.18.3', 'routingMode')?.schemaTypes, ['string']);
});

test('keys present only in later versions', () => {
  assert.deepEqual(chartVersionsWithKey('bpf.datapathMode'), ALL.slice(8));
  assert.deepEqual(chartVersionsWithKey('enableIPv4BIGTCP'), ALL.slice(6));
  const info = chartKeyInfo('1.12.16', 'bpf.datapathMode');
  assert.ok(info);
  assert.equal(info.present, false);
  assert.equal(info.type, undefined);
  assert.deepEqual(info.versions, ALL.slice(8));
  assert.deepEqual(chartDefault('1.16.15', 'bpf.datapathMode'), { found: true, value: 'veth' });
});

test('chartChildKeys: bpf children per version, top-level keys', () => {
  const bpf1918 = chartChildKeys('1.9.18', 'bpf');
  for (const k of ['masquerade', 'hostRouting', 'preallocateMaps', 'mapDynamicSizeRatio', 'tproxy']) {
    assert.ok(bpf1918.includes(k), `1.9.18 bpf.${k}`);
  }
  assert.ok(!bpf1918.includes('hostLegacyRouting'));
  assert.deepEqual(bpf1918, [...bpf1918].sort());
  const bpf120 = chartChildKeys('1.20.0-dev', 'bpf');
  for (const k of ['masquerade', 'hostLegacyRouting', 'datapathMode']) assert.ok(bpf120.includes(k), `1.20 bpf.${k}`);
  assert.ok(!bpf120.includes('hostRouting'));

  const top = chartChildKeys('1.18.3', '');
  for (const k of ['bpf', 'kubeProxyReplacement', 'routingMode', 'cni', 'enableIPv4Masquerade'])
    assert.ok(top.includes(k), k);
  assert.ok(!top.includes('tunnel'));
  assert.deepEqual(chartChildKeys('1.18.3', 'kubeProxyReplacement'), []);
  assert.deepEqual(chartChildKeys('1.18.3', 'no.such.key'), []);
  assert.deepEqual(chartChildKeys('9.9.9', 'bpf'), []);
});

test('maps: defaults rebuilt from real children; commented maps carry their commented value', () => {
  const bpf = chartDefault('1.9.18', 'bpf');
  assert.equal(bpf.found, true);
  const v = bpf.value as Record<string, unknown>;
  assert.equal(v.preallocateMaps, false);
  assert.ok(!('masquerade' in v), 'commented children are not part of the real map');
  assert.deepEqual(chartDefault('1.9.18', 'logOptions'), { found: true, value: { format: 'json' }, commented: true });
  assert.deepEqual(chartDefault('1.9.18', 'logOptions.format'), { found: true, value: 'json', commented: true });
  // a commented parent with separately commented children
  assert.equal(chartDefault('1.9.18', 'loadBalancer').commented, true);
  assert.deepEqual(chartDefault('1.9.18', 'loadBalancer.mode'), { found: true, value: 'snat', commented: true });
  assert.deepEqual(chartDefault('1.15.7', 'loadBalancer.acceleration'), { found: true, value: 'disabled' });
  // empty map with commented example children (1.16+ writes them at column 0 after `maglev: {}`)
  for (const chart of ['1.9.18', '1.18.3']) {
    assert.deepEqual(chartDefault(chart, 'maglev'), { found: true, value: {} }, chart);
    assert.deepEqual(chartDefault(chart, 'maglev.tableSize'), { found: true, value: null, commented: true }, chart);
    assert.deepEqual(chartDefault(chart, 'tableSize'), { found: false }, chart);
  }
  // a type that changed: `eni` was a boolean in 1.9 and a map afterwards
  assert.deepEqual(chartDefault('1.9.18', 'eni'), { found: true, value: false });
  assert.equal(chartKeyInfo('1.13.9', 'eni')?.type, 'object');
  assert.deepEqual(chartDefault('1.13.9', 'eni.enabled'), { found: true, value: false });
});

test('returned values are copies', () => {
  const a = chartDefault('1.18.3', 'bpf').value as Record<string, unknown>;
  a.masquerade = 'changed';
  assert.equal((chartDefault('1.18.3', 'bpf').value as Record<string, unknown>).masquerade, null);
  const arr = chartDefault('1.18.3', 'imagePullSecrets').value as unknown[];
  arr.push('x');
  assert.deepEqual(chartDefault('1.18.3', 'imagePullSecrets').value, []);
});

test('keys whose names contain dots are joined verbatim', () => {
  assert.deepEqual(chartDefault('1.16.15', 'nodeSelector.kubernetes.io/os'), { found: true, value: 'linux' });
  assert.deepEqual(chartChildKeys('1.16.15', 'nodeSelector'), ['kubernetes.io/os']);
});

test('schema: types, enums and keys the schema does not list', () => {
  assert.deepEqual(chartKeyInfo('1.18.3', 'kubeProxyReplacement')?.schemaTypes, ['string', 'boolean']);
  assert.equal(chartKeyInfo('1.16.15', 'kubeProxyReplacement')?.schemaTypes, undefined);
  assert.deepEqual(chartKeyInfo('1.16.15', 'bpf.mapDynamicSizeRatio')?.schemaTypes, ['null', 'number']);
  assert.deepEqual(chartKeyInfo('1.20.0-dev', 'identityManagementMode')?.schemaEnum, ['agent', 'operator', 'both']);
});

test('unknown paths and charts', () => {
  assert.equal(chartKeyInfo('1.18.3', 'noSuchKey'), undefined);
  assert.equal(chartKeyInfo('1.18.3', ''), undefined);
  assert.deepEqual(chartVersionsWithKey('noSuchKey'), []);
  assert.deepEqual(chartVersionsWithKey(''), []);
  assert.deepEqual(chartDefault('1.18.3', 'noSuchKey'), { found: false });
  assert.deepEqual(chartDefault('1.18.4', 'bpf.masquerade'), { found: false });
  assert.deepEqual(chartDefault('1.18.3', ''), { found: false });
  const info = chartKeyInfo('7.0.0', 'bpf.masquerade');
  assert.ok(info);
  assert.equal(info.present, false);
});
