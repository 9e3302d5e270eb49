/**
 * The tuning family's runner: effective agent configuration (cilium-config keys with origins),
 * version and kernel → one verdict per feature (tuning-spec §2–§14). Host routing is not
 * recomputed: its verdict comes from the host-routing decision (agent/decide.ts).
 *
 * Ordering facts this relies on (checked in Cilium's source, docs/ground-truth.md):
 * - 1.12–1.14: the BBR and BIG TCP "needs BPF host routing" checks run after every host-routing
 *   fallback, so any legacy outcome (configured or derived) stops the agent.
 * - 1.15+: they run in hive constructors / start hooks before the daemon decides its fallbacks,
 *   so only a configured enable-host-legacy-routing stops the agent.
 * - 1.13–1.14 BIG TCP probes the kernel first (too old: warning, off); 1.15+ validates the
 *   configuration first (fatal) and probes the kernel later.
 */
import type { CiliumVersion, Evidence, KernelVersion } from '../../types';
import type { AgentConfig, Derived } from '../../agent/config';
import { derive } from '../../agent/config';
import type { AgentFinding, Decision } from '../hostRouting/decide';
import { chainFor } from '../hostRouting/decide';
import type { FixIntent } from '../rule';
import { BPF_MASQUERADE_FIX, enableKprFix } from '../hostRouting/fixes';
import { bpfMasqueradeBlocker } from '../hostRouting/rules/bpfMasqueradeUnusable';
import { before, lineAtLeast } from '../../version';
import { FEATURES, KERNEL, KEYS, LOG, featureExists, kernelMeets, type FeatureRow, type KernelNeed } from './facts';
import type { ChartOverride } from './chart';
import type {
  Advice,
  FeatureId,
  FeatureReason,
  FeatureState,
  FeatureVerdict,
  InactiveCause,
  ReasonKind,
  TuningResult,
} from './types';

/** What the family reads of the host-routing verdict (or decision) for the same configuration. */
export interface HostRoutingView {
  reasons: Decision['reasons'];
  masquerading: { mode: Decision['masquerading']['mode']; ipMasqAgent: boolean };
  findings?: AgentFinding[];
}

export interface TuningInput {
  cfg: AgentConfig;
  /** the host-routing verdict (or decision) for the same configuration */
  decision: HostRoutingView;
  /** where the chart rendered something else than asked (values files only) */
  overrides?: ChartOverride[];
}

/** Decision rules whose start-up failure belongs to a tuning feature. */
const FATAL_OWNER: Record<string, FeatureId> = {
  'kpr-invalid-value': 'kube-proxy-replacement',
  'ipsec-with-node-port': 'kube-proxy-replacement',
  'bpf-masquerade-unusable': 'bpf-masquerade',
  'bpf-masquerade-ipv6': 'bpf-masquerade',
  'ip-masq-agent-needs-bpf-masquerade': 'bpf-masquerade',
  'kernel-too-old': 'host-routing',
  'netkit-requirements': 'netkit',
};

/** Decision rules the tuning family evaluates itself (with the source-checked ordering). */
const RECOMPUTED = new Set(['needs-bpf-host-routing']);

interface Ctx {
  cfg: AgentConfig;
  v: CiliumVersion;
  d: Derived;
  dec: HostRoutingView;
  kernel?: KernelVersion;
  kernelEv: Evidence;
  /** host routing as the agent's fallbacks leave it (ignoring features that stop the agent) */
  hostRouting: 'BPF' | 'Legacy';
  /** enable-host-legacy-routing as configured (user or chart) */
  configuredLegacy: { value: boolean; ev: Evidence };
  /** decision failures per owning feature */
  owned: Map<FeatureId, FeatureReason[]>;
  overrides: ChartOverride[];
}

interface Part {
  requested: boolean;
  reasons: FeatureReason[];
  detail?: string;
  status: string | null;
  /** forced state (e.g. unknown for native XDP) */
  state?: FeatureState;
  cause?: InactiveCause;
  /** the feature runs (unless a reason says otherwise) */
  on?: boolean;
}

function reason(
  ruleId: string,
  kind: ReasonKind,
  message: string,
  agentLog: string | null,
  evidence: Evidence[],
  fixes: FixIntent[] = [],
): FeatureReason {
  return { ruleId, kind, message, agentLog, silent: agentLog === null, evidence, fixes };
}

function kernelReason(ctx: Ctx, need: KernelNeed): string {
  return `kernel ${ctx.kernel ? `${ctx.kernel.major}.${ctx.kernel.minor}` : '?'} < ${need.major}.${need.minor}`;
}

const fix = (
  title: string,
  values: FixIntent['values'],
  configMap: FixIntent['configMap'],
  configMapTitle?: string,
): FixIntent => ({ title, values, configMap, configMapTitle });

/** Evaluates every tuning feature. Pure; never throws on input. */
export function evaluateTuning(input: TuningInput): TuningResult {
  const { cfg, decision: dec } = input;
  const v = cfg.version;
  const d = derive(cfg);
  const chainIds = new Set(chainFor(v).map((c) => c.meta.id));
  chainIds.add('multiple-devices');
  const hostRouting: 'BPF' | 'Legacy' = dec.reasons.some((r) => chainIds.has(r.ruleId)) ? 'Legacy' : 'BPF';
  const legacy = cfg.bool('enable-host-legacy-routing', false);
  const owned = new Map<FeatureId, FeatureReason[]>();
  for (const r of dec.reasons) {
    if (chainIds.has(r.ruleId) || RECOMPUTED.has(r.ruleId)) continue;
    const owner = FATAL_OWNER[r.ruleId];
    if (!owner) continue;
    const f = dec.findings?.find((x) => x.meta.id === r.ruleId);
    const list = owned.get(owner) ?? [];
    list.push(reason(r.ruleId, 'fatal', r.message, r.agentLog, r.evidence, f?.fixes ?? []));
    owned.set(owner, list);
  }
  const ctx: Ctx = {
    cfg,
    v,
    d,
    dec,
    kernel: cfg.kernel.version,
    kernelEv: { key: 'kernel', value: cfg.kernel.version?.raw ?? null, origin: { kind: 'explicit' } },
    hostRouting,
    configuredLegacy: { value: legacy.value, ev: legacy.ev },
    owned,
    overrides: input.overrides ?? [],
  };

  const features = FEATURES.map((row) => finish(ctx, row, EVALUATORS[row.id](ctx)));
  let fatal: TuningResult['fatal'] = null;
  for (const f of features) {
    const r = f.reasons.find((x) => x.kind === 'fatal');
    if (r && !fatal) fatal = { ...r, feature: f.id };
  }
  return { features, fatal, advice: adviseAll(ctx, features), summary: summarise(ctx, features) };
}

function finish(ctx: Ctx, row: FeatureRow, p: Part): FeatureVerdict {
  const reasons = [...(ctx.owned.get(row.id) ?? []), ...p.reasons];
  for (const o of ctx.overrides) {
    if (row.keys(ctx.v).includes(o.key))
      reasons.unshift(reason('chart-overrides-feature', 'chart-override', o.message, null, o.evidence, []));
  }
  let state: FeatureState;
  let cause: InactiveCause | undefined;
  if (reasons.some((r) => r.kind === 'fatal')) state = 'agent-fails';
  else if (p.state) state = p.state;
  else if (reasons.some((r) => r.kind === 'unknown')) state = 'unknown';
  else if (p.on ?? p.requested) {
    const off = reasons.find((r) => r.kind === 'warning-off' || r.kind === 'silent-off' || r.kind === 'chart-override');
    state = off ? 'inactive' : 'active';
    if (off) cause = p.cause ?? causeOf(off.kind);
  } else {
    state = 'inactive';
    const off = reasons.find((r) => r.kind === 'warning-off' || r.kind === 'silent-off' || r.kind === 'chart-override');
    cause = p.cause ?? (off ? causeOf(off.kind) : 'not-requested');
  }
  if (state === 'inactive' && !cause) cause = p.cause ?? 'not-requested';
  const exists = featureExists(row, ctx.v);
  return {
    id: row.id,
    title: row.title,
    requested: p.requested,
    state,
    ...(state === 'inactive' ? { inactiveCause: exists ? cause : 'not-in-version' } : {}),
    ...(p.detail ? { detail: p.detail } : {}),
    reasons,
    kernelNeeded: exists ? row.kernel(ctx.v) : null,
    status: p.status,
    keys: exists ? row.keys(ctx.v) : [],
    valuePaths: exists ? row.valuePaths(ctx.v) : [],
  };
}

