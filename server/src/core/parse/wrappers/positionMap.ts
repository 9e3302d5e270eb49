/**
 * YAML held inside another YAML document: a block scalar (`|`, `|-`, `>`), a quoted string, or a
 * map node of the outer document. For each such place we build the inner text exactly as the
 * outer parser reads it, plus a map from every inner offset back to the outer source, so that
 * positions found in the inner text land on the right character of the outer file, and edits
 * made to the inner text (quick fixes) can be written back in the outer file's own notation
 * (indentation of the block, escapes of a quoted string). Pure; never throws.
 */

export type EmbeddedStyle = 'map' | 'literal' | 'folded' | 'double' | 'single' | 'plain';

export interface PositionMap {
  style: EmbeddedStyle;
  /** the inner text, as the outer parser decodes it */
  text: string;
  /** false when our decoding did not reproduce the parser's value: positions are approximate, no edits */
  exact: boolean;
  /** outer offset where inner character i starts (index text.length: the end of the content) */
  starts: number[];
  /** outer offset just after inner character i */
  ends: number[];
  /** inner line start → outer offset of the start of that line (column 0); for indented styles */
  lineStarts: Map<number, number>;
  /** what each inner line carries in the outer file before its content (block indentation) */
  indent: string;
  /** line break of the outer text */
  eol: string;
}

/** An edit in inner offsets. */
export interface InnerEdit {
  start: number;
  end: number;
  newText: string;
}

/** The same edit in outer offsets. */
export interface OuterEdit {
  start: number;
  end: number;
  newText: string;
}

