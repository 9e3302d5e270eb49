import type { RuleMeta } from '../../rule';

/** A key that still works in this version but has a successor. */
export const deprecatedKey: RuleMeta = {
  id: 'deprecated-key',
  title: 'Deprecated key',
  defaultSeverity: 'warning',
  summary:
    'The key still works in your version but is on its way out: a later release removes it, and then the setting silently stops applying. The finding names the version of each step and the successor, and the quick fix moves the value to it (the successor works in your version too).',
};
