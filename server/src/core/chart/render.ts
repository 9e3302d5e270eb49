/**
 * The part of the cilium chart's `cilium-configmap.yaml` that matters for host routing,
 * per chart version (host-routing-spec §4): values → cilium-config keys, with the chart's
 * own defaults, `upgradeCompatibility` blocks, implied settings and validation failures.
 * The chart templates are not copied; their logic is restated here.
 */
import type { CiliumVersion, Evidence, Origin, SourceLocation } from '../types';
import type { RuleMeta, FixIntent } from '../families/rule';
import type { MergedValues, ValueRef } from './merge';
import { atLeast, before, compareVersion, lineAtLeast, parseCiliumVersion, within } from '../version';
import { chartRefuses } from '../families/chart/rules/chartRefuses';
import { ignoredValue } from '../families/chart/rules/ignoredValue';
import { deprecatedValue } from '../families/chart/rules/deprecatedValue';
import { stringBoolean } from '../families/chart/rules/stringBoolean';
import { hostRoutingInverted } from '../families/chart/rules/hostRoutingInverted';
import {
  kprChartDefault,
  kprChartFailure,
  kprChartRow,
  kprNodePortRenderedFor,
  kprSetInChartValues,
} from '../facts/kpr';

export interface ChartFinding {
  meta: RuleMeta;
  message: string;
  /** the chart's own failure text, when it fails */
  chartMessage?: string;
  valuePath: string;
  location?: SourceLocation;
  evidence: Evidence[];
  fixes: FixIntent[];
}

export interface RenderResult {
  /** rendered cilium-config keys (only those the chart writes) */
  keys: Map<string, Evidence>;
  findings: ChartFinding[];
  /** true when the chart would refuse to render */
  fails: boolean;
}

/** Go template truthiness (`if`): false, 0, "", nil and empty collections are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** How `quote`/`toString` renders a value. */
export function renderString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(renderString).join(' ');
  return String(v);
}

class Renderer {
  readonly keys = new Map<string, Evidence>();
  readonly findings: ChartFinding[] = [];
  fails = false;

  constructor(
    readonly values: MergedValues,
    readonly v: CiliumVersion,
  ) {}

  get(path: string): ValueRef | undefined {
    const r = this.values.get(path);
    return r && r.value !== null && r.value !== undefined ? r : undefined;
  }

  /** Evidence describing a Helm value (key = value path). */
  valueEv(path: string): Evidence {
    const r = this.values.get(path);
    if (!r) return { key: path, value: null, origin: { kind: 'chart-default', valuePath: path } };
    return { key: path, value: r.value === null ? null : renderString(r.value), origin: r.origin };
  }

  set(key: string, value: string, origin: Origin): void {
    this.keys.set(key, { key, value, origin });
  }

  /** Renders a value as-is (quote) when present. */
  pass(key: string, path: string): void {
    const r = this.get(path);
    if (r) this.set(key, renderString(r.value), r.origin);
  }

  rule(key: string, value: string, rule: string, inputs: string[]): void {
    const ev = inputs.map((p) => this.valueEv(p));
    const loc = ev.find((e) => e.origin.location)?.origin.location;
    this.set(key, value, { kind: 'chart-rule', rule, inputs: ev, location: loc, valuePath: inputs[0] });
  }

  /** A switch the chart tests with `if`; warns about quoted false. */
  flag(path: string): boolean {
    const r = this.values.get(path);
    if (!r) return false;
    if (typeof r.value === 'string' && /^(false|no|off|0)$/i.test(r.value.trim()) && r.origin.kind === 'explicit') {
      this.finding(
        stringBoolean,
        path,
        `${path} is the string "${r.value}", which the chart's \`if\` treats as true: the feature is ON. Write ${path}: false (no quotes).`,
        [{ title: `Use the boolean false for ${path}`, values: [{ path, value: false }] }],
      );
    }
    return truthy(r.value);
  }

