/**
 * `# cilium-datapath: version=1.16.4 kernel=6.1 base=../values.yaml disable=RULE reason…`
 * comment lines. Several such lines may appear anywhere in a file; later settings win.
 */
import type { Range } from '../types';
import { echo } from '../echo';

export interface Suppression {
  ruleId: string;
  reason: string;
  /** 0-based line of the comment */
  line: number;
  range: Range;
}

export interface Modeline {
  version?: { value: string; range: Range };
  kernel?: { value: string; range: Range };
  bases: Array<{ value: string; range: Range }>;
  suppressions: Suppression[];
  problems: Array<{ message: string; range: Range }>;
  /** true when at least one modeline comment is present (marks the file as ours) */
  present: boolean;
}

const MARKER = /^(\s*)#\s*cilium-datapath:\s?(.*)$/;

function lineRange(line: number, startChar: number, endChar: number, lineOffset: number): Range {
  return {
    start: { line, character: startChar, offset: lineOffset + startChar },
    end: { line, character: endChar, offset: lineOffset + endChar },
  };
}

/** Scans comment lines for modeline settings. Linear in the text size; never throws. */
export function parseModeline(text: string): Modeline {
  const out: Modeline = { bases: [], suppressions: [], problems: [], present: false };
  // A cheap pre-check keeps large files fast.
  if (!text.includes('cilium-datapath:')) return out;
  let offset = 0;
  let lineNo = 0;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const raw = text.slice(offset, end).replace(/\r$/, '');
    const m = MARKER.exec(raw);
    if (m) {
      out.present = true;
      const bodyStart = raw.length - m[2].length;
      parseBody(m[2], bodyStart, lineNo, offset, out);
    }
    offset = end + 1;
    lineNo++;
    if (end === text.length) break;
  }
  return out;
}

function parseBody(body: string, bodyStart: number, line: number, lineOffset: number, out: Modeline): void {
  const tokenRe = /(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = tokenRe.exec(body))) {
    const token = m[1];
    const start = bodyStart + m.index;
    const range = lineRange(line, start, start + token.length, lineOffset);
    const eq = token.indexOf('=');
    if (eq <= 0) {
      out.problems.push({ message: `cilium-datapath modeline: "${echo(token)}" is not a key=value setting`, range });
      continue;
    }
    const key = token.slice(0, eq).toLowerCase();
    const value = token.slice(eq + 1);
    if (key === 'disable') {
      // The rest of the line is the reason.
      const rest = body.slice(m.index + token.length).trim();
      const fullRange = lineRange(line, start, bodyStart + body.length, lineOffset);
      for (const id of value.split(',').filter(Boolean)) {
        out.suppressions.push({ ruleId: id, reason: rest, line, range: fullRange });
      }
      if (!rest) {
        out.problems.push({
          message: `cilium-datapath modeline: say why "${echo(value)}" is disabled (disable=RULE reason)`,
          range: fullRange,
        });
      }
      return;
    }
    if (!value) {
      out.problems.push({ message: `cilium-datapath modeline: "${echo(key)}" has no value`, range });
      continue;
    }
    if (key === 'version') out.version = { value, range };
    else if (key === 'kernel') out.kernel = { value, range };
    else if (key === 'base') out.bases.push({ value, range });
    else
      out.problems.push({
        message: `cilium-datapath modeline: unknown setting "${echo(key)}" (known: version, kernel, base, disable)`,
        range,
      });
  }
}
