/**
 * Kube-proxy replacement, per release: the one place that states which values the agent and the
 * chart accept, which are deprecated, the defaults, the spelling of "full replacement" and the
 * sentences the agent and the chart print about it (host-routing-spec §2.11, §4). The agent model,
 * the chart rendering, the fixes, the key checks (overlay) and the key docs all read these rows.
 */
import type { CiliumVersion } from '../types';
import { describeRange, inRange, type ValueRange, type VersionRange } from './range';

/** How the agent of a release reads `kube-proxy-replacement`. */
export interface KprAgentRow {
  range: VersionRange;
  /** values the agent takes, as written in the ConfigMap */
  accept: string[];
  /** accepted but deprecated values → the value to use instead (null: none) */
  deprecated?: Record<string, string | null>;
  /** `go-bool`: any Go `strconv.ParseBool` spelling is read as true/false */
  parse: 'enum' | 'go-bool';
  /** the mode when the key is absent or empty */
  default: string;
  /** accepted words that the agent reads as another mode (1.14–1.15: strict is true) */
  modeOf?: Record<string, string>;
  /** the value for full replacement (what BPF host routing wants) */
  full: string;
  /** the agent's warning for a deprecated value */
  deprecationLog?: (raw: string) => string;
  /** the agent's start-up error for a value it refuses */
  refusalLog: (raw: string) => string;
  /** our explanation of that refusal */
  refusalMessage: (raw: string, line: string) => string;
}

const invalidFlag = (raw: string) => `Invalid value for --kube-proxy-replacement: ${raw}`;
const OLD_WORDS = ['strict', 'partial', 'probe', 'disabled'];

export const KPR_AGENT: readonly KprAgentRow[] = [
  {
    range: { from: '1.9', to: '1.11' },
    accept: OLD_WORDS,
    parse: 'enum',
    default: 'partial',
    full: 'strict',
    refusalLog: invalidFlag,
    refusalMessage: (raw, line) =>
      `Cilium ${line} accepts ${orList(OLD_WORDS)} for kube-proxy-replacement; "${raw}" stops the agent`,
  },
  {
    range: { from: '1.12', to: '1.12' },
    accept: OLD_WORDS,
    deprecated: { probe: null },
    parse: 'enum',
    default: 'partial',
    full: 'strict',
    deprecationLog: () => 'The option --kube-proxy-replacement=probe is deprecated and it will be removed in v1.13',
    refusalLog: invalidFlag,
    refusalMessage: (raw, line) =>
      `Cilium ${line} accepts ${orList(OLD_WORDS)} for kube-proxy-replacement; "${raw}" stops the agent`,
  },
  {
    range: { from: '1.13', to: '1.13' },
    accept: ['strict', 'partial', 'disabled'],
    parse: 'enum',
    default: 'partial',
    full: 'strict',
    refusalLog: invalidFlag,
    refusalMessage: (raw, line) =>
      raw === 'probe'
        ? 'kube-proxy-replacement=probe was removed in Cilium 1.13; the agent refuses to start with it'
        : `Cilium ${line} accepts ${orList(OLD_WORDS)} for kube-proxy-replacement (probe no longer); "${raw}" stops the agent`,
  },
  {
    range: { from: '1.14', to: '1.15' },
    accept: ['true', 'false', 'strict', 'partial', 'disabled'],
    deprecated: { strict: 'true', partial: null, disabled: 'false' },
    modeOf: { strict: 'true' },
    parse: 'enum',
    default: 'false',
    full: 'true',
    deprecationLog: (raw) => `Deprecated value for --kube-proxy-replacement: ${raw} (use either "true", or "false")`,
    refusalLog: invalidFlag,
    refusalMessage: (raw, line) =>
      `Cilium ${line} accepts "true" or "false" (and the deprecated strict, partial, disabled) for kube-proxy-replacement; "${raw}" stops the agent`,
  },
  {
    range: { from: '1.16', to: '1.17' },
    accept: ['true', 'false'],
    parse: 'enum',
    default: 'false',
    full: 'true',
    refusalLog: invalidFlag,
    refusalMessage: (raw, line) =>
      `Cilium ${line} accepts only "true" or "false" for kube-proxy-replacement; "${raw}" stops the agent`,
  },
  {
    range: { from: '1.18', to: '1.18' },
    accept: ['true', 'false'],
    parse: 'enum',
    default: 'false',
    full: 'true',
    refusalLog: () => 'invalid value for kube-proxy-replacement',
    refusalMessage: (raw, line) =>
      `Cilium ${line} accepts only "true" or "false" for kube-proxy-replacement; "${raw}" stops the agent`,
  },
  {
    range: { from: '1.19' },
    accept: ['true', 'false'],
    parse: 'go-bool',
    default: 'false',
    full: 'true',
    refusalLog: (raw) =>
      `Incorrect config-map flag value: option kube-proxy-replacement: strconv.ParseBool: parsing "${raw}": invalid syntax`,
    refusalMessage: (raw) =>
      `kube-proxy-replacement is a boolean from Cilium 1.19; "${raw}" does not parse, so the agent stops while reading its configuration`,
  },
];