  finding(meta: RuleMeta, path: string, message: string, fixes: FixIntent[] = [], chartMessage?: string): void {
    const ev = this.valueEv(path);
    if (meta.defaultSeverity === 'error') this.fails = true;
    this.findings.push({
      meta,
      message,
      chartMessage,
      valuePath: path,
      location: this.values.locationOf(path),
      evidence: [ev],
      fixes,
    });
  }

  /** upgradeCompatibility as a version, when set. */
  upgradeCompat(): CiliumVersion | undefined {
    const r = this.get('upgradeCompatibility');
    if (!r) return undefined;
    const p = parseCiliumVersion(renderString(r.value));
    return p.ok ? p.value : undefined;
  }

  /** Does the `semverCompare ">=X"` defaults block apply? (all apply when upgradeCompatibility is unset) */
  block(x: string): boolean {
    const uc = this.upgradeCompat();
    if (!uc) return true;
    const [maj, min] = x.split('.').map(Number);
    return compareVersion(uc, { major: maj, minor: min, patch: 0 }) >= 0;
  }
}

/** Renders the host-routing-relevant part of the ConfigMap for chart version `v`. */
export function renderChart(values: MergedValues, v: CiliumVersion): RenderResult {
  const r = new Renderer(values, v);
  renderKpr(r);
  renderMasquerade(r);
  renderLegacyRouting(r);
  renderRouting(r);
  renderEncryption(r);
  renderMisc(r);
  return { keys: r.keys, findings: r.findings, fails: r.fails };
}

function renderKpr(r: Renderer): void {
  const v = r.v;
  // A values.yaml default counts only for charts that really set one (facts/kpr.ts); the others
  // fall to the template default.
  const given = r.get('kubeProxyReplacement');
  const user = given && given.origin.kind === 'chart-default' && !kprSetInChartValues(v) ? undefined : given;
  let rendered: string | undefined;
  if (before(v, '1.10')) {
    if (user) r.set('kube-proxy-replacement', renderString(user.value), user.origin);
  } else {
    // Template defaults by upgradeCompatibility block (newest applicable wins).
    const def = kprChartDefault(v, (b) => r.block(b));
    const userStr =
      user &&
      (lineAtLeast(v, '1.14') ? renderString(user.value) : truthy(user.value) ? renderString(user.value) : undefined);
    if (userStr !== undefined && userStr !== '') {
      rendered = userStr;
      r.set('kube-proxy-replacement', userStr, user!.origin);
    } else if (def !== undefined) {
      rendered = def;
      r.rule(
        'kube-proxy-replacement',
        def,
        r.upgradeCompat()
          ? `chart default for upgradeCompatibility ${renderString(r.get('upgradeCompatibility')?.value)}`
          : 'chart template default',
        ['kubeProxyReplacement'],
      );
    }
  }
  rendered = rendered ?? r.keys.get('kube-proxy-replacement')?.value ?? undefined;

  // Chart validation of the value.
  const chartRow = kprChartRow(v);
  const allowed = chartRow?.accept;
  const text = chartRow ? kprChartFailure(chartRow) : undefined;
  if (allowed && rendered !== undefined && !allowed.includes(rendered)) {
    r.finding(
      chartRefuses,
      'kubeProxyReplacement',
      `Chart ${v.line} accepts kubeProxyReplacement ${allowed.join(', ')}; "${rendered}" makes helm stop rendering.`,
      [
        {
          title: `Set kubeProxyReplacement: ${allowed[0]}`,
          values: [{ path: 'kubeProxyReplacement', value: allowed[0] === 'true' ? true : allowed[0] }],
        },
      ],
      text,
    );
  }

  // enable-node-port is rendered only for some KPR modes.
  const np = r.get('nodePort.enabled');
  if (lineAtLeast(v, '1.19')) {
    if (np && np.origin.kind === 'explicit') {
      r.finding(
        ignoredValue,
        'nodePort.enabled',
        'nodePort.enabled was removed in 1.19: BPF NodePort now simply follows kubeProxyReplacement.',
        [{ title: 'Remove nodePort.enabled', values: [{ path: 'nodePort.enabled', value: null }] }],
      );
    }
    return;
  }
  const modes = kprNodePortRenderedFor(v);
  if (rendered !== undefined && modes.includes(rendered) && np) {
    r.set('enable-node-port', renderString(np.value), np.origin);
  }
}

