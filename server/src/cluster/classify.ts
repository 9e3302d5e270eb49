/**
 * kubectl's failures turned into problems a user can act on. Works on kubectl's stderr texts
 * (`Error from server (Forbidden): …`, `Unable to connect to the server: …`, …), which are stable
 * across the kubectl versions 1.27 → 1.33.
 */
import type { LiveProblem } from '../core';
import type { KubectlResult } from './kubectl';

export interface CallContext {
  /** what was being done: `list the Cilium agent pods` */
  what: string;
  /** the command line shown to the user */
  call: string;
  node?: string;
  timeoutMs: number;
  kubectl: string;
  /** set when the call was cut by the check's overall deadline (ms of the whole check) */
  deadlineMs?: number;
  /** the call only reads the kubeconfig (kubectl config …) */
  local?: boolean;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(Math.round(ms / 100) / 10).toString()} s` : `${Math.round(ms / 1000)} s`;
}

/** `E1206 08:39:02.123456   12345 memcache.go:265] ` — the prefix of kubectl's internal log lines. */
const KLOG_PREFIX = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] /;

/** A line of kubectl's stderr without its klog prefix and `"Unhandled Error" err=` wrapper. */
export function cleanLine(line: string): string {
  let l = line.trim().replace(KLOG_PREFIX, '');
  const wrapped = /^"Unhandled Error" err="(.*)"$/.exec(l);
  if (wrapped) l = wrapped[1].replace(/\\"/g, '"');
  return l;
}

/** At most `max` characters, with an ellipsis. */
export function cap(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function firstLine(s: string): string {
  const l = s.split('\n').map(cleanLine).filter(Boolean);
  return cap(l.find((x) => /error|unable|forbidden|refused|denied|not found/i.test(x)) ?? l[0] ?? '', 400);
}

/** kubectl's own words for --verbose: the first lines of its stderr, as they came. */
function rawDetail(r: KubectlResult): string | undefined {
  const t = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(0, 3).join(' ⏎ ');
  return t ? cap(t, 400) : undefined;
}

/** The answer is not what a Kubernetes API server sends (HTML, truncated or invalid JSON, …). */
const BAD_RESPONSE =
  /invalid character .* looking for|cannot unmarshal|json parse error|unexpected end of JSON input|couldn't get version\/kind|malformed HTTP|unexpected EOF|the server has returned an unexpected response|bad response|unknown \(get|is not a .* object|body: <|Object 'Kind' is missing/i;

export function classify(r: KubectlResult, c: CallContext): LiveProblem {
  const detail = rawDetail(r);
  const base = { call: c.call, ...(c.node ? { node: c.node } : {}), ...(detail ? { detail } : {}) };
  const err = r.stderr.split('\n').map(cleanLine).join('\n');
  if (r.spawnError === 'ENOENT') {
    return {
      ...base,
      kind: 'kubectl-not-found',
      message: `kubectl was not found (${c.kubectl}).`,
      hint: 'Install kubectl, or set ciliumDatapath.kubectlPath in your user settings (the CLI: --kubectl PATH).',
    };
  }
  if (r.spawnError) {
    return {
      ...base,
      kind: 'kubectl-not-found',
      message: `kubectl could not be started (${c.kubectl}: ${r.spawnError}).`,
      hint: 'Check that the path names an executable kubectl.',
    };
  }
  if (r.cancelled) return { ...base, kind: 'cancelled', message: `Cancelled while trying to ${c.what}.` };
  if (r.timedOut && c.deadlineMs !== undefined) {
    return {
      ...base,
      kind: 'deadline',
      message: `No complete answer within the check's deadline (${seconds(c.deadlineMs)}) while trying to ${c.what}.`,
      hint: 'The cluster or the agent is slow; raise ciliumDatapath.live.timeoutSeconds (CLI: --timeout) to wait longer. What was read until then is reported.',
    };
  }
  if (r.timedOut) {
    return {
      ...base,
      kind: 'timeout',
      message: `kubectl did not answer within ${seconds(c.timeoutMs)} while trying to ${c.what}.`,
      hint: c.local
        ? 'Reading the kubeconfig should be instant: a kubectl wrapper or a credential plugin of this context is probably waiting for the cluster or for a login. Run the same kubectl command in a terminal to see what it waits for.'
        : 'The cluster or the agent is slow or unreachable; raise ciliumDatapath.live.timeoutSeconds (CLI: --timeout) if it is just slow.',
    };
  }
  if (
    /Please enter Username|Please enter Password|^error: EOF$|\berror: EOF\b/m.test(`${err}\n${r.stdout}`) &&
    !/Unable to connect|refused/i.test(err)
  ) {
    return {
      ...base,
      kind: 'credentials-needed',
      message: `kubectl asked for a username and password while trying to ${c.what}: the context has no credentials it can use without asking.`,
      hint: 'Log in with the tool your cluster uses (it writes a token or a credential plugin into the kubeconfig), or choose another context.',
    };
  }
  if (
    /getting credentials|exec plugin|interactive mode|standard input is not a terminal|refresh token|oidc|gke-gcloud-auth-plugin|aws-iam-authenticator|kubelogin/i.test(
      err,
    ) &&
    !/Forbidden/i.test(err)
  ) {
    return {
      ...base,
      kind: 'credentials-needed',
      message: `The credential plugin of this context failed while trying to ${c.what}: ${firstLine(err)}`,
      hint: 'Run the same kubectl command in a terminal: the plugin may need a login (or be missing from PATH).',
    };
  }
  if (
    /current-context is not set|no context exists with the name|context was not found for specified context|localhost:8080 was refused|invalid configuration: no configuration has been provided/i.test(
      err,
    )
  ) {
    return {
      ...base,
      kind: 'no-context',
      message: `kubectl has no usable context: ${firstLine(err)}`,
      hint: 'Choose a context (kubectl config use-context NAME), or point KUBECONFIG / --kubeconfig at a kubeconfig file.',
    };
  }
  const forbidden =
    /cannot ([a-z]+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/i.exec(err);
  if (/\(Forbidden\)|is forbidden/i.test(err)) {
    const who = /User "([^"]+)"/.exec(err)?.[1];
    const detail = forbidden
      ? `not allowed to ${forbidden[1]} ${forbidden[2]}${forbidden[3] ? ` (API group ${forbidden[3]})` : ''}${forbidden[4] ? ` in namespace ${forbidden[4]}` : ''}`
      : firstLine(err);
    return {
      ...base,
      kind: 'forbidden',
      message: `Forbidden while trying to ${c.what}: ${who ? `${who} is ` : ''}${detail}.`,
      hint: forbidden
        ? `Ask for RBAC permission to ${forbidden[1]} ${forbidden[2]}${forbidden[4] ? ` in ${forbidden[4]}` : ''}, or use a context that has it.`
        : undefined,
    };
  }
  if (/\(Unauthorized\)|You must be logged in|Unauthorized/i.test(err)) {
    return {
      ...base,
      kind: 'unauthorized',
      message: `The cluster rejected the credentials while trying to ${c.what}: ${firstLine(err)}`,
      hint: 'Log in again / refresh the credentials of this context.',
    };
  }
  if (
    /Unable to connect to the server|connection refused|connection to the server .* was refused|dial tcp|no such host|i\/o timeout|TLS handshake timeout|connection reset|net\/http: request canceled|context deadline exceeded|Client\.Timeout/i.test(
      err,
    )
  ) {
    return {
      ...base,
      kind: 'unreachable',
      message: `The cluster is unreachable: ${firstLine(err)}`,
      hint: 'Check the context (kubectl config current-context), the VPN / network, and that the API server is up.',
    };
  }
  if (
    /executable file not found|exec: "[^"]+": (executable )?file not found|no such file or directory/i.test(
      err + r.stdout,
    ) &&
    /cilium/.test(c.call) &&
    /\bexec\b/.test(c.call)
  ) {
    return {
      ...base,
      kind: 'no-cilium-dbg',
      message: `The agent image has no such command (${firstLine(err + '\n' + r.stdout)}).`,
    };
  }
  if (/container not found|is not running|is waiting to start|ContainerCreating|CrashLoopBackOff/i.test(err)) {
    return { ...base, kind: 'agent-not-running', message: `The agent container is not running: ${firstLine(err)}` };
  }
  if (/\(NotFound\)|not found|doesn't have a resource type/i.test(err)) {
    return { ...base, kind: 'not-found', message: `Not found while trying to ${c.what}: ${firstLine(err)}` };
  }
  if (BAD_RESPONSE.test(err)) {
    return {
      ...base,
      kind: 'bad-response',
      message: `The API server's answer is not a Kubernetes API response while trying to ${c.what} (is the context's server address a Kubernetes API server?).`,
      hint: "Check the server address of this context (kubectl config view --minify); kubectl's own message is shown with --verbose.",
    };
  }
  if (/command terminated with exit code/i.test(err)) {
    return {
      ...base,
      kind: 'exec-failed',
      message: `The command failed in the agent container: ${firstLine(err)}${r.stdout.trim() ? ` — ${firstLine(r.stdout)}` : ''}`,
    };
  }
  return {
    ...base,
    kind: 'kubectl-failed',
    message: `kubectl failed while trying to ${c.what} (exit ${r.code}): ${firstLine(err) || 'no message'}`,
  };
}
