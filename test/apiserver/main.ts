/**
 * Standalone fake API server:
 *
 *   node --import tsx test/apiserver/main.ts --scenario mixed-kernel [--port N] [--dir D]
 *
 * Prints `KUBECONFIG=<path>` and then the URL, one line each, and runs until SIGINT/SIGTERM.
 * `--list` prints the scenario names with their descriptions.
 */
import { SCENARIOS, startFakeApiServer } from './server';
import { SCENARIO_REGISTRY } from './scenarios';

function usage(): string {
  return `usage: node --import tsx test/apiserver/main.ts --scenario NAME [--port N] [--dir D] | --list\nscenarios: ${SCENARIOS.join(', ')}\n`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let scenario: string | undefined;
  let port = 0;
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--scenario') scenario = value();
    else if (a.startsWith('--scenario=')) scenario = a.slice('--scenario='.length);
    else if (a === '--port') port = Number(value());
    else if (a.startsWith('--port=')) port = Number(a.slice('--port='.length));
    else if (a === '--dir') dir = value();
    else if (a.startsWith('--dir=')) dir = a.slice('--dir='.length);
    else if (a === '--list') {
      for (const name of SCENARIOS) process.stdout.write(`${name}\t${SCENARIO_REGISTRY[name].description}\n`);
      return;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(usage());
      return;
    } else throw new Error(`unknown argument ${a}\n${usage()}`);
  }
  if (!scenario) throw new Error(`--scenario is required\n${usage()}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${port}`);

  const server = await startFakeApiServer({ scenario, port, dir });
  process.stdout.write(`KUBECONFIG=${server.kubeconfigPath}\n${server.url}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
