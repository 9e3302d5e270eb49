/**
 * Version inference when no version is given anywhere: the release lines in which every key and
 * value of the file is accepted (and the agent starts on the given kernel). A file with
 * `kubeProxyReplacement: strict` was written for 1.15 or older, so judging it as 1.20 answers a
 * question its author did not ask. The analysis then runs at the newest line of that range and
 * says so, naming the settings that narrowed it.
 */
import type { Analysis, AnalyzeOptions, AnalyzeOutcome, InputFile } from '../analyze';
import { analyser } from './verdict';
import { blocks, lifecycleKind, subjectOf } from './kinds';
import { describeLines, knownLines, newestPatch } from './points';
import { versionToInfer } from '../analysis/target';

export interface Narrowing {
  path: string;
  /** `kubeProxyReplacement: strict` */
  setting: string;
  /** lines that accept it */
  lines: string[];
  /** `1.15 or older` */
  accepted: string;
}

export interface Inference {
  /** lines that accept every setting (empty when the settings contradict each other); never includes the newest line (then nothing is inferred) */
  lines: string[];
  /** the line evaluated: the newest of `lines`; null when they contradict each other */
  line: string | null;
  narrowedBy: Narrowing[];
  /** the assumption sentence shown to the user */
  note: string;
}

/** Above this many characters of input, no line-by-line inference (see inferVersion). */
export const MAX_CHARACTERS_TO_INFER = 1_000_000;

/**
 * The lines the file fits; null when every line fits (or no line can be judged), i.e. nothing to infer.
 * `kernel` is the node kernel if known.
 */
export function inferVersion(files: InputFile[], kernel?: string, newest?: Analysis): Inference | null {
  const at = analyser(files);
  const lines = knownLines();
  const newestLine = lines[lines.length - 1];
  const blockers = (a: Analysis) => a.findings.filter((f) => blocks(lifecycleKind(f, a.inputKind)) && subjectOf(f));
  // The common case costs nothing more: the newest line accepts every setting.
  if (
    newest &&
    newest.ciliumVersion.evaluated === `${newestLine}.${newestPatch(newestLine)}` &&
    blockers(newest).length === 0
  )
    return null;
  // Bounded work: each line tried is a whole analysis of the file (a 2.5 MB file took 15 s for
  // the 13 lines). Above this size the file is evaluated at the newest line, and the note says why.
  const size = files.reduce((n, f) => n + f.text.length, 0);
  if (size > MAX_CHARACTERS_TO_INFER)
    return {
      lines: [],
      line: null,
      narrowedBy: [],
      note: `No Cilium version given, and the files are too large (${Math.round(size / 1000).toLocaleString('en-US')} kB) to try every release line; evaluated at the newest line. Give the version for a definite answer.`,
    };
  const blocked = new Map<string, { path: string; lines: Set<string> }>();
  for (const line of lines) {
    const r =
      line === newestLine && newest
        ? { ok: true as const, analysis: newest }
        : at(`${line}.${newestPatch(line)}`, kernel);
    if (!r.ok) return null;
    for (const f of blockers(r.analysis)) {
      const s = subjectOf(f)!;
      const b = blocked.get(s.label) ?? { path: s.path, lines: new Set<string>() };
      b.lines.add(line);
      blocked.set(s.label, b);
    }
  }
  // A setting refused everywhere says nothing about the version (a typo, a contradiction the rules report).
  const narrowedBy: Narrowing[] = [];
  for (const [setting, b] of blocked) {
    if (b.lines.size === lines.length) continue;
    const ok = lines.filter((l) => !b.lines.has(l));
    narrowedBy.push({ path: b.path, setting, lines: ok, accepted: describeLines(ok) });
  }
  if (narrowedBy.length === 0) return null;
  const fits = lines.filter((l) => narrowedBy.every((n) => n.lines.includes(l)));
  const why = listNarrowing(narrowedBy);
  if (fits.length === 0) {
    return {
      lines: [],
      line: null,
      narrowedBy,
      note: `No Cilium version given, and no release line accepts every setting of the file (${why}); evaluated at the newest line. Give the version for a definite answer.`,
    };
  }
  const line = fits[fits.length - 1];
  // The newest line fits: evaluated there as before, nothing to say.
  if (line === lines[lines.length - 1]) return null;
  // Name the settings that rule out the newer lines (the ones that set the line evaluated).
  const newer = lines.slice(lines.indexOf(line) + 1);
  const caps = narrowedBy.filter((n) => newer.some((l) => !n.lines.includes(l)));
  return {
    lines: fits,
    line,
    narrowedBy,
    note: `No Cilium version given: evaluated at ${line} (as ${line}.${newestPatch(line)}), the newest line that accepts every setting of the file (${listNarrowing(caps)}). Give the version for a definite answer.`,
  };
}

/** At most this many settings are named in a note; `narrowedBy` keeps them all (the version table shows them). */
const NAMED_SETTINGS = 3;

function listNarrowing(ns: Narrowing[]): string {
  const named = ns.slice(0, NAMED_SETTINGS).map((n) => `${n.setting} → ${n.accepted}`);
  const more = ns.length - named.length;
  return named.join('; ') + (more > 0 ? `; and ${more} more setting${more === 1 ? '' : 's'}` : '');
}

export type InferredOutcome = AnalyzeOutcome & { inference?: Inference };

/**
 * `analyze`, and when no version came from the caller or a modeline, the analysis at the inferred
 * line (`ciliumVersion.source: 'inferred'`). Where every line fits, the result is `analyze`'s own.
 */
export function analyzeInferred(files: InputFile[], options: AnalyzeOptions = {}): InferredOutcome {
  const at = analyser(files);
  const first = at(options.ciliumVersion, options.kernel);
  if (!first.ok || !versionToInfer(first.analysis.ciliumVersion.source)) return first;
  const kernel = first.analysis.kernel.requested ?? undefined;
  const inference = inferVersion(files, kernel, first.analysis);
  if (!inference) return first;
  if (!inference.line) return { ...first, analysis: withNote(first.analysis, inference), inference };
  const r = at(`${inference.line}.${newestPatch(inference.line)}`, kernel);
  if (!r.ok) return first;
  const a = r.analysis;
  a.ciliumVersion = { ...a.ciliumVersion, requested: null, source: 'inferred' };
  a.kernel = first.analysis.kernel;
  return { ok: true, analysis: withNote(a, inference), inference };
}

function withNote(a: Analysis, inference: Inference): Analysis {
  const rest = a.assumptions.filter((s) => !s.startsWith('No Cilium version given'));
  return { ...a, assumptions: [inference.note, ...rest] };
}
