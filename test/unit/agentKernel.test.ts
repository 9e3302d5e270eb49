/**
 * The agent's start-up kernel probes per release line (facts/agentKernel.ts), read at the release
 * tags in pkg/datapath/linux/requirements.go (called from pkg/datapath/cells.go, which wraps the
 * error as `requirements failed: …`): v1.16.0, v1.17.0, v1.18.0, the 1.19 branch point.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  agentKernelRefusal,
  agentMinimumKernel,
  AGENT_REQUIREMENTS_PREFIX,
} from '../../server/src/core/facts/agentKernel';
import { analyze } from '../../server/src/core/analyze';

const k = (s: string) => {
  const [major, minor] = s.split('.').map(Number);
  return { raw: s, major, minor };
};
const v = (s: string) => {
  const [major, minor] = s.split('.').map(Number);
  return { major, minor };
};

test('minimum kernel per release line (v1.16.0, v1.17.0, v1.18.0, 1.19 branch point requirements.go)', () => {
  assert.equal(agentMinimumKernel(v('1.15')), null, '1.15 has no start-up kernel probes');
  assert.equal(agentMinimumKernel(v('1.16')), '5.2');
  assert.equal(agentMinimumKernel(v('1.17')), '5.2');
  assert.equal(agentMinimumKernel(v('1.18')), '5.10');
  assert.equal(agentMinimumKernel(v('1.19')), '5.10');
  assert.equal(agentMinimumKernel(v('1.20')), '5.10');
  assert.equal(AGENT_REQUIREMENTS_PREFIX, 'requirements failed: ');
});

const CASES: Array<[string, string, string | null]> = [
  // v1.16.0: dead code elimination (5.1), then large programs (5.2)
  ['1.16', '4.19', 'Require support for dead code elimination (Linux 5.1 or newer)'],
  ['1.16', '5.1', 'Require support for large programs (Linux 5.2.0 or newer)'],
  ['1.16', '5.2', null],
  ['1.16', '5.4', null],
  // v1.17.0: + TCP EDT between them
  ['1.17', '4.19', 'Require support for dead code elimination (Linux 5.1 or newer)'],
  ['1.17', '5.1', 'Require support for large programs (Linux 5.2.0 or newer)'],
  ['1.17', '5.4', null],
  // v1.18.0: the full list up to the redirect helpers
  ['1.18', '4.14', 'Require support for bpf_get_current_cgroup_id() (Linux 4.18 or newer)'],
  ['1.18', '4.19', 'Require support for dead code elimination (Linux 5.1 or newer)'],
  ['1.18', '5.4', 'Require support for bpf_jiffies64 (Linux 5.6.0 or newer)'],
  ['1.18', '5.6', 'Require support for bpf_get_netns_cookie() (Linux 5.7.0 or newer)'],
  ['1.18', '5.8', 'Require support for bpf_redirect_neigh() (Linux 5.10.0 or newer)'],
  ['1.18', '5.10', null],
  // 1.19 branch point / main: + bpf_sk_assign & co. at 5.7
  ['1.19', '5.6', 'Require support for bpf_get_netns_cookie() (Linux 5.7.0 or newer)'],
  ['1.20', '5.4', 'Require support for bpf_jiffies64 (Linux 5.6.0 or newer)'],
  ['1.20', '6.8', null],
];

for (const [line, kernel, log] of CASES) {
  test(`Cilium ${line} on kernel ${kernel}: ${log ?? 'starts'}`, () => {
    assert.equal(agentKernelRefusal(v(line), k(kernel))?.log ?? null, log);
  });
}

test('no kernel given: no refusal (assumed new enough)', () => {
  assert.equal(agentKernelRefusal(v('1.18'), undefined), null);
});

const VALUES = 'kubeProxyReplacement: true\nbpf:\n  masquerade: true\n';
for (const [version, kernel, mode, log] of [
  ['1.15.7', '4.19', 'Legacy', 'BPF host routing requires kernel 5.10 or newer.'],
  ['1.16.4', '4.19', 'AgentFails', 'Require support for dead code elimination (Linux 5.1 or newer)'],
  ['1.16.4', '5.4', 'Legacy', 'BPF host routing requires kernel 5.10 or newer.'],
  ['1.17.8', '4.19', 'AgentFails', 'Require support for dead code elimination (Linux 5.1 or newer)'],
  ['1.17.8', '5.4', 'Legacy', 'BPF host routing requires kernel 5.10 or newer.'],
  ['1.18.3', '5.4', 'AgentFails', 'Require support for bpf_jiffies64 (Linux 5.6.0 or newer)'],
] as const) {
  test(`host routing on ${version}, kernel ${kernel}: ${mode} (tag v${version.slice(0, 4)}.0 requirements.go)`, () => {
    const r = analyze([{ name: 'values.yaml', text: VALUES }], { ciliumVersion: version, kernel });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.analysis.hostRouting.mode, mode);
    const decisive = r.analysis.hostRouting.reasons.find((x) => x.decisive);
    assert.equal(decisive?.ruleId, 'kernel-too-old');
    assert.ok(decisive?.agentLog?.startsWith(log), decisive?.agentLog ?? 'no log');
  });
}
