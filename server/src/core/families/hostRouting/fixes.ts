/** Fix intents that several rules offer. */
import type { CiliumVersion } from '../../types';
import type { FixIntent } from '../rule';
import { kprFull } from '../../facts/kpr';

/** Full kube-proxy replacement in the spelling this version accepts (facts/kpr.ts). */
export function enableKprFix(v: CiliumVersion): FixIntent {
  const full = kprFull(v);
  return {
    title: `Set kubeProxyReplacement: ${full}`,
    configMapTitle: `Set kube-proxy-replacement: "${full}"`,
    values: [{ path: 'kubeProxyReplacement', value: full === 'true' ? true : full }],
    configMap: [{ key: 'kube-proxy-replacement', value: full }],
  };
}

export const BPF_MASQUERADE_FIX: FixIntent = {
  title: 'Masquerade with BPF (bpf.masquerade: true)',
  configMapTitle: 'Masquerade with BPF (enable-bpf-masquerade: "true")',
  values: [{ path: 'bpf.masquerade', value: true }],
  configMap: [{ key: 'enable-bpf-masquerade', value: 'true' }],
};
