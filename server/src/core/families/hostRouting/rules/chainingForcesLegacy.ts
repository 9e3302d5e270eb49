import type { HostRoutingCheck } from '../../rule';

/** Chart 1.13+: CNI chaining renders enable-host-legacy-routing=true unless bpf.hostLegacyRouting is set. */
export const chainingForcesLegacy: HostRoutingCheck = {
  meta: {
    id: 'chaining-forces-legacy',
    title: 'CNI chaining makes the chart request legacy host routing',
    defaultSeverity: 'warning',
    summary:
      'From chart 1.13, any CNI chaining mode other than none (cni.chainingMode, or cni.chainingTarget from 1.14) makes the chart write enable-host-legacy-routing: "true" when bpf.hostLegacyRouting is unset. The agent itself has no chaining check: it simply obeys the flag, silently. Upstream does not support BPF host routing with chaining, because the chained plugin owns connectivity; override with bpf.hostLegacyRouting: false only if you accept that.',
  },
  test: ({ cfg }) => {
    const s = cfg.bool('enable-host-legacy-routing');
    return s.value && s.ev.origin.kind === 'chart-rule' ? [s.ev, ...(s.ev.origin.inputs ?? [])] : null;
  },
  agentLog: () => null,
  message: ({ cfg }) =>
    `CNI chaining (${cfg.str('cni-chaining-mode') ?? 'chained'}) makes the chart render enable-host-legacy-routing: "true"; the agent follows it without logging a reason.`,
  fixes: () => [
    {
      title: 'Override the chart: bpf.hostLegacyRouting: false (unsupported with chaining)',
      values: [{ path: 'bpf.hostLegacyRouting', value: false }],
    },
  ],
};