function renderMasquerade(r: Renderer): void {
  const v = r.v;
  // enable-bpf-masquerade
  const bm = r.get('bpf.masquerade');
  if (bm) r.set('enable-bpf-masquerade', renderString(bm.value), bm.origin);
  else if (before(v, '1.10.6') && r.block('1.8'))
    r.rule('enable-bpf-masquerade', 'true', 'chart 1.9 and 1.10.0–1.10.5 turn BPF masquerade on by default', [
      'bpf.masquerade',
    ]);
  else if (atLeast(v, '1.10.6') && r.upgradeCompat() && !r.block('1.10')) {
    r.rule('enable-bpf-masquerade', 'true', 'upgradeCompatibility below 1.10 restores the old BPF masquerade default', [
      'upgradeCompatibility',
    ]);
  }

  if (before(v, '1.10')) {
    r.pass('masquerade', 'masquerade');
  } else {
    const old = r.values.explicit('masquerade');
    if (old) {
      r.finding(
        ignoredValue,
        'masquerade',
        'The top-level masquerade value belongs to chart 1.9; this chart uses enableIPv4Masquerade instead.',
        [
          {
            title: 'Use enableIPv4Masquerade',
            values: [
              { path: 'masquerade', value: null },
              { path: 'enableIPv4Masquerade', value: old.value },
            ],
          },
        ],
      );
    }
    const m4 = r.get('enableIPv4Masquerade');
    if (m4) r.set('enable-ipv4-masquerade', renderString(m4.value), m4.origin);
    else if (lineAtLeast(v, '1.18')) {
      const eni = r.flag('eni.enabled');
      r.rule(
        'enable-ipv4-masquerade',
        eni ? 'false' : 'true',
        eni ? 'ENI mode turns IPv4 masquerading off (chart 1.18+)' : 'chart default',
        ['enableIPv4Masquerade', 'eni.enabled'],
      );
    }
    r.pass('enable-ipv6-masquerade', 'enableIPv6Masquerade');
  }
  r.pass('enable-ipv4', 'ipv4.enabled');
  r.pass('enable-ipv6', 'ipv6.enabled');
  if (r.flag('ipMasqAgent.enabled')) r.set('enable-ip-masq-agent', 'true', r.values.get('ipMasqAgent.enabled')!.origin);
  r.pass('egress-masquerade-interfaces', 'egressMasqueradeInterfaces');
}

