/**
 * Turns for analyses on the server's thread: one analysis per turn of the event loop, so that
 * requests that arrived meanwhile are read and answered between two analyses (opening 1,000
 * documents at once no longer holds every request until all are analysed). Analyses a request
 * waits for go first; the others in the order they asked, and only once the incoming messages
 * have been read: the JSON-RPC library reads one message per turn, so background analyses wait
 * while messages keep coming (up to MAX_DEFER_MS), and a request behind a burst is reached soon.
 */
/** Background analyses wait until no message was handled for this long (ms)... */
const QUIET_MS = 1;
/** ...but not longer than this (ms). */
const MAX_DEFER_MS = 250;

export class Turns {
  private readonly waiting: Array<{ uri: string; urgent: boolean; go: () => void }> = [];
  private pumping = false;
  private lastTouch = 0;
  private deferredSince: number | undefined;

  /** A message was handled (a document opened, changed or closed; a request came). */
  touch(): void {
    this.lastTouch = performance.now();
  }

  /** Resolves when it is `uri`'s turn. `urgent`: a request waits for this analysis. */
  wait(uri: string, urgent: boolean): Promise<void> {
    return new Promise((go) => {
      this.waiting.push({ uri, urgent, go });
      this.pump();
    });
  }

  /** A request now waits for `uri`: its analysis goes before the background ones. */
  promote(uri: string): void {
    for (const w of this.waiting) if (w.uri === uri) w.urgent = true;
  }

  get length(): number {
    return this.waiting.length;
  }

  private pump(): void {
    if (this.pumping || this.waiting.length === 0) return;
    this.pumping = true;
    // setImmediate from here runs after the poll phase: incoming messages are read first
    setImmediate(() => {
      this.pumping = false;
      let i = this.waiting.findIndex((w) => w.urgent);
      if (i < 0) {
        const now = performance.now();
        this.deferredSince ??= now;
        if (now - this.lastTouch < QUIET_MS && now - this.deferredSince < MAX_DEFER_MS) {
          this.pump(); // messages are still coming in: read them first
          return;
        }
        i = 0;
      }
      this.deferredSince = undefined;
      const [next] = this.waiting.splice(i, 1);
      next?.go();
      // the analysis runs in the microtasks after this callback; the next one a turn later
      this.pump();
    });
  }
}
