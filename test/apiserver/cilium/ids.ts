/**
 * Deterministic synthetic identifiers (commit hashes, image digests, UIDs, container IDs) so that
 * every run of a scenario serves the same objects. None of them is a real Cilium artefact.
 */
import { createHash } from 'node:crypto';

export function hexOf(seed: string, length: number): string {
  let out = '';
  let i = 0;
  while (out.length < length) {
    out += createHash('sha256').update(`${seed}#${i++}`).digest('hex');
  }
  return out.slice(0, length);
}

/** RFC 4122-shaped UID */
export function uidOf(seed: string): string {
  const h = hexOf(`uid:${seed}`, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Short commit of a Cilium release as `cilium version` prints it (8 hex digits). */
export function ciliumCommit(version: string): string {
  return hexOf(`commit:${version}`, 8);
}

export function imageDigest(image: string): string {
  return `sha256:${hexOf(`digest:${image}`, 64)}`;
}

export function containerId(seed: string): string {
  return hexOf(`container:${seed}`, 64);
}

/** Small seeded PRNG (mulberry32) for plausible, repeatable numbers in generated outputs. */
export function prng(seed: string): () => number {
  let a = parseInt(hexOf(`prng:${seed}`, 8), 16) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length) % items.length];
}

export function intBetween(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

/** `10.0.1.0/24`, 37 → `10.0.1.37` (IPv4 only, offset within the last octets) */
export function ipInCidr(cidr: string, offset: number): string {
  const [base] = cidr.split('/');
  const parts = base.split('.').map(Number);
  const n = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3] + offset;
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** A link-local IPv6 address derived from a seed (the shape of an EUI-64 address). */
export function linkLocal6(seed: string): string {
  const h = hexOf(`ll6:${seed}`, 12);
  const g = (i: number) => h.slice(i, i + 4).replace(/^0+(?=.)/, '');
  return `fe80::${g(0)}:${h.slice(4, 6)}ff:fe${h.slice(6, 8)}:${g(8)}`;
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** a generateName-style suffix (`7xk2p`), stable per seed; also used for pod-template hashes (10 characters) */
export function nameSuffix(seed: string, length = 5): string {
  const h = hexOf(`suffix:${seed}`, length * 2);
  let s = '';
  for (let i = 0; i < length; i++)
    s += SUFFIX_ALPHABET[parseInt(h.slice(i * 2, i * 2 + 2), 16) % SUFFIX_ALPHABET.length];
  return s;
}
