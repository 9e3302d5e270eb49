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
}

function firstLine(s: string): string {
  const l = s.split('\n').map((x) => x.trim()).filter(Boolean);
  return (l.find((x) => /error|unable|forbidden|refused|denied|not found/i.test(x)) ?? l[0] ?? '').slice(0, 400);
}

export function classify(r: KubectlResult, c: CallContext): LiveProblem {
  const base = { call: c.call, ...(c.node ? { node: c.node } : {}) };
  const err = r.stderr;
  if (r.spawnError === 'ENOENT') {
    return {
      ...base,
      kind: 'kubectl-not-found',
      message: `kubectl was not found (${c.kubectl}).`,
      hint: 'Install kubectl, or set ciliumDatapath.kubectlPath in your user settings (the CLI: --kubectl PATH).',
    };
  }
  if (r.spawnError) {
    return { ...base, kind: 'kubectl-not-found', message: `kubectl could not be started (${c.kubectl}: ${r.spawnError}).`, hint: 'Check that the path names an executable kubectl.' };
  }
  if (r.cancelled) return { ...base, kind: 'cancelled', message: `Cancelled while trying to ${c.what}.` };
  if (r.timedOut) {
    return {
      ...base,
      kind: 'timeout',
      message: `kubectl did not finish within ${Math.round(c.timeoutMs / 1000)} s while trying to ${c.what}.`,
      hint: 'The cluster or the agent is slow or unreachable; raise ciliumDatapath.live.timeoutSeconds (CLI: --timeout) if it is just slow.',
    };
  }
  if (/current-context is not set|no context exists with the name|context was not found for specified context|localhost:8080 was refused|invalid configuration: no configuration has been provided/i.test(err)) {
    return {
      ...base,
      kind: 'no-context',
      message: `kubectl has no usable context: ${firstLine(err)}`,
      hint: 'Choose a context (kubectl config use-context NAME), or point KUBECONFIG / --kubeconfig at a kubeconfig file.',
    };
  }
  const forbidden = /cannot ([a-z]+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/i.exec(err);
  if (/\(Forbidden\)|is forbidden/i.test(err)) {
    const who = /User "([^"]+)"/.exec(err)?.[1];
    const detail = forbidden
      ? `not allowed to ${forbidden[1]} ${forbidden[2]}${forbidden[3] ? ` (API group ${forbidden[3]})` : ''}${forbidden[4] ? ` in namespace ${forbidden[4]}` : ''}`
      : firstLine(err);
    return {
      ...base,
      kind: 'forbidden',
      message: `Forbidden while trying to ${c.what}: ${who ? `${who} is ` : ''}${detail}.`,
      hint: forbidden ? `Ask for RBAC permission to ${forbidden[1]} ${forbidden[2]}${forbidden[4] ? ` in ${forbidden[4]}` : ''}, or use a context that has it.` : undefined,
    };
  }
  if (/\(Unauthorized\)|You must be logged in|Unauthorized/i.test(err)) {
    return { ...base, kind: 'unauthorized', message: `The cluster rejected the credentials while trying to ${c.what}: ${firstLine(err)}`, hint: 'Log in again / refresh the credentials of this context.' };
  }
  if (/Unable to connect to the server|connection refused|connection to the server .* was refused|dial tcp|no such host|i\/o timeout|TLS handshake timeout|connection reset|net\/http: request canceled|context deadline exceeded|Client\.Timeout/i.test(err)) {
    return {
      ...base,
      kind: 'unreachable',
      message: `The cluster is unreachable: ${firstLine(err)}`,
      hint: 'Check the context (kubectl config current-context), the VPN / network, and that the API server is up.',
    };
  }
  if (/executable file not found|exec: "[^"]+": (executable )?file not found|no such file or directory/i.test(err + r.stdout) && /cilium/.test(c.call) && /\bexec\b/.test(c.call)) {
    return { ...base, kind: 'no-cilium-dbg', message: `The agent image has no such command (${firstLine(err + '\n' + r.stdout)}).` };
  }
  if (/container not found|is not running|is waiting to start|ContainerCreating|CrashLoopBackOff/i.test(err)) {
    return { ...base, kind: 'agent-not-running', message: `The agent container is not running: ${firstLine(err)}` };
  }
  if (/\(NotFound\)|not found|doesn't have a resource type/i.test(err)) {
    return { ...base, kind: 'not-found', message: `Not found while trying to ${c.what}: ${firstLine(err)}` };
  }
  if (/command terminated with exit code/i.test(err)) {
    return { ...base, kind: 'exec-failed', message: `The command failed in the agent container: ${firstLine(err)}${r.stdout.trim() ? ` — ${firstLine(r.stdout)}` : ''}` };
  }
  return { ...base, kind: 'kubectl-failed', message: `kubectl failed while trying to ${c.what} (exit ${r.code}): ${firstLine(err) || 'no message'}` };
}