function renderLegacyRouting(r: Renderer): void {
  const v = r.v;
  const hr = r.values.explicit('bpf.hostRouting');
  const hlr = r.get('bpf.hostLegacyRouting');
  if (hr && hr.value !== null && lineAtLeast(v, '1.9') && before(v, '1.13') && truthy(hr.value)) {
    r.finding(
      hostRoutingInverted,
      'bpf.hostRouting',
      'bpf.hostRouting: true asks for LEGACY host routing (it renders enable-host-legacy-routing: "true").',
      [
        {
          title: 'Allow BPF host routing (bpf.hostRouting: false)',
          values: [{ path: 'bpf.hostRouting', value: false }],
        },
      ],
    );
  }
  if (before(v, '1.12')) {
    if (hr && hr.value !== null && atLeast(v, '1.9.1'))
      r.set('enable-host-legacy-routing', renderString(hr.value), hr.origin);
    if (r.values.explicit('bpf.hostLegacyRouting')) {
      r.finding(
        ignoredValue,
        'bpf.hostLegacyRouting',
        `bpf.hostLegacyRouting arrived in chart 1.12; chart ${v.line} ignores it (use bpf.hostRouting, where true means legacy).`,
      );
    }
    return;
  }
  if (before(v, '1.13')) {
    if (hlr) r.set('enable-host-legacy-routing', renderString(hlr.value), hlr.origin);
    else if (hr && hr.value !== null) r.set('enable-host-legacy-routing', renderString(hr.value), hr.origin);
    if (hr)
      r.finding(
        deprecatedValue,
        'bpf.hostRouting',
        'bpf.hostRouting is deprecated in 1.12 and gone in 1.13; use bpf.hostLegacyRouting (same meaning: true = legacy).',
        [
          {
            title: 'Rename to bpf.hostLegacyRouting',
            values: [
              { path: 'bpf.hostRouting', value: null },
              { path: 'bpf.hostLegacyRouting', value: hr.value },
            ],
          },
        ],
      );
    return;
  }
  if (hr) {
    r.finding(
      ignoredValue,
      'bpf.hostRouting',
      `bpf.hostRouting was removed in chart 1.13 and is ignored; use bpf.hostLegacyRouting (true = legacy).`,
      [
        {
          title: 'Rename to bpf.hostLegacyRouting',
          values: [
            { path: 'bpf.hostRouting', value: null },
            { path: 'bpf.hostLegacyRouting', value: hr.value },
          ],
        },
      ],
    );
  }
  const chaining = chainingMode(r);
  if (hlr) r.set('enable-host-legacy-routing', renderString(hlr.value), hlr.origin);
  else if (chaining.mode !== 'none') {
    r.rule(
      'enable-host-legacy-routing',
      'true',
      `CNI chaining (${chaining.mode}) makes the chart request legacy host routing`,
      chaining.inputs,
    );
  }
}

/** Effective chaining mode as the chart computes it. */
function chainingMode(r: Renderer): { mode: string; inputs: string[] } {
  const mode = r.get('cni.chainingMode');
  const m = mode ? renderString(mode.value) : '';
  if (m && m !== 'none') return { mode: m, inputs: ['cni.chainingMode'] };
  if (lineAtLeast(r.v, '1.14') && r.get('cni.chainingTarget') && renderString(r.get('cni.chainingTarget')!.value)) {
    return { mode: 'generic-veth', inputs: ['cni.chainingTarget'] };
  }
  return { mode: 'none', inputs: ['cni.chainingMode'] };
}

