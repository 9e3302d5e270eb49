/**
 * The kernel checks the agent runs when its datapath starts (`CheckRequirements` in
 * `pkg/datapath/linux/requirements.go`, called from a start hook in `pkg/datapath/cells.go` that
 * wraps the error as `requirements failed: …`). The first probe that fails stops the agent with
 * its sentence; a kernel that passes them all starts. One row per release line where the list
 * changed; the probes test helpers and verifier features, so a vendor kernel with backports
 * (RHEL 8's 4.18) can pass where its version number says otherwise.
 *
 * Read at the release tags (the commits "Prepare for release vX.Y.0" of the release branches):
 * - 1.15 and older: no such checks (the two first ones were added on main in February 2024,
 *   after the 1.15 branch);
 * - v1.16.0 (and the v1.16 branch at 1.16.15): dead code elimination, large programs;
 * - v1.17.0 (and 1.17.8): + TCP EDT / writeable queue_mapping;
 * - v1.18.0 (and 1.18.3): the full list up to bpf_redirect_neigh/peer (Linux 5.10);
 * - the 1.19 branch point and main (1.20.0-dev): + bpf_fib_lookup, BPF_MAP_LOOKUP_BATCH,
 *   bpf_sk_assign, bpf_get_cgroup_classid, bpf_perf_event_output.
 * Checks that depend on configuration or kernel build options rather than the release
 * (`CONFIG_BPF_SYSCALL`, the JIT, clsact, tcx when TCX is on, IPv6 compiled in) are left out.
 */
import type { CiliumVersion, KernelVersion } from '../types';
import { lineAtLeast } from '../version';

export interface AgentKernelCheck {
  /** first kernel (major.minor) that passes the probe, as the agent's sentence names it */
  since: string;
  /** the sentence the agent stops with, exactly */
  log: string;
}

/** Prefix the datapath start hook puts in front of the sentence (1.16 → main). */
export const AGENT_REQUIREMENTS_PREFIX = 'requirements failed: ';

const DEAD_CODE: AgentKernelCheck = {
  since: '5.1',
  log: 'Require support for dead code elimination (Linux 5.1 or newer)',
};
const EDT: AgentKernelCheck = {
  since: '5.1',
  log: 'Require support for TCP EDT and writeable skb->queue_mapping (Linux 5.1 or newer)',
};
const LARGE_PROGRAMS: AgentKernelCheck = {
  since: '5.2',
  log: 'Require support for large programs (Linux 5.2.0 or newer)',
};

const CHECKS_1_18: AgentKernelCheck[] = [
  { since: '4.9', log: 'Require support for bpf_skb_change_tail() (Linux 4.9.0 or newer)' },
  { since: '4.12', log: 'Require support for bpf_get_socket_cookie() (Linux 4.12 or newer)' },
  { since: '4.18', log: 'Require support for bpf_get_current_cgroup_id() (Linux 4.18 or newer)' },
  DEAD_CODE,
  EDT,
  LARGE_PROGRAMS,
  { since: '5.2', log: 'Require support for bpf_skb_adjust_room with BPF_ADJ_ROOM_MAC mode (Linux 5.2 or newer)' },
  { since: '5.6', log: 'Require support for bpf_jiffies64 (Linux 5.6.0 or newer)' },
  { since: '5.7', log: 'Require support for bpf_get_netns_cookie() (Linux 5.7.0 or newer)' },
  { since: '5.8', log: 'Require support for bpf_csum_level() (Linux 5.8.0 or newer)' },
  { since: '5.8', log: 'Require support for bpf_skb_change_head() (Linux 5.8.0 or newer)' },
  { since: '5.10', log: 'Require support for bpf_redirect_neigh() (Linux 5.10.0 or newer)' },
  { since: '5.10', log: 'Require support for bpf_redirect_peer() (Linux 5.10.0 or newer)' },
];

