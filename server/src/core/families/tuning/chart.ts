/**
 * The part of the chart's cilium-configmap.yaml that renders the tuning keys the host-routing
 * render (core/chart/render.ts) does not cover (tuning-spec §2, §4, §5, §7, §8, §13, §14), with
 * the places where the chart silently overrides what the user asked for. The templates are not
 * copied; their logic is restated.
 */
import type { CiliumVersion, Evidence, Origin } from '../../types';
import type { MergedValues, ValueRef } from '../../chart/merge';
import { renderString, truthy } from '../../chart/render';
import { before, lineAtLeast } from '../../version';
import { KEYS } from './facts';

/** The chart renders something other than what the user asked for. */
export interface ChartOverride {
  /** cilium-config key */
  key: string;
  /** the Helm value the user set */
  valuePath: string;
  /** what the user's value would have rendered */
  requested: string;
  /** what the chart renders instead (null: nothing) */
  rendered: string | null;
  /** why, in our words */
  message: string;
  evidence: Evidence[];
}

export interface TuningRender {
  keys: Map<string, Evidence>;
  overrides: ChartOverride[];
}

function present(values: MergedValues, path: string): ValueRef | undefined {
  const r = values.get(path);
  return r && r.value !== null && r.value !== undefined ? r : undefined;
}

function evOf(values: MergedValues, path: string): Evidence {
  const r = values.get(path);
  if (!r) return { key: path, value: null, origin: { kind: 'chart-default', valuePath: path } };
  return { key: path, value: r.value === null ? null : renderString(r.value), origin: r.origin };
}

/** Chaining mode as the chart computes it (same rule as the host-routing render). */
function chaining(values: MergedValues, v: CiliumVersion): { mode: string; path: string } {
  const m = present(values, 'cni.chainingMode');
  const mode = m ? renderString(m.value) : '';
  if (mode && mode !== 'none') return { mode, path: 'cni.chainingMode' };
  const t = present(values, 'cni.chainingTarget');
  if (lineAtLeast(v, '1.14') && t && renderString(t.value)) return { mode: 'generic-veth', path: 'cni.chainingTarget' };
  return { mode: 'none', path: 'cni.chainingMode' };
}

/**
 * Adds the tuning keys to `base` (the host-routing render's keys; left untouched) and returns
 * the merged map plus the chart's silent overrides.
 */
export function renderTuningChart(values: MergedValues, v: CiliumVersion, base: Map<string, Evidence>): TuningRender {
  const keys = new Map(base);
  const overrides: ChartOverride[] = [];
  const set = (key: string, value: string, origin: Origin) => {
    if (!keys.has(key)) keys.set(key, { key, value, origin });
  };
  const pass = (key: string, path: string, onlyIfTruthy = false) => {
    const r = present(values, path);
    if (!r) return;
    if (onlyIfTruthy && !truthy(r.value)) return;
    const s = renderString(r.value);
    if (s !== '') set(key, s, r.origin);
  };
  const rule = (key: string, value: string, text: string, inputs: string[]) => {
    const ev = inputs.map((p) => evOf(values, p));
    const location = ev.find((e) => e.origin.location)?.origin.location;
    keys.set(key, {
      key,
      value,
      origin: { kind: 'chart-rule', rule: text, inputs: ev, location, valuePath: inputs[0] },
    });
  };

  // DSR and XDP (§4, §8): rendered when set; 1.15+ values default acceleration to disabled.
  pass(KEYS.dsrMode(v), 'loadBalancer.mode');
  if (lineAtLeast(v, '1.10')) pass(KEYS.dsrDispatch, 'loadBalancer.dsrDispatch');
  pass(KEYS.xdp(v), 'loadBalancer.acceleration');

  // Native routing (§2).
  pass(KEYS.adnr, 'autoDirectNodeRoutes');
  if (before(v, '1.11')) pass('native-routing-cidr', 'nativeRoutingCIDR');
  else {
    pass('ipv4-native-routing-cidr', 'ipv4NativeRoutingCIDR');
    if (before(v, '1.12')) pass('ipv4-native-routing-cidr', 'nativeRoutingCIDR');
    pass(KEYS.nativeCidr6, 'ipv6NativeRoutingCIDR');
  }
  pass('ipam', 'ipam.mode');

  // Bypassing iptables conntrack (§5): forced off for cloud IPAM modes and chaining.
  if (lineAtLeast(v, '1.10')) {
    const forcedBy = ['azure.enabled', before(v, '1.10') ? 'eni' : 'eni.enabled', 'gke.enabled'].filter((p) =>
      truthy(present(values, p)?.value),
    );
    const ch = chaining(values, v);
    if (ch.mode !== 'none') forcedBy.push(ch.path);
    const user = present(values, 'installNoConntrackIptablesRules');
    if (forcedBy.length > 0) {
      rule(
        KEYS.noConntrack,
        'false',
        `${forcedBy.join(', ')} makes the chart render install-no-conntrack-iptables-rules: "false"`,
        forcedBy,
      );
      if (user && user.origin.kind === 'explicit' && truthy(user.value)) {
        overrides.push({
          key: KEYS.noConntrack,
          valuePath: 'installNoConntrackIptablesRules',
          requested: 'true',
          rendered: 'false',
          message: `installNoConntrackIptablesRules: true is overridden: with ${forcedBy.join(', ')} the chart always renders install-no-conntrack-iptables-rules: "false".`,
          evidence: [evOf(values, 'installNoConntrackIptablesRules'), ...forcedBy.map((p) => evOf(values, p))],
        });
      }
    } else {
      pass(KEYS.noConntrack, 'installNoConntrackIptablesRules');
    }
  }

  // Bandwidth manager, old boolean form (charts 1.9–1.12) (§7).
  const bwm = present(values, 'bandwidthManager');
  if (bwm && typeof bwm.value !== 'object' && before(v, '1.13') && truthy(bwm.value))
    set(KEYS.bandwidthManager, 'true', bwm.origin);

  // Socket-LB host-namespace-only (§14).
  if (lineAtLeast(v, '1.12')) pass('bpf-lb-sock-hostns-only', 'socketLB.hostNamespaceOnly', true);

  // Tunnel BIG TCP opt-in, 1.19 only (§6).
  if (lineAtLeast(v, '1.19') && before(v, '1.20')) pass(KEYS.tunnelBigTcp, 'enableTunnelBIGTCP');

  // BPF clock probe (§13): charts up to 1.13.4 read only the top-level bpfClockProbe and default it to "true".
  const top = values.explicit('bpfClockProbe');
  const nested = values.explicit('bpf.clockProbe');
  if (before(v, '1.13.5')) {
    if (top && top.value !== null) set(KEYS.clockProbe, renderString(top.value), top.origin);
    else
      rule(KEYS.clockProbe, 'true', 'charts up to 1.13.4 default enable-bpf-clock-probe to "true"', ['bpfClockProbe']);
  } else {
    pass(KEYS.clockProbe, 'bpfClockProbe');
  }
  if (nested && nested.value !== null) {
    const rendered = keys.get(KEYS.clockProbe)?.value ?? null;
    overrides.push({
      key: KEYS.clockProbe,
      valuePath: 'bpf.clockProbe',
      requested: renderString(nested.value),
      rendered,
      message: `bpf.clockProbe is never read by the chart; it renders enable-bpf-clock-probe from the top-level bpfClockProbe${rendered !== null ? ` ("${rendered}")` : ''}.`,
      evidence: [evOf(values, 'bpf.clockProbe'), keys.get(KEYS.clockProbe) ?? evOf(values, 'bpfClockProbe')],
    });
  }
  return { keys, overrides };
}
