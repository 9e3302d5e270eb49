/**
 * What running a command in the `cilium-agent` container yields: stdout, stderr and an exit code,
 * or a container-runtime failure (the binary does not exist in that image).
 *
 * Supported: `cilium status` / `cilium-dbg status` (`-o json|yaml|jsonpath=…`, `--verbose`,
 * `--brief`), `cilium[-dbg] version`, `--help`; `sh -c` / `bash -c` around those (with `2>&1`),
 * `command -v` / `which`. `cilium-dbg` exists only from Cilium 1.15 (host-routing-spec §5.1), `cilium`
 * in every version. Anything else exits 127 with `<cmd>: not found`.
 */
import { stringify as toYaml } from 'yaml';
import type { AgentContext } from './agent';
import { atLeast } from './version';
import { ciliumCommit, hexOf } from './ids';
import { garbageStatus, statusBrief, statusJson, statusObject, statusText } from './statusOutput';
import { goVersionOf } from './logOutput';

export type ExecOutcome =
  | { kind: 'exit'; stdout: string; stderr: string; exitCode: number }
  /** the runtime could not start the process (containerd: the API returns an InternalError status) */
  | { kind: 'runtime-error'; message: string };

export interface ExecTarget {
  version: string;
  /** absent when the agent is not running (callers must not get here then) */
  context?: AgentContext;
  /** `containerd://1.7.22` or `docker://…` */
  containerRuntime: string;
  garbage: boolean;
  podName: string;
}

const BIN_DIR = '/usr/bin';

function binaryExists(name: string, version: string): boolean {
  const base = name.split('/').pop() ?? name;
  if (base === 'cilium') return true;
  if (base === 'cilium-dbg') return atLeast(version, '1.15');
  return ['sh', 'bash', 'cat', 'ls', 'ip', 'bpftool', 'which', 'env', 'true', 'false'].includes(base);
}

/** The error a container runtime reports for a binary missing from the image. */
function missingBinary(target: ExecTarget, argv0: string): ExecOutcome {
  if (target.containerRuntime.startsWith('docker://')) {
    // cri-dockerd / dockershim: the runtime's message arrives on the stream and the exit code is 126
    return {
      kind: 'exit',
      stdout: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv0}": executable file not found in $PATH: unknown\r\n`,
      stderr: '',
      exitCode: 126,
    };
  }
  const execId = hexOf(`exec:${target.podName}:${argv0}:${Date.now()}`, 64);
  return {
    kind: 'runtime-error',
    message: `error executing command in container: failed to exec in container: failed to start exec "${execId}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv0}": executable file not found in $PATH: unknown`,
  };
}

export function runInAgent(target: ExecTarget, argv: string[]): ExecOutcome {
  if (argv.length === 0)
    return {
      kind: 'exit',
      stdout: '',
      stderr: 'you must specify at least one command for the container\n',
      exitCode: 1,
    };
  const argv0 = argv[0];
  const base = argv0.split('/').pop() ?? argv0;
  if (!binaryExists(argv0, target.version)) {
    if (base === 'cilium-dbg') return missingBinary(target, argv0);
    return { kind: 'exit', stdout: '', stderr: `${argv0}: not found\n`, exitCode: 127 };
  }
  switch (base) {
    case 'cilium':
    case 'cilium-dbg':
      return ciliumCli(target, argv.slice(1));
    case 'sh':
    case 'bash':
      return shell(target, base, argv.slice(1));
    case 'which':
      return which(target, argv.slice(1));
    case 'true':
      return { kind: 'exit', stdout: '', stderr: '', exitCode: 0 };
    case 'false':
      return { kind: 'exit', stdout: '', stderr: '', exitCode: 1 };
    default:
      return { kind: 'exit', stdout: '', stderr: `${argv0}: not found\n`, exitCode: 127 };
  }
}

function which(target: ExecTarget, names: string[]): ExecOutcome {
  let out = '';
  let code = 0;
  for (const n of names) {
    if (binaryExists(n, target.version)) out += `${BIN_DIR}/${n}\n`;
    else code = 1;
  }
  return { kind: 'exit', stdout: out, stderr: '', exitCode: code };
}

/** Splits a shell word list (single/double quotes, no expansions). */
function shellWords(script: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: '"' | "'" | null = null;
  let has = false;
  for (const ch of script) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur !== '') words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has || cur !== '') words.push(cur);
  return words;
}

function shell(target: ExecTarget, sh: string, args: string[]): ExecOutcome {
  const i = args.indexOf('-c');
  if (i < 0 || args[i + 1] === undefined) {
    return { kind: 'exit', stdout: '', stderr: '', exitCode: 0 };
  }
  let words = shellWords(args[i + 1]);
  let merge = false;
  let dropErr = false;
  words = words.filter((w) => {
    if (w === '2>&1') {
      merge = true;
      return false;
    }
    if (w === '2>/dev/null') {
      dropErr = true;
      return false;
    }
    return true;
  });
  if (words.length === 0) return { kind: 'exit', stdout: '', stderr: '', exitCode: 0 };
  let res: ExecOutcome;
  if (words[0] === 'command' && words[1] === '-v') {
    res = which(target, words.slice(2));
  } else if (!binaryExists(words[0], target.version)) {
    const msg = sh === 'bash' ? `bash: line 1: ${words[0]}: command not found\n` : `sh: 1: ${words[0]}: not found\n`;
    res = { kind: 'exit', stdout: '', stderr: msg, exitCode: 127 };
  } else {
    // inside a shell the binary is started by the shell, so a runtime error cannot happen
    res = runInAgent(target, words);
  }
  if (res.kind === 'exit') {
    if (merge) res = { ...res, stdout: res.stdout + res.stderr, stderr: '' };
    if (dropErr) res = { ...res, stderr: '' };
  }
  return res;
}

