/**
 * Servers and kubeconfigs that misbehave, for the live check's fault tests and the fault table of
 * the live benchmark (scripts/bench/live.mjs): a port nothing listens on, a server that accepts
 * and never answers, one that drips its answer a byte a second, one whose body never ends, one that
 * answers HTML, an https server whose context has no credentials (kubectl would prompt), a
 * credential plugin that sleeps, and a kubeconfig without a current context. Everything listens on
 * 127.0.0.1 and is removed by `close()`.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeUnreachableKubeconfig } from '../apiserver/server';

export interface FaultCluster {
  name: string;
  /** what is wrong, for the table */
  fault: string;
  kubeconfig: string;
  close(): Promise<void>;
}

function kubeconfig(
  dir: string,
  name: string,
  server: string | null,
  user: Record<string, unknown> = {},
  current = true,
  extraCluster = '',
): string {
  const path = join(dir, `kubeconfig-${name}`);
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${server ?? 'http://127.0.0.1:1'}`,
  ];
  if (extraCluster) lines.push(extraCluster);
  lines.push('contexts:', `- name: ${name}`, '  context:', `    cluster: ${name}`, `    user: ${name}`);
  if (current) lines.push(`current-context: ${name}`);
  lines.push('users:', `- name: ${name}`, `  user: ${JSON.stringify(user)}`, '');
  writeFileSync(path, lines.join('\n'));
  return path;
}

async function listen(server: Server | http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  return typeof a === 'object' && a ? a.port : 0;
}

function closer(
  server: Server | http.Server | https.Server,
  sockets: Set<Socket>,
  timers: Set<NodeJS.Timeout>,
  dir?: string,
): () => Promise<void> {
  return async () => {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

function track(server: Server | http.Server | https.Server, sockets: Set<Socket>): void {
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  });
}

export async function faultCluster(kind: string): Promise<FaultCluster> {
  const dir = mkdtempSync(join(tmpdir(), `live-fault-${kind}-`));
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  switch (kind) {
    case 'unreachable': {
      const kc = await writeUnreachableKubeconfig(dir);
      return {
        name: kind,
        fault: 'nothing listens on the port',
        kubeconfig: kc,
        close: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case 'no-context': {
      const kc = kubeconfig(dir, 'nocontext', 'http://127.0.0.1:1', {}, false);
      return {
        name: kind,
        fault: 'the kubeconfig has no current context',
        kubeconfig: kc,
        close: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case 'silent': {
      const server = createServer(() => {
        /* accept, never answer */
      });
      track(server, sockets);
      const port = await listen(server);
      return {
        name: kind,
        fault: 'accepts connections, never answers',
        kubeconfig: kubeconfig(dir, kind, `http://127.0.0.1:${port}`),
        close: closer(server, sockets, timers, dir),
      };
    }
    case 'slow-drip':
    case 'endless-body':
    case 'garbage': {
      const server = http.createServer((req, res) => {
        if (kind === 'garbage') {
          res.writeHead(200, { 'Content-Type': 'text/html' });
          res.end('<html><body><h1>Welcome to nginx!</h1></body></html>\n');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
        const text = kind === 'slow-drip' ? JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.4' }) : '';
        let i = 0;
        res.write(kind === 'endless-body' ? '{"kind":"PodList","apiVersion":"v1","items":[' : '');
        const t = setInterval(
          () => {
            if (kind === 'slow-drip') {
              if (i < text.length) res.write(text[i++]);
              else {
                clearInterval(t);
                res.end();
              }
            } else res.write('{"metadata":{"name":"x"}},'.repeat(200));
          },
          kind === 'slow-drip' ? 1000 : 5,
        );
        timers.add(t);
        req.on('close', () => clearInterval(t));
      });
      track(server, sockets);
      const port = await listen(server);
      const fault =
        kind === 'garbage'
          ? 'answers every request with an HTML page'
          : kind === 'slow-drip'
            ? 'answers one byte a second'
            : 'answers with a body that never ends';
      return {
        name: kind,
        fault,
        kubeconfig: kubeconfig(dir, kind, `http://127.0.0.1:${port}`),
        close: closer(server, sockets, timers, dir),
      };
    }
    case 'no-credentials':
    case 'sleeping-plugin': {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      const server = https.createServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
        (_req, res) => {
          res.writeHead(401, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              message: 'Unauthorized',
              reason: 'Unauthorized',
              code: 401,
            }),
          );
        },
      );
      track(server, sockets);
      const port = await listen(server);
      let user: Record<string, unknown> = {};
      if (kind === 'sleeping-plugin') {
        const plugin = join(dir, 'sleepy-credential-plugin');
        writeFileSync(plugin, '#!/bin/sh\nexec sleep 300\n');
        chmodSync(plugin, 0o755);
        user = {
          exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, interactiveMode: 'Never' },
        };
      }
      return {
        name: kind,
        fault:
          kind === 'sleeping-plugin'
            ? 'https; the credential plugin never returns'
            : 'https, and the context has no credentials',
        kubeconfig: kubeconfig(
          dir,
          kind,
          `https://127.0.0.1:${port}`,
          user,
          true,
          '    insecure-skip-tls-verify: true',
        ),
        close: closer(server, sockets, timers, dir),
      };
    }
    default:
      throw new Error(`unknown fault ${kind}`);
  }
}

export const FAULTS = [
  'unreachable',
  'no-context',
  'silent',
  'slow-drip',
  'endless-body',
  'garbage',
  'no-credentials',
  'sleeping-plugin',
];
