/**
 * `cilium-datapath` command line: translates the core's results to text, JSON or SARIF.
 *
 *   cilium-datapath explain [--cilium-version V] [--kernel K] [--format text|json|sarif]
 *                           [--fail-on error|warning|never] FILE...
 *   cilium-datapath live [--kubeconfig F] [--context C] [--namespace N] [--format text|json] [FILE...]
 */
import { readFileSync } from 'node:fs';
import type { CliIo } from './io';
import { analyze, type AnalyzeErrorKind, type InputFile, type Severity } from '../core';
import { toText } from './formatText';
import { toJson } from './formatJson';
import { toSarif } from './formatSarif';
import { LIVE_USAGE, runLiveCli } from './live';
import { echo } from '../core/echo';
import { parseInput } from '../core/parse/input';

/** Exit codes (documented in the README). */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  unreadable: 3,
  malformed: 4,
  notCilium: 5,
  internal: 70,
} as const;

const VERSION = '0.1.0';

const USAGE = `Usage:
  cilium-datapath explain [options] FILE...     explain BPF vs legacy host routing for Helm values
                                                (merged in order, like helm -f) or one cilium-config ConfigMap
  cilium-datapath live [options] [FILE...]      check every node of the live cluster (see live --help)
  cilium-datapath --version | --help

Options for explain:
  --cilium-version V   Cilium version (1.16, 1.16.4, v1.17.6-cee.1); default: the modeline, else the newest line
  --kernel K           node kernel (6.2.0-39-generic, 4.19); default: the modeline, else ≥ 5.10 assumed
  --format F           text (default), json or sarif
  --fail-on S          exit 1 when a finding is at least S: error (default), warning or never
  --no-color           plain text output
  --verbose            also report how odd YAML is read (a map or list used as a key)
  FILE may be - for standard input.

Exit status: 0 fine, 1 findings at --fail-on level, 2 usage, 3 unreadable file,
4 malformed YAML / Helm template / too large, 5 not a Cilium file or mixed inputs.
`;

export type { CliIo } from './io';

interface ExplainOptions {
  version?: string;
  kernel?: string;
  format: 'text' | 'json' | 'sarif';
  failOn: 'error' | 'warning' | 'never';
  color: boolean;
  /** also say how the YAML parser reads odd input (collection keys) */
  verbose: boolean;
  files: string[];
}

function parseArgs(args: string[], io: CliIo): { ok: true; opts: ExplainOptions } | { ok: false; message: string } {
  const opts: ExplainOptions = { format: 'text', failOn: 'error', color: io.isTty && !process.env.NO_COLOR, verbose: false, files: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const takeValue = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : args[++i]);
    switch (name) {
      case '--cilium-version':
      case '--version-of-cilium': {
        const v = takeValue();
        if (!v) return { ok: false, message: `${name} needs a value` };
        opts.version = v;
        break;
      }
      case '--kernel': {
        const v = takeValue();
        if (!v) return { ok: false, message: '--kernel needs a value' };
        opts.kernel = v;
        break;
      }
      case '--format': {
        const v = takeValue();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') return { ok: false, message: `--format must be text, json or sarif (got ${v === undefined ? 'nothing' : echo(v)})` };
        opts.format = v;
        break;
      }
      case '--fail-on': {
        const v = takeValue();
        if (v !== 'error' && v !== 'warning' && v !== 'never') return { ok: false, message: `--fail-on must be error, warning or never (got ${v === undefined ? 'nothing' : echo(v)})` };
        opts.failOn = v;
        break;
      }
      case '--no-color':
        opts.color = false;
        break;
      case '--verbose':
        opts.verbose = true;
        break;
      case '--color':
        opts.color = true;
        break;
      default:
        if (a.startsWith('--')) return { ok: false, message: `unknown option ${echo(a)}` };
        opts.files.push(a);
    }
  }
  if (opts.files.length === 0) return { ok: false, message: 'explain needs at least one FILE (or - for standard input)' };
  return { ok: true, opts };
}

