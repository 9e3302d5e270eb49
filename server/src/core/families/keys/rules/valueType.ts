import type { RuleMeta } from '../../rule';

/** A value of the wrong type for its key. */
export const valueType: RuleMeta = {
  id: 'value-type',
  title: 'Wrong value type',
  defaultSeverity: 'error',
  summary:
    'The value does not have the type the key takes in your version. From chart 1.16 the chart ships a values.schema.json and helm refuses to install values that break it (an error). For older charts, and keys the schema does not type, the type comes from the default in values.yaml and the finding is a warning: a quoted "false" where the chart expects a boolean is true for the templates, and a plain value where the chart now expects a map (bandwidthManager: true from chart 1.12) is ignored. In a cilium-config ConfigMap every value must be a string (the API server refuses others), and the booleans the agent reads must be Go booleans. Next to the Red Hat YAML extension, when it validates the same file against a schema, these findings are left to it (setting ciliumDatapath.schemaChecks).',
};