function insertAfter(list: AgentKernelCheck[], afterLog: string, add: AgentKernelCheck[]): AgentKernelCheck[] {
  const i = list.findIndex((c) => c.log === afterLog);
  return [...list.slice(0, i + 1), ...add, ...list.slice(i + 1)];
}

const CHECKS_1_19 = insertAfter(
  insertAfter(
    insertAfter(CHECKS_1_18, 'Require support for bpf_get_current_cgroup_id() (Linux 4.18 or newer)', [
      { since: '4.18', log: 'Require support for bpf_fib_lookup() (Linux 4.18 or newer)' },
    ]),
    'Require support for bpf_jiffies64 (Linux 5.6.0 or newer)',
    [{ since: '5.6', log: 'Require support for BPF_MAP_LOOKUP_BATCH (Linux 5.6.0 or newer)' }],
  ),
  'Require support for bpf_get_netns_cookie() (Linux 5.7.0 or newer)',
  [
    { since: '5.7', log: 'Require support for bpf_sk_assign() (Linux 5.7.0 or newer)' },
    { since: '5.7', log: 'Require support for bpf_get_cgroup_classid() (Linux 5.7.0 or newer)' },
    { since: '5.7', log: 'Require support for bpf_perf_event_output() (Linux 5.7.0 or newer)' },
  ],
);

/** Per release line (from that line on, until the next row), the ordered kernel probes. */
export const AGENT_KERNEL_CHECKS: Array<{ from: string; source: string; checks: AgentKernelCheck[] }> = [
  { from: '1.16', source: 'v1.16.0 pkg/datapath/linux/requirements.go', checks: [DEAD_CODE, LARGE_PROGRAMS] },
  { from: '1.17', source: 'v1.17.0 pkg/datapath/linux/requirements.go', checks: [DEAD_CODE, EDT, LARGE_PROGRAMS] },
  { from: '1.18', source: 'v1.18.0 pkg/datapath/linux/requirements.go', checks: CHECKS_1_18 },
  { from: '1.19', source: '1.19 branch point pkg/datapath/linux/requirements.go', checks: CHECKS_1_19 },
];

function rowFor(v: Pick<CiliumVersion, 'major' | 'minor'>) {
  let row: (typeof AGENT_KERNEL_CHECKS)[number] | undefined;
  for (const r of AGENT_KERNEL_CHECKS) if (lineAtLeast(v, r.from)) row = r;
  return row;
}

function passes(k: KernelVersion, since: string): boolean {
  const [major, minor] = since.split('.').map(Number);
  return k.major > major || (k.major === major && k.minor >= minor);
}

/** The oldest kernel the agent of this release line starts on (`5.2`), or null when it checks none. */
export function agentMinimumKernel(v: Pick<CiliumVersion, 'major' | 'minor'>): string | null {
  const row = rowFor(v);
  if (!row) return null;
  return row.checks.reduce((max, c) => (passes({ raw: max, ...split(max) }, c.since) ? max : c.since), '0.0');
}

function split(s: string): { major: number; minor: number } {
  const [major, minor] = s.split('.').map(Number);
  return { major, minor };
}

export interface AgentKernelRefusal {
  /** the probe's sentence */
  log: string;
  /** the kernel it needs */
  since: string;
  /** the release line's minimum kernel (the last probe's) */
  minimum: string;
  /** where the list was read (tag and path) */
  source: string;
}

/** The first probe this kernel fails at this version, or null (it starts, or no kernel is known). */
export function agentKernelRefusal(
  v: Pick<CiliumVersion, 'major' | 'minor'>,
  k: KernelVersion | undefined,
): AgentKernelRefusal | null {
  if (!k) return null;
  const row = rowFor(v);
  if (!row) return null;
  const failed = row.checks.find((c) => !passes(k, c.since));
  if (!failed) return null;
  return { log: failed.log, since: failed.since, minimum: agentMinimumKernel(v)!, source: row.source };
}