/** The chart's own validation of `kubeProxyReplacement` (none outside these ranges). */
export interface KprChartRow {
  range: VersionRange;
  /** values the chart renders, in the order its message lists them */
  accept: string[];
  /** how the chart's failure message spells the value name; absent when it prints none of its own */
  failSpelling?: 'kubeproxyReplacement' | 'kubeProxyReplacement';
}

const CHART_OLD = ['disabled', 'partial', 'probe', 'strict'];

export const KPR_CHART: readonly KprChartRow[] = [
  { range: { from: '1.11.18', to: '1.11' }, accept: CHART_OLD, failSpelling: 'kubeproxyReplacement' },
  { range: { from: '1.12.11', to: '1.12' }, accept: CHART_OLD, failSpelling: 'kubeproxyReplacement' },
  {
    range: { from: '1.13.4', to: '1.13' },
    accept: CHART_OLD.filter((x) => x !== 'probe'),
    failSpelling: 'kubeproxyReplacement',
  },
  { range: { from: '1.14', to: '1.15' }, accept: ['true', 'false', 'disabled', 'partial', 'strict'] },
  { range: { from: '1.16' }, accept: ['true', 'false'], failSpelling: 'kubeProxyReplacement' },
];

/**
 * The chart's template default for `kube-proxy-replacement`, by `upgradeCompatibility` block:
 * every row whose range holds the chart version and whose block applies sets it; the last wins.
 * Charts before 1.10 render the key only when the user sets it.
 */
export const KPR_CHART_DEFAULTS: ReadonlyArray<{ range: VersionRange; block: string; value: string }> = [
  { range: { from: '1.10', to: '1.18' }, block: '1.8', value: 'probe' },
  { range: { from: '1.10', to: '1.11' }, block: '1.10', value: 'disabled' },
  { range: { from: '1.12.1' }, block: '1.12', value: 'disabled' },
  { range: { from: '1.14' }, block: '1.14', value: 'false' },
];

/**
 * Charts whose values.yaml sets `kubeProxyReplacement` (1.9: `probe`; from 1.18.3: `"false"`);
 * the others have it commented out and leave it to the template default. The chart data we read
 * for 1.18.0–1.18.2 is the 1.18.3 chart, so its values.yaml default must not count for them.
 */
export const KPR_VALUES_DEFAULT: readonly VersionRange[] = [{ from: '1.9', to: '1.9' }, { from: '1.18.3' }];

/** Does this chart's values.yaml set `kubeProxyReplacement` (rather than leaving it commented out)? */
export function kprSetInChartValues(v: V): boolean {
  return KPR_VALUES_DEFAULT.some((r) => inRange(v, r));
}

/** The chart writes `enable-node-port` only for these kube-proxy-replacement modes (never from 1.19). */
export const KPR_NODE_PORT_RENDERED: ReadonlyArray<{ range: VersionRange; modes: string[] }> = [
  { range: { to: '1.13' }, modes: ['partial'] },
  { range: { from: '1.14', to: '1.17.5' }, modes: ['partial', 'false'] },
  { range: { from: '1.17.6', to: '1.18' }, modes: ['false'] },
];

/** Rules that already report a kube-proxy-replacement value, so the generic value check stays quiet. */
const CHECKED_BY = { values: ['chart-refuses', 'kpr-invalid-value'], configMap: ['kpr-invalid-value'] };

type V = Pick<CiliumVersion, 'major' | 'minor' | 'patch'>;

