/**
 * Analysis of one wrapped Cilium release (parse/wrappers): its values layers become analysis
 * inputs, the chart version follows the precedence explicit option → modeline → the wrapper's
 * version → settings → newest line, a semver range is evaluated at the newest known release
 * inside it, and values the file does not show become findings and assumptions. Pure.
 */
import { analyze, type AnalyzeOptions, type AnalyzeOutcome, type InputFile } from './analyze';
import { parseInput } from './parse/input';
import { findWrappedReleases } from './parse/wrappers/detect';
import type { ReadRelative } from './parse/wrappers/types';
import { evaluateConstraint } from './parse/wrappers/semverRange';
import { releaseInputs } from './parse/wrappers/composite';
import type { WrappedRelease } from './parse/wrappers/types';

export type { ReleaseInfo } from './parse/wrappers/types';

export interface ReleaseOptions extends AnalyzeOptions {
  /** values files merged before the release's own values (CLI: files given before it) */
  before?: InputFile[];
}

export function describeRelease(r: WrappedRelease): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

export function analyzeRelease(release: WrappedRelease, options: ReleaseOptions = {}): AnalyzeOutcome {
  const blocking = release.problems.find((p) => p.severity === 'error');
  if (blocking) {
    return {
      ok: false,
      error: {
        kind: blocking.kind === 'not-a-map' ? 'not-a-map' : 'malformed',
        message: `${blocking.file}:${blocking.range.start.line + 1}:${blocking.range.start.character + 1}: ${blocking.message}`,
        file: blocking.file,
        location: { file: blocking.file, range: blocking.range },
      },
    };
  }
  const inputs: InputFile[] = [...(options.before ?? [])];
  const modeline = release.nodeConfig?.input.modeline ?? release.layers[0]?.input.modeline;
  let nodeOverrides: AnalyzeOptions['nodeOverrides'];
  const nodeBase = !!release.nodeConfig && inputs.length > 0;
  if (release.nodeConfig && nodeBase) {
    // the per-node keys on top of what the base (values files or the cilium-config ConfigMap) gives
    nodeOverrides = {
      file: release.file,
      entries: [...release.nodeConfig.input.data].map(([key, e]) => ({ key, value: e.value, range: e.location.value })),
    };
  } else if (release.nodeConfig) {
    inputs.push({ name: release.file, text: '', parsed: { ok: true, input: release.nodeConfig.input } });
  } else {
    for (const ri of releaseInputs(release))
      inputs.push({ name: ri.name, text: ri.text, parsed: { ok: true, input: ri.input } });
  }

  // The wrapper's chart version sits below the option and the modelines, above the settings
  // (analysis/target.ts); a range is evaluated at the newest known release inside it.
  const notes: string[] = [];
  const w = release.version;
  let wrapperVersion: AnalyzeOptions['wrapperVersion'];
  let rangeNote: string | undefined;
  if (w?.kind === 'exact' && w.constraint?.exact) wrapperVersion = { value: w.constraint.exact, source: w.source };
  else if (w?.kind === 'range' && w.constraint) {
    const e = evaluateConstraint(w.constraint);
    if (e.newest) {
      wrapperVersion = { value: e.newest, source: w.source };
      const others =
        e.count > 1
          ? ` It also allows ${e.lines.join(', ')}${e.beyondKnown ? ' and releases newer than we know' : ''}; pin one version for a single answer.`
          : '';
      rangeNote = `${release.kind} ${w.field} is the range "${w.raw}": evaluated at ${e.newest}, the newest known release inside it.${others}`;
    } else notes.push(`${release.kind} ${w.field} is the range "${w.raw}", which holds no release we know.`);
  }
  // with a base, the CiliumNodeConfig's own modeline is not among the inputs: pass its settings on
  const ownModeline = nodeBase ? modeline : undefined;
  const outcome = analyze(inputs, {
    ciliumVersion: options.ciliumVersion ?? ownModeline?.version?.value,
    kernel: options.kernel ?? ownModeline?.kernel?.value,
    wrapperVersion,
    fallbackVersion: options.fallbackVersion,
    nodeOverrides,
  });
  if (!outcome.ok) return outcome;
  const a = outcome.analysis;
  if (ownModeline?.version && !options.ciliumVersion && a.ciliumVersion.source === 'option')
    a.ciliumVersion.source = 'modeline';
  if (ownModeline?.kernel && !options.kernel && a.kernel.source === 'option') a.kernel.source = 'modeline';
  if (w && w.kind !== 'unknown' && a.ciliumVersion.source !== w.source) {
    notes.push(
      `${release.kind} ${w.field} names ${w.raw}; the ${a.ciliumVersion.source === 'modeline' ? 'modeline version' : 'given version'} is used instead.`,
    );
  } else if (rangeNote) notes.push(rangeNote);
  if (w?.kind === 'unknown' && w.note && a.ciliumVersion.source !== 'modeline' && !options.ciliumVersion)
    notes.push(`Chart version unknown: ${w.note}.`);
  const templated = release.layers.flatMap((l) => l.templated);
  if (templated.length > 0)
    notes.push(
      `Set by Go templates, not evaluated here: ${templated.join(', ')}; the chart defaults are assumed for them.`,
    );
  if (release.nodeConfig) {
    const nodes = release.nodeConfig.nodeSelector;
    notes.push(
      nodeBase
        ? `The keys of this CiliumNodeConfig are laid over ${inputs.map((i) => i.name).join(' + ')} for the nodes it selects${nodes ? ` (${nodes})` : ''}.`
        : `Only the keys of this CiliumNodeConfig are known${nodes ? ` (nodes: ${nodes})` : ''}; every other key takes the agent default. Name the cluster's cilium-config as the base for the full picture.`,
    );
  }
  a.assumptions.unshift(...notes);
  a.release = {
    kind: release.kind,
    name: release.name,
    namespace: release.namespace ?? null,
    file: release.file,
    range: release.range,
    chartVersion: w ? { raw: w.raw, kind: w.kind, field: w.field, file: w.file, range: w.range ?? null } : null,
    ...(release.nodeConfig ? { nodeSelector: release.nodeConfig.nodeSelector } : {}),
  };
  return outcome;
}

