/**
 * Turns fix intents ("set bpf.masquerade to true") into text edits on a concrete file,
 * using only the text and the key locations we already have. Indentation follows the file.
 */
import type { Fix, FixEdit, Position, Range } from './types';
import type { FixIntent } from './families/rule';
import type { ConfigMapInput, ValuesInput } from './parse/input';

/** A YAML scalar as it should be written in values. */
export function yamlScalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  const s = String(v);
  if (
    s === '' ||
    /^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+)$/i.test(s) ||
    /[:#{}[\],&*!|>'"%@`]/.test(s) ||
    /^\s|\s$/.test(s)
  ) {
    return JSON.stringify(s);
  }
  return s;
}

function pos(text: string, offset: number): Position {
  let line = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, character: offset - last - 1, offset };
}

function at(text: string, offset: number): Range {
  const p = pos(text, offset);
  return { start: p, end: p };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Edits that apply one intent to a values file; undefined when it cannot be placed. */
function valuesEdits(input: ValuesInput, text: string, intent: FixIntent): FixEdit[] | undefined {
  const edits: FixEdit[] = [];
  const nl = eol(text);
  for (const { path, value } of intent.values ?? []) {
    const loc = input.locations.get(path);
    if (loc) {
      if (value === null) {
        // Delete the whole line(s) of the key.
        const s = lineStart(text, loc.key.start.offset);
        let e = lineEnd(text, loc.value.end.offset);
        if (e < text.length) e += 1;
        edits.push({ file: input.file, range: { start: pos(text, s), end: pos(text, e) }, newText: '' });
      } else {
        edits.push({ file: input.file, range: loc.value, newText: yamlScalar(value) });
      }
      continue;
    }
    if (value === null) continue; // nothing to delete
    const parts = path.split('.');
    // Longest prefix that exists as a map in this file.
    let k = parts.length - 1;
    while (k > 0 && !input.locations.has(parts.slice(0, k).join('.'))) k--;
    const rest = parts.slice(k);
    let insertAt: number;
    let indent: string;
    if (k === 0) {
      // Top level: append at the end of the file.
      insertAt = text.length;
      indent = '';
      const prefix = text.length > 0 && !text.endsWith('\n') ? nl : '';
      edits.push({ file: input.file, range: at(text, insertAt), newText: prefix + nested(rest, value, indent, nl) });
      continue;
    }
    const parentPath = parts.slice(0, k).join('.');
    const parent = input.locations.get(parentPath)!;
    const childKeys = [...input.locations.entries()].filter(
      ([p]) => p.startsWith(parentPath + '.') && !p.slice(parentPath.length + 1).includes('.'),
    );
    if (childKeys.length === 0) {
      // `bpf: {}` or `bpf:` with a scalar: replace the value with a block.
      const keyCol = parent.key.start.character;
      indent = ' '.repeat(keyCol + 2);
      edits.push({
        file: input.file,
        range:
          parent.value.start.offset === parent.key.end.offset
            ? at(text, lineEnd(text, parent.key.end.offset))
            : parent.value,
        newText: nl + nested(rest, value, indent, nl).replace(new RegExp(`${nl}$`), ''),
      });
      continue;
    }
    const firstChild = childKeys[0][1];
    indent = ' '.repeat(firstChild.key.start.character);
    const lastEnd = Math.max(...childKeys.map(([, l]) => l.value.end.offset));
    insertAt = lineEnd(text, lastEnd);
    edits.push({
      file: input.file,
      range: at(text, insertAt),
      newText: nl + nested(rest, value, indent, nl).replace(new RegExp(`${nl}$`), ''),
    });
  }
  return edits.length ? edits : undefined;
}

function nested(parts: string[], value: unknown, indent: string, nl: string): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const pad = indent + '  '.repeat(i);
    out += i === parts.length - 1 ? `${pad}${parts[i]}: ${yamlScalar(value)}${nl}` : `${pad}${parts[i]}:${nl}`;
  }
  return out;
}

