/**
 * Helm's layering of values files (`helm -f a.yaml -f b.yaml`): maps merge deeply, the
 * later file wins, and `null` deletes a key (also a chart default). Every leaf remembers
 * which file and range it came from.
 */
import type { Origin, SourceLocation } from '../types';
import type { ValuesInput } from '../parse/input';
import { chartDefault } from './chartKeys';

export interface ValueRef {
  /** the value; `null` means deleted/unset (the template sees nil) */
  value: unknown;
  origin: Origin;
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merged user values over one chart version's defaults. */
export class MergedValues {
  /** merged user tree (no chart defaults) */
  readonly user: Record<string, unknown> = {};
  /** dotted path → where the winning value was written */
  private readonly where = new Map<string, SourceLocation>();

  constructor(
    readonly layers: ValuesInput[],
    readonly chart: string,
  ) {
    for (const layer of layers) this.mergeLayer(this.user, layer.values, '', layer);
  }

  private mergeLayer(
    into: Record<string, unknown>,
    from: Record<string, unknown>,
    prefix: string,
    layer: ValuesInput,
  ): void {
    for (const [k, v] of Object.entries(from)) {
      // Keys that would reach Object.prototype are data in YAML, never structure here.
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
      const path = prefix ? `${prefix}.${k}` : k;
      const loc = layer.locations.get(path);
      if (loc) this.where.set(path, { file: layer.file, range: loc.value });
      if (isPlainMap(v) && isPlainMap(into[k])) {
        this.mergeLayer(into[k] as Record<string, unknown>, v, path, layer);
      } else if (isPlainMap(v)) {
        const fresh: Record<string, unknown> = {};
        into[k] = fresh;
        this.mergeLayer(fresh, v, path, layer);
      } else {
        into[k] = v;
      }
    }
  }

  /** Where the user wrote `path` (the value range), if they did. */
  locationOf(path: string): SourceLocation | undefined {
    return this.where.get(path);
  }

  /**
   * The effective value at `path`: the user's (explicit), else the chart default, else
   * undefined. An explicit `null` (or a user scalar replacing a parent map) hides the default.
   */
  get(path: string): ValueRef | undefined {
    const parts = path.split('.');
    let node: unknown = this.user;
    for (let i = 0; i < parts.length; i++) {
      if (!isPlainMap(node)) {
        // The user replaced an ancestor with a scalar or null: the chart default is gone.
        const ancestor = parts.slice(0, i).join('.');
        return { value: null, origin: { kind: 'explicit', valuePath: ancestor, location: this.where.get(ancestor) } };
      }
      if (!(parts[i] in node)) {
        return this.defaultOf(path);
      }
      node = node[parts[i]];
    }
    return { value: node, origin: { kind: 'explicit', valuePath: path, location: this.where.get(path) } };
  }

  /** Only what the user wrote (undefined when absent). */
  explicit(path: string): ValueRef | undefined {
    const r = this.get(path);
    return r && r.origin.kind === 'explicit' ? r : undefined;
  }

  private defaultOf(path: string): ValueRef | undefined {
    const d = chartDefault(this.chart, path);
    if (!d.found || d.commented) return undefined;
    return { value: d.value ?? null, origin: { kind: 'chart-default', valuePath: path } };
  }
}
