import type { RuleMeta } from '../../rule';

/** A key that older versions had and this one no longer has. */
export const removedKey: RuleMeta = {
  id: 'removed-key',
  title: 'Removed key',
  defaultSeverity: 'warning',
  summary:
    'The key belongs to older releases: the chart (or agent) of your version no longer reads it, usually without a word, so the setting is lost on upgrade. Where the key has a successor the finding names it and offers a quick fix that renames or moves the value; where the chart refuses the old key outright the finding is an error.',
};
