// Types of scripts/fuzz/run.mjs for the test that runs it (test/protocol/fuzz.test.ts).
export interface FuzzOptions {
  count?: number;
  seconds?: number;
  seed?: number;
  cliEvery?: number;
  server?: string;
  cli?: string;
  log?: (message: string) => void;
}
export interface FuzzReport {
  seed: number;
  inputs: number;
  server: {
    documents: number;
    edits: number;
    requests: number;
    invalidRequests: number;
    notifications: number;
    closes: number;
    restarts: number;
  };
  cli: { runs: number; files: number; exitCodes: Record<string, number> };
  crashes: unknown[];
  hangs: unknown[];
  slowRequests: Array<{ method: string; ms: number; cpuMs?: number; params: string }>;
  maxRequestMs: number;
  longMessageCount: number;
  longMessages: string[];
  errorLogs: number;
  errorSamples: string[];
  warningLogs: number;
  warningSamples: string[];
  stderrLines: number;
  stderrSamples: string[];
  peakRssMB: { server: number; cli: number };
  wallSeconds: number;
}
export const SLOW_MS: number;
export const LONG_MESSAGE: number;
export function fuzz(options?: FuzzOptions): Promise<FuzzReport>;
export function summary(report: FuzzReport): string;
export function failed(report: FuzzReport): boolean;
