/** Placement: where in the files a finding is shown, and its fixes turned into edits of that file. */
import type { Finding, SourceLocation } from '../types';
import type { ConfigMapInput, ValuesInput } from '../parse/input';
import type { AgentFinding } from '../families/hostRouting/decide';
import { materialiseFixes } from '../fix';
import type { Loaded } from './load';

export type FixTarget = { input: ValuesInput | ConfigMapInput; text: string };

export function targetFor(loaded: Loaded[], file: string): FixTarget | undefined {
  const l = loaded.find((x) => x.file.name === file) ?? loaded[loaded.length - 1];
  return l ? { input: l.input, text: l.file.text } : undefined;
}

/** Puts an agent finding on the best place in the files: the first explicit input, else the parent map of a missing value, else the start. */
export function placeFinding(af: AgentFinding, loaded: Loaded[]): Finding {
  const primary = loaded[loaded.length - 1];
  const target: FixTarget = { input: primary.input, text: primary.file.text };
  const explicit = af.evidence.map((e) => e.origin.location).filter((l): l is SourceLocation => !!l);
  let location: SourceLocation | undefined = explicit[0];
  if (!location) {
    if (primary.input.kind === 'values') {
      // Parent map of the first value path that the fix would add.
      const paths = af.fixes.flatMap((f) => f.values?.map((x) => x.path) ?? []);
      for (const p of paths) {
        const parts = p.split('.');
        for (let k = parts.length - 1; k > 0 && !location; k--) {
          const loc = primary.input.locations.get(parts.slice(0, k).join('.'));
          if (loc) location = { file: primary.input.file, range: loc.key };
        }
        if (location) break;
      }
      location = location ?? { file: primary.input.file, range: primary.input.start };
    } else {
      location = { file: primary.input.file, range: primary.input.dataRange };
    }
  }
  const related = explicit.slice(1).map((l) => ({ message: 'also involved', location: l }));
  const fileTarget = targetFor(loaded, location.file) ?? target;
  return {
    ruleId: af.meta.id,
    severity: af.severity,
    message: af.message,
    agentLog: af.agentLog,
    location,
    related,
    evidence: af.evidence,
    fixes: materialiseFixes(af.fixes, fileTarget),
  };
}
