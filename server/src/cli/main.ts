/**
 * `cilium-datapath` command line: translates the core's results to text, JSON or SARIF.
 *
 *   cilium-datapath explain [--cilium-version V] [--kernel K] [--format text|json|sarif]
 *                           [--fail-on error|warning|never] FILE...
 *   cilium-datapath upgrade --from A --to B [--kernel K] [--format text|json] FILE...
 *   cilium-datapath live [--kubeconfig F] [--context C] [--namespace N] [--format text|json] [FILE...]
 */
import type { CliIo } from './io';
import { EXIT, exitFor, readInputs, withInputProblems } from './inputs';
import { readBoundedSync, readProblemText, readStreamBounded } from '../files/read';
import {
  analyzeInferred,
  analyzeRange,
  describeRelease,
  echo,
  parseInput,
  parseVersionSpan,
  planReleases,
  type Analysis,
  type AnalyzeError,
  type ReleaseRun,
  type Severity,
  type VersionSpan,
} from '../core';
import { byVersionJson, byVersionText, inferenceJson } from './formatVersions';
import { UPGRADE_USAGE, runUpgradeCli } from './upgrade';
import { readerFor } from './wrapped';
import { toText } from './formatText';
import { JSON_FORMAT_VERSION, toJson } from './formatJson';
import { toSarif, toSarifMany } from './formatSarif';
import { LIVE_USAGE, runLiveCli } from './live';

const VERSION = '0.1.0';

const USAGE = `Usage:
  cilium-datapath explain [options] FILE...     explain BPF vs legacy host routing for Helm values
                                                (merged in order, like helm -f) or one cilium-config ConfigMap;
                                                a file with Flux HelmReleases, Argo CD Applications, k3s/RKE2
                                                HelmCharts, CAPI HelmChartProxies, Kustomize helmCharts or an
                                                umbrella chart's values gives one verdict per Cilium release
  cilium-datapath upgrade --from A --to B FILE...
                                                what upgrading from A to B changes for the file (see upgrade --help)
  cilium-datapath live [options] [FILE...]      check every node of the live cluster (see live --help)
  cilium-datapath --version | --help

Options for explain:
  --cilium-version V   Cilium version (1.16, 1.16.4, v1.17.6-cee.1); default: the modeline, else the chart
                       version a wrapper names, else the newest line that accepts every key and value of the file
  --versions A..B      also give the verdict over a range of releases (1.12..1.20, 1.14.5..1.16.4, 1.9..),
                       grouped where it is the same
  --kernel K           node kernel (6.2.0-39-generic, 4.19); default: the modeline, else ≥ 5.10 assumed
  --format F           text (default), json or sarif
  --fail-on S          exit 1 when a finding is at least S: error (default), warning or never
  --no-color           plain text output
  --verbose            also report how odd YAML is read (a map or list used as a key)
  --no-bases           do not merge the base files a modeline names (# cilium-datapath: base=FILE);
                       by default they are, from the file's folder or the working directory only
  FILE may be - for standard input (relative base files are then read from the working directory).

Exit status: 0 fine, 1 findings at --fail-on level, 2 usage, 3 unreadable or refused file (also a
base file; the other files are still analysed), 4 malformed YAML / Helm template / too large,
5 not a Cilium file (also a base file) or mixed inputs.
`;

export type { CliIo } from './io';
export { EXIT } from './inputs';

interface ExplainOptions {
  version?: string;
  versions?: VersionSpan;
  kernel?: string;
  format: 'text' | 'json' | 'sarif';
  failOn: 'error' | 'warning' | 'never';
  color: boolean;
  /** also say how the YAML parser reads odd input (collection keys) */
  verbose: boolean;
  /** merge the base files modelines name */
  bases: boolean;
  files: string[];
}

function parseArgs(args: string[], io: CliIo): { ok: true; opts: ExplainOptions } | { ok: false; message: string } {
  const opts: ExplainOptions = {
    format: 'text',
    failOn: 'error',
    color: io.isTty && !process.env.NO_COLOR,
    verbose: false,
    bases: true,
    files: [],
  };
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
      case '--versions': {
        const v = takeValue();
        if (!v) return { ok: false, message: '--versions needs a range (e.g. 1.12..1.20)' };
        const span = parseVersionSpan(v);
        if (!span.ok) return { ok: false, message: `--versions: ${span.error}` };
        opts.versions = span.value;
        break;
      }
      case '--format': {
        const v = takeValue();
        if (v !== 'text' && v !== 'json' && v !== 'sarif')
          return {
            ok: false,
            message: `--format must be text, json or sarif (got ${v === undefined ? 'nothing' : echo(v)})`,
          };
        opts.format = v;
        break;
      }
      case '--fail-on': {
        const v = takeValue();
        if (v !== 'error' && v !== 'warning' && v !== 'never')
          return {
            ok: false,
            message: `--fail-on must be error, warning or never (got ${v === undefined ? 'nothing' : echo(v)})`,
          };
        opts.failOn = v;
        break;
      }
      case '--no-color':
        opts.color = false;
        break;
      case '--verbose':
        opts.verbose = true;
        break;
      case '--no-bases':
        opts.bases = false;
        break;
      case '--color':
        opts.color = true;
        break;
      default:
        if (a.startsWith('--')) return { ok: false, message: `unknown option ${echo(a)}` };
        opts.files.push(a);
    }
  }
  if (opts.files.length === 0)
    return { ok: false, message: 'explain needs at least one FILE (or - for standard input)' };
  return { ok: true, opts };
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** Runs the CLI; returns the exit code (a promise for `live`, which waits on kubectl). */
export function runCli(argv: string[], io: CliIo): number | Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'live') return runLiveCli(rest, io);
  if (cmd === 'upgrade') return runUpgradeCli(rest, io);
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    (cmd ? io.stdout : io.stderr)(USAGE + (cmd ? `\n${UPGRADE_USAGE}\n${LIVE_USAGE}` : ''));
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
  return explain(parsed.opts, io);
}