function usage(root: string): string {
  return [
    'CLI for interacting with the local Cilium Agent',
    '',
    'Usage:',
    `  ${root} [command]`,
    '',
    'Available Commands:',
    '  status      Display status of daemon',
    '  version     Print version information',
    '',
    'Flags:',
    '  -D, --debug         Enable debug messages',
    `  -h, --help          help for ${root}`,
    '  -H, --host string   URI to server-side API',
    '',
    `Use "${root} [command] --help" for more information about a command.`,
    '',
  ].join('\n');
}

function ciliumCli(target: ExecTarget, args: string[]): ExecOutcome {
  const root = atLeast(target.version, '1.15') ? 'cilium-dbg' : 'cilium';
  const ok = (stdout: string): ExecOutcome => ({ kind: 'exit', stdout, stderr: '', exitCode: 0 });
  const fail = (stderr: string, exitCode = 1): ExecOutcome => ({ kind: 'exit', stdout: '', stderr, exitCode });

  // global flags before the subcommand
  const rest = [...args];
  while (rest.length > 0 && rest[0].startsWith('-')) {
    const f = rest.shift()!;
    if (f === '-h' || f === '--help') return ok(usage(root));
    if (f === '-D' || f === '--debug') continue;
    if (f === '-H' || f === '--host' || f === '--config') {
      rest.shift();
      continue;
    }
    if (f.startsWith('--host=') || f.startsWith('--config=')) continue;
    return fail(`Error: unknown flag: ${f}\nRun '${root} --help' for usage.\n`);
  }
  const sub = rest.shift();
  if (sub === undefined || sub === 'help') return ok(usage(root));
  const ctx = target.context;
  if (!ctx) {
    return fail(
      `Error: Unable to contact Cilium daemon: Get "http://localhost/v1/healthz": dial unix /var/run/cilium/cilium.sock: connect: no such file or directory\n`,
    );
  }
  if (sub === 'version') {
    const built = new Date(
      Date.UTC(2024, 0, 1) + (parseInt(ciliumCommit(ctx.version).slice(0, 6), 16) % 600) * 86400000,
    )
      .toISOString()
      .replace(/\.\d{3}Z$/, '+00:00');
    const line = (who: string) =>
      `${who}: ${ctx.version} ${ciliumCommit(ctx.version)} ${built} go version ${goVersionOf(ctx.version)} linux/${ctx.node.arch ?? 'amd64'}`;
    return ok(`${line('Client')}\n${line('Daemon')}\n`);
  }
  if (sub !== 'status') {
    return fail(`Error: unknown command "${sub}" for "${root}"\nRun '${root} --help' for usage.\n`);
  }

  let output = '';
  let verbose = false;
  let brief = false;
  const noValue = [
    '--verbose',
    '--brief',
    '--all-addresses',
    '--all-clusters',
    '--all-controllers',
    '--all-health',
    '--all-nodes',
    '--all-redirects',
    '-D',
    '--debug',
  ];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-h' || a === '--help') return ok(`Display status of daemon\n\nUsage:\n  ${root} status [flags]\n`);
    if (a === '-o' || a === '--output') {
      if (rest[i + 1] === undefined)
        return fail(`Error: flag needs an argument: ${a === '-o' ? "'o' in -o" : '--output'}\n`);
      output = rest[++i];
    } else if (a.startsWith('--output=')) output = a.slice('--output='.length);
    else if (a.startsWith('-o=')) output = a.slice(3);
    else if (a.startsWith('-o') && a.length > 2 && !a.startsWith('--')) output = a.slice(2);
    else if (a === '--timeout') i++;
    else if (a.startsWith('--timeout=')) continue;
    else if (noValue.includes(a) || noValue.some((n) => a === `${n}=true` || a === `${n}=false`)) {
      if (a.startsWith('--verbose')) verbose = a !== '--verbose=false';
      if (a.startsWith('--brief')) brief = a !== '--brief=false';
    } else if (a.startsWith('--')) return fail(`Error: unknown flag: ${a.split('=')[0]}\n`);
    else if (a.startsWith('-')) return fail(`Error: unknown shorthand flag: '${a[1]}' in ${a}\n`);
    else return fail(`Error: unknown command "${a}" for "${root} status"\n`);
  }
  if (brief) return ok(statusBrief());
  if (output === '') return ok(target.garbage ? garbageStatus(ctx, false) : statusText(ctx, { verbose }));
  if (output === 'json') return ok(target.garbage ? garbageStatus(ctx, true) : statusJson(ctx));
  if (output === 'yaml') return ok(toYaml(statusObject(ctx), { sortMapEntries: true }));
  if (output.startsWith('jsonpath=')) {
    const v = jsonPath(statusObject(ctx), output.slice('jsonpath='.length));
    if (v === undefined) return fail(`Error: Unable to parse JSONPath: ${output.slice('jsonpath='.length)}\n`);
    return ok(v);
  }
  return fail(`Error: unknown output format "${output}": must be one of json, jsonpath, yaml\n`);
}

/** `{.routing.intra-host-routing-mode}` style paths only */
function jsonPath(obj: unknown, expr: string): string | undefined {
  const m = /^\{\.?([^}]*)\}$/.exec(expr.trim());
  if (!m) return undefined;
  let cur: unknown = obj;
  for (const part of m[1].split('.').filter((p) => p !== '')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}
