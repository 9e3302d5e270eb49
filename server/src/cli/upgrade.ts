/**
 * `cilium-datapath upgrade --from A --to B [--kernel K] [--format text|json] FILE...`: what an
 * upgrade changes for a file (core/versions/upgrade.ts).
 */
import { upgradeReport } from '../core';
import { upgradeJson, upgradeText } from './formatVersions';
import type { CliIo } from './io';
import { EXIT, exitFor, readInputs, withInputProblems } from './inputs';

export const UPGRADE_USAGE = `Usage:
  cilium-datapath upgrade --from A --to B [--kernel K] [--format text|json] FILE...
      what upgrading Cilium from A to B changes for these Helm values (merged in order) or
      this cilium-config ConfigMap: the verdict before and after, and every change on the way
      (removed, renamed or deprecated keys, refused values, defaults that flip, fallbacks that
      become start-up failures, new kernel requirements), with the release and the fix.

Exit status: 0 the file does not get worse, 1 it does (a fallback appears or the agent would
not start), 2 usage, 3 unreadable or refused file (also a base file a modeline names; the
others are still compared), 4 malformed YAML or over 5 MiB, 5 not a Cilium file.
Options: --no-bases does not merge the base files modelines name (# cilium-datapath: base=FILE).
`;

export function runUpgradeCli(args: string[], io: CliIo): number | Promise<number> {
  let from: string | undefined;
  let to: string | undefined;
  let kernel: string | undefined;
  let format: 'text' | 'json' = 'text';
  let color = io.isTty && !process.env.NO_COLOR;
  let bases = true;
  const files: string[] = [];
  const fail = (m: string) => {
    io.stderr(`cilium-datapath upgrade: ${m}\n\n${UPGRADE_USAGE}`);
    return EXIT.usage;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : args[++i]);
    switch (name) {
      case '--from':
        from = value();
        if (!from) return fail('--from needs a version');
        break;
      case '--to':
        to = value();
        if (!to) return fail('--to needs a version');
        break;
      case '--kernel':
        kernel = value();
        if (!kernel) return fail('--kernel needs a value');
        break;
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') return fail(`--format must be text or json (got ${v ?? 'nothing'})`);
        format = v;
        break;
      }
      case '--no-color':
        color = false;
        break;
      case '--no-bases':
        bases = false;
        break;
      case '--color':
        color = true;
        break;
      case '--help':
      case '-h':
        io.stdout(UPGRADE_USAGE);
        return EXIT.ok;
      default:
        if (a.startsWith('--')) return fail(`unknown option ${a}`);
        files.push(a);
    }
  }
  if (!from || !to) return fail('both --from and --to are needed');
  if (files.length === 0) return fail('upgrade needs at least one FILE (or - for standard input)');
  return report({ from, to, kernel, format, color, bases, files }, io);
}

async function report(
  o: {
    from: string;
    to: string;
    kernel?: string;
    format: 'text' | 'json';
    color: boolean;
    bases: boolean;
    files: string[];
  },
  io: CliIo,
): Promise<number> {
  const { from, to, kernel, format, color, bases, files } = o;
  const inputs = await readInputs(files, io, { bases });
  if (!inputs.ok) return inputs.code;
  const r = upgradeReport(inputs.files, { from, to, kernel });
  if (!r.ok) {
    if (format === 'json')
      io.stdout(
        JSON.stringify(
          { error: { kind: r.error.kind, message: r.error.message, file: r.error.file ?? null } },
          null,
          2,
        ) + '\n',
      );
    io.stderr(`cilium-datapath: ${r.error.message}\n`);
    return exitFor(r.error.kind);
  }
  if (format === 'json') io.stdout(JSON.stringify(upgradeJson(r.report), null, 2) + '\n');
  else io.stdout(upgradeText(r.report, { color, cwd: io.cwd }));
  return withInputProblems(r.report.worse ? EXIT.findings : EXIT.ok, inputs);
}