function causeOf(kind: ReasonKind): InactiveCause {
  switch (kind) {
    case 'warning-off':
      return 'agent-turns-off';
    case 'silent-off':
      return 'silently-ignored';
    case 'chart-override':
      return 'chart-overrides';
    default:
      return 'prerequisite-missing';
  }
}

// ---------------------------------------------------------------------------------------------
// Shared facts

/** `Routing:` (1.16+) or `Host Routing:` line. */
function routingStatus(ctx: Ctx): string {
  const host = ctx.hostRouting === 'BPF' ? 'BPF' : 'Legacy';
  if (!lineAtLeast(ctx.v, '1.16')) return `Host Routing:  ${host}`;
  const net = ctx.d.tunnel.value ? `Tunnel [${ctx.d.tunnel.protocol ?? 'vxlan'}]` : 'Native';
  return `Routing:  Network: ${net}  Host: ${host}`;
}

/** Every service feature on, as "kube-proxy replacement fully enabled" requires (§3). */
function kprFullyEnabled(ctx: Ctx): { value: boolean; evidence: Evidence[] } {
  const { d, cfg, v } = ctx;
  if (!d.kpr.ok) return { value: false, evidence: [d.kpr.ev] };
  if (d.kpr.mode === 'strict' || d.kpr.mode === 'true') return { value: true, evidence: [d.kpr.ev] };
  if (d.kpr.mode === 'probe') return { value: d.nodePort.value, evidence: [d.kpr.ev] };
  if (d.kpr.mode === 'disabled' || lineAtLeast(v, '1.19')) return { value: false, evidence: [d.kpr.ev] };
  const toggles = [
    'enable-node-port',
    'enable-host-port',
    'enable-external-ips',
    KEYS.socketLb(v),
    'enable-session-affinity',
  ].map((k) => cfg.bool(k, false));
  return {
    value: toggles.every((t) => t.value),
    evidence: [d.kpr.ev, ...toggles.filter((t) => !t.value).map((t) => t.ev)],
  };
}

/** What the BBR / BIG TCP checks see as "legacy host routing" in this version. */
function legacySeenByFeatureChecks(ctx: Ctx): { value: boolean; evidence: Evidence[]; derived: boolean } {
  if (before(ctx.v, '1.15')) {
    if (ctx.hostRouting === 'Legacy') {
      const decisive =
        ctx.dec.reasons.find((r) => r.decisive && !r.agentLog?.startsWith('Invalid')) ?? ctx.dec.reasons[0];
      return {
        value: true,
        evidence: ctx.configuredLegacy.value ? [ctx.configuredLegacy.ev] : (decisive?.evidence ?? []),
        derived: !ctx.configuredLegacy.value,
      };
    }
    return { value: false, evidence: [], derived: false };
  }
  return { value: ctx.configuredLegacy.value, evidence: [ctx.configuredLegacy.ev], derived: false };
}

function decisiveHostRoutingReason(ctx: Ctx): string | null {
  const chain = chainFor(ctx.v).map((c) => c.meta.id);
  const r = ctx.dec.reasons.find((x) => chain.includes(x.ruleId));
  return r ? r.message : null;
}

const BPF_HOST_ROUTING_FIX: FixIntent = {
  title: 'Allow BPF host routing (remove bpf.hostLegacyRouting)',
  configMapTitle: 'Allow BPF host routing (remove enable-host-legacy-routing)',
  values: [{ path: 'bpf.hostLegacyRouting', value: null }],
  configMap: [{ key: 'enable-host-legacy-routing', value: null }],
};

function nativeRoutingFix(v: CiliumVersion): FixIntent {
  return before(v, '1.14')
    ? fix(
        'Use native routing (tunnel: disabled)',
        [{ path: 'tunnel', value: 'disabled' }],
        [{ key: 'tunnel', value: 'disabled' }],
        'Use native routing (tunnel: "disabled")',
      )
    : fix(
        'Use native routing (routingMode: native)',
        [{ path: 'routingMode', value: 'native' }],
        [{ key: 'routing-mode', value: 'native' }],
        'Use native routing (routing-mode: "native")',
      );
}

// ---------------------------------------------------------------------------------------------
// Per-feature evaluation

type Evaluator = (ctx: Ctx) => Part;

