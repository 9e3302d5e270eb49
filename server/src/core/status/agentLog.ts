/**
 * Finds the cilium-agent log lines that explain why host routing fell back to legacy
 * (host-routing-spec §2.13). Works on logrus (`level=info msg="…" subsys=daemon`, ≤1.17),
 * slog text (`time=… level=INFO msg="…" module=…`, 1.18+), JSON log lines (`{"msg":"…"}`)
 * and plain text (the message pasted on its own).
 *
 * Pure function on a string: the input is scanned once with `indexOf`, only lines that contain
 * "alling back to" are looked at, so multi-megabyte logs are handled in linear time.
 */
import type { HostRoutingFallback, HostRoutingFallbackKind } from './types';
import { FALLBACK_MARKER } from '../facts/agentLog';

/** Trailer of every explicit host-routing fallback line (1.9.1 → main). */
const LEGACY_MARKER = FALLBACK_MARKER;
/** Cheap pre-filter shared by all three kinds (`Falling back…` and `…and falling back to "enable-host-legacy-routing"`). */
const PREFILTER = 'alling back to';
const AUTO_DISABLING = 'Auto-disabling';
const KPR_TRAILER = /\s*and falling back to \\?"enable-host-legacy-routing\\?"/;
/** Sentences the agent uses as reasons start like this (all versions 1.9 → 1.20). */
const REASON_STARTERS = ['BPF host routing', 'BPF masquerade could not be enabled'];
const BPF_MASQ_REASON = 'BPF masquerade could not be enabled';

/** Default cap on returned entries: a crash-looping agent repeats the same line thousands of times. */
export const DEFAULT_MAX_FALLBACKS = 1000;

export interface ExtractFallbackOptions {
  /** stop after this many matches (default {@link DEFAULT_MAX_FALLBACKS}) */
  maxResults?: number;
}

/**
 * Returns, in input order, every log line that explains a fallback to legacy host routing:
 * `kind: 'host-routing'` for `<reason> Falling back to legacy host routing (…)`,
 * `'bpf-masquerade'` for `BPF masquerade could not be enabled. Falling back to legacy host routing
 * (--enable-host-legacy-routing="true").` (1.9.5–1.14) and `'kpr-disabled'` for
 * `Auto-disabling "enable-node-port", … features and falling back to "enable-host-legacy-routing"`.
 * Escaped quotes inside `msg="…"` are unescaped in `reason`. Never throws; non-string input gives `[]`.
 */
export function extractHostRoutingFallbacks(
  logText: string,
  options: ExtractFallbackOptions = {},
): HostRoutingFallback[] {
  const out: HostRoutingFallback[] = [];
  if (typeof logText !== 'string' || logText.length === 0) return out;
  const max = options.maxResults !== undefined && options.maxResults >= 0 ? options.maxResults : DEFAULT_MAX_FALLBACKS;
  if (max === 0) return out;
  try {
    let pos = 0;
    let counted = 0; // newlines counted up to this offset
    let lineIndex = 0;
    while (pos < logText.length) {
      const hit = logText.indexOf(PREFILTER, pos);
      if (hit < 0) break;
      const lineStart = logText.lastIndexOf('\n', hit) + 1;
      let lineEnd = logText.indexOf('\n', hit);
      if (lineEnd < 0) lineEnd = logText.length;
      for (let i = counted; i < lineStart; i++) if (logText.charCodeAt(i) === 10) lineIndex++;
      counted = lineStart;
      let line = logText.slice(lineStart, lineEnd);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      const found = matchLine(line);
      if (found) {
        out.push({ reason: found.reason, line, lineIndex, kind: found.kind });
        if (out.length >= max) break;
      }
      pos = lineEnd + 1;
    }
  } catch {
    // defensive: never throw across the API; return what was found so far
  }
  return out;
}

/** Classifies one log line; undefined when it is not a host-routing fallback line. */
function matchLine(line: string): { reason: string; kind: HostRoutingFallbackKind } | undefined {
  const msg = extractMessage(line);
  const text = msg.text;

  const legacyIdx = text.indexOf(LEGACY_MARKER);
  if (legacyIdx >= 0) {
    let reason = pickReason(text.slice(0, legacyIdx), msg.structured);
    if (reason === '') reason = fieldValue(line, 'reason') ?? fieldValue(line, 'error') ?? '';
    const kind: HostRoutingFallbackKind = reason.startsWith(BPF_MASQ_REASON) ? 'bpf-masquerade' : 'host-routing';
    return { reason, kind };
  }

  const autoIdx = text.indexOf(AUTO_DISABLING);
  if (autoIdx >= 0) {
    const rest = text.slice(autoIdx);
    const m = KPR_TRAILER.exec(rest);
    if (m) {
      let reason = rest.slice(0, m.index).trim();
      if (!msg.structured) reason = reason.replace(/\\"/g, '"');
      return { reason, kind: 'kpr-disabled' };
    }
  }
  return undefined;
}

/**
 * The message part of a structured log line (`msg="…"` for logrus/slog, `"msg":"…"` for JSON),
 * unescaped; the whole line when there is none.
 */
function extractMessage(line: string): { text: string; structured: boolean } {
  const json = /"msg"\s*:\s*"/.exec(line);
  if (json) {
    const start = json.index + json[0].length;
    const end = closingQuote(line, start);
    const raw = line.slice(start, end);
    try {
      return { text: JSON.parse(`"${raw}"`) as string, structured: true };
    } catch {
      return { text: unescapeGo(raw), structured: true };
    }
  }
  const kv = fieldValue(line, 'msg');
  if (kv !== undefined) return { text: kv, structured: true };
  return { text: line, structured: false };
}

/** Value of a `key="quoted"` field (logrus / slog text), unescaped; undefined when absent. */
function fieldValue(line: string, key: string): string | undefined {
  let from = 0;
  for (;;) {
    const idx = line.indexOf(`${key}="`, from);
    if (idx < 0) return undefined;
    const before = idx === 0 ? ' ' : line[idx - 1];
    if (before === ' ' || before === '\t' || before === ']') {
      const start = idx + key.length + 2;
      return unescapeGo(line.slice(start, closingQuote(line, start)));
    }
    from = idx + 1;
  }
}

/** Index of the first unescaped `"` at or after `start` (or the end of the line). */
function closingQuote(line: string, start: number): number {
  let i = start;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c === 92 /* \ */) i += 2;
    else if (c === 34 /* " */) return i;
    else i++;
  }
  return line.length;
}

/** Undoes Go `strconv.Quote` escaping (the subset logrus and slog produce for messages). */
function unescapeGo(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_all, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'u':
      case 'x':
        return e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e;
      default:
        return e; // \" \\ and anything else: the character itself
    }
  });
}

/**
 * The cause sentence in the text before `Falling back to legacy host routing`: from the last
 * known reason opening (`BPF host routing…`, `BPF masquerade could not be enabled`) if present;
 * otherwise the whole message (structured lines) or the last sentence (plain text, which may
 * carry a timestamp or other prefix).
 */
function pickReason(prefix: string, structured: boolean): string {
  const p = prefix.trim();
  let best = -1;
  for (const s of REASON_STARTERS) best = Math.max(best, p.lastIndexOf(s));
  if (best >= 0) return p.slice(best).trim();
  if (structured) return p;
  // last sentence: after the last ". " (or "! ", "? ") that is not the final character
  for (let j = p.length - 2; j >= 0; j--) {
    const c = p[j];
    if ((c === '.' || c === '!' || c === '?') && /\s/.test(p[j + 1])) return p.slice(j + 1).trim();
  }
  return p;
}
