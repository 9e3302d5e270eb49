import type { RuleMeta } from '../../rule';

/** A quoted "false" where the chart tests the value with `if`: Go templates treat it as true. */
export const stringBoolean: RuleMeta = {
  id: 'string-boolean',
  title: 'A quoted "false" counts as true in the chart',
  defaultSeverity: 'warning',
  judges: ['value'],
  summary:
    'Some chart switches (eni.enabled, endpointRoutes.enabled, encryption.enabled, gke.enabled, azure.enabled, …) are tested with a Go template `if`. A non-empty string is true there, so `enabled: "false"` turns the feature ON. Write the YAML boolean false instead.',
};