const EVALUATORS: Record<FeatureId, Evaluator> = {
  'native-routing': (ctx) => {
    const { cfg, d, v } = ctx;
    const reasons: FeatureReason[] = [];
    const requested = !d.tunnel.value;
    const adnr = cfg.bool(KEYS.adnr, false);
    if (adnr.value && d.tunnel.value) {
      reasons.push(
        reason(
          'auto-direct-node-routes-tunnel',
          'fatal',
          'autoDirectNodeRoutes is on while pods are tunnelled; the agent refuses the combination.',
          LOG.adnrTunnel(v),
          [adnr.ev, ...d.tunnel.evidence],
          [
            fix(
              'Turn autoDirectNodeRoutes off',
              [{ path: 'autoDirectNodeRoutes', value: false }],
              [{ key: KEYS.adnr, value: 'false' }],
              'Turn auto-direct-node-routes off',
            ),
            nativeRoutingFix(v),
          ],
        ),
      );
    }
    const cidr4 = cfg.ev(KEYS.nativeCidr4(v));
    if (requested) {
      const ipam = cfg.str('ipam') ?? 'cluster-pool';
      const masqAgent = cfg.bool('enable-ip-masq-agent', false);
      const exempt =
        ipam === 'eni' ||
        (lineAtLeast(v, '1.12') && ipam === 'alibabacloud') ||
        (lineAtLeast(v, '1.15') && masqAgent.value);
      if (!cidr4.value && d.ipv4Masq.value && !exempt) {
        reasons.push(
          reason(
            'native-routing-cidr',
            'fatal',
            'Native routing with IPv4 masquerading needs the CIDR that is routable without masquerading; without it the agent refuses to start.',
            LOG.nativeCidr4(v, ipam),
            [cidr4, ...d.ipv4Masq.evidence, ...d.tunnel.evidence],
            [
              fix(
                `Set ${before(v, '1.11') ? 'nativeRoutingCIDR' : 'ipv4NativeRoutingCIDR'} to the pod CIDR`,
                [{ path: before(v, '1.11') ? 'nativeRoutingCIDR' : 'ipv4NativeRoutingCIDR', value: '10.0.0.0/8' }],
                [{ key: KEYS.nativeCidr4(v), value: '10.0.0.0/8' }],
              ),
            ],
          ),
        );
      }
      const cidr6 = cfg.ev(KEYS.nativeCidr6);
      if (lineAtLeast(v, '1.12') && !cidr6.value && d.ipv6Masq.value && !(lineAtLeast(v, '1.15') && masqAgent.value)) {
        reasons.push(
          reason(
            'native-routing-cidr',
            'fatal',
            'Native routing with IPv6 masquerading needs ipv6NativeRoutingCIDR; without it the agent refuses to start.',
            LOG.nativeCidr6(v),
            [cidr6, ...d.ipv6Masq.evidence, ...d.tunnel.evidence],
          ),
        );
      }
      if (adnr.value && !cidr4.value && lineAtLeast(v, '1.12') && reasons.length === 0) {
        reasons.push(
          reason(
            'native-routing-cidr',
            'note',
            'autoDirectNodeRoutes without ipv4NativeRoutingCIDR: the agent starts but warns that pod-to-pod traffic may be masqueraded.',
            LOG.adnrWithoutCidr,
            [adnr.ev, cidr4],
          ),
        );
      }
    }
    const detail = requested
      ? `native${cidr4.value ? `, ${cidr4.value}` : ''}${adnr.value ? ', auto-direct-node-routes' : ''}`
      : `tunnel (${d.tunnel.protocol ?? 'vxlan'})`;
    return { requested, reasons, detail, status: lineAtLeast(v, '1.16') ? routingStatus(ctx) : null };
  },

  'kube-proxy-replacement': (ctx) => {
    const { d, v } = ctx;
    const reasons: FeatureReason[] = [];
    if (!d.kpr.ok) return { requested: true, reasons, status: null, detail: `invalid: ${d.kpr.ev.value}` };
    const mode = d.kpr.mode;
    const full = mode === 'strict' || mode === 'true';
    const requested = full || mode === 'probe';
    if (d.kpr.deprecated)
      reasons.push(
        reason(
          'kpr-deprecated-value',
          'note',
          `The agent accepts "${d.kpr.ev.value}" but warns that it is deprecated.`,
          d.kpr.deprecated,
          [d.kpr.ev],
        ),
      );
    const okNodePort = kernelMeets(ctx.kernel, KERNEL.nodePort);
    if (full && okNodePort === false && before(v, '1.18')) {
      reasons.push(
        reason(
          'kpr-kernel',
          'fatal',
          `Full kube-proxy replacement needs BPF NodePort, which needs kernel ${KERNEL.nodePort.major}.${KERNEL.nodePort.minor}; this kernel is older, so the agent stops.`,
          LOG.nodePortKernel,
          [d.kpr.ev, ctx.kernelEv],
        ),
      );
    }
    if (mode === 'probe' && !d.nodePort.value) {
      reasons.push(reason('kpr-kernel', 'silent-off', d.nodePort.why, null, d.nodePort.evidence));
    }
    const detail = full
      ? d.kpr.statusText
      : mode === 'probe'
        ? 'probe (what the kernel supports)'
        : d.nodePort.value
          ? `${d.kpr.statusText}: BPF NodePort only`
          : d.kpr.statusText;
    return {
      requested,
      reasons,
      detail,
      status: `KubeProxyReplacement:  ${d.kpr.statusText}`,
      on: requested && (full || d.nodePort.value),
    };
  },

  'bpf-masquerade': (ctx) => {
    const { d, dec, v, cfg } = ctx;
    const reasons: FeatureReason[] = [];
    const requested = d.bpfMasq.value;
    const masqOn = d.ipv4Masq.value || d.ipv6Masq.value;
    const protos = lineAtLeast(v, '1.10')
      ? ` [IPv4: ${d.ipv4Masq.value ? 'Enabled' : 'Disabled'}, IPv6: ${d.ipv6Masq.value ? 'Enabled' : 'Disabled'}]`
      : '';
    const mode =
      dec.masquerading.mode === 'Unknown'
        ? !masqOn
          ? 'Disabled'
          : requested && !bpfMasqueradeBlocker({ cfg, d, v })
            ? 'BPF'
            : 'IPTables'
        : dec.masquerading.mode;
    const status =
      mode === 'Disabled'
        ? 'Masquerading:  Disabled'
        : mode === 'BPF'
          ? `Masquerading:  BPF  [<devices>]${protos}`
          : `Masquerading:  IPTables${protos}`;
    if (!requested)
      return { requested, reasons, status, detail: mode === 'Disabled' ? 'masquerading off' : 'iptables' };
    if (!masqOn && before(v, '1.15')) {
      reasons.push(
        reason(
          'bpf-masquerade-unusable',
          'silent-off',
          'BPF masquerade is requested but masquerading itself is off, so there is nothing for it to do.',
          null,
          [d.bpfMasq.ev, ...d.ipv4Masq.evidence],
        ),
      );
    } else if (mode === 'IPTables') {
      const b = bpfMasqueradeBlocker({ cfg, d, v });
      if (b) {
        const log = before(v, '1.13')
          ? `${b.reason} Falling back to iptables-based masquerading.`
          : 'Falling back to iptables-based masquerading.';
        reasons.push(
          reason(
            'bpf-masquerade-unusable',
            'warning-off',
            `BPF masquerade cannot run (${b.reason}); the agent masquerades with iptables instead.`,
            log,
            b.evidence,
            [enableKprFix(v)],
          ),
        );
      }
    }
    return {
      requested,
      reasons,
      status,
      detail: mode === 'BPF' ? (dec.masquerading.ipMasqAgent ? 'BPF (ip-masq-agent)' : 'BPF') : undefined,
    };
  },

  'host-routing': (ctx) => {
    const { dec, v } = ctx;
    const requested = !ctx.configuredLegacy.value;
    const chain = new Set(chainFor(v).map((c) => c.meta.id));
    chain.add('multiple-devices');
    const reasons: FeatureReason[] = [];
    let first = true;
    for (const r of dec.reasons) {
      if (!chain.has(r.ruleId)) continue;
      const f = dec.findings?.find((x) => x.meta.id === r.ruleId);
      const kind: ReasonKind = first ? (r.silent ? 'silent-off' : 'warning-off') : 'note';
      reasons.push(
        reason(
          r.ruleId,
          kind,
          first ? r.message : `Next in line: ${r.message}`,
          r.agentLog,
          r.evidence,
          f?.fixes ?? [],
        ),
      );
      first = false;
    }
    const decisive = dec.reasons.find((r) => chain.has(r.ruleId));
    let cause: InactiveCause | undefined;
    if (decisive) {
      if (decisive.ruleId === 'explicit-legacy-routing') cause = 'not-requested';
      else if (decisive.ruleId === 'chaining-forces-legacy') cause = 'chart-overrides';
      else cause = decisive.silent ? 'prerequisite-missing' : 'agent-turns-off';
    }
    return {
      requested,
      reasons,
      status: routingStatus(ctx),
      cause,
      on: ctx.hostRouting === 'BPF',
      detail: ctx.hostRouting === 'BPF' ? 'BPF' : 'legacy',
    };
  },

  dsr: (ctx) => {
    const { cfg, d, v } = ctx;
    const reasons: FeatureReason[] = [];
    const modeKey = KEYS.dsrMode(v);
    const modeEv = cfg.ev(modeKey);
    const mode = modeEv.value ?? 'snat';
    const dispEv = cfg.ev(KEYS.dsrDispatch);
    const dispatch = lineAtLeast(v, '1.10') ? (dispEv.value ?? 'opt') : 'opt';
    const requested = mode === 'dsr' || mode === 'hybrid';
    const np = d.nodePort.value;
    const verbose = (m: string, disp?: string) =>
      `Mode:  ${m}${disp && lineAtLeast(v, '1.15') ? ` · DSR Dispatch Mode:  ${disp}` : ''}`;
    const dispName = (x: string) =>
      x === 'opt' ? 'IP Option/Extension' : x === 'ipip' ? 'IPIP' : x === 'geneve' ? 'Geneve' : x;
    if (!np) {
      if (requested)
        reasons.push(
          reason(
            'feature-needs-node-port',
            'silent-off',
            `${modeKey}=${mode} only applies with BPF NodePort (kube-proxy replacement); without it the agent ignores it.`,
            null,
            [modeEv, ...d.nodePort.evidence],
            [enableKprFix(v)],
          ),
        );
      return { requested, reasons, status: null, detail: requested ? mode : undefined };
    }
    if (!['snat', 'dsr', 'hybrid'].includes(mode)) {
      reasons.push(
        reason(
          'dsr-dispatch',
          'fatal',
          `${modeKey} accepts snat, dsr or hybrid; "${mode}" stops the agent.`,
          LOG.invalidValue(modeKey, mode),
          [modeEv],
        ),
      );
      return { requested: true, reasons, status: null };
    }
    if (!requested) return { requested, reasons, status: verbose('SNAT') };
    const allowed = lineAtLeast(v, '1.14')
      ? mode === 'hybrid'
        ? ['opt', 'geneve']
        : ['opt', 'ipip', 'geneve']
      : ['opt', 'ipip'];
    if (lineAtLeast(v, '1.10') && !allowed.includes(dispatch)) {
      reasons.push(
        reason(
          'dsr-dispatch',
          'fatal',
          `With mode ${mode}, bpf-lb-dsr-dispatch accepts ${allowed.join(', ')} in ${v.line}; "${dispatch}" stops the agent.`,
          LOG.invalidValue(KEYS.dsrDispatch, dispatch),
          [modeEv, dispEv],
        ),
      );
    }
    const geneveFix = fix(
      'Use Geneve dispatch on a Geneve tunnel',
      [
        { path: 'loadBalancer.dsrDispatch', value: 'geneve' },
        { path: 'tunnelProtocol', value: 'geneve' },
      ],
      [
        { key: KEYS.dsrDispatch, value: 'geneve' },
        { key: 'tunnel-protocol', value: 'geneve' },
      ],
    );
    const snatFix = fix(
      'Use SNAT mode (loadBalancer.mode: snat)',
      [{ path: 'loadBalancer.mode', value: null }],
      [{ key: modeKey, value: null }],
      `Use SNAT mode (remove ${modeKey})`,
    );
    const t = d.tunnel.value;
    const proto = d.tunnel.protocol ?? 'vxlan';
    const tev = [modeEv, ...d.tunnel.evidence];
    let downgraded = false;
    if (t) {
      if (before(v, '1.13')) {
        reasons.push(
          reason(
            'dsr-tunnel',
            'warning-off',
            `DSR does not work with tunnelling in ${v.line}: the agent warns and runs NodePort in SNAT mode.`,
            LOG.dsrTunnelWarn(mode),
            tev,
            [nativeRoutingFix(v), snatFix],
          ),
        );
        downgraded = true;
      } else if (before(v, '1.14')) {
        reasons.push(
          reason(
            'dsr-tunnel',
            'fatal',
            `DSR cannot be combined with tunnelling in ${v.line}; the agent refuses to start.`,
            LOG.dsrTunnel113(mode),
            tev,
            [nativeRoutingFix(v), snatFix],
          ),
        );
      } else if (before(v, '1.15')) {
        if (proto === 'vxlan')
          reasons.push(
            reason(
              'dsr-tunnel',
              'fatal',
              'DSR cannot run on a VXLAN tunnel; only Geneve dispatch on a Geneve tunnel works with tunnelling.',
              LOG.dsrVxlan114(mode, proto),
              tev,
              [geneveFix, nativeRoutingFix(v), snatFix],
            ),
          );
        else if (dispatch !== 'geneve')
          reasons.push(
            reason(
              'dsr-tunnel',
              'fatal',
              `On a Geneve tunnel DSR needs Geneve dispatch, not ${dispatch}.`,
              LOG.dsrGeneveOpt114(mode, dispatch, proto),
              [...tev, dispEv],
              [geneveFix, snatFix],
            ),
          );
      } else if (dispatch !== 'geneve') {
        reasons.push(
          reason(
            'dsr-tunnel',
            'fatal',
            `With tunnelling (${proto}) DSR needs Geneve dispatch (and a Geneve tunnel); dispatch ${dispatch} stops the agent.`,
            LOG.dsrTunnelNeedsGeneve(mode),
            [...tev, dispEv],
            [geneveFix, nativeRoutingFix(v), snatFix],
          ),
        );
      }
    }
    if (dispatch === 'geneve' && lineAtLeast(v, '1.14') && !reasons.some((r) => r.kind === 'fatal')) {
      const tp = cfg.ev('tunnel-protocol');
      const protocol = t ? proto : (tp.value ?? 'vxlan');
      if (protocol !== 'geneve' && (t || lineAtLeast(v, '1.15'))) {
        reasons.push(
          reason(
            'dsr-tunnel',
            'fatal',
            'Geneve dispatch needs the Geneve tunnel protocol (tunnelProtocol: geneve).',
            before(v, '1.15') ? LOG.dsrGeneveNeeds114(mode, dispatch) : LOG.dsrGeneveNeedsTunnel(v, mode, dispatch),
            [dispEv, tp],
            [
              fix(
                'Set tunnelProtocol: geneve',
                [{ path: 'tunnelProtocol', value: 'geneve' }],
                [{ key: 'tunnel-protocol', value: 'geneve' }],
              ),
            ],
          ),
        );
      }
    }
    if (mode === 'dsr' && dispatch === 'ipip' && lineAtLeast(v, '1.10') && !lineAtLeast(v, '1.19')) {
      const xdp = cfg.str(KEYS.xdp(v)) ?? 'disabled';
      const dm = cfg.str(KEYS.datapathMode) ?? 'veth';
      if (before(v, '1.18') && dm !== 'lb-only')
        reasons.push(
          reason(
            'dsr-dispatch',
            'fatal',
            'IPIP dispatch is only for the standalone load balancer (datapath-mode lb-only).',
            LOG.dsrIpipLbOnly,
            [dispEv, cfg.ev(KEYS.datapathMode)],
          ),
        );
      else if (xdp === 'disabled')
        reasons.push(
          reason('dsr-dispatch', 'fatal', 'IPIP dispatch needs XDP acceleration.', LOG.dsrIpipXdp(v), [
            dispEv,
            cfg.ev(KEYS.xdp(v)),
          ]),
        );
    }
    const label = mode === 'hybrid' ? 'Hybrid' : 'DSR';
    const detail = downgraded
      ? 'SNAT (downgraded)'
      : `${mode === 'hybrid' ? 'hybrid (DSR for TCP, SNAT for UDP)' : 'DSR'}${lineAtLeast(v, '1.10') ? `, ${dispatch} dispatch` : ''}`;
    return { requested, reasons, detail, status: downgraded ? verbose('SNAT') : verbose(label, dispName(dispatch)) };
  },

  'bypass-conntrack': (ctx) => {
    const { cfg, d, v } = ctx;
    const reasons: FeatureReason[] = [];
    if (!lineAtLeast(v, '1.10')) return { requested: false, reasons, status: null };
    const on = cfg.bool(KEYS.noConntrack, false);
    const overridden = ctx.overrides.some((o) => o.key === KEYS.noConntrack);
    const requested = on.value || overridden;
    if (!on.value) return { requested, reasons, status: null };
    if (d.tunnel.value)
      reasons.push(
        reason(
          'no-conntrack-requirements',
          'fatal',
          'Skipping conntrack needs native routing; with tunnelling the agent refuses to start.',
          LOG.noConntrackTunnel,
          [on.ev, ...d.tunnel.evidence],
          [nativeRoutingFix(v)],
        ),
      );
    else if (!cfg.bool('enable-ipv4', true).value)
      reasons.push(
        reason(
          'no-conntrack-requirements',
          'fatal',
          'The NOTRACK rules are IPv4 only; with IPv4 off the agent refuses to start.',
          LOG.noConntrackIpv4,
          [on.ev, cfg.ev('enable-ipv4')],
        ),
      );
    else {
      const full = kprFullyEnabled(ctx);
      if (!full.value)
        reasons.push(
          reason(
            'no-conntrack-requirements',
            'fatal',
            'Skipping conntrack needs full kube-proxy replacement (every service feature in BPF).',
            LOG.noConntrackKpr(v),
            [on.ev, ...full.evidence],
            [enableKprFix(v)],
          ),
        );
      else {
        const masq = d.ipv4Masq.value || d.ipv6Masq.value;
        if (!d.bpfMasq.value && (before(v, '1.12') || masq)) {
          reasons.push(
            reason(
              'no-conntrack-requirements',
              'fatal',
              'Skipping conntrack needs BPF masquerade' +
                (before(v, '1.12') ? ' (in this version even when masquerading is off).' : ' when masquerading is on.'),
              LOG.noConntrackBpfMasq,
              [on.ev, d.bpfMasq.ev],
              [BPF_MASQUERADE_FIX],
            ),
          );
        }
      }
    }
    if (reasons.length === 0 && lineAtLeast(v, '1.10'))
      reasons.push(
        reason(
          'no-conntrack-requirements',
          'note',
          'Only IPv4 pod traffic is exempted from conntrack; check with iptables -t raw -S (NOTRACK rules), there is no status line.',
          null,
          [on.ev],
        ),
      );
    return { requested, reasons, status: null, detail: 'IPv4 NOTRACK rules' };
  },

  'ipv6-big-tcp': (ctx) => bigTcp(ctx, 6),
  'ipv4-big-tcp': (ctx) => bigTcp(ctx, 4),

  'bandwidth-manager': (ctx) => {
    const { cfg, v } = ctx;
    const reasons: FeatureReason[] = [];
    const on = cfg.bool(KEYS.bandwidthManager, false);
    const bbr = lineAtLeast(v, '1.12') && cfg.bool(KEYS.bbr, false).value;
    if (!on.value) return { requested: false, reasons, status: 'BandwidthManager:  Disabled' };
    const ipsec = cfg.bool('enable-ipsec', false);
    const kOk = kernelMeets(ctx.kernel, KERNEL.bandwidthManager);
    const ipsecReason = () =>
      reason(
        'bandwidth-manager-off',
        'warning-off',
        'The bandwidth manager does not work together with IPsec; the agent switches it off.',
        LOG.bwmIpsec,
        [on.ev, ipsec.ev],
      );
    if (ipsec.value && before(v, '1.15')) reasons.push(ipsecReason());
    else if (kOk === false && before(v, '1.16'))
      reasons.push(
        reason(
          'bandwidth-manager-off',
          'warning-off',
          `The bandwidth manager needs kernel 5.1 (${kernelReason(ctx, KERNEL.bandwidthManager)}); the agent switches it off.`,
          LOG.bwmKernel,
          [on.ev, ctx.kernelEv],
        ),
      );
    else if (ipsec.value) reasons.push(ipsecReason());
    const off = reasons.length > 0;
    const cc = bbr ? 'BBR' : 'CUBIC';
    const status = off
      ? 'BandwidthManager:  Disabled'
      : before(v, '1.12')
        ? 'BandwidthManager:  EDT with BPF  [<devices>]'
        : `BandwidthManager:  EDT with BPF [${cc}] [<devices>]`;
    return {
      requested: true,
      reasons,
      status,
      detail: off ? undefined : `EDT${lineAtLeast(v, '1.12') ? `, ${cc}` : ''}`,
    };
  },

  bbr: (ctx) => {
    const { cfg, v } = ctx;
    const reasons: FeatureReason[] = [];
    if (!lineAtLeast(v, '1.12')) return { requested: false, reasons, status: null };
    const bbr = cfg.bool(KEYS.bbr, false);
    const bwm = cfg.bool(KEYS.bandwidthManager, false);
    const hostns = lineAtLeast(v, '1.18')
      ? cfg.bool(KEYS.bbrHostnsOnly, false)
      : { value: false, ev: cfg.ev(KEYS.bbrHostnsOnly), invalid: false };
    if (!bwm.value) {
      if (bbr.value)
        reasons.push(
          reason(
            'bbr-needs-bandwidth-manager',
            'silent-off',
            'BBR is part of the bandwidth manager; with the bandwidth manager off the agent ignores enable-bbr.',
            null,
            [bbr.ev, bwm.ev],
            [
              fix(
                'Turn the bandwidth manager on',
                [{ path: 'bandwidthManager.enabled', value: true }],
                [{ key: KEYS.bandwidthManager, value: 'true' }],
              ),
            ],
          ),
        );
      return { requested: bbr.value, reasons, status: null };
    }
    if (hostns.value && !bbr.value) {
      reasons.push(
        reason(
          'bbr-hostns-only',
          'fatal',
          'bbrHostNamespaceOnly only makes sense with BBR on; the agent refuses it alone.',
          LOG.bbrHostnsOnly,
          [hostns.ev, bbr.ev],
        ),
      );
      return { requested: false, reasons, status: null };
    }
    if (!bbr.value) return { requested: false, reasons, status: 'BandwidthManager:  EDT with BPF [CUBIC] [<devices>]' };
    const ipsec = cfg.bool('enable-ipsec', false);
    const bwmKernel = kernelMeets(ctx.kernel, KERNEL.bandwidthManager);
    const status = 'BandwidthManager:  EDT with BPF [BBR] [<devices>]';
    // ≤1.14: IPsec switches the bandwidth manager off before its probe, so BBR is never checked.
    if (ipsec.value && before(v, '1.15')) {
      reasons.push(
        reason(
          'bbr-needs-bandwidth-manager',
          'silent-off',
          'IPsec switches the bandwidth manager off before it is probed, so BBR is never set up.',
          null,
          [bbr.ev, ipsec.ev],
        ),
      );
      return { requested: true, reasons, status: 'BandwidthManager:  Disabled' };
    }
    if (bwmKernel === false && before(v, '1.16')) {
      reasons.push(
        reason(
          'bbr-needs-bandwidth-manager',
          'silent-off',
          `The bandwidth manager is switched off on this kernel (${kernelReason(ctx, KERNEL.bandwidthManager)}), and BBR with it.`,
          null,
          [bbr.ev, ctx.kernelEv],
        ),
      );
      return { requested: true, reasons, status: 'BandwidthManager:  Disabled' };
    }
    const kOk = kernelMeets(ctx.kernel, KERNEL.bbr);
    if (kOk === false) {
      reasons.push(
        reason(
          'bbr-kernel',
          'fatal',
          `BBR for pods needs kernel 5.18 (${kernelReason(ctx, KERNEL.bbr)}); the agent refuses to start.`,
          LOG.bbrKernel(v),
          [bbr.ev, ctx.kernelEv],
          [
            fix(
              'Drop BBR (bandwidthManager.bbr: false)',
              [{ path: 'bandwidthManager.bbr', value: false }],
              [{ key: KEYS.bbr, value: null }],
              'Drop BBR (remove enable-bbr)',
            ),
          ],
        ),
      );
    }
    const seen = legacySeenByFeatureChecks(ctx);
    if (!reasons.length && seen.value && !hostns.value) {
      const fixes: FixIntent[] = [
        fix(
          'Drop BBR (bandwidthManager.bbr: false)',
          [{ path: 'bandwidthManager.bbr', value: false }],
          [{ key: KEYS.bbr, value: null }],
          'Drop BBR (remove enable-bbr)',
        ),
      ];
      if (lineAtLeast(v, '1.18'))
        fixes.unshift(
          fix(
            'Apply BBR in the host namespace only (bandwidthManager.bbrHostNamespaceOnly: true)',
            [{ path: 'bandwidthManager.bbrHostNamespaceOnly', value: true }],
            [{ key: KEYS.bbrHostnsOnly, value: 'true' }],
            'Apply BBR in the host namespace only (enable-bbr-hostns-only: "true")',
          ),
        );
      if (!seen.derived) fixes.push(BPF_HOST_ROUTING_FIX);
      const why = seen.derived
        ? `host routing ends up legacy (${decisiveHostRoutingReason(ctx) ?? 'a fallback'}) before the bandwidth manager is set up`
        : 'legacy host routing is configured';
      reasons.push(
        reason(
          'needs-bpf-host-routing',
          'fatal',
          `BBR for pods needs BPF host routing, but ${why}; the agent refuses to start.`,
          LOG.bbrLegacy,
          [bbr.ev, ...seen.evidence],
          fixes,
        ),
      );
    }
    if (!reasons.length && kOk === undefined) {
      reasons.push(
        reason(
          'bbr-kernel',
          'unknown',
          'BBR for pods needs kernel 5.18; no kernel was given, and on an older one the agent refuses to start.',
          null,
          [bbr.ev, ctx.kernelEv],
        ),
      );
    }
    if (
      !reasons.some((r) => r.kind === 'fatal') &&
      !before(v, '1.15') &&
      ctx.hostRouting === 'Legacy' &&
      !ctx.configuredLegacy.value &&
      !hostns.value
    ) {
      reasons.push(
        reason(
          'needs-bpf-host-routing',
          'note',
          `Host routing falls back to legacy after the bandwidth manager has checked for it (from 1.15 the check only sees configured legacy routing), so the agent starts with BBR on while pod traffic goes through the host stack.`,
          null,
          [bbr.ev],
        ),
      );
    }
    if (!reasons.some((r) => r.kind === 'fatal' || r.kind === 'unknown') && ipsec.value) {
      reasons.push(
        reason(
          'bandwidth-manager-off',
          'warning-off',
          'IPsec switches the bandwidth manager off (after its BBR checks), and BBR with it.',
          LOG.bwmIpsec,
          [bbr.ev, ipsec.ev],
        ),
      );
      return { requested: true, reasons, status: 'BandwidthManager:  Disabled' };
    }
    return { requested: true, reasons, status, detail: hostns.value ? 'host namespace only' : undefined };
  },

  'xdp-acceleration': (ctx) => {
    const { cfg, d, v } = ctx;
    const reasons: FeatureReason[] = [];
    const key = KEYS.xdp(v);
    let ev = cfg.ev(key);
    if (ev.value === null && lineAtLeast(v, '1.10') && cfg.has('node-port-acceleration'))
      ev = cfg.ev('node-port-acceleration');
    const raw = ev.value ?? 'disabled';
    const requested = raw !== 'disabled';
    if (!requested) return { requested, reasons, status: d.nodePort.value ? 'XDP Acceleration:  Disabled' : null };
    if (!d.nodePort.value) {
      reasons.push(
        reason(
          'feature-needs-node-port',
          'silent-off',
          `${key}=${raw} only applies with BPF NodePort (kube-proxy replacement); without it the agent ignores it.`,
          null,
          [ev, ...d.nodePort.evidence],
          [enableKprFix(v)],
        ),
      );
      return { requested, reasons, status: null };
    }
    const allowed = ['disabled', 'native', 'testing-only', ...(lineAtLeast(v, '1.15') ? ['best-effort'] : [])];
    if (!allowed.includes(raw)) {
      reasons.push(
        reason(
          'xdp-acceleration',
          'fatal',
          `${key} accepts ${allowed.join(', ')} in ${v.line}; "${raw}" stops the agent.`,
          LOG.invalidValue(key, raw),
          [ev],
        ),
      );
      return { requested, reasons, status: null };
    }
    if (d.tunnel.value && before(v, '1.13')) {
      reasons.push(
        reason(
          'xdp-acceleration',
          'fatal',
          `XDP acceleration cannot be combined with tunnelling before 1.13; the agent refuses to start.`,
          LOG.xdpTunnel(v),
          [ev, ...d.tunnel.evidence],
          [nativeRoutingFix(v)],
        ),
      );
    }
    const statusName = raw === 'testing-only' ? 'Generic' : raw === 'best-effort' ? 'Best-Effort' : 'Native';
    if (raw === 'native') {
      reasons.push(
        reason(
          'xdp-acceleration',
          'unknown',
          lineAtLeast(v, '1.15')
            ? 'Native XDP needs a NIC driver with XDP support on every native device; a file cannot tell. Without it the agent stops with "attaching XDP program to interface <dev>: …".'
            : 'Native XDP needs a NIC driver with XDP support on every native device; a file cannot tell. Without it attaching the program fails and the agent does not start.',
          null,
          [ev],
        ),
      );
    } else if (raw === 'best-effort') {
      reasons.push(
        reason(
          'xdp-acceleration',
          'unknown',
          'best-effort attaches XDP where the driver supports it and runs without it elsewhere (the status still says Best-Effort); a file cannot tell which.',
          LOG.xdpBestEffort,
          [ev],
        ),
      );
    }
    return {
      requested,
      reasons,
      status: `XDP Acceleration:  ${statusName}`,
      detail: raw === 'testing-only' ? 'generic XDP (testing only)' : raw,
    };
  },

  netkit: (ctx) => {
    const { cfg, v } = ctx;
    const reasons: FeatureReason[] = [];
    const ev = cfg.ev(KEYS.datapathMode);
    const raw = ev.value ?? 'veth';
    const wants = raw === 'netkit' || raw === 'netkit-l2' || (raw === 'auto' && lineAtLeast(v, '1.20'));
    if (!lineAtLeast(v, '1.16')) {
      if (raw === 'netkit' || raw === 'netkit-l2')
        reasons.push(
          reason(
            'netkit-kernel',
            'silent-off',
            `netkit arrived in 1.16; ${v.line} does not know datapath-mode ${raw}.`,
            null,
            [ev],
          ),
        );
      return { requested: raw === 'netkit' || raw === 'netkit-l2', reasons, status: null, cause: 'not-in-version' };
    }
    if (!wants) return { requested: false, reasons, status: `Device Mode:  ${raw}` };
    const kOk = kernelMeets(ctx.kernel, KERNEL.netkit);
    if (kOk === false) {
      if (raw === 'auto') {
        reasons.push(
          reason(
            'netkit-kernel',
            'warning-off',
            `datapath-mode auto falls back to veth on this kernel (${kernelReason(ctx, KERNEL.netkit)}).`,
            LOG.netkitAuto120,
            [ev, ctx.kernelEv],
          ),
        );
        return { requested: true, reasons, status: 'Device Mode:  veth [Configured: auto]' };
      }
      reasons.push(
        reason(
          'netkit-kernel',
          'fatal',
          `netkit devices need kernel 6.7 with CONFIG_NETKIT (${kernelReason(ctx, KERNEL.netkit)}); the agent refuses to start.`,
          lineAtLeast(v, '1.20') ? LOG.netkitKernel120 : LOG.netkitKernel116,
          [ev, ctx.kernelEv],
          [
            fix(
              'Use veth devices (bpf.datapathMode: veth)',
              [{ path: 'bpf.datapathMode', value: 'veth' }],
              [{ key: KEYS.datapathMode, value: 'veth' }],
              'Use veth devices (datapath-mode: "veth")',
            ),
          ],
        ),
      );
    } else if (kOk === undefined) {
      reasons.push(
        reason(
          'netkit-kernel',
          'unknown',
          'netkit devices need kernel 6.7 built with CONFIG_NETKIT; no kernel was given, and on an older one the agent refuses to start.',
          null,
          [ev, ctx.kernelEv],
        ),
      );
    }
    if (!reasons.some((r) => r.kind === 'fatal') && !lineAtLeast(v, '1.20') && ctx.hostRouting === 'Legacy') {
      reasons.push(
        reason(
          'netkit-kernel',
          'note',
          `${v.line} does not check it, but netkit is documented to need BPF host routing; here host routing is legacy (${decisiveHostRoutingReason(ctx) ?? 'see host routing'}), so pod traffic still goes through the host stack.`,
          null,
          [ev],
        ),
      );
    }
    return { requested: true, reasons, status: `Device Mode:  ${raw === 'auto' ? 'netkit' : raw}`, detail: raw };
  },

  'clock-probe': (ctx) => {
    const { cfg } = ctx;
    const reasons: FeatureReason[] = [];
    const on = cfg.bool(KEYS.clockProbe, false);
    if (!on.value) return { requested: false, reasons, status: 'Clock Source for BPF:  ktime' };
    const kOk = kernelMeets(ctx.kernel, KERNEL.clockJiffies);
    if (kOk === false) {
      reasons.push(
        reason(
          'clock-probe',
          'silent-off',
          `The kernel has no bpf_jiffies64 (${kernelReason(ctx, KERNEL.clockJiffies)}), so the agent silently keeps ktime.`,
          null,
          [on.ev, ctx.kernelEv],
        ),
      );
      return { requested: true, reasons, status: 'Clock Source for BPF:  ktime' };
    }
    const byChart = on.ev.origin.kind === 'chart-rule';
    if (byChart)
      reasons.push(
        reason(
          'clock-probe',
          'note',
          'On by the chart default: charts up to 1.13.4 render enable-bpf-clock-probe: "true" unless the top-level bpfClockProbe is set.',
          null,
          [on.ev],
        ),
      );
    return { requested: true, reasons, status: 'Clock Source for BPF:  jiffies  [<HZ> Hz]', detail: 'jiffies' };
  },

  'socket-lb': (ctx) => {
    const { cfg, d, v } = ctx;
    const reasons: FeatureReason[] = [];
    const key = KEYS.socketLb(v);
    const ev = cfg.ev(key);
    const explicit = cfg.bool(key, false).value;
    const forced =
      d.kpr.ok && (d.kpr.mode === 'strict' || d.kpr.mode === 'true' || (d.kpr.mode === 'probe' && d.nodePort.value));
    const requested = explicit || forced;
    const hostns = lineAtLeast(v, '1.12') && cfg.bool('bpf-lb-sock-hostns-only', false).value;
    if (!requested) return { requested, reasons, status: null };
    const kUdp = kernelMeets(ctx.kernel, KERNEL.socketLbUdp);
    if (kUdp === false && before(v, '1.18') && kernelMeets(ctx.kernel, KERNEL.nodePort) !== false) {
      reasons.push(
        reason(
          'socket-lb-kernel',
          'fatal',
          `Socket load-balancing for UDP needs kernel ${KERNEL.socketLbUdp.label}; this kernel is older, so the agent stops.`,
          `${LOG.socketLbUdpKernel}: …`,
          [forced ? d.kpr.ev : ev, ctx.kernelEv],
        ),
      );
    }
    if (kUdp === undefined && ctx.kernel && before(v, '1.16')) {
      reasons.push(
        reason(
          'socket-lb-kernel',
          'note',
          `On a ${ctx.kernel.major}.${ctx.kernel.minor} kernel the patch release decides: the agent probes for the UDP socket hooks (upstream ${KERNEL.socketLbUdp.label}) and stops without them. Distribution kernels number their builds their own way, so this is not predicted from the version.`,
          `${LOG.socketLbUdpKernel}: …`,
          [forced ? d.kpr.ev : ev, ctx.kernelEv],
        ),
      );
    }
    if (lineAtLeast(v, '1.13') && kernelMeets(ctx.kernel, KERNEL.socketLbTracing) === false && !reasons.length) {
      reasons.push(
        reason(
          'socket-lb-kernel',
          'note',
          'Socket-LB tracing needs kernel 5.7; the agent switches only the tracing off.',
          LOG.socketLbTracing,
          [ctx.kernelEv],
        ),
      );
    }
    const status = before(v, '1.10')
      ? 'Protocols:  TCP, UDP'
      : before(v, '1.12')
        ? 'Socket LB Protocols:  TCP, UDP'
        : `Socket LB:  Enabled · Socket LB Coverage:  ${hostns ? 'Hostns-only' : 'Full'}`;
    return {
      requested,
      reasons,
      status,
      detail: `${forced && !explicit ? 'forced on by kube-proxy replacement' : 'on'}${hostns ? ', host namespace only' : ''}`,
    };
  },
};