export interface ReleaseRun {
  release: WrappedRelease;
  outcome: AnalyzeOutcome;
}

export type ReleasePlan =
  | { kind: 'plain' }
  | { kind: 'releases'; runs: ReleaseRun[] }
  | { kind: 'error'; message: string; exitKind: 'usage' | 'malformed' };

/**
 * Decides whether input files hold wrapped releases and analyses them when they do: one file
 * gives one analysis per release; with several files, one wrapped release given last takes the
 * files before it as lower layers. `readerFor` gives the reader for files a wrapper names.
 */
export function planReleases(
  inputs: InputFile[],
  opts: ReleaseOptions,
  readerFor?: (file: string) => ReadRelative | undefined,
): ReleasePlan {
  const found: Array<{ index: number; releases: WrappedRelease[] }> = [];
  for (let i = 0; i < inputs.length; i++) {
    const f = inputs[i];
    const p = f.parsed ?? parseInput(f.name, f.text);
    if (p.ok || p.problem.kind === 'too-large' || p.problem.kind === 'malformed') continue;
    const scan = findWrappedReleases(f.name, f.text, readerFor?.(f.name));
    if (scan.problem) return { kind: 'error', message: scan.problem.message, exitKind: 'malformed' };
    if (scan.releases.length > 0) found.push({ index: i, releases: scan.releases });
  }
  if (found.length === 0) return { kind: 'plain' };
  if (inputs.length === 1)
    return {
      kind: 'releases',
      runs: found[0].releases.map((release) => ({ release, outcome: analyzeRelease(release, opts) })),
    };
  const last = found[found.length - 1];
  if (found.length > 1 || last.index !== inputs.length - 1 || last.releases.length !== 1) {
    const what = last.releases.map(describeRelease).join(', ');
    return {
      kind: 'error',
      exitKind: 'usage',
      message: `${inputs[last.index].name} holds ${what}; give a file with wrapped releases on its own, or one wrapped release as the last file`,
    };
  }
  const release = last.releases[0];
  return {
    kind: 'releases',
    runs: [{ release, outcome: analyzeRelease(release, { ...opts, before: inputs.slice(0, -1) }) }],
  };
}
