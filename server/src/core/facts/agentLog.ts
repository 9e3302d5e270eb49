/**
 * Sentences the Cilium agent logs about host routing, in one place: the rules build their
 * lines from these, and the analysis, the editor and the live check recognise them with them.
 */

/** What every explicit fallback line says (1.9.1 → main). */
export const FALLBACK_MARKER = 'Falling back to legacy host routing';

/** Every explicit fallback line ends with this (1.9.1 → main). */
export const FALLBACK_TRAILER = ` ${FALLBACK_MARKER} (enable-host-legacy-routing=true).`;

/** `<reason> Falling back to legacy host routing (enable-host-legacy-routing=true).` */
export function fallbackLine(reason: string): string {
  return reason + FALLBACK_TRAILER;
}

/** The BPF-masquerade fallback line (1.9.5 – 1.14), with its own trailer spelling. */
export const BPF_MASQUERADE_FALLBACK_LOG = `BPF masquerade could not be enabled. ${FALLBACK_MARKER} (--enable-host-legacy-routing="true").`;

/** Does the agent log an explicit fallback line for this (null: silent)? */
export function isFallbackLine(log: string | null): boolean {
  return !!log && log.includes(FALLBACK_MARKER);
}

/** The cause part of a fallback line: everything before the trailer (one space before it). */
export function fallbackCause(log: string): string {
  return log.replace(/ Falling back to legacy host routing.*$/, '');
}

/** The same, tolerant of any whitespace before the trailer (live logs, editor lens). */
export const FALLBACK_TAIL_RE = /\s*Falling back to legacy host routing.*$/;