function bigTcp(ctx: Ctx, family: 4 | 6): Part {
  const { cfg, d, v } = ctx;
  const reasons: FeatureReason[] = [];
  const since = family === 6 ? '1.13' : '1.14';
  const key = family === 6 ? KEYS.bigTcp6 : KEYS.bigTcp4;
  const label = family === 6 ? 'IPv6 BIG TCP' : 'IPv4 BIG TCP';
  const need = family === 6 ? KERNEL.ipv6BigTcp : KERNEL.ipv4BigTcp;
  const on = cfg.bool(key, false);
  if (!lineAtLeast(v, since)) return { requested: false, reasons, status: null, cause: 'not-in-version' };
  const disabled = `${label}:  Disabled`;
  if (!on.value) return { requested: false, reasons, status: disabled };
  const kOk = kernelMeets(ctx.kernel, need);
  const kernelOff = () =>
    reason(
      'big-tcp-kernel',
      'warning-off',
      `${label} needs kernel ${need.major}.${need.minor} (${kernelReason(ctx, need)}); the agent logs a warning and leaves it off.`,
      LOG.bigTcpKernel(family),
      [on.ev, ctx.kernelEv],
    );
  const early = before(v, '1.15');
  // 1.13–1.14 probe the kernel before the configuration checks.
  if (early && kOk === false) {
    reasons.push(kernelOff());
    return { requested: true, reasons, status: disabled };
  }
  const stop = (
    what: 'datapath' | 'tunnel' | 'encryption' | 'legacy',
    message: string,
    evidence: Evidence[],
    fixes: FixIntent[] = [],
  ) =>
    reasons.push(
      reason(
        what === 'legacy' ? 'needs-bpf-host-routing' : 'big-tcp-unsupported',
        'fatal',
        message,
        LOG.bigTcp(v, what),
        [on.ev, ...evidence],
        fixes,
      ),
    );
  const dropFix = fix(
    `Turn ${label} off`,
    [{ path: family === 6 ? 'enableIPv6BIGTCP' : 'enableIPv4BIGTCP', value: false }],
    [{ key, value: 'false' }],
  );
  const dm = cfg.ev(KEYS.datapathMode);
  const dmv = dm.value ?? 'veth';
  if ((before(v, '1.16') && dmv !== 'veth') || (lineAtLeast(v, '1.16') && before(v, '1.18') && dmv === 'lb-only')) {
    stop('datapath', `BIG TCP does not support datapath-mode ${dmv} in ${v.line}.`, [dm], [dropFix]);
  } else if (d.tunnel.value) {
    if (before(v, '1.19'))
      stop(
        'tunnel',
        `BIG TCP does not work with tunnelling in ${v.line}; the agent refuses to start.`,
        d.tunnel.evidence,
        [nativeRoutingFix(v), dropFix],
      );
    else if (before(v, '1.20')) {
      const opt = cfg.bool(KEYS.tunnelBigTcp, false);
      if (!opt.value)
        reasons.push(
          reason(
            'big-tcp-unsupported',
            'fatal',
            'In 1.19 BIG TCP over a tunnel must be opted into with enableTunnelBIGTCP (and needs kernel support).',
            LOG.bigTcpTunnel119,
            [on.ev, ...d.tunnel.evidence, opt.ev],
            [
              fix(
                'Opt into tunnel BIG TCP (enableTunnelBIGTCP: true)',
                [{ path: 'enableTunnelBIGTCP', value: true }],
                [{ key: KEYS.tunnelBigTcp, value: 'true' }],
              ),
              dropFix,
            ],
          ),
        );
    } else {
      reasons.push(
        reason(
          'big-tcp-unsupported',
          'unknown',
          'From 1.20 BIG TCP over a tunnel depends on the kernel supporting it for UDP tunnels, probed at start; without it the agent refuses to start.',
          LOG.bigTcpTunnel120,
          [on.ev, ...d.tunnel.evidence],
        ),
      );
    }
  }
  if (!reasons.some((r) => r.kind === 'fatal')) {
    const ipsec = cfg.bool('enable-ipsec', false);
    if (ipsec.value)
      stop(
        'encryption',
        'BIG TCP does not work with IPsec (WireGuard is fine); the agent refuses to start.',
        [ipsec.ev],
        [dropFix],
      );
  }
  if (!reasons.some((r) => r.kind === 'fatal')) {
    const seen = legacySeenByFeatureChecks(ctx);
    if (seen.value) {
      const why = seen.derived
        ? `host routing ends up legacy (${decisiveHostRoutingReason(ctx) ?? 'a fallback'}) before BIG TCP is set up`
        : 'legacy host routing is configured';
      stop(
        'legacy',
        `BIG TCP needs BPF host routing, but ${why}; the agent refuses to start.`,
        seen.evidence,
        seen.derived ? [dropFix] : [BPF_HOST_ROUTING_FIX, dropFix],
      );
    }
  }
  if (lineAtLeast(v, '1.20') && !reasons.some((r) => r.kind === 'fatal')) {
    const disp = cfg.ev(KEYS.dsrDispatch);
    if (disp.value === 'ipip')
      reasons.push(
        reason(
          'big-tcp-unsupported',
          'fatal',
          'IPIP DSR dispatch creates IPIP tunnels that BIG TCP cannot use; the agent refuses to start.',
          LOG.bigTcpIpip120,
          [on.ev, disp],
        ),
      );
    else if (disp.value === 'geneve')
      reasons.push(
        reason(
          'big-tcp-unsupported',
          'unknown',
          'Geneve DSR dispatch with BIG TCP depends on kernel support for BIG TCP in tunnels, probed at start.',
          LOG.bigTcpGeneve120,
          [on.ev, disp],
        ),
      );
  }
  if (reasons.some((r) => r.kind === 'fatal')) return { requested: true, reasons, status: null };
  // 1.15+: the kernel is probed after the checks; the status keeps saying Enabled (copy of the config).
  if (kOk === false) {
    reasons.push(kernelOff());
    reasons.push(
      reason(
        'big-tcp-kernel',
        'note',
        `cilium status still prints "${label}: Enabled [65536]" here: from 1.15 the status shows the configured value, not the probed one.`,
        null,
        [on.ev],
      ),
    );
    return { requested: true, reasons, status: `${label}:  Enabled  [65536]` };
  }
  if (kOk === undefined)
    reasons.push(
      reason(
        'big-tcp-kernel',
        'unknown',
        `${label} needs kernel ${need.major}.${need.minor}; no kernel was given (older kernels: warning, feature off).`,
        null,
        [on.ev, ctx.kernelEv],
      ),
    );
  if (family === 6 && !cfg.bool('enable-ipv6', false).value)
    reasons.push(
      reason('big-tcp-kernel', 'note', 'IPv6 is off, so nothing uses the larger IPv6 packets.', null, [
        on.ev,
        cfg.ev('enable-ipv6'),
      ]),
    );
  return {
    requested: true,
    reasons,
    status: before(v, '1.14') ? `${label}:  Enabled` : `${label}:  Enabled  [196608]`,
    detail: 'GSO/GRO 192k (capped by the NIC)',
  };
}

