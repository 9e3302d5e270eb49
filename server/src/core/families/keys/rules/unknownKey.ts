import type { RuleMeta } from '../../rule';

/** A key no chart version has (or, in a ConfigMap, a near miss of a key the agent reads). */
export const unknownKey: RuleMeta = {
  id: 'unknown-key',
  title: 'Unknown key',
  defaultSeverity: 'warning',
  summary:
    'The key is not a value of the cilium chart in any version we know. Helm accepts unknown keys without a word and the templates never read them, so a typo such as kubeProxyReplacment silently leaves the setting at its default. The finding suggests the closest keys valid at the same place in your chart version (and a key of the same name elsewhere in the tree), with a quick fix that renames the key. In a cilium-config ConfigMap only near misses of the keys that matter for the datapath are reported, since the agent has hundreds of other keys.',
};
