/**
 * `cilium-datapath live`: the live-cluster check on the command line (same engine as the editor).
 *
 *   cilium-datapath live [--kubeconfig F] [--context C] [--namespace N] [--selector S]
 *                        [--timeout SECONDS] [--concurrency N] [--kubectl PATH]
 *                        [--sample N | --all] [--node PATTERN] [--chunk-size N]
 *                        [--format text|json] [--verbose] [FILE...]
 */
import { checkLiveCluster } from '../cluster/check';
import { spawnKubectl, validArgValue } from '../cluster/kubectl';
import { DEFAULT_CHUNK_SIZE, DEFAULT_TIMEOUT_MS } from '../cluster/gather';
import { formatLiveText, type InputFile } from '../core';
import type { CliIo } from './io';
import { readerFor } from './wrapped';
import { readInputs } from './inputs';

export const LIVE_EXIT = { ok: 0, differs: 1, usage: 2, unreadable: 3, cluster: 6 } as const;

export const LIVE_USAGE = `Usage:
  cilium-datapath live [options] [FILE...]
      predicts every node of the cluster from the API (cilium-config, CiliumNodeConfig
      overrides, node kernel, the Cilium version each agent runs), groups the nodes that share
      all of that, and asks one agent per group for what it runs (plus every agent that is not
      ready, restarted recently or started before its configuration changed); with FILEs (Helm
      values or a ConfigMap), also compares their verdict with the cluster.

Options for live:
  --kubeconfig F     kubeconfig file (default: KUBECONFIG / ~/.kube/config)
  --context C        kubeconfig context (default: the current context)
  --namespace N      namespace of the agents and cilium-config (default kube-system)
  --selector S       label selector of the agent pods (default k8s-app=cilium)
  --timeout S        the whole check's deadline in seconds (default 60): what you wait at
                     most; what was read until then is reported
  --sample N         agents asked per group (default 1)
  --all              ask every agent (slow on large clusters: raise --timeout)
  --node PATTERN     ask these nodes' agents too and list them in the report (globs with *
                     and ?, comma-separated or repeated)
  --chunk-size N     page size of the pod and node lists (default 500; 0: one page)
  --concurrency N    agents asked at once (default 4)
  --kubectl PATH     kubectl executable (default: kubectl on PATH)
  --cilium-version V version for the FILEs (default: their modeline, else what the cluster runs)
  --format F         text (default) or json
  --verbose          also kubectl's own words behind each problem, and every kubectl call
                     made (text format)
  --no-bases         do not merge the base files the FILEs' modelines name

Exit status: 0 every node matches its prediction, 1 a node differs or could not be checked,
2 usage, 3 a FILE or a base file it names cannot be read or used (nothing is checked), 6 the
cluster could not be checked (kubectl missing, no context, unreachable, forbidden, no Cilium pods).
`;