// ---------------------------------------------------------------------------------------------
// Advice and summary

function adviseAll(ctx: Ctx, features: FeatureVerdict[]): Advice[] {
  const out: Advice[] = [];
  const byId = new Map(features.map((f) => [f.id, f]));
  for (const f of features) {
    if (f.state === 'active') continue;
    const row = FEATURES.find((r) => r.id === f.id)!;
    if (!featureExists(row, ctx.v)) {
      out.push({
        id: f.id,
        title: f.title,
        steps: [`upgrade to Cilium ${row.since} or newer`],
        needs: [],
        blocked: true,
      });
      continue;
    }
    const needs: string[] = [];
    const kernelNeed = kernelNeedFor(f.id);
    if (kernelNeed && kernelMeets(ctx.kernel, kernelNeed) === false)
      needs.push(`kernel ${kernelNeed.major}.${kernelNeed.minor} or newer (given: ${ctx.kernel?.raw})`);
    const hr = byId.get('host-routing')!;
    const npOff = !ctx.d.nodePort.value;
    switch (f.id) {
      case 'dsr':
      case 'xdp-acceleration':
        if (npOff) needs.push('BPF NodePort: full kube-proxy replacement');
        if (f.id === 'dsr' && ctx.d.tunnel.value)
          needs.push(
            before(ctx.v, '1.14')
              ? 'native routing (DSR does not work with tunnelling before 1.14)'
              : 'native routing, or a Geneve tunnel with Geneve dispatch',
          );
        if (f.id === 'xdp-acceleration') needs.push('a NIC driver with native XDP support');
        break;
      case 'ipv6-big-tcp':
      case 'ipv4-big-tcp':
      case 'bbr':
      case 'netkit':
        if (hr.state !== 'active')
          needs.push(`BPF host routing (now legacy: ${hr.reasons[0]?.message ?? 'configured'})`);
        if (f.id !== 'bbr' && f.id !== 'netkit' && ctx.d.tunnel.value && before(ctx.v, '1.19'))
          needs.push('native routing (BIG TCP does not work with tunnelling)');
        if (f.id !== 'netkit' && ctx.cfg.bool('enable-ipsec', false).value) needs.push('no IPsec');
        if (f.id === 'bbr' && !ctx.cfg.bool(KEYS.bandwidthManager, false).value) needs.push('the bandwidth manager');
        break;
      case 'bypass-conntrack':
        if (ctx.d.tunnel.value) needs.push('native routing');
        if (!kprFullyEnabled(ctx).value) needs.push('full kube-proxy replacement');
        if (!ctx.d.bpfMasq.value) needs.push('BPF masquerade');
        break;
      case 'bpf-masquerade':
        if (npOff && !lineAtLeast(ctx.v, '1.19')) needs.push('BPF NodePort: full kube-proxy replacement');
        break;
      case 'host-routing':
        for (const r of f.reasons) needs.push(r.message);
        break;
      default:
        break;
    }
    if ((f.state !== 'inactive' || f.inactiveCause !== 'not-requested') && needs.length === 0) {
      for (const r of f.reasons)
        if (
          (r.kind === 'fatal' || r.kind === 'warning-off' || r.kind === 'silent-off' || r.kind === 'chart-override') &&
          !needs.includes(r.message)
        )
          needs.push(r.message);
    }
    out.push({
      id: f.id,
      title: f.title,
      steps: row.enable(ctx.v),
      needs: [...new Set(needs)],
      blocked: needs.length > 0,
    });
  }
  return out;
}

