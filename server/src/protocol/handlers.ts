/**
 * One error boundary for every request and notification handler: a handler never throws into
 * the connection. Failures are logged with `connection.console.error` and the request answers
 * with its neutral result (null or an empty list). Slow handlers are logged too.
 */
import type { CancellationToken, Connection, ResponseError } from 'vscode-languageserver';
import { invalidParams } from './params';

/** Handlers slower than this are logged (ms). */
export const SLOW_HANDLER_MS = 250;

export interface HandlerTimings {
  /** last duration per handler name, in ms (for tests and diagnostics) */
  last: Map<string, number>;
}

export const timings: HandlerTimings = { last: new Map() };

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/**
 * Wraps a request handler: parameters that fail `check` → InvalidParams, cancellation →
 * fallback, exception → logged + fallback.
 */
export function guardRequest<P, R>(
  connection: Connection,
  name: string,
  fallback: R,
  fn: (params: P, token: CancellationToken | undefined) => R | Promise<R>,
): (params: P, token?: CancellationToken) => Promise<R>;
export function guardRequest<P, R>(
  connection: Connection,
  name: string,
  fallback: R,
  fn: (params: P, token: CancellationToken | undefined) => R | Promise<R>,
  check: (params: unknown) => string | undefined,
): (params: P, token?: CancellationToken) => Promise<R | ResponseError<void>>;
export function guardRequest<P, R>(
  connection: Connection,
  name: string,
  fallback: R,
  fn: (params: P, token: CancellationToken | undefined) => R | Promise<R>,
  check?: (params: unknown) => string | undefined,
): (params: P, token?: CancellationToken) => Promise<R | ResponseError<void>> {
  return async (params: P, token?: CancellationToken) => {
    const start = performance.now();
    const bad = check ? invalidParams(name, check, params) : undefined;
    if (bad) return bad;
    try {
      if (token?.isCancellationRequested) return fallback;
      const result = await fn(params, token);
      return token?.isCancellationRequested ? fallback : result;
    } catch (e) {
      safeLog(connection, `${name} failed: ${describe(e)}`);
      return fallback;
    } finally {
      const ms = performance.now() - start;
      timings.last.set(name, ms);
      if (ms > SLOW_HANDLER_MS) safeLog(connection, `${name} took ${ms.toFixed(0)} ms`, 'warn');
    }
  };
}

/** Wraps a notification or event handler (no result). */
export function guardNotification<P>(
  connection: Connection,
  name: string,
  fn: (params: P) => void | Promise<void>,
): (params: P) => void {
  return (params: P) => {
    try {
      const r = fn(params);
      if (r && typeof (r as Promise<void>).catch === 'function') {
        (r as Promise<void>).catch((e) => safeLog(connection, `${name} failed: ${describe(e)}`));
      }
    } catch (e) {
      safeLog(connection, `${name} failed: ${describe(e)}`);
    }
  };
}

/** Logging must not throw either (the connection may be closing). */
export function safeLog(connection: Connection, message: string, level: 'error' | 'warn' | 'log' = 'error'): void {
  try {
    connection.console[level](message);
  } catch {
    // nothing left to tell
  }
}
