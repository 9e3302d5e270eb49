/**
 * When to analyse a document after it changed. A fixed debounce adds its whole delay to every
 * edit, also the single keystroke after a pause and the small file that analyses in a
 * millisecond; without any delay, typing fast in a large file analyses every intermediate
 * version and keeps the server busy. So the delay follows what analysing this document costs:
 *
 *   - a document whose analysis is cheap is analysed at once;
 *   - so is any document after a pause (the previous change came longer ago than one analysis
 *     takes): one keystroke gets its diagnostics after one analysis, not after a debounce;
 *   - during a burst (changes arriving faster than one analysis, or while a run is waiting),
 *     the run waits as long as one analysis takes after the latest change, bounded by
 *     `maxDelayMs`: the waiting never costs more than the analysis it may save, and a burst of
 *     typing in a large file is analysed at its start, at its end and rarely in between (the
 *     benchmark's 10 edits 60 ms apart in a 20,000-line file: 2–3 analyses).
 *
 * The cost is the median of the last few measured analysis times of that document, so that one
 * slow run (a garbage collection, a busy machine) does not make the next edits wait.
 */
export interface PacingOptions {
  /** analyses up to this long never wait */
  cheapMs: number;
  /** the longest wait in a burst */
  maxDelayMs: number;
  /** how many recent analysis times the cost is the median of */
  window: number;
}

export const DEFAULT_PACING: PacingOptions = { cheapMs: 4, maxDelayMs: 400, window: 5 };

interface Pace {
  /** the latest analysis times (ms), oldest first */
  recent: number[];
  /** when the previous change arrived */
  lastChange: number;
}

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export class Pacer {
  private readonly docs = new Map<string, Pace>();

  constructor(
    private readonly options: PacingOptions = DEFAULT_PACING,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * A change of `uri` arrived; `waiting`: a run for it is already scheduled and has not started.
   * Returns how long to wait before analysing (0 = at once).
   */
  delayFor(uri: string, waiting: boolean): number {
    const now = this.now();
    const pace = this.docs.get(uri);
    if (!pace) {
      this.docs.set(uri, { recent: [], lastChange: now });
      return 0;
    }
    const gap = now - pace.lastChange;
    pace.lastChange = now;
    const cost = median(pace.recent) ?? 0;
    if (cost <= this.options.cheapMs) return 0;
    if (!waiting && gap >= cost) return 0;
    return Math.min(Math.ceil(cost), this.options.maxDelayMs);
  }

  /** An analysis of `uri` took `ms`. */
  record(uri: string, ms: number): void {
    let pace = this.docs.get(uri);
    if (!pace) this.docs.set(uri, (pace = { recent: [], lastChange: -Infinity }));
    pace.recent.push(ms);
    if (pace.recent.length > this.options.window) pace.recent.shift();
  }

  /** The current cost estimate (ms), if any. */
  cost(uri: string): number | undefined {
    const pace = this.docs.get(uri);
    return pace ? median(pace.recent) : undefined;
  }

  forget(uri: string): void {
    this.docs.delete(uri);
  }
}
