/**
 * Loading: every input file parsed (or its shared parse reused), one ConfigMap or several values
 * files, never both. Returns typed errors, never throws.
 */
import type { SourceLocation } from '../types';
import { parseInput, type ConfigMapInput, type InputProblem, type ValuesInput } from '../parse/input';

export interface InputFile {
  /** path or URI, used in locations */
  name: string;
  text: string;
  /** `parseInput(name, text)` when the caller already has it (the language server shares one parse per version) */
  parsed?: PreParsed;
}

/** The part of a `parseInput` result the analysis reads. */
export type PreParsed = { ok: true; input: ValuesInput | ConfigMapInput } | { ok: false; problem: InputProblem };

export type AnalyzeErrorKind = 'usage' | 'mixed-inputs' | 'no-input' | InputProblem['kind'];

export interface AnalyzeError {
  kind: AnalyzeErrorKind;
  message: string;
  file?: string;
  location?: SourceLocation;
  /** every syntax error, for malformed YAML */
  details?: Array<{ message: string; location: SourceLocation }>;
}

export interface Loaded {
  file: InputFile;
  input: ValuesInput | ConfigMapInput;
}

export function loadInputs(files: InputFile[]): { ok: true; loaded: Loaded[] } | { ok: false; error: AnalyzeError } {
  if (files.length === 0) return { ok: false, error: { kind: 'no-input', message: 'no input files' } };
  const loaded: Loaded[] = [];
  for (const f of files) {
    const p = f.parsed ?? parseInput(f.name, f.text);
    if (!p.ok) {
      const pr = p.problem;
      return {
        ok: false,
        error: {
          kind: pr.kind,
          message: pr.message,
          file: pr.file,
          location: pr.range ? { file: pr.file, range: pr.range } : undefined,
          details: pr.errors?.map((e) => ({ message: e.message, location: { file: pr.file, range: e.range } })),
        },
      };
    }
    loaded.push({ file: f, input: p.input });
  }
  const cms = loaded.filter((l) => l.input.kind === 'configmap');
  if (cms.length > 0 && loaded.length > 1) {
    return {
      ok: false,
      error: {
        kind: 'mixed-inputs',
        message:
          cms.length === loaded.length
            ? 'several cilium-config ConfigMaps given; analyse one at a time'
            : `${cms[0].file.name} is a cilium-config ConfigMap and cannot be merged with Helm values files; analyse it on its own`,
      },
    };
  }
  return { ok: true, loaded };
}
