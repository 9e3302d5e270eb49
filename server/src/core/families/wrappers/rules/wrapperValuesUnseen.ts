import type { RuleMeta } from '../../rule';

/** A wrapped release takes values from somewhere this file does not show. */
export const wrapperValuesUnseen: RuleMeta = {
  id: 'wrapper-values-unseen',
  title: 'values the release uses are not visible here',
  defaultSeverity: 'info',
  summary:
    'The release reads part of its values from a Secret, a ConfigMap in another file, a values file in a repository or a file that could not be read. Those values are not part of the verdict; when they set datapath keys, the real outcome may differ.',
};