function exitFor(kind: AnalyzeErrorKind): number {
  switch (kind) {
    case 'usage':
    case 'no-input':
      return EXIT.usage;
    case 'malformed':
    case 'helm-template':
    case 'too-large':
      return EXIT.malformed;
    default:
      return EXIT.notCilium;
  }
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** Runs the CLI; returns the exit code (a promise for `live`, which waits on kubectl). */
export function runCli(argv: string[], io: CliIo): number | Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'live') return runLiveCli(rest, io);
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    (cmd ? io.stdout : io.stderr)(USAGE + (cmd ? `\n${LIVE_USAGE}` : ''));
    return cmd ? EXIT.ok : EXIT.usage;
  }
  if (cmd === '--version' || cmd === '-V') {
    io.stdout(`cilium-datapath ${VERSION}\n`);
    return EXIT.ok;
  }
  if (cmd !== 'explain') {
    io.stderr(`cilium-datapath: unknown command "${echo(cmd)}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  const parsed = parseArgs(rest, io);
  if (!parsed.ok) {
    io.stderr(`cilium-datapath: ${parsed.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const opts = parsed.opts;
  const inputs: InputFile[] = [];
  for (const f of opts.files) {
    try {
      inputs.push({ name: f === '-' ? '<stdin>' : f, text: f === '-' ? io.readStdin() : io.readFile(f) });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
      io.stderr(`cilium-datapath: cannot read ${f}: ${why}\n`);
      return EXIT.unreadable;
    }
  }
  if (opts.verbose) {
    for (const input of inputs) {
      const p = parseInput(input.name, input.text);
      if (!p.ok) continue;
      for (const w of p.parsed.warnings) io.stderr(`cilium-datapath: ${input.name}:${w.range.start.line + 1}:${w.range.start.character + 1}: note: ${w.message}\n`);
    }
  }
  const r = analyze(inputs, { ciliumVersion: opts.version, kernel: opts.kernel });
  if (!r.ok) {
    if (opts.format === 'json') {
      io.stdout(JSON.stringify({ error: { kind: r.error.kind, message: r.error.message, file: r.error.file ?? null } }, null, 2) + '\n');
    }
    io.stderr(`cilium-datapath: ${r.error.message}\n`);
    for (const d of (r.error.details ?? []).slice(1, 10)) {
      io.stderr(`  ${d.location.file}:${d.location.range.start.line + 1}:${d.location.range.start.character + 1}: ${d.message}\n`);
    }
    return exitFor(r.error.kind);
  }
  const a = r.analysis;
  if (opts.format === 'json') io.stdout(JSON.stringify(toJson(a), null, 2) + '\n');
  else if (opts.format === 'sarif') io.stdout(JSON.stringify(toSarif(a, VERSION, io.cwd), null, 2) + '\n');
  else io.stdout(toText(a, { color: opts.color, cwd: io.cwd }));

  if (opts.failOn === 'never') return EXIT.ok;
  const threshold = RANK[opts.failOn];
  return a.findings.some((f) => RANK[f.severity] >= threshold) ? EXIT.findings : EXIT.ok;
}

if (require.main === module) {
  const internal = (e: unknown) => {
    process.stderr.write(`cilium-datapath: internal error: ${(e as Error).stack ?? e}\n`);
    return EXIT.internal;
  };
  let code: number | Promise<number>;
  try {
    code = runCli(process.argv.slice(2), {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      readFile: (p) => readFileSync(p, 'utf8'),
      readStdin: () => readFileSync(0, 'utf8'),
      isTty: !!process.stdout.isTTY,
      cwd: process.cwd(),
    });
  } catch (e) {
    code = internal(e);
  }
  Promise.resolve(code)
    .catch(internal)
    .then((c) => {
      process.exitCode = c;
    });
}
