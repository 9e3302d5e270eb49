/**
 * Which top-level keys belong to the cilium chart (any version): used to tell a Cilium
 * values file from other YAML.
 */
import { chartVersionsWithKey } from './chartKeys';

export function isKnownTopLevelValue(key: string): boolean {
  return !key.includes('.') && chartVersionsWithKey(key).length > 0;
}
