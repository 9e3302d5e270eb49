/** Fix intents that several rules offer. */
import type { CiliumVersion } from '../types';
import type { FixIntent } from './rule';
import { lineAtLeast } from '../version';

/** Full kube-proxy replacement in the spelling this version accepts (strict ≤ 1.13, true from 1.14). */
export function enableKprFix(v: CiliumVersion): FixIntent {
  const modern = lineAtLeast(v, '1.14');
  return {
    title: `Set kubeProxyReplacement: ${modern ? 'true' : 'strict'}`,
    configMapTitle: `Set kube-proxy-replacement: "${modern ? 'true' : 'strict'}"`,
    values: [{ path: 'kubeProxyReplacement', value: modern ? true : 'strict' }],
    configMap: [{ key: 'kube-proxy-replacement', value: modern ? 'true' : 'strict' }],
  };
}

export const BPF_MASQUERADE_FIX: FixIntent = {
  title: 'Masquerade with BPF (bpf.masquerade: true)',
  configMapTitle: 'Masquerade with BPF (enable-bpf-masquerade: "true")',
  values: [{ path: 'bpf.masquerade', value: true }],
  configMap: [{ key: 'enable-bpf-masquerade', value: 'true' }],
};