export function kprAgentRow(v: V): KprAgentRow {
  return KPR_AGENT.find((r) => inRange(v, r.range)) ?? KPR_AGENT[KPR_AGENT.length - 1];
}

export function kprChartRow(v: V): KprChartRow | undefined {
  return KPR_CHART.find((r) => inRange(v, r.range));
}

/** The chart's failure text for a refused value, when it prints one. */
export function kprChartFailure(row: KprChartRow): string | undefined {
  return row.failSpelling
    ? `${row.failSpelling} must be explicitly set to a valid value (${oxfordOr(row.accept)}) to continue.`
    : undefined;
}

export function kprChartDefault(v: V, blockApplies: (block: string) => boolean): string | undefined {
  let def: string | undefined;
  for (const d of KPR_CHART_DEFAULTS) if (inRange(v, d.range) && blockApplies(d.block)) def = d.value;
  return def;
}

export function kprNodePortRenderedFor(v: V): string[] {
  return KPR_NODE_PORT_RENDERED.find((r) => inRange(v, r.range))?.modes ?? [];
}

/** Full kube-proxy replacement in the spelling of this version (`strict` ≤ 1.13, `true` after). */
export function kprFull(v: V): string {
  return kprAgentRow(v).full;
}

/** How a Helm value spells a ConfigMap word: `true`/`false` are YAML booleans. */
function helmValue(s: string): string | boolean {
  return s === 'true' ? true : s === 'false' ? false : s;
}

/**
 * The accepted-values rows of the overlay (key checks, completion, hover), derived from the agent
 * rows: consecutive lines with the same values merge into one range. A Helm value is refused by
 * the chart itself where the chart validates the whole line with a message of its own.
 */
export function kprValueRanges(kind: 'values' | 'configMap'): ValueRange[] {
  const out: ValueRange[] = [];
  for (const r of KPR_AGENT) {
    const start = r.range.from?.split('.').map(Number);
    const chart =
      kind === 'values' && start
        ? KPR_CHART.find(
            (c) =>
              c.failSpelling &&
              c.range.from?.split('.').length === 2 &&
              inRange({ major: start[0], minor: start[1], patch: 0 }, c.range),
          )
        : undefined;
    const conv = kind === 'values' ? helmValue : (s: string) => s;
    const row: ValueRange = {
      ...(r.range.from ? { from: r.range.from } : {}),
      ...(r.range.to ? { to: r.range.to } : {}),
      accept: r.accept.map(conv),
      ...(r.deprecated
        ? {
            deprecated: Object.fromEntries(
              Object.entries(r.deprecated).map(([k, x]) => [k, x === null ? null : conv(x)]),
            ),
          }
        : {}),
      otherwise: chart ? 'chart-refuses' : 'agent-refuses',
    };
    const prev = out[out.length - 1];
    const same = (a: ValueRange, b: ValueRange) =>
      JSON.stringify([a.accept, a.deprecated, a.otherwise]) === JSON.stringify([b.accept, b.deprecated, b.otherwise]);
    if (prev && same(prev, row)) {
      if (row.to) prev.to = row.to;
      else delete prev.to;
    } else out.push(row);
  }
  return out;
}

export function kprCheckedBy(kind: 'values' | 'configMap'): string[] {
  return CHECKED_BY[kind];
}

/** One line of history for docs and hovers, from the rows. */
export function kprHistory(): string {
  const lines = kprValueRanges('configMap').map((r) => {
    const dep = r.deprecated ? Object.keys(r.deprecated) : [];
    const words = r.accept.map((a) => `\`${a}\`${dep.includes(String(a)) ? ' (deprecated)' : ''}`).join(', ');
    return `${describeRange(r)}: ${words}`;
  });
  const goBool = KPR_AGENT.find((r) => r.parse === 'go-bool');
  return lines.join('; ') + (goBool?.range.from ? `; from ${goBool.range.from} any Go boolean spelling` : '');
}

/** `a, b, c or d` */
export function orList(xs: readonly string[]): string {
  return xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

/** `a, b, or c`; `a or b` */
function oxfordOr(xs: readonly string[]): string {
  return xs.length < 3 ? xs.join(' or ') : `${xs.slice(0, -1).join(', ')}, or ${xs[xs.length - 1]}`;
}
