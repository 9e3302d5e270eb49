/**
 * Turns a wrapped release into inputs the analysis reads like values files: the consecutive
 * layers written in one file become one ValuesInput (values merged as Helm merges them, each
 * path located where its winning value is written), so a HelmRelease is analysed like one
 * values file and a Kustomize valuesFile like the file it is. Fixes are routed to the layer that
 * holds the value they change, or else to the layer users write values in, computed on that
 * layer's own text and written back through its edit mapping. Pure.
 */
import type { Fix } from '../../types';
import type { FixIntent } from '../../families/rule';
import type { KeyLocation, ValuesInput } from '../input';
import { mergeValues } from './layer';
import type { ValuesLayer, WrappedRelease } from './types';

export interface ReleaseInput {
  /** the file (InputFile name) */
  name: string;
  text: string;
  input: ValuesInput;
  layers: ValuesLayer[];
}

function intentPaths(intent: FixIntent): string[] {
  return [
    ...(intent.values ?? []).map((v) => v.path),
    ...(intent.rename ?? []).filter((r) => r.in === 'values').map((r) => r.path),
    ...(intent.nest ?? []).map((n) => n.path),
  ];
}

/** The layer where users add values: the last one that is written as YAML and can take edits. */
function mainLayer(layers: ValuesLayer[]): ValuesLayer | undefined {
  for (let i = layers.length - 1; i >= 0; i--) if (layers[i].style !== 'set' && layers[i].inner) return layers[i];
  return undefined;
}

function composite(layers: ValuesLayer[]): ReleaseInput {
  const first = layers[0];
  const locations = new Map<string, KeyLocation>();
  for (const l of layers) for (const [p, loc] of l.input.locations) locations.set(p, loc);
  const main = mainLayer(layers);
  const input: ValuesInput = {
    kind: 'values',
    file: first.file,
    values: mergeValues(layers.map((l) => l.input.values)),
    locations,
    start: (main ?? layers[layers.length - 1]).input.start,
    modeline: first.input.modeline,
    embedding: {
      materialise(intents, plain): Fix[] {
        const out: Fix[] = [];
        for (const intent of intents) {
          const paths = intentPaths(intent);
          // the highest-precedence layer that writes one of the paths, else the main layer
          let target: ValuesLayer | undefined;
          for (let i = layers.length - 1; i >= 0 && !target; i--)
            if (paths.some((p) => layers[i].input.locations.has(p))) target = layers[i];
          target = target ?? main;
          if (!target?.inner) continue;
          for (const fix of plain([intent], target.inner)) {
            const edits = target.mapEdits(fix.edits);
            if (edits && edits.length > 0) out.push({ title: fix.title, edits });
          }
        }
        return out;
      },
    },
  };
  return { name: first.file, text: first.fileText, input, layers };
}

/** The release's values as analysis inputs, in merge order (one per run of layers in the same file). */
export function releaseInputs(release: WrappedRelease): ReleaseInput[] {
  const out: ReleaseInput[] = [];
  let run: ValuesLayer[] = [];
  for (const l of release.layers) {
    if (run.length > 0 && run[0].file !== l.file) {
      out.push(composite(run));
      run = [];
    }
    run.push(l);
  }
  if (run.length > 0) out.push(composite(run));
  const own = [...out].reverse().find((i) => i.name === release.file);
  if (own) {
    own.input.embedding!.remarks = [
      ...release.unresolved.map((u) => ({
        kind: 'unseen' as const,
        field: u.field,
        message: `${u.field}: ${u.message}.`,
        location: { file: u.file, range: u.range },
      })),
      ...release.problems
        .filter((p) => p.kind === 'ignored')
        .map((p) => ({
          kind: 'ignored' as const,
          field: p.field ?? 'values',
          message: p.message,
          location: { file: p.file, range: p.range },
        })),
    ];
  }
  return out;
}
