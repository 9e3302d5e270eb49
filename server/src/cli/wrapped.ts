/**
 * The CLI's reader for files a wrapped release names (a Kustomize valuesFile, the Chart.yaml
 * beside an umbrella chart's values), relative to the wrapper's file; never for stdin.
 */
import { dirname, resolve } from 'node:path';
import type { ReadRelative } from '../core';

export function readerFor(readFile: (p: string) => string) {
  return (file: string): ReadRelative | undefined => {
    if (file === '<stdin>') return undefined;
    return (p: string) => {
      const full = resolve(dirname(file), p);
      try {
        return { name: full, text: readFile(full) };
      } catch {
        return undefined;
      }
    };
  };
}