async function explain(opts: ExplainOptions, io: CliIo): Promise<number> {
  const read = await readInputs(opts.files, io, { bases: opts.bases, verbose: opts.verbose });
  if (!read.ok) return read.code;
  const inputs = read.files;
  if (opts.verbose) {
    for (const input of inputs) {
      const p = parseInput(input.name, input.text);
      if (!p.ok) continue;
      for (const w of p.parsed.warnings)
        io.stderr(
          `cilium-datapath: ${input.name}:${w.range.start.line + 1}:${w.range.start.character + 1}: note: ${w.message}\n`,
        );
    }
  }
  const plan = planReleases(
    inputs,
    { ciliumVersion: opts.version, kernel: opts.kernel },
    readerFor(io.readFile, io.cwd),
  );
  if (plan.kind === 'error') {
    io.stderr(`cilium-datapath: ${plan.message}\n`);
    return plan.exitKind === 'usage' ? EXIT.usage : EXIT.malformed;
  }
  if (plan.kind === 'releases') return withInputProblems(printReleases(plan.runs, opts, io), read);
  const r = analyzeInferred(inputs, { ciliumVersion: opts.version, kernel: opts.kernel });
  if (!r.ok) return printError(r.error, opts, io);
  const a = r.analysis;
  let groups: ReturnType<typeof byVersionJson> | undefined;
  let groupsText = '';
  if (opts.versions) {
    const g = analyzeRange(inputs, opts.versions, a.kernel.requested ?? undefined);
    if (g.ok) {
      groups = byVersionJson(g.groups);
      groupsText = byVersionText(g.groups, opts.color);
    }
  }
  if (opts.format === 'json') {
    const j = {
      ...toJson(a),
      ...(r.inference ? { inferredVersion: inferenceJson(r.inference) } : {}),
      ...(groups ? { byVersion: groups } : {}),
    };
    io.stdout(JSON.stringify(j, null, 2) + '\n');
  } else if (opts.format === 'sarif') io.stdout(JSON.stringify(toSarif(a, VERSION, io.cwd), null, 2) + '\n');
  else io.stdout(toText(a, { color: opts.color, cwd: io.cwd }) + groupsText);
  return withInputProblems(exitForFindings([a], opts), read);
}

function exitForFindings(analyses: Analysis[], opts: ExplainOptions): number {
  if (opts.failOn === 'never') return EXIT.ok;
  const threshold = RANK[opts.failOn];
  return analyses.some((a) => a.findings.some((f) => RANK[f.severity] >= threshold)) ? EXIT.findings : EXIT.ok;
}

function printError(error: AnalyzeError, opts: ExplainOptions, io: CliIo): number {
  if (opts.format === 'json') {
    io.stdout(
      JSON.stringify({ error: { kind: error.kind, message: error.message, file: error.file ?? null } }, null, 2) + '\n',
    );
  }
  io.stderr(`cilium-datapath: ${error.message}\n`);
  for (const d of (error.details ?? []).slice(1, 10)) {
    io.stderr(
      `  ${d.location.file}:${d.location.range.start.line + 1}:${d.location.range.start.character + 1}: ${d.message}\n`,
    );
  }
  return exitFor(error.kind);
}

/** Each wrapped release of a file: text one after the other, JSON as a list when several, one SARIF run. */
function printReleases(runs: ReleaseRun[], opts: ExplainOptions, io: CliIo): number {
  const ok = runs.flatMap((r) => (r.outcome.ok ? [r.outcome.analysis] : []));
  const failed = runs.flatMap((r) => (r.outcome.ok ? [] : [{ release: r.release, error: r.outcome.error }]));
  if (runs.length === 1 && failed.length === 1) return printError(failed[0].error, opts, io);
  for (const f of failed) io.stderr(`cilium-datapath: ${describeRelease(f.release)}: ${f.error.message}\n`);
  if (opts.format === 'json') {
    const json = (r: ReleaseRun) =>
      r.outcome.ok
        ? toJson(r.outcome.analysis)
        : {
            release: { kind: r.release.kind, name: r.release.name },
            error: { kind: r.outcome.error.kind, message: r.outcome.error.message, file: r.outcome.error.file ?? null },
          };
    io.stdout(
      JSON.stringify(
        runs.length === 1 ? json(runs[0]) : { formatVersion: JSON_FORMAT_VERSION, releases: runs.map(json) },
        null,
        2,
      ) + '\n',
    );
  } else if (opts.format === 'sarif') {
    io.stdout(JSON.stringify(toSarifMany(ok, VERSION, io.cwd), null, 2) + '\n');
  } else {
    const parts = runs.map((r) => {
      const head = `── ${describeRelease(r.release)} (${r.release.file}:${r.release.range.start.line + 1}) ──\n`;
      return (
        head +
        (r.outcome.ok
          ? toText(r.outcome.analysis, { color: opts.color, cwd: io.cwd })
          : `error: ${r.outcome.error.message}\n`)
      );
    });
    io.stdout(parts.join('\n'));
  }
  if (failed.length > 0 && ok.length === 0) return exitFor(failed[0].error.kind);
  const code = exitForFindings(ok, opts);
  return failed.length > 0 && code === EXIT.ok ? exitFor(failed[0].error.kind) : code;
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
      readFile: (p) => {
        const r = readBoundedSync(p);
        if ('text' in r) return r.text;
        throw new Error(readProblemText(r));
      },
      readStdin: () => readStreamBounded(process.stdin),
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
