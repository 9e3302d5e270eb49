import type { RuleMeta } from '../../rule';

/** Still works in this version, but has a replacement and goes away later. */
export const deprecatedValue: RuleMeta = {
  id: 'deprecated-value',
  title: 'Deprecated value',
  defaultSeverity: 'warning',
  judges: ['presence', 'value'],
  summary:
    'The value still works in this chart version but is deprecated; the replacement works here too and keeps working after the upgrade.',
};
