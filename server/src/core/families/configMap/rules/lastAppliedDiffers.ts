import type { RuleMeta } from '../../rule';

/** The ConfigMap's last-applied-configuration annotation disagrees with its data. */
export const lastAppliedDiffers: RuleMeta = {
  id: 'last-applied-differs',
  title: 'data differs from the last kubectl apply',
  defaultSeverity: 'info',
  summary:
    'The kubectl.kubernetes.io/last-applied-configuration annotation records what was last applied; someone edited the ConfigMap since (kubectl edit, a patch). The agent reads data, not the annotation, and only after a restart.',
};
