/**
 * The bounded reader every file the product reads on a user's behalf goes through (base files
 * named in a modeline, files named on the command line, standard input): regular files only, at
 * most MAX_TEXT_BYTES read (files such as those in /proc report a size of 0, so the limit is on
 * what is read, not on what stat says), within READ_TIMEOUT_MS. Never throws.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, promises as fs, readSync } from 'node:fs';
import { MAX_TEXT_BYTES } from '../core';

/** How long reading one file may take (ms). */
export const READ_TIMEOUT_MS = 2_000;

export type ReadProblem = 'not-found' | 'directory' | 'not-file' | 'too-large' | 'timeout' | 'denied' | 'unreadable';

export type ReadResult = { text: string } | { problem: ReadProblem; detail?: string };

function problemOf(e: unknown): { problem: ReadProblem; detail?: string } {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'not-found' };
  if (code === 'EISDIR') return { problem: 'directory' };
  if (code === 'EACCES' || code === 'EPERM') return { problem: 'denied' };
  return { problem: 'unreadable', detail: code ?? (e as Error)?.message };
}

/** Open flags: read only, and a FIFO or device must not block the open itself. */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

/** Reads a regular file of at most `maxBytes` within `timeoutMs`. */
export async function readBounded(
  path: string,
  limits: { maxBytes?: number; timeoutMs?: number } = {},
): Promise<ReadResult> {
  const maxBytes = limits.maxBytes ?? MAX_TEXT_BYTES;
  const timeoutMs = limits.timeoutMs ?? READ_TIMEOUT_MS;
  let handle: fs.FileHandle | undefined;
  let timer: NodeJS.Timeout | undefined;
  const work = (async (): Promise<ReadResult> => {
    handle = await fs.open(path, OPEN_FLAGS);
    const st = await handle.stat();
    if (st.isDirectory()) return { problem: 'directory' };
    if (!st.isFile()) return { problem: 'not-file' };
    if (st.size > maxBytes) return { problem: 'too-large' };
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, total);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
      total += bytesRead;
      if (total > maxBytes) return { problem: 'too-large' };
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  })();
  const late = new Promise<ReadResult>((resolve) => {
    timer = setTimeout(() => resolve({ problem: 'timeout' }), timeoutMs);
  });
  try {
    return await Promise.race([work, late]);
  } catch (e) {
    return problemOf(e);
  } finally {
    clearTimeout(timer);
    void work.catch(() => undefined).finally(() => void handle?.close().catch(() => undefined));
  }
}

/**
 * The same limits for callers that must stay synchronous (files a wrapper names, read while the
 * core plans the releases): regular files only and at most `maxBytes`; a regular file cannot
 * block, so no time bound is needed.
 */
export function readBoundedSync(path: string, maxBytes = MAX_TEXT_BYTES): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(path, OPEN_FLAGS);
    const st = fstatSync(fd);
    if (st.isDirectory()) return { problem: 'directory' };
    if (!st.isFile()) return { problem: 'not-file' };
    if (st.size > maxBytes) return { problem: 'too-large' };
    const buf = Buffer.alloc(maxBytes + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, n);
      if (r === 0) break;
      n += r;
      if (n > maxBytes) return { problem: 'too-large' };
    }
    return { text: buf.subarray(0, n).toString('utf8') };
  } catch (e) {
    return problemOf(e);
  } finally {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
  }
}

/**
 * Reads a stream (standard input) up to `maxBytes`: more is refused as too large and the stream
 * is no longer read. No time bound: a pipe is as slow as the command that writes it, and the user
 * who started both can stop them.
 */
export function readStreamBounded(stream: NodeJS.ReadableStream, maxBytes = MAX_TEXT_BYTES): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (r: ReadResult) => {
      if (done) return;
      done = true;
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      // nothing more is read from it: let the process end without waiting for the writer
      const d = (stream as { destroy?: () => void }).destroy;
      if (typeof d === 'function') d.call(stream);
      else stream.pause();
      resolve(r);
    };
    const onData = (c: Buffer | string) => {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      total += b.length;
      if (total > maxBytes) return finish({ problem: 'too-large' });
      chunks.push(b);
    };
    const onEnd = () => finish({ text: Buffer.concat(chunks, total).toString('utf8') });
    const onError = (e: Error) => finish(problemOf(e));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.resume();
  });
}

/** The words for a problem, after "cannot read X: " (no detail that reveals more than the user gave). */
export function readProblemText(r: { problem: ReadProblem; detail?: string }): string {
  switch (r.problem) {
    case 'not-found':
      return 'no such file';
    case 'directory':
      return 'is a directory';
    case 'not-file':
      return 'not a regular file';
    case 'too-large':
      return `larger than ${MAX_TEXT_BYTES / (1024 * 1024)} MiB`;
    case 'timeout':
      return `not read within ${READ_TIMEOUT_MS / 1000} s`;
    case 'denied':
      return 'permission denied';
    default:
      return r.detail ? `read error (${r.detail})` : 'read error';
  }
}
