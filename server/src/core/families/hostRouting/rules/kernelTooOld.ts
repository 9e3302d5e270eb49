import type { HostRoutingCheck } from '../../rule';
import { fallbackLine } from '../../rule';
import { kernelSince } from '../../../facts/kernel';
import { agentMinimumKernel } from '../../../facts/agentKernel';

/** Kernel without bpf_redirect_neigh / bpf_redirect_peer (Linux < 5.10). */
export const kernelTooOld: HostRoutingCheck = {
  meta: {
    id: 'kernel-too-old',
    title: 'Kernel older than 5.10',
    defaultSeverity: 'warning',
    summary: `BPF host routing redirects packets with the bpf_redirect_neigh and bpf_redirect_peer helpers, which arrived in Linux ${kernelSince('redirectHelpers')}. Up to 1.17 an older kernel means legacy host routing on that node, but from 1.16 the agent first checks the kernel at start and does not run at all below its minimum (Linux ${agentMinimumKernel({ major: 1, minor: 16 })} for 1.16–1.17, ${agentMinimumKernel({ major: 1, minor: 18 })} from 1.18).`,
  },
  test: ({ cfg, d }) =>
    d.kernelHasHostRoutingHelpers
      ? null
      : [{ key: 'kernel', value: cfg.kernel.version?.raw ?? null, origin: { kind: 'explicit' } }],
  agentLog: () => fallbackLine(`BPF host routing requires kernel ${kernelSince('redirectHelpers')} or newer.`),
  message: ({ cfg }) =>
    `The node kernel ${cfg.kernel.version?.raw} is older than ${kernelSince('redirectHelpers')}, which lacks the redirect helpers BPF host routing needs.`,
  fixes: () => [],
};