function renderRouting(r: Renderer): void {
  const v = r.v;
  const chaining = chainingMode(r);
  if (chaining.mode !== 'none') {
    const o = r.values.get(chaining.inputs[0]);
    r.set('cni-chaining-mode', chaining.mode, o?.origin ?? { kind: 'chart-default' });
  }

  // Endpoint routes: explicit, or implied by cloud IPAM modes.
  const eniPath = before(v, '1.10') ? 'eni' : 'eni.enabled';
  const implied = [eniPath, 'azure.enabled', 'gke.enabled'].filter((p) => r.flag(p));
  if (r.flag('endpointRoutes.enabled'))
    r.set('enable-endpoint-routes', 'true', r.values.get('endpointRoutes.enabled')!.origin);
  else if (implied.length > 0) {
    r.rule('enable-endpoint-routes', 'true', `${implied.join(', ')} makes the chart turn endpoint routes on`, implied);
  }

  const gke = r.flag('gke.enabled');
  const aks = r.flag('aksbyocni.enabled');
  const tunnel = r.get('tunnel');
  const tunnelSet = tunnel && renderString(tunnel.value) !== '';
  const rm = r.get('routingMode');
  const rmSet = rm && renderString(rm.value) !== '';
  const tp = r.get('tunnelProtocol');
  const tpSet = tp && renderString(tp.value) !== '';

  if (before(v, '1.14')) {
    if (gke && atLeast(v, '1.9.2'))
      r.rule('tunnel', 'disabled', 'gke.enabled makes the chart use native routing', ['gke.enabled']);
    else if (aks && (atLeast(v, '1.12') || atLeast(v, '1.11.7') || within(v, '1.10.13', '1.10.99')))
      r.rule('tunnel', 'vxlan', 'aksbyocni.enabled makes the chart use VXLAN tunnelling', ['aksbyocni.enabled']);
    else if (tunnel) r.set('tunnel', renderString(tunnel.value), tunnel.origin);
    if (r.values.explicit('routingMode'))
      r.finding(
        ignoredValue,
        'routingMode',
        `routingMode arrived in chart 1.14; chart ${v.line} uses tunnel (disabled = native routing).`,
      );
    return;
  }

  if (before(v, '1.15')) {
    if (tunnelSet && tunnel!.origin.kind === 'explicit') {
      r.finding(
        deprecatedValue,
        'tunnel',
        'tunnel is deprecated in 1.14 and removed in 1.15; use routingMode (native or tunnel) and tunnelProtocol.',
        [
          {
            title: 'Replace tunnel with routingMode/tunnelProtocol',
            values: tunnelReplacement(renderString(tunnel!.value)),
          },
        ],
      );
    }
    // 1.14.3+: the cloud modes come first and set the routing mode whatever routingMode says.
    if (gke && atLeast(v, '1.14.3'))
      r.rule('routing-mode', 'native', 'gke.enabled makes the chart use native routing', ['gke.enabled']);
    else if (aks && atLeast(v, '1.14.3')) {
      r.rule('routing-mode', 'tunnel', 'aksbyocni.enabled makes the chart use VXLAN tunnelling', ['aksbyocni.enabled']);
      r.rule('tunnel-protocol', 'vxlan', 'aksbyocni.enabled makes the chart use VXLAN tunnelling', [
        'aksbyocni.enabled',
      ]);
    } else if (rmSet) r.set('routing-mode', renderString(rm!.value), rm!.origin);
    else {
      const t = tunnelSet ? renderString(tunnel!.value) : '';
      if (t === 'disabled')
        r.rule('routing-mode', 'native', 'tunnel: disabled renders routing-mode native', ['tunnel']);
      else
        r.rule('routing-mode', 'tunnel', t ? `tunnel: ${t} renders routing-mode tunnel` : 'chart default', ['tunnel']);
      if (t && t !== 'disabled' && !tpSet)
        r.rule('tunnel-protocol', t, `tunnel: ${t} renders the tunnel protocol`, ['tunnel']);
    }
    if (tpSet) r.set('tunnel-protocol', renderString(tp!.value), tp!.origin);
  } else {
    if (tunnelSet && tunnel!.origin.kind === 'explicit') {
      if (atLeast(v, '1.16.2')) {
        r.finding(
          chartRefuses,
          'tunnel',
          'tunnel was removed in chart 1.15 and from 1.16.2 the chart refuses it; use routingMode and tunnelProtocol.',
          [
            {
              title: 'Replace tunnel with routingMode/tunnelProtocol',
              values: tunnelReplacement(renderString(tunnel!.value)),
            },
          ],
          'tunnel was deprecated in v1.14 and has been removed in v1.15. For details please refer to https://docs.cilium.io/en/v1.15/operations/upgrade/#helm-options',
        );
      } else {
        r.finding(
          ignoredValue,
          'tunnel',
          `tunnel was removed in chart 1.15; chart ${v.line}.${v.patch ?? ''} silently ignores it. Use routingMode and tunnelProtocol.`,
          [
            {
              title: 'Replace tunnel with routingMode/tunnelProtocol',
              values: tunnelReplacement(renderString(tunnel!.value)),
            },
          ],
        );
      }
    }
    if (rmSet) r.set('routing-mode', renderString(rm!.value), rm!.origin);
    else if (gke || (lineAtLeast(v, '1.19') && r.flag('eni.enabled')))
      r.rule('routing-mode', 'native', `${gke ? 'gke.enabled' : 'eni.enabled'} makes native routing the default`, [
        gke ? 'gke.enabled' : 'eni.enabled',
      ]);
    else r.rule('routing-mode', 'tunnel', 'chart default', ['routingMode']);
    if (tpSet) r.set('tunnel-protocol', renderString(tp!.value), tp!.origin);
    else if (lineAtLeast(v, '1.17')) r.rule('tunnel-protocol', 'vxlan', 'chart default', ['tunnelProtocol']);
  }
  // 1.14.6+: cloud modes refuse a routingMode other than their own (an unset one defaults to it).
  const routing = rmSet ? renderString(rm!.value) : undefined;
  if (atLeast(v, '1.14.6')) {
    if (gke && routing !== undefined && routing !== 'native')
      r.finding(
        chartRefuses,
        'routingMode',
        'gke.enabled needs routingMode: native.',
        [{ title: 'Set routingMode: native', values: [{ path: 'routingMode', value: 'native' }] }],
        'RoutingMode must be set to native when gke.enabled=true',
      );
    if (aks && routing !== undefined && routing !== 'tunnel')
      r.finding(
        chartRefuses,
        'routingMode',
        'aksbyocni.enabled needs routingMode: tunnel.',
        [{ title: 'Set routingMode: tunnel', values: [{ path: 'routingMode', value: 'tunnel' }] }],
        'RoutingMode must be set to tunnel when aksbyocni.enabled=true',
      );
  }
}

