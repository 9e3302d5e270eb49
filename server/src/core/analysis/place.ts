/** Placement: where in the files a finding is shown, and its fixes turned into edits of that file. */
import type { Evidence, Finding, SourceLocation } from '../types';
import type { ConfigMapInput, ValuesInput } from '../parse/input';
import type { AgentFinding } from '../families/hostRouting/decide';
import { materialiseFixes } from '../fix';
import type { Loaded } from './load';

export type FixTarget = { input: ValuesInput | ConfigMapInput; text: string };

export function targetFor(loaded: Loaded[], file: string): FixTarget | undefined {
  const l = loaded.find((x) => x.file.name === file) ?? loaded[loaded.length - 1];
  return l ? { input: l.input, text: l.file.text } : undefined;
}

/** Modeline settings that evidence can point at (set only where the modeline decided them). */
export interface WrittenSettings {
  kernel?: SourceLocation;
  version?: SourceLocation;
}

/** Evidence about the kernel or the version points at the modeline field that set it. */
export function locateSettings(list: Evidence[], written: WrittenSettings): void {
  for (const e of list) {
    const at = e.key === 'kernel' ? written.kernel : e.key === 'cilium-version' ? written.version : undefined;
    if (at && !e.origin.location) e.origin = { ...e.origin, location: at };
  }
}

/** The first line of a file, where the verdict lens is: the place of causes written nowhere. */
export function lensLine(file: string): SourceLocation {
  const p = { line: 0, character: 0, offset: 0 };
  return { file, range: { start: p, end: p } };
}

/**
 * Puts an agent finding where its cause is: the first input written in the file being analysed
 * (a key, or the modeline's kernel/version), else one written in a base file; a cause written
 * nowhere (chart default, absent key, a kernel from the options) goes on the parent map of a key
 * the fix inserts, else on the lens line — never on some other key.
 */
export function placeFinding(af: AgentFinding, loaded: Loaded[], written: WrittenSettings = {}): Finding {
  const primary = loaded[loaded.length - 1];
  const target: FixTarget = { input: primary.input, text: primary.file.text };
  locateSettings(af.evidence, written);
  const explicit = af.evidence.map((e) => e.origin.location).filter((l): l is SourceLocation => !!l);
  let location: SourceLocation | undefined = explicit.find((l) => l.file === primary.file.name) ?? explicit[0];
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
      // A wrapped release's values start at their key (`values:`, `valuesContent:`): its lens is on the
      // release, the finding on that key. A plain file's start is an empty range: the lens line.
      const st = primary.input.start;
      location =
        location ??
        (st.start.offset !== st.end.offset ? { file: primary.input.file, range: st } : lensLine(primary.input.file));
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