function kernelNeedFor(id: FeatureId): KernelNeed | undefined {
  switch (id) {
    case 'bbr':
      return KERNEL.bbr;
    case 'ipv6-big-tcp':
      return KERNEL.ipv6BigTcp;
    case 'ipv4-big-tcp':
      return KERNEL.ipv4BigTcp;
    case 'netkit':
      return KERNEL.netkit;
    case 'bandwidth-manager':
      return KERNEL.bandwidthManager;
    case 'clock-probe':
      return KERNEL.clockJiffies;
    case 'host-routing':
      return KERNEL.hostRouting;
    default:
      return undefined;
  }
}

/** Order of the lens summary. */
const SUMMARY_ORDER: FeatureId[] = [
  'host-routing',
  'bpf-masquerade',
  'kube-proxy-replacement',
  'native-routing',
  'dsr',
  'xdp-acceleration',
  'bypass-conntrack',
  'ipv6-big-tcp',
  'ipv4-big-tcp',
  'bandwidth-manager',
  'bbr',
  'netkit',
];

function summarise(ctx: Ctx, features: FeatureVerdict[]): string {
  const parts: string[] = [];
  const byId = new Map(features.map((f) => [f.id, f]));
  for (const id of SUMMARY_ORDER) {
    const f = byId.get(id)!;
    const row = FEATURES.find((r) => r.id === id)!;
    if (id === 'host-routing') {
      parts.push(
        f.state === 'agent-fails' ? 'agent fails' : f.state === 'active' ? 'BPF host routing' : 'legacy host routing',
      );
      continue;
    }
    if (!f.requested) continue;
    if (f.state === 'active') parts.push(row.short);
    else if (f.state === 'agent-fails') parts.push(`${row.short} stops the agent`);
    else if (f.state === 'unknown') parts.push(`${row.short}?`);
    else parts.push(`${row.short} off${briefOf(ctx, f)}`);
  }
  return `Datapath: ${parts.join(' · ')}`;
}

function briefOf(ctx: Ctx, f: FeatureVerdict): string {
  const r = f.reasons.find((x) => x.kind === 'warning-off' || x.kind === 'silent-off' || x.kind === 'chart-override');
  if (!r) return '';
  const need = kernelNeedFor(f.id);
  if (need && ctx.kernel && kernelMeets(ctx.kernel, need) === false && r.evidence.some((e) => e.key === 'kernel'))
    return ` (${kernelReason(ctx, need)})`;
  if (r.kind === 'chart-override') return ' (chart override)';
  if (r.ruleId === 'feature-needs-node-port') return ' (needs KPR)';
  return r.kind === 'silent-off' ? ' (silently)' : ' (agent warning)';
}