export interface LiveCliDeps {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export async function runLiveCli(args: string[], io: CliIo, deps: LiveCliDeps = {}): Promise<number> {
  const o: {
    kubeconfig?: string;
    context?: string;
    namespace: string;
    selector: string;
    timeout: number;
    concurrency: number;
    kubectl?: string;
    version?: string;
    format: 'text' | 'json';
    verbose: boolean;
    bases: boolean;
    files: string[];
    sample: number;
    all: boolean;
    nodes: string[];
    chunkSize: number;
  } = {
    namespace: 'kube-system',
    selector: 'k8s-app=cilium',
    timeout: DEFAULT_TIMEOUT_MS / 1000,
    concurrency: 4,
    format: 'text',
    verbose: false,
    bases: true,
    files: [],
    sample: 1,
    all: false,
    nodes: [],
    chunkSize: DEFAULT_CHUNK_SIZE,
  };
  const usage = (m: string) => {
    io.stderr(`cilium-datapath live: ${m}\n\n${LIVE_USAGE}`);
    return LIVE_EXIT.usage;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : args[++i]);
    const need = (v: string | undefined): v is string => v !== undefined && validArgValue(v);
    switch (name) {
      case '--help':
      case '-h':
        io.stdout(LIVE_USAGE);
        return LIVE_EXIT.ok;
      case '--kubeconfig': {
        const v = value();
        if (!need(v)) return usage('--kubeconfig needs a file');
        o.kubeconfig = v;
        break;
      }
      case '--context': {
        const v = value();
        if (!need(v)) return usage('--context needs a context name');
        o.context = v;
        break;
      }
      case '--namespace':
      case '-n': {
        const v = value();
        if (!need(v)) return usage('--namespace needs a name');
        o.namespace = v;
        break;
      }
      case '--selector':
      case '-l': {
        const v = value();
        if (!need(v)) return usage('--selector needs a label selector');
        o.selector = v;
        break;
      }
      case '--timeout': {
        const v = Number(value());
        if (!Number.isFinite(v) || v <= 0 || v > 3600) return usage('--timeout needs a number of seconds');
        o.timeout = v;
        break;
      }
      case '--concurrency': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 1 || v > 64) return usage('--concurrency needs a whole number from 1 to 64');
        o.concurrency = v;
        break;
      }
      case '--sample': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 1 || v > 1000) return usage('--sample needs a whole number from 1 to 1000');
        o.sample = v;
        break;
      }
      case '--all':
        o.all = true;
        break;
      case '--node': {
        const v = value();
        if (!v || !/^[A-Za-z0-9.*?,_-]{1,253}$/.test(v))
          return usage('--node needs a node name or a pattern (letters, digits, . - _ * ? and commas)');
        o.nodes.push(v);
        break;
      }
      case '--chunk-size': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 0 || v > 100_000)
          return usage('--chunk-size needs a whole number from 0 to 100000');
        o.chunkSize = v;
        break;
      }
      case '--kubectl': {
        const v = value();
        if (!need(v)) return usage('--kubectl needs a path');
        o.kubectl = v;
        break;
      }
      case '--cilium-version': {
        const v = value();
        if (!v) return usage('--cilium-version needs a value');
        o.version = v;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') return usage(`--format must be text or json (got ${v ?? 'nothing'})`);
        o.format = v;
        break;
      }
      case '--verbose':
        o.verbose = true;
        break;
      case '--no-bases':
        o.bases = false;
        break;
      default:
        if (a.startsWith('-') && a !== '-') return usage(`unknown option ${a}`);
        o.files.push(a);
    }
  }
  let files: InputFile[] = [];
  if (o.files.length > 0) {
    const read = await readInputs(o.files, io, { bases: o.bases, verbose: o.verbose });
    // a FILE left out changes the comparison: no check on a partial set of files
    if (!read.ok || read.code !== undefined) return LIVE_EXIT.unreadable;
    files = read.files;
  }
  const kubectl = spawnKubectl({ path: o.kubectl, kubeconfig: o.kubeconfig, context: o.context, env: deps.env });
  const { report, fileError } = await checkLiveCluster({
    kubectl,
    namespace: o.namespace,
    agentSelector: o.selector,
    timeoutMs: Math.round(o.timeout * 1000),
    concurrency: o.concurrency,
    sample: o.sample,
    all: o.all,
    nodeFilter: o.nodes,
    chunkSize: o.chunkSize,
    files,
    fileCiliumVersion: o.version,
    readerFor: readerFor(io.readFile, io.cwd),
    signal: deps.signal,
  });
  if (o.format === 'json') {
    io.stdout(JSON.stringify({ ...report, fileError }, null, 2) + '\n');
  } else {
    io.stdout(formatLiveText(report, { verbose: o.verbose, nodeFilter: o.nodes }));
    if (fileError) io.stdout(`\nYour file could not be analysed: ${fileError}\n`);
    if (o.verbose) io.stdout(`\nkubectl calls:\n${report.calls.map((c) => `  ${c}`).join('\n')}\n`);
  }
  if (report.fatal) {
    if (o.format === 'json')
      io.stderr(`cilium-datapath live: ${report.fatal.message}${report.fatal.hint ? ` ${report.fatal.hint}` : ''}\n`);
    return LIVE_EXIT.cluster;
  }
  return report.ok ? LIVE_EXIT.ok : LIVE_EXIT.differs;
}
