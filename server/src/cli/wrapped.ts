/**
 * The CLI's reader for files a wrapped release names (a Kustomize valuesFile, the Chart.yaml
 * beside an umbrella chart's values), relative to the wrapper's file; never for stdin. As for base
 * files, only files inside the wrapper's folder or the working directory are read.
 */
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ReadRelative } from '../core';
import { inside } from '../files/bases';

export function readerFor(readFile: (p: string) => string, cwd: string = process.cwd()) {
  return (file: string): ReadRelative | undefined => {
    if (file === '<stdin>') return undefined;
    const folder = dirname(resolve(cwd, file));
    const roots = [folder, cwd];
    return (p: string) => {
      const full = resolve(folder, p);
      try {
        if (!inside(full, roots)) return undefined;
        // a link inside may point outside
        const realRoots = roots.map((r) => {
          try {
            return realpathSync(r);
          } catch {
            return r;
          }
        });
        if (!inside(realpathSync(full), realRoots)) return undefined;
        return { name: full, text: readFile(full) };
      } catch {
        return undefined;
      }
    };
  };
}