function tunnelReplacement(t: string): FixIntent['values'] {
  if (t === 'disabled')
    return [
      { path: 'tunnel', value: null },
      { path: 'routingMode', value: 'native' },
    ];
  return [
    { path: 'tunnel', value: null },
    { path: 'routingMode', value: 'tunnel' },
    { path: 'tunnelProtocol', value: t || 'vxlan' },
  ];
}

function renderEncryption(r: Renderer): void {
  if (!r.flag('encryption.enabled')) return;
  const origin = r.values.get('encryption.enabled')!.origin;
  const type = before(r.v, '1.10') ? 'ipsec' : renderString(r.get('encryption.type')?.value ?? 'ipsec');
  if (type === 'wireguard') r.set('enable-wireguard', 'true', origin);
  else if (type === 'ipsec') r.set('enable-ipsec', 'true', origin);
}

function renderMisc(r: Renderer): void {
  const v = r.v;
  const devices = r.get('devices');
  if (devices && renderString(devices.value) !== '') r.set('devices', renderString(devices.value), devices.origin);
  if (before(v, '1.16')) r.pass('enable-remote-node-identity', 'remoteNodeIdentity');
  if (before(v, '1.12')) {
    if (r.flag('hostServices.enabled')) {
      r.set('enable-host-reachable-services', 'true', r.values.get('hostServices.enabled')!.origin);
      r.pass('host-reachable-services-protos', 'hostServices.protocols');
    }
  } else if (r.flag('socketLB.enabled')) {
    r.set('bpf-lb-sock', 'true', r.values.get('socketLB.enabled')!.origin);
  }
  if (before(v, '1.10') && r.flag('flannel.enabled')) r.pass('flannel-master-device', 'flannel.masterDevice');
  if (lineAtLeast(v, '1.16')) r.pass('datapath-mode', 'bpf.datapathMode');
  if (lineAtLeast(v, '1.12')) {
    if (r.flag('bandwidthManager.enabled')) {
      r.set('enable-bandwidth-manager', 'true', r.values.get('bandwidthManager.enabled')!.origin);
      if (r.flag('bandwidthManager.bbr')) r.set('enable-bbr', 'true', r.values.get('bandwidthManager.bbr')!.origin);
      if (lineAtLeast(v, '1.18') && r.flag('bandwidthManager.bbrHostNamespaceOnly')) {
        r.set('enable-bbr-hostns-only', 'true', r.values.get('bandwidthManager.bbrHostNamespaceOnly')!.origin);
      }
    }
  }
  if (lineAtLeast(v, '1.13')) r.pass('enable-ipv6-big-tcp', 'enableIPv6BIGTCP');
  if (lineAtLeast(v, '1.14')) r.pass('enable-ipv4-big-tcp', 'enableIPv4BIGTCP');
}
