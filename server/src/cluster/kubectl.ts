/**
 * Runs kubectl without a shell (argument arrays only), with a hard deadline on every call — kubectl's
 * own `--request-timeout` does not bound `exec` — a cap on the output kept, cancellation, and a
 * record of each call for the user (command line, duration, exit status; never credentials: the
 * tool passes none, it only names the kubeconfig file and context).
 */
import { spawn } from 'node:child_process';

export interface KubectlResult {
  /** exit status 0 and not timed out / cancelled */
  ok: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  /** the executable could not be started: `ENOENT`, `EACCES`, … */
  spawnError: string | null;
  /** stdout was cut at `maxBytes` */
  truncated: boolean;
  ms: number;
}

export interface RunOptions {
  timeoutMs: number;
  /** keep at most this many bytes of stdout (default 8 MiB) */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface KubectlRunner {
  run(args: string[], opts: RunOptions): Promise<KubectlResult>;
  /** what runs the calls, for messages: `kubectl (PATH)`, `/usr/local/bin/kubectl`, … */
  readonly description: string;
  /** every call so far, as `kubectl … → exit 0 (120 ms)` */
  readonly calls: string[];
  /** called after each call with its log line */
  onCall?: (line: string) => void;
  /**
   * true when the runner can only pass arguments made of shell-inert characters (the Kubernetes
   * extension's API takes a command line): the check then avoids `?` and `&` (raw paged lists)
   */
  readonly shellSafeArgumentsOnly?: boolean;
}

export interface SpawnKubectlOptions {
  /** executable; default `kubectl` (looked up on PATH) */
  path?: string;
  /** `--kubeconfig` file */
  kubeconfig?: string;
  /** `--context` name */
  context?: string;
  env?: NodeJS.ProcessEnv;
}

/** A context / kubeconfig value we pass on: anything printable that cannot be taken for a flag. */
export function validArgValue(s: string): boolean {
  return s.length > 0 && s.length <= 1024 && !s.startsWith('-') && !/[\u0000-\u001f\u007f]/.test(s);
}

/** Kubernetes object names (DNS-1123 subdomain) — pod, node and namespace names we put on a command line. */
export function validObjectName(s: string): boolean {
  return s.length > 0 && s.length <= 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(s);
}

/** Label selectors as users write them (`k8s-app=cilium`, `app in (a,b)`, `!foo`). */
export function validSelector(s: string): boolean {
  return s.length > 0 && s.length <= 512 && !s.startsWith('-') && /^[A-Za-z0-9._/=!,() -]+$/.test(s);
}

export function quoteForDisplay(args: string[]): string {
  return args.map((a) => (/^[A-Za-z0-9._/=:,@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function spawnKubectl(o: SpawnKubectlOptions = {}): KubectlRunner {
  const exe = o.path && o.path.trim() ? o.path.trim() : 'kubectl';
  const base: string[] = [];
  if (o.kubeconfig) base.push(`--kubeconfig=${o.kubeconfig}`);
  if (o.context) base.push(`--context=${o.context}`);
  const calls: string[] = [];
  const runner: KubectlRunner = {
    description: exe === 'kubectl' ? 'kubectl (from PATH)' : exe,
    calls,
    run(args, opts) {
      const all = [...base, ...args];
      return runProcess(exe, all, opts, o.env).then((r) => {
        const status = r.spawnError
          ? `not started (${r.spawnError})`
          : r.timedOut
            ? `killed after ${opts.timeoutMs} ms`
            : r.cancelled
              ? 'cancelled'
              : `exit ${r.code}`;
        const line = `kubectl ${quoteForDisplay(all)} → ${status} (${r.ms} ms)`;
        calls.push(line);
        runner.onCall?.(line);
        return r;
      });
    },
  };
  return runner;
}

function runProcess(exe: string, args: string[], opts: RunOptions, env?: NodeJS.ProcessEnv): Promise<KubectlResult> {
  const started = Date.now();
  const maxBytes = opts.maxBytes ?? 8 * 1024 * 1024;
  return new Promise((resolve) => {
    let settled = false;
    const out: Buffer[] = [];
    let outBytes = 0;
    let truncated = false;
    const err: Buffer[] = [];
    let errBytes = 0;
    const finish = (r: Omit<KubectlResult, 'stdout' | 'stderr' | 'truncated' | 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({
        ...r,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        truncated,
        ms: Date.now() - started,
      });
    };
    if (opts.signal?.aborted) {
      settled = true;
      resolve({
        ok: false,
        code: null,
        stdout: '',
        stderr: '',
        timedOut: false,
        cancelled: true,
        spawnError: null,
        truncated: false,
        ms: 0,
      });
      return;
    }
    let child: ReturnType<typeof spawn>;
    try {
      // detached: kubectl may be a dispatcher that starts the real kubectl; killing the group stops both.
      // stdin is /dev/null: a kubectl that would prompt (a password, an interactive login) reads
      // end-of-file at once and fails, and classify() says credentials are needed.
      child = spawn(exe, args, {
        shell: false,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: env ?? process.env,
        windowsHide: true,
      });
    } catch (e) {
      settled = true;
      resolve({
        ok: false,
        code: null,
        stdout: '',
        stderr: String((e as Error).message),
        timedOut: false,
        cancelled: false,
        spawnError: (e as NodeJS.ErrnoException).code ?? 'EINVAL',
        truncated: false,
        ms: 0,
      });
      return;
    }
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        try {
          child.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
      // A process kubectl started outside its group (a dispatcher's kubectl, a credential plugin)
      // may keep our pipes open: stop reading them, so that nothing waits for it.
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
    };
    const timer = setTimeout(() => {
      kill();
      finish({ ok: false, code: null, timedOut: true, cancelled: false, spawnError: null });
    }, opts.timeoutMs);
    const onAbort = () => {
      kill();
      finish({ ok: false, code: null, timedOut: false, cancelled: true, spawnError: null });
    };
    opts.signal?.addEventListener('abort', onAbort);
    child.stdout!.on('data', (b: Buffer) => {
      if (outBytes >= maxBytes) {
        truncated = true;
        return;
      }
      const room = maxBytes - outBytes;
      if (b.length > room) {
        out.push(b.subarray(0, room));
        outBytes = maxBytes;
        truncated = true;
      } else {
        out.push(b);
        outBytes += b.length;
      }
    });
    child.stderr!.on('data', (b: Buffer) => {
      if (errBytes < 64 * 1024) {
        err.push(b);
        errBytes += b.length;
      }
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish({ ok: false, code: null, timedOut: false, cancelled: false, spawnError: e.code ?? 'EINVAL' }),
    );
    child.on('close', (code) => finish({ ok: code === 0, code, timedOut: false, cancelled: false, spawnError: null }));
  });
}
