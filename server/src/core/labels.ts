/**
 * A few words per reason of the verdict, for places with little room (the lens, the report's
 * reason headings, the live report): `Legacy — aws-cni chaining forces it (silent)`. The full
 * sentence (`Reason.message`) stays in the hover, the explanation and the CLI. One table, keyed by
 * rule id; the values come from the reason's own evidence. Plain strings, no markup.
 */
import type { Evidence, HostRoutingMode, Reason } from './types';

/** Every evidence item, rule inputs included. */
function flat(list: Evidence[], out: Evidence[] = [], depth = 0): Evidence[] {
  for (const e of list) {
    out.push(e);
    if (depth < 4 && e.origin.inputs) flat(e.origin.inputs, out, depth + 1);
  }
  return out;
}

/** The value of the first of `keys` (agent key, or Helm path the user wrote) found in the evidence. */
function value(evidence: Evidence[], ...keys: string[]): string | undefined {
  const all = flat(evidence);
  for (const k of keys) {
    const e = all.find(
      (x) =>
        x.value !== null &&
        x.value !== '' &&
        (x.key === k || (x.origin.kind === 'explicit' && x.origin.valuePath === k)),
    );
    if (e) return e.value!;
  }
  return undefined;
}

/** The cause in a few words, per rule; undefined: no short form (the message's first clause is used). */
const CAUSES: Record<string, (ev: Evidence[]) => string> = {
  'iptables-masquerade': () => 'iptables masquerades, not BPF',
  'kpr-disabled': () => 'kube-proxy replacement is off',
  'node-port-disabled': () => 'BPF NodePort is off',
  'kpr-not-strict': (ev) => `kube-proxy replacement is ${value(ev, 'kube-proxy-replacement') ?? 'not full'}`,
  'chaining-forces-legacy': (ev) =>
    `${value(ev, 'cni-chaining-mode', 'cni.chainingMode', 'cni.chainingTarget') ?? 'CNI'} chaining forces it`,
  'explicit-legacy-routing': () => 'legacy routing is asked for',
  'endpoint-routes': () => 'endpoint routes are on',
  'kernel-too-old': (ev) => `kernel ${value(ev, 'kernel') ?? ''} is older than 5.10`.replace('  ', ' '),
  ipsec: () => 'IPsec encryption',
  wireguard: () => 'WireGuard encryption',
  'l3-device': (ev) => `an L3 device (${value(ev, 'devices') ?? 'devices'})`,
  'tunnel-mode': (ev) =>
    `tunnel mode${value(ev, 'tunnel', 'routing-mode', 'tunnel-protocol') ? ` (${value(ev, 'tunnel-protocol', 'tunnel', 'routing-mode')})` : ''}`,
  'flannel-master-device': () => 'flannel underneath',
  'multiple-devices': () => 'more than one device',
  'bpf-masquerade-unusable': () => 'BPF masquerading cannot run here',
  'kpr-invalid-value': (ev) => `kube-proxy-replacement "${value(ev, 'kube-proxy-replacement') ?? '?'}" is not valid`,
  'invalid-boolean': () => 'a boolean the agent cannot read',
  'ipsec-with-node-port': () => 'IPsec with BPF NodePort',
  'bpf-masquerade-ipv6': () => 'BPF masquerading lacks IPv6',
  'ip-masq-agent-needs-bpf-masquerade': () => 'ip-masq-agent needs BPF masquerading',
  'masquerade-key-conflict': () => 'two masquerade keys disagree',
  'needs-bpf-host-routing': () => 'BIG TCP or BBR need BPF host routing',
  'netkit-requirements': () => 'netkit needs BPF host routing',
  'status-misreports': () => 'status says BPF, the datapath is legacy',
  'chart-refuses': () => 'helm refuses these values',
};

/** The first clause of a sentence, without a trailing full stop. */
export function firstClause(sentence: string): string {
  return sentence
    .trim()
    .split(/;\s|:\s|,\s(?:so|and|but|which|because|while)\s|\.\s|\s—\s/)[0]
    .replace(/[,;:.\s]+$/, '');
}

/** `clause` shortened at a word boundary so that it fits `room` characters. */
export function fit(clause: string, room: number): string {
  if (clause.length <= room) return clause;
  const cut = clause.lastIndexOf(' ', room - 1);
  return `${clause.slice(0, cut > room / 2 ? cut : room - 1).replace(/[,;:(\s]+$/, '')}…`;
}

/** Longest cause in a label (mode prefix and log note come on top). */
export const MAX_CAUSE = 56;

/** `aws-cni chaining forces it (silent)`: the cause, and whether the agent says nothing about it. */
export function shortCause(r: Pick<Reason, 'ruleId' | 'message' | 'silent' | 'evidence'>): string {
  const cause = CAUSES[r.ruleId]?.(r.evidence) ?? firstClause(r.message);
  return `${fit(cause, MAX_CAUSE)}${r.silent ? ' (silent)' : ''}`;
}

const MODE_WORD: Record<HostRoutingMode, string> = {
  BPF: 'BPF',
  Legacy: 'Legacy',
  AgentFails: 'Agent fails',
  Unknown: 'Unknown',
};

/** `Legacy — aws-cni chaining forces it (silent)`. */
export function reasonLabel(
  r: Pick<Reason, 'ruleId' | 'message' | 'silent' | 'evidence'>,
  mode: HostRoutingMode,
): string {
  return `${MODE_WORD[mode]} — ${shortCause(r)}`;
}

/** Whether a rule has a short form of its own (tests: every host-routing reason should). */
export function hasShortCause(ruleId: string): boolean {
  return ruleId in CAUSES;
}
