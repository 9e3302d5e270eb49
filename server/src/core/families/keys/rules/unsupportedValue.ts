import type { RuleMeta } from '../../rule';

/** A value outside the set the chart or agent of this version accepts. */
export const unsupportedValue: RuleMeta = {
  id: 'unsupported-value',
  title: 'Value not accepted by this version',
  defaultSeverity: 'error',
  summary:
    'The key takes one of a fixed set of values, and the set changes between releases (routingMode: tunnel or native; bpf.datapathMode gained netkit in 1.16 and auto in 1.20; ipam.mode gained multi-pool in 1.14). It is an error where the agent refuses to start or helm refuses to render with another value, and a warning where we only know the value is not one this version understands. The closest accepted value is offered as a quick fix. Values of kube-proxy replacement are reported by kpr-invalid-value and chart-refuses.',
};
