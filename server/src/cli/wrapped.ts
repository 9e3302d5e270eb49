/**
 * The CLI's side of wrapped releases: a file that is not bare values or a ConfigMap is searched
 * for HelmReleases, Applications and the other wrappers (core/parse/wrappers), each release is
 * analysed on its own, and the results are printed one after the other (text), as a list (JSON,
 * when there are several) or as one SARIF run.
 */
import { dirname, resolve } from 'node:path';
import type { AnalyzeOutcome, InputFile } from '../core/analyze';
import { parseInput } from '../core/parse/input';
import { findWrappedReleases } from '../core/parse/wrappers';
import type { ReadRelative, WrappedRelease } from '../core/parse/wrappers';
import { analyzeRelease, describeRelease } from '../core/wrapped';

export interface ReleaseRun {
  release: WrappedRelease;
  outcome: AnalyzeOutcome;
}

export type WrapperPlan =
  | { kind: 'plain' }
  | { kind: 'releases'; runs: ReleaseRun[] }
  | { kind: 'error'; message: string; exitKind: 'usage' | 'malformed' };

/** Files named by a wrapper (valuesFile, Chart.yaml), read relative to it; never for stdin. */
function readerFor(file: string, readFile: (p: string) => string): ReadRelative | undefined {
  if (file === '<stdin>') return undefined;
  return (p: string) => {
    const full = resolve(dirname(file), p);
    try {
      return { name: full, text: readFile(full) };
    } catch {
      return undefined;
    }
  };
}

/** Decides whether the inputs hold wrapped releases, and analyses them when they do. */
export function planWrapped(inputs: InputFile[], opts: { ciliumVersion?: string; kernel?: string }, readFile: (p: string) => string): WrapperPlan {
  const found: Array<{ index: number; releases: WrappedRelease[] }> = [];
  for (let i = 0; i < inputs.length; i++) {
    const f = inputs[i];
    const p = parseInput(f.name, f.text);
    if (p.ok || p.problem.kind === 'too-large' || p.problem.kind === 'malformed') continue;
    const scan = findWrappedReleases(f.name, f.text, readerFor(f.name, readFile));
    if (scan.problem) return { kind: 'error', message: scan.problem.message, exitKind: 'malformed' };
    if (scan.releases.length > 0) found.push({ index: i, releases: scan.releases });
  }
  if (found.length === 0) return { kind: 'plain' };
  if (inputs.length === 1) {
    return { kind: 'releases', runs: found[0].releases.map((release) => ({ release, outcome: analyzeRelease(release, opts) })) };
  }
  // Several files: one wrapped release given last, its values on top of the files before it.
  const last = found[found.length - 1];
  if (found.length > 1 || last.index !== inputs.length - 1 || last.releases.length !== 1) {
    const what = last.releases.map(describeRelease).join(', ');
    return { kind: 'error', exitKind: 'usage', message: `${inputs[last.index].name} holds ${what}; give a file with wrapped releases on its own, or one wrapped release as the last file` };
  }
  const release = last.releases[0];
  return { kind: 'releases', runs: [{ release, outcome: analyzeRelease(release, { ...opts, before: inputs.slice(0, -1) }) }] };
}
