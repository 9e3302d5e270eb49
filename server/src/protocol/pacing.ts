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
 *     `maxDelayMs`, so a burst is analysed once at its end and at most about one analysis is
 *     wasted for it.
 *
 * The cost is a moving average of the measured analysis time of that document.
 */
export interface PacingOptions {
  /** analyses up to this long never wait */
  cheapMs: number;
  /** the longest wait in a burst */
  maxDelayMs: number;
  /** weight of the newest measurement in the moving average */
  alpha: number;
}

export const DEFAULT_PACING: PacingOptions = { cheapMs: 4, maxDelayMs: 400, alpha: 0.5 };

interface Pace {
  /** moving average of the analysis time (ms); undefined before the first analysis */
  cost?: number;
  /** when the previous change arrived */
  lastChange: number;
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
      this.docs.set(uri, { lastChange: now });
      return 0;
    }
    const gap = now - pace.lastChange;
    pace.lastChange = now;
    const cost = pace.cost ?? 0;
    if (cost <= this.options.cheapMs) return 0;
    if (!waiting && gap >= cost) return 0;
    return Math.min(Math.ceil(cost), this.options.maxDelayMs);
  }

  /** An analysis of `uri` took `ms`. */
  record(uri: string, ms: number): void {
    const pace = this.docs.get(uri);
    if (!pace) {
      this.docs.set(uri, { cost: ms, lastChange: -Infinity });
      return;
    }
    pace.cost = pace.cost === undefined ? ms : this.options.alpha * ms + (1 - this.options.alpha) * pace.cost;
  }

  /** The current cost estimate (ms), if any. */
  cost(uri: string): number | undefined {
    return this.docs.get(uri)?.cost;
  }

  forget(uri: string): void {
    this.docs.delete(uri);
  }
}