function configMapEdits(input: ConfigMapInput, text: string, intent: FixIntent): FixEdit[] | undefined {
  const edits: FixEdit[] = [];
  const nl = eol(text);
  for (const { key, value } of intent.configMap ?? []) {
    const entry = input.data.get(key);
    if (entry) {
      if (value === null) {
        const s = lineStart(text, entry.location.key.start.offset);
        let e = lineEnd(text, entry.location.value.end.offset);
        if (e < text.length) e += 1;
        edits.push({ file: input.file, range: { start: pos(text, s), end: pos(text, e) }, newText: '' });
      } else {
        edits.push({ file: input.file, range: entry.location.value, newText: JSON.stringify(value) });
      }
      continue;
    }
    if (value === null) continue;
    const entries = [...input.data.values()];
    if (entries.length > 0) {
      // Keep keys sorted like kubectl prints them: insert before the first larger key.
      const sorted = [...input.data.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
      const next = sorted.find(([k]) => k > key);
      const indent = ' '.repeat(entries[0].location.key.start.character);
      if (next) {
        const s = lineStart(text, next[1].location.key.start.offset);
        edits.push({ file: input.file, range: at(text, s), newText: `${indent}${key}: ${JSON.stringify(value)}${nl}` });
      } else {
        const lastEnd = Math.max(...entries.map((e) => e.location.value.end.offset));
        edits.push({
          file: input.file,
          range: at(text, lineEnd(text, lastEnd)),
          newText: `${nl}${indent}${key}: ${JSON.stringify(value)}`,
        });
      }
    } else {
      const e = lineEnd(text, input.dataRange.end.offset);
      const indent = ' '.repeat(input.dataRange.start.character + 2);
      edits.push({ file: input.file, range: at(text, e), newText: `${nl}${indent}${key}: ${JSON.stringify(value)}` });
    }
  }
  return edits.length ? edits : undefined;
}

/** Inserts at the same point become one edit, so their order cannot depend on the client. */
function mergeInserts(edits: FixEdit[]): FixEdit[] {
  const out: FixEdit[] = [];
  for (const e of edits) {
    const prev = out[out.length - 1];
    const zero = (x: FixEdit) => x.range.start.offset === x.range.end.offset;
    if (prev && zero(prev) && zero(e) && prev.range.start.offset === e.range.start.offset && prev.file === e.file) {
      prev.newText += e.newText;
    } else out.push({ ...e });
  }
  return out;
}

/** A key written so that YAML reads it back as the same string. */
function yamlKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(k) && !/^(true|false|yes|no|on|off|null|~)$/i.test(k)
    ? k
    : JSON.stringify(k);
}

/** Renames keys in place (the key token only: value, comments and children stay). */
function renameEdits(target: { input: ValuesInput | ConfigMapInput; text: string }, intent: FixIntent): FixEdit[] {
  const edits: FixEdit[] = [];
  for (const r of intent.rename ?? []) {
    const input = target.input;
    const range =
      input.kind === 'values'
        ? r.in === 'values'
          ? input.locations.get(r.path)?.key
          : undefined
        : r.in === 'configMap'
          ? input.data.get(r.path)?.location.key
          : undefined;
    if (range) edits.push({ file: input.file, range, newText: yamlKey(r.to) });
  }
  return edits;
}

/** `bandwidthManager: true` → `bandwidthManager:` + `  enabled: true` (the value's own text is kept). */
function nestEdits(input: ValuesInput, text: string, intent: FixIntent): FixEdit[] {
  const edits: FixEdit[] = [];
  const nl = eol(text);
  for (const n of intent.nest ?? []) {
    const loc = input.locations.get(n.path);
    if (!loc || loc.value.start.line !== loc.key.start.line || loc.value.end.line !== loc.value.start.line) continue;
    const valueText = text.slice(loc.value.start.offset, loc.value.end.offset);
    const indent = ' '.repeat(loc.key.start.character + 2);
    // from the end of the key (before its colon) to the end of the value
    const colon = text.indexOf(':', loc.key.end.offset);
    if (colon < 0 || colon > loc.value.start.offset) continue;
    edits.push({
      file: input.file,
      range: { start: pos(text, colon), end: loc.value.end },
      newText: `:${nl}${indent}${yamlKey(n.child)}: ${valueText}`,
    });
  }
  return edits;
}

/** Concrete fixes for one target file; intents that do not apply to its kind are dropped. */
export function materialiseFixes(
  intents: FixIntent[],
  target: { input: ValuesInput | ConfigMapInput; text: string } | undefined,
): Fix[] {
  if (!target) return [];
  const embedding = target.input.kind === 'values' ? target.input.embedding : undefined;
  if (embedding)
    return embedding.materialise(intents, (i, t) =>
      materialiseFixes(i, { input: { ...t.input, embedding: undefined }, text: t.text }),
    );
  const out: Fix[] = [];
  for (const intent of intents) {
    const edits = [
      ...renameEdits(target, intent),
      ...(target.input.kind === 'values' ? nestEdits(target.input, target.text, intent) : []),
      ...((target.input.kind === 'values'
        ? valuesEdits(target.input, target.text, intent)
        : configMapEdits(target.input, target.text, intent)) ?? []),
    ];
    const title = target.input.kind === 'configmap' && intent.configMapTitle ? intent.configMapTitle : intent.title;
    if (edits.length) out.push({ title, edits: mergeInserts(edits) });
  }
  return out;
}
