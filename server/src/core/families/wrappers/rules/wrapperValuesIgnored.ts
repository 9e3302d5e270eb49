import type { RuleMeta } from '../../rule';

/** Values written in a wrapper field that the controller does not use. */
export const wrapperValuesIgnored: RuleMeta = {
  id: 'wrapper-values-ignored',
  title: 'values in this field are not used',
  defaultSeverity: 'warning',
  summary:
    'The controller that installs the chart ignores this field: for example Argo CD uses helm.valuesObject and drops helm.values when both are set. Anything written here has no effect on the cluster.',
};
