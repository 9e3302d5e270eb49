/**
 * Large documents are analysed in a worker thread, so that the server keeps answering for every
 * other document meanwhile (a 2.5 MB values file takes seconds). One job at a time; a job whose
 * document changed again is dropped, and if it is running, the worker is stopped (the next edit
 * cancels the analysis). The worker starts on first use and stops when idle.
 */
import { Worker, parentPort } from 'node:worker_threads';
import { analyzeInferred, parseInput, type AnalyzeOptions, type AnalyzeOutcome } from '../../core';
import { KeyIndex } from './keyIndex';

/** Texts at least this long (characters) are analysed off the server's thread. */
export const OFF_THREAD_CHARS = 200_000;
/** `workerData.role` of the analysis worker (server.ts starts it from the same bundle). */
export const ANALYSIS_WORKER = 'cilium-datapath-analysis';
const IDLE_MS = 30_000;

export interface OffThreadJob {
  uri: string;
  text: string;
  bases: Array<{ name: string; text: string }>;
  options: AnalyzeOptions;
}

export interface OffThreadResult {
  outcome: AnalyzeOutcome;
  /** the hover key index, built in the worker from the same parse */
  keys: KeyIndex | null;
  /** how the parser read odd YAML (for the log) */
  warnings: Array<{ line: number; message: string }>;
}

interface Queued {
  id: number;
  job: OffThreadJob;
  done: (r: OffThreadResult | undefined) => void;
}

export class OffThread {
  private worker: Worker | undefined;
  private running: Queued | undefined;
  private readonly queue: Queued[] = [];
  private idle: NodeJS.Timeout | undefined;
  private serial = 0;

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Analyses off the thread; undefined when cancelled. */
  run(job: OffThreadJob): { result: Promise<OffThreadResult | undefined>; cancel: () => void } {
    let entry!: Queued;
    const result = new Promise<OffThreadResult | undefined>((done) => {
      entry = { id: ++this.serial, job, done };
    });
    this.queue.push(entry);
    this.next();
    const cancel = () => {
      const i = this.queue.indexOf(entry);
      if (i >= 0) {
        this.queue.splice(i, 1);
        entry.done(undefined);
      } else if (this.running === entry) {
        this.running = undefined;
        entry.done(undefined);
        this.stop();
        this.next();
      }
    };
    return { result, cancel };
  }

  dispose(): void {
    for (const q of this.queue.splice(0)) q.done(undefined);
    this.running?.done(undefined);
    this.running = undefined;
    this.stop();
  }

  private next(): void {
    if (this.running || this.queue.length === 0) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    const q = this.queue.shift()!;
    this.running = q;
    const w = this.start();
    w.postMessage({ id: q.id, job: q.job });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script, {
      workerData: { role: ANALYSIS_WORKER },
      resourceLimits: { maxOldGenerationSizeMb: 1536 },
    });
    w.unref();
    w.on(
      'message',
      (m: {
        id: number;
        outcome: AnalyzeOutcome;
        keys: { paths: string[]; nums: Int32Array; kind: 'values' | 'configmap' } | null;
        warnings: OffThreadResult['warnings'];
      }) => {
        const q = this.running;
        if (!q || q.id !== m.id) return;
        this.running = undefined;
        q.done({
          outcome: m.outcome,
          keys: m.keys ? KeyIndex.fromParts(m.keys.paths, m.keys.nums, m.keys.kind) : null,
          warnings: m.warnings,
        });
        this.afterJob();
      },
    );
    const failed = (why: string) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const q = this.running;
      this.running = undefined;
      if (q) {
        this.log(`analysis of ${q.job.uri} stopped: ${why}`);
        q.done({
          outcome: {
            ok: false,
            error: { kind: 'usage', message: `The analysis of this document stopped (${why}).`, file: q.job.uri },
          },
          keys: null,
          warnings: [],
        });
      }
      this.next();
    };
    w.on('error', (e) => failed(e?.message ?? String(e)));
    w.on('exit', (code) => failed(`the analysis thread exited with code ${code}`));
    this.worker = w;
    return w;
  }

  private afterJob(): void {
    if (this.queue.length > 0) return this.next();
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
    this.idle.unref();
  }

  private stop(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate();
  }
}

/** The worker's side: analyses jobs as they come (started by server.ts in a worker thread). */
export function runAnalysisWorker(): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', ({ id, job }: { id: number; job: OffThreadJob }) => {
    const own = parseInput(job.uri, job.text);
    const outcome = analyzeInferred([...job.bases, { name: job.uri, text: job.text, parsed: own }], job.options);
    let keys: { paths: string[]; nums: Int32Array; kind: 'values' | 'configmap' } | null = null;
    if (outcome.ok && own.ok) {
      const index = KeyIndex.of(own.input);
      keys = index.parts();
    }
    const warnings = own.ok ? own.parsed.warnings.map((w) => ({ line: w.range.start.line, message: w.message })) : [];
    port.postMessage({ id, outcome, keys, warnings }, keys ? [keys.nums.buffer as ArrayBuffer] : []);
  });
}
