/**
 * The lifecycle of the old `masquerade` ConfigMap key, read from the overlay's versioned key
 * facts (schemas/overlay/configmap.yaml: its version range, its removal and its successor):
 * 1.9 reads only it, 1.10 honours it next to its successor, later lines ignore it.
 */
import type { CiliumVersion } from '../types';
import { configMapOverlay } from './overlay';
import { inRange } from './range';

type V = Pick<CiliumVersion, 'major' | 'minor' | 'patch'>;

export const OLD_MASQUERADE_KEY = 'masquerade';

const old = () => configMapOverlay(OLD_MASQUERADE_KEY);

/** The key that replaced it (`enable-ipv4-masquerade`). */
export function masqueradeSuccessor(): string {
  return old()?.removed?.use ?? 'enable-ipv4-masquerade';
}

/** The first line whose agent ignores the old key (`1.11`). */
export function masqueradeKeyIgnoredFrom(): string {
  return old()?.removed?.in ?? '1.11';
}

/** Does the agent of `v` read the old key at all? */
export function oldMasqueradeKeyHonoured(v: V): boolean {
  return inRange(v, old()?.range);
}

/** Does the agent of `v` know the successor yet? (1.9: the old key is the only one.) */
export function masqueradeSuccessorKnown(v: V): boolean {
  return inRange(v, configMapOverlay(masqueradeSuccessor())?.range);
}