/** A map that gives every character the same place: used when the decoding is not exact. */
export function approximateMap(style: EmbeddedStyle, text: string, at: number, outerText: string): PositionMap {
  const n = text.length + 1;
  return {
    style,
    text,
    exact: false,
    starts: new Array<number>(n).fill(at),
    ends: new Array<number>(n).fill(at),
    lineStarts: new Map(),
    indent: '',
    eol: outerText.includes('\r\n') ? '\r\n' : '\n',
  };
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

interface RawLine {
  /** outer offset of the line start */
  start: number;
  /** outer offset of the line break (or the end) */
  end: number;
  /** width of the line break: 0 at the end of the text, 1 for \n, 2 for \r\n */
  breakWidth: number;
}

function rawLines(outer: string, from: number, to: number): RawLine[] {
  const out: RawLine[] = [];
  let s = from;
  while (s < to) {
    let e = outer.indexOf('\n', s);
    if (e < 0 || e >= to) {
      // the last line of the node; its break (if any) belongs to the node only when inside `to`
      e = Math.min(to, e < 0 ? outer.length : e);
      let end = e;
      if (end > s && outer[end - 1] === '\r') end--;
      out.push({ start: s, end, breakWidth: e < outer.length && outer[e] === '\n' && e < to ? 1 : 0 });
      break;
    }
    const cr = e > s && outer[e - 1] === '\r';
    out.push({ start: s, end: cr ? e - 1 : e, breakWidth: cr ? 2 : 1 });
    s = e + 1;
  }
  return out;
}

class Builder {
  text = '';
  starts: number[] = [];
  ends: number[] = [];
  lineStarts = new Map<number, number>();
  push(ch: string, start: number, end: number): void {
    this.text += ch;
    this.starts.push(start);
    this.ends.push(end);
  }
  markLine(outerLineStart: number): void {
    this.lineStarts.set(this.text.length, outerLineStart);
  }
  pop(): void {
    this.text = this.text.slice(0, -1);
    this.starts.pop();
    this.ends.pop();
  }
}

/**
 * Decodes a block scalar whose header (`|` or `>`) is at `from`; `to` is the end of the node.
 * `expected` is the parser's value: when our decoding differs, the map is approximate.
 */
export function mapBlockScalar(outer: string, from: number, to: number, expected: string): PositionMap {
  const folded = outer[from] === '>';
  const style: EmbeddedStyle = folded ? 'folded' : 'literal';
  const eol = outer.includes('\r\n') ? '\r\n' : '\n';
  // header: indicator, then indentation digit and chomping in either order, then a comment
  let i = from + 1;
  let explicit: number | undefined;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  for (let k = 0; k < 2 && i < to; k++, i++) {
    const c = outer[i];
    if (c === '-') chomp = 'strip';
    else if (c === '+') chomp = 'keep';
    else if (c >= '1' && c <= '9') explicit = Number(c);
    else break;
  }
  const nl = outer.indexOf('\n', from);
  if (nl < 0 || nl >= to)
    return expected === ''
      ? { ...approximateMap(style, '', to, outer), exact: true }
      : approximateMap(style, expected, from, outer);
  const lines = rawLines(outer, nl + 1, to);
  // indentation: explicit indicator relative to the parent is rare; find it from the first content line
  let n = -1;
  for (const l of lines) {
    const s = outer.slice(l.start, l.end);
    if (!isBlank(s)) {
      n = s.length - s.trimStart().length;
      break;
    }
  }
  if (n < 0) {
    const b = new Builder();
    if (expected === '') return finish(b, style, true, '', eol, to);
    return approximateMap(style, expected, from, outer);
  }
  if (explicit !== undefined && explicit > n) return approximateMap(style, expected, from, outer);
  const indent = ' '.repeat(n);
  type L = { raw: RawLine; empty: boolean; more: boolean; contentStart: number };
  const ls: L[] = lines.map((raw) => {
    const s = outer.slice(raw.start, raw.end);
    const spacesOnly = /^ *$/.test(s);
    const lead = s.length - s.replace(/^ */, '').length;
    const empty = (spacesOnly && s.length <= n) || (lead < n && isBlank(s));
    const contentStart = raw.start + Math.min(n, lead);
    const more = !empty && (outer[raw.start + n] === ' ' || outer[raw.start + n] === '\t');
    return { raw, empty, more, contentStart };
  });
  // last line with content
  let last = -1;
  for (let k = ls.length - 1; k >= 0; k--)
    if (!ls[k].empty) {
      last = k;
      break;
    }
  const b = new Builder();
  const pushBreak = (l: L) => b.push('\n', l.raw.end, l.raw.end + l.raw.breakWidth);
  const pushContent = (l: L) => {
    b.markLine(l.raw.start);
    for (let o = l.contentStart; o < l.raw.end; o++) b.push(outer[o], o, o + 1);
  };
  if (!folded) {
    for (let k = 0; k <= last; k++) {
      const l = ls[k];
      if (l.empty) {
        b.markLine(l.raw.start);
        pushBreak(l);
      } else {
        pushContent(l);
        if (k < last) pushBreak(l);
      }
    }
  } else {
    // folding: a single break between two lines that are neither empty nor more indented is a space;
    // with empty lines between them, the break itself vanishes and each empty line gives one newline
    let prevText: L | undefined;
    let pendingEmpty: L[] = [];
    for (let k = 0; k <= last; k++) {
      const l = ls[k];
      if (l.empty) {
        pendingEmpty.push(l);
        continue;
      }
      if (prevText) {
        const fold = !prevText.more && !l.more;
        if (fold && pendingEmpty.length === 0)
          b.push(' ', prevText.raw.end, prevText.raw.end + prevText.raw.breakWidth);
        else {
          if (!fold) pushBreak(prevText);
          for (const e of pendingEmpty) b.push('\n', e.raw.end, e.raw.end + e.raw.breakWidth);
        }
      } else {
        for (const e of pendingEmpty) b.push('\n', e.raw.end, e.raw.end + e.raw.breakWidth);
      }
      pendingEmpty = [];
      pushContent(l);
      prevText = l;
    }
  }
  // chomping of the final break(s)
  if (last >= 0) {
    const lastLine = ls[last];
    if (chomp !== 'strip') {
      b.push('\n', lastLine.raw.end, lastLine.raw.end + lastLine.raw.breakWidth);
      if (chomp === 'keep')
        for (let k = last + 1; k < ls.length; k++) b.push('\n', ls[k].raw.end, ls[k].raw.end + ls[k].raw.breakWidth);
      b.markLine(lastLine.raw.end + lastLine.raw.breakWidth);
    }
  }
  const endOfContent =
    last >= 0 ? (chomp === 'strip' ? ls[last].raw.end : ls[last].raw.end + ls[last].raw.breakWidth) : to;
  const pm = finish(b, style, b.text === expected, indent, eol, endOfContent);
  return pm.exact ? pm : approximateMap(style, expected, from, outer);
}

function finish(
  b: Builder,
  style: EmbeddedStyle,
  exact: boolean,
  indent: string,
  eol: string,
  endOffset: number,
): PositionMap {
  b.starts.push(endOffset);
  b.ends.push(endOffset);
  return { style, text: b.text, exact, starts: b.starts, ends: b.ends, lineStarts: b.lineStarts, indent, eol };
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/**
 * Decodes a flow scalar (double-quoted, single-quoted or plain) spanning [from, to) of the outer
 * text, with YAML's line folding.
 */
export function mapFlowScalar(outer: string, from: number, to: number, expected: string): PositionMap {
  const q = outer[from];
  const style: EmbeddedStyle = q === '"' ? 'double' : q === "'" ? 'single' : 'plain';
  const eol = outer.includes('\r\n') ? '\r\n' : '\n';
  const b = new Builder();
  /** characters pushed on this line that folding may trim (unescaped spaces and tabs) */
  let trimmable = 0;
  let i = style === 'plain' ? from : from + 1;
  const stop = style === 'plain' ? to : to - 1;
  const isWs = (c: string) => c === ' ' || c === '\t';
  while (i < stop) {
    const c = outer[i];
    if (style === 'double' && c === '\\') {
      const d = outer[i + 1];
      if (d === '\n' || (d === '\r' && outer[i + 2] === '\n')) {
        // escaped line break: joins the lines without a space
        i += d === '\r' ? 3 : 2;
        while (i < stop && isWs(outer[i])) i++;
        trimmable = 0;
        continue;
      }
      if (d === 'x' || d === 'u' || d === 'U') {
        const len = d === 'x' ? 2 : d === 'u' ? 4 : 8;
        const hex = outer.slice(i + 2, i + 2 + len);
        const cp = /^[0-9a-fA-F]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : NaN;
        if (Number.isNaN(cp)) return approximateMap(style, expected, from, outer);
        const s = String.fromCodePoint(cp);
        for (const ch of s) b.push(ch, i, i + 2 + len);
        i += 2 + len;
        trimmable = 0;
        continue;
      }
      const v = d === undefined ? undefined : DOUBLE_ESCAPES[d];
      if (v === undefined) return approximateMap(style, expected, from, outer);
      b.push(v, i, i + 2);
      i += 2;
      trimmable = 0;
      continue;
    }
    if (style === 'single' && c === "'" && outer[i + 1] === "'") {
      b.push("'", i, i + 2);
      i += 2;
      trimmable = 0;
      continue;
    }
    if (c === '\n' || (c === '\r' && outer[i + 1] === '\n')) {
      // line folding: trailing white space goes, the break becomes a space or the empty lines' newlines
      for (; trimmable > 0; trimmable--) b.pop();
      const breakAt = i;
      i += c === '\r' ? 2 : 1;
      const empties: number[] = [];
      for (;;) {
        let j = i;
        while (j < stop && isWs(outer[j])) j++;
        if (j < stop && (outer[j] === '\n' || (outer[j] === '\r' && outer[j + 1] === '\n'))) {
          empties.push(j);
          i = j + (outer[j] === '\r' ? 2 : 1);
          continue;
        }
        i = j;
        break;
      }
      if (empties.length === 0) b.push(' ', breakAt, breakAt + 1);
      else for (const e of empties) b.push('\n', e, e + 1);
      continue;
    }
    b.push(c, i, i + 1);
    trimmable = isWs(c) ? trimmable + 1 : 0;
    i++;
  }
  const pm = finish(b, style, b.text === expected, '', eol, stop);
  return pm.exact ? pm : approximateMap(style, expected, from, outer);
}

/**
 * A map node of the outer document as its own text: the lines of [from, to), each without the
 * indentation of the node's first line (`indentCol`). Lines indented less (comments, empty lines)
 * lose only the spaces they have.
 */
export function mapRegion(outer: string, from: number, to: number, indentCol: number): PositionMap {
  const eol = outer.includes('\r\n') ? '\r\n' : '\n';
  const b = new Builder();
  const lines = rawLines(outer, from, to);
  const firstLineStart = outer.lastIndexOf('\n', from - 1) + 1;
  const firstPrefixBlank = isBlank(outer.slice(firstLineStart, from));
  lines.forEach((l, k) => {
    let s = l.start;
    if (k === 0) {
      if (firstPrefixBlank) b.markLine(firstLineStart);
    } else {
      b.markLine(l.start);
      let lead = 0;
      while (lead < indentCol && s < l.end && outer[s] === ' ') {
        s++;
        lead++;
      }
    }
    for (let o = s; o < l.end; o++) b.push(outer[o], o, o + 1);
    if (l.breakWidth > 0) b.push('\n', l.end, l.end + l.breakWidth);
  });
  const last = lines[lines.length - 1];
  if (last) b.markLine(last.end + last.breakWidth);
  const pm = finish(b, 'map', true, ' '.repeat(indentCol), eol, to);
  return pm;
}

/** Outer offset of an inner offset used as the start of a range. */
export function outerStart(pm: PositionMap, p: number): number {
  const k = Math.max(0, Math.min(p, pm.text.length));
  return pm.starts[k];
}

/** Outer offset of an inner offset used as the (exclusive) end of a range. */
export function outerEnd(pm: PositionMap, p: number): number {
  const k = Math.max(0, Math.min(p, pm.text.length));
  if (k === 0) return pm.starts[0];
  return pm.ends[k - 1];
}

/** Outer [start, end) of an inner [start, end). */
export function outerSpan(pm: PositionMap, start: number, end: number): [number, number] {
  const s = outerStart(pm, start);
  return [s, Math.max(s, end > start ? outerEnd(pm, end) : s)];
}

function escapeDouble(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }
  return out;
}

/**
 * Writes an inner edit in the outer notation: block indentation after every new line, escapes in
 * quoted strings. Undefined when the edit cannot be expressed there (a new line inside a
 * single-quoted or folded string, an approximate map).
 */
export function toOuterEdit(pm: PositionMap, outer: string, e: InnerEdit): OuterEdit | undefined {
  if (!pm.exact) return undefined;
  const len = pm.text.length;
  if (e.start < 0 || e.end > len || e.end < e.start) return undefined;
  switch (pm.style) {
    case 'map':
    case 'literal': {
      const startsLine = pm.lineStarts.has(e.start);
      const endsLine = pm.lineStarts.has(e.end) && e.end > e.start;
      let start = startsLine ? pm.lineStarts.get(e.start)! : outerStart(pm, e.start);
      let end = endsLine ? pm.lineStarts.get(e.end)! : e.end > e.start ? outerEnd(pm, e.end) : start;
      if (!startsLine && e.end === e.start) end = start;
      // every new line of the inserted text gets the block's indentation (empty lines stay empty)
      let text = e.newText.replace(/\r\n/g, '\n');
      const lines = text.split('\n');
      text = lines.map((l, k) => (l === '' || (k === 0 && !startsLine) ? l : pm.indent + l)).join('\n');
      if (startsLine && start > 0 && outer[start - 1] !== '\n' && text !== '') {
        // the block ends the file without a final line break
        text = '\n' + text;
      }
      if (!startsLine && text.endsWith('\n') && (outer[end] === '\n' || outer.startsWith('\r\n', end)))
        text = text.slice(0, -1);
      if (pm.eol === '\r\n') text = text.replace(/\n/g, '\r\n');
      if (start > end) [start, end] = [end, start];
      return { start, end, newText: text };
    }
    case 'folded':
    case 'single':
    case 'plain': {
      if (e.newText.includes('\n')) return undefined;
      const [start, end] = outerSpan(pm, e.start, e.end);
      if (outer.slice(start, end).includes('\n')) return undefined;
      if (pm.style === 'plain' && /[:#'"{}[\],]/.test(e.newText)) return undefined;
      return { start, end, newText: pm.style === 'single' ? e.newText.replace(/'/g, "''") : e.newText };
    }
    case 'double': {
      const [start, end] = outerSpan(pm, e.start, e.end);
      return { start, end, newText: escapeDouble(e.newText) };
    }
  }
}
