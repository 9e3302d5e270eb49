/**
 * A fake Kubernetes API server for tests and demos, driven by the real `kubectl`.
 *
 * - plain HTTP on 127.0.0.1, no credentials (kubectl sends bearer tokens only over https);
 * - reports a Kubernetes version ≥ 1.30, so kubectl runs `exec` over WebSocket
 *   (`v5.channel.k8s.io`), the only exec protocol implemented here;
 * - read-only: GET of discovery, lists/gets with label and field selectors, server-side Table
 *   printing, pod logs (`container`, `tailLines`, `limitBytes`, `timestamps`, `previous`), and exec
 *   into the cilium-agent container, whose answers are generated from the scenario's per-node truth;
 * - faults per scenario: slow exec/log, forbidden resources, missing DaemonSet, a crash-looping
 *   agent, unparsable status output; {@link writeUnreachableKubeconfig} for an unreachable cluster.
 *
 * The kubeconfig it writes points at `http://127.0.0.1:<port>/<unique prefix>`: kubectl keys its
 * discovery cache (6 h) by that URL, so a new server on a reused port never gets another
 * scenario's cached API resources. Requests without the prefix are served too.
 *
 * Nothing is logged unless `FAKE_APISERVER_VERBOSE=1`.
 */
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Scenario } from './types';
import { buildCluster, validateScenario, CILIUM_AGENT_CONTAINER, type AgentRecord, type Cluster } from './k8s/cluster';
import {
  apiGroupDocFor,
  apiGroupListDoc,
  apiResourceListDoc,
  apiVersionOf,
  apiVersionsDoc,
  type ResourceDef,
} from './k8s/resources';
import { badRequest, forbidden, methodNotAllowed, notFound, pathNotFound, type ApiError } from './k8s/errors';
import { FIELDS, parseFieldSelector, parseLabelSelector, SelectorError } from './k8s/selectors';
import { toTable, wantsTable } from './k8s/table';
import { agentLog } from './cilium/logOutput';
import { runInAgent, type ExecOutcome } from './cilium/commands';
import { SCENARIO_REGISTRY } from './scenarios';
import { generatedByName } from './scenarios/generated';

export type { Scenario } from './types';

export interface RecordedRequest {
  method: string;
  /** path without the kubeconfig prefix and without the query, e.g. `/api/v1/namespaces/kube-system/pods` */
  path: string;
  /** raw query string without `?` */
  query: string;
  userAgent?: string;
}

export interface FakeApiServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  kubeconfigPath: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface StartOptions {
  scenario: string | Scenario;
  /** 0 or absent: a free port */
  port?: number;
  /** where to write the kubeconfig; default a new temporary directory (removed by close()) */
  dir?: string;
}

/** Names of the built-in scenarios. */
export const SCENARIOS: string[] = Object.keys(SCENARIO_REGISTRY);

const WS_PROTOCOL = 'v5.channel.k8s.io';
const DEFAULT_SLOW_MS = 120_000;
const CHUNK = 32 * 1024;

function verbose(...args: unknown[]): void {
  if (process.env['FAKE_APISERVER_VERBOSE'] === '1') console.error('[fake-apiserver]', ...args);
}

function resolveScenario(s: string | Scenario): Scenario {
  if (typeof s !== 'string') return s;
  const found = SCENARIO_REGISTRY[s] ?? generatedByName(s);
  if (!found)
    throw new Error(
      `unknown scenario "${s}"; known: ${SCENARIOS.join(', ')}, large-<nodes> (generated, e.g. large-1000)`,
    );
  return found;
}

/**
 * A 127.0.0.1 port nothing listens on: port 1 when a connection to it is refused (never handed out
 * as an ephemeral port, so it stays closed), else a port that was bound and released.
 */
async function closedPort(): Promise<number> {
  const refused = await new Promise<boolean>((resolve) => {
    const c = createConnection({ host: '127.0.0.1', port: 1 });
    const done = (v: boolean): void => {
      c.destroy();
      resolve(v);
    };
    c.setTimeout(500, () => done(false));
    c.once('connect', () => done(false));
    c.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED'));
  });
  if (refused) return 1;
  return releasedPort();
}

async function releasedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `hidden`: the context carries the `cilium-datapath.io/hidden` extension, so the extension's
 * context picker does not offer it (a test-only context; client/src/kubeContexts.ts).
 */
function kubeconfigText(contexts: Array<{ name: string; server: string; hidden?: boolean }>, current: string): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`);
  lines.push('contexts:');
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, '    user: fake-user');
    if (c.hidden)
      lines.push(
        '    extensions:',
        '    - name: cilium-datapath.io/hidden',
        '      extension:',
        '        reason: a test-only context',
      );
  }
  lines.push(`current-context: ${current}`, 'preferences: {}', 'users:', '- name: fake-user', '  user: {}', '');
  return lines.join('\n');
}

const exitCleanup = new Set<string>();

/** Temporary directories nobody else owns are removed when the process exits. */
function removedAtExit(dir: string): string {
  if (exitCleanup.size === 0) {
    process.once('exit', () => {
      for (const d of exitCleanup) rmSync(d, { recursive: true, force: true });
    });
  }
  exitCleanup.add(dir);
  return dir;
}

/**
 * Writes a kubeconfig whose current context `unreachable` points at a closed 127.0.0.1 port
 * (kubectl fails at once with "connection refused"). Returns its path. Without `dir`, the file goes
 * into a new temporary directory that is removed when the process exits.
 */
export async function writeUnreachableKubeconfig(dir?: string): Promise<string> {
  const d = dir ?? removedAtExit(await mkdtemp(join(tmpdir(), 'fake-apiserver-')));
  const port = await closedPort();
  const path = join(d, `kubeconfig-unreachable-${port}`);
  await writeFile(path, kubeconfigText([{ name: 'unreachable', server: `http://127.0.0.1:${port}` }], 'unreachable'));
  return path;
}

export async function startFakeApiServer(opts: StartOptions): Promise<FakeApiServer> {
  const scenario = resolveScenario(opts.scenario);
  validateScenario(scenario);
  const cluster = buildCluster(scenario, new Date());
  const requests: RecordedRequest[] = [];
  const prefix = `/fake-${scenario.name.replace(/[^A-Za-z0-9.-]/g, '-')}-${randomBytes(4).toString('hex')}`;
  const sockets = new Set<Duplex>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closing) fn();
    }, ms);
    timers.add(t);
  };

  const ctx: HandlerContext = { cluster, later, wss, prefix };

  const server = http.createServer((req, res) => {
    const rec = record(req, prefix);
    requests.push(rec);
    verbose(req.method, req.url);
    try {
      handleHttp(ctx, req, res, rec);
    } catch (e) {
      verbose('handler error', e);
      if (!res.headersSent)
        sendJson(res, 500, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `fake apiserver: ${String(e)}`,
          reason: 'InternalError',
          code: 500,
        });
      else res.destroy();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const rec = record(req, prefix);
    requests.push(rec);
    verbose('UPGRADE', req.method, req.url, req.headers['upgrade'], req.headers['sec-websocket-protocol']);
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(ctx, req, socket, head, rec);
    } catch (e) {
      verbose('upgrade error', e);
      socket.destroy();
    }
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}`;
  ctx.url = url;

  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? removedAtExit(await mkdtemp(join(tmpdir(), 'fake-apiserver-')));
  const kubeconfigPath = join(dir, `kubeconfig-${scenario.name}-${port}`);
  const unreachablePort = await closedPort();
  await writeFile(
    kubeconfigPath,
    kubeconfigText(
      [
        { name: `fake-${scenario.name}`, server: `${url}${prefix}` },
        { name: 'unreachable', server: `http://127.0.0.1:${unreachablePort}`, hidden: true },
      ],
      `fake-${scenario.name}`,
    ),
  );
  verbose(`scenario ${scenario.name} at ${url}${prefix}, kubeconfig ${kubeconfigPath}`);

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    kubeconfigPath,
    requests,
    close(): Promise<void> {
      if (closed) return closed;
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      closed = (async () => {
        for (const c of wss.clients) c.terminate();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
          server.closeAllConnections();
        });
        wss.close();
        if (ownDir) await rm(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// request routing

interface HandlerContext {
  cluster: Cluster;
  later(ms: number, fn: () => void): void;
  wss: WebSocketServer;
  prefix: string;
  url?: string;
}

function record(req: http.IncomingMessage, prefix: string): RecordedRequest {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  let path = q >= 0 ? raw.slice(0, q) : raw;
  if (path === prefix) path = '/';
  else if (path.startsWith(`${prefix}/`)) path = path.slice(prefix.length);
  const rec: RecordedRequest = { method: req.method ?? 'GET', path, query: q >= 0 ? raw.slice(q + 1) : '' };
  const ua = req.headers['user-agent'];
  if (ua) rec.userAgent = ua;
  return rec;
}

function commonHeaders(res: http.ServerResponse): void {
  res.setHeader('Audit-Id', randomUUID());
  res.setHeader('Cache-Control', 'no-cache, private');
  res.setHeader('X-Kubernetes-Pf-Flowschema-Uid', '5a4a9c34-8c1e-4b5f-9f61-0c0b3d1e1a11');
  res.setHeader('X-Kubernetes-Pf-Prioritylevel-Uid', '0b3f0f3c-6e44-4a8f-8f0f-9b8b9a0f6d22');
}

function sendJson(res: http.ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  commonHeaders(res);
  res.statusCode = code;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

function sendError(res: http.ServerResponse, e: ApiError): void {
  sendJson(res, e.code, e.body);
}

/** The parts of a resource URL. */
interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  subresource?: string;
}

function parseResourcePath(cluster: Cluster, path: string): ResourcePath | undefined {
  const segs = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else return undefined;
  const known = (plural: string) =>
    cluster.resources.some((r) => r.group === group && r.version === version && r.plural === plural);
  if (rest[0] === 'namespaces' && rest.length >= 3 && known(rest[2])) {
    return { group, version, namespace: rest[1], plural: rest[2], name: rest[3], subresource: rest[4] };
  }
  return { group, version, plural: rest[0], name: rest[1], subresource: rest[2] };
}

function findResource(cluster: Cluster, p: ResourcePath): ResourceDef | undefined {
  return cluster.resources.find((r) => r.group === p.group && r.version === p.version && r.plural === p.plural);
}

/** 403 when the scenario forbids this resource (with subresource) for everyone. */
function checkForbidden(cluster: Cluster, p: ResourcePath, verb: string): ApiError | undefined {
  const f = cluster.scenario.faults?.forbidden;
  if (!f) return undefined;
  const full = p.subresource ? `${p.plural}/${p.subresource}` : p.plural;
  if (!f.resources.includes(full)) return undefined;
  return forbidden({
    user: f.user,
    verb,
    group: p.group,
    plural: p.plural,
    subresource: p.subresource,
    name: p.name,
    namespace: p.namespace,
  });
}

function handleHttp(
  ctx: HandlerContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  rec: RecordedRequest,
): void {
  const { cluster } = ctx;
  const path = rec.path.length > 1 ? rec.path.replace(/\/+$/, '') : rec.path;
  const query = new URLSearchParams(rec.query);
  const method = rec.method;

  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    commonHeaders(res);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('ok');
    return;
  }
  if (method === 'POST' && path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
    selfSubjectAccessReview(cluster, req, res);
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const p = parseResourcePath(cluster, path);
    if (p && p.subresource === 'exec') {
      sendError(res, badRequest('Upgrade request required'));
      return;
    }
    sendError(res, methodNotAllowed());
    return;
  }
  if (path === '/version') {
    sendJson(res, 200, versionDoc(cluster.scenario.kubernetesVersion));
    return;
  }
  if (path === '/api') {
    sendJson(res, 200, apiVersionsDoc(`${ctx.url?.replace(/^http:\/\//, '') ?? '127.0.0.1:0'}`));
    return;
  }
  if (path === '/apis') {
    sendJson(res, 200, apiGroupListDoc(cluster.resources));
    return;
  }
  const gv = /^\/api\/(v1)$/.exec(path) ?? /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (gv) {
    const doc = path.startsWith('/api/')
      ? apiResourceListDoc(cluster.resources, '', gv[1])
      : apiResourceListDoc(cluster.resources, gv[1], gv[2]);
    if (doc) sendJson(res, 200, doc);
    else sendError(res, pathNotFound());
    return;
  }
  const g = /^\/apis\/([^/]+)$/.exec(path);
  if (g) {
    const doc = apiGroupDocFor(cluster.resources, g[1]);
    if (doc) sendJson(res, 200, doc);
    else sendError(res, pathNotFound());
    return;
  }

  const p = parseResourcePath(cluster, path);
  const def = p ? findResource(cluster, p) : undefined;
  if (!p || !def || (p.namespace !== undefined && !def.namespaced)) {
    sendError(res, pathNotFound());
    return;
  }
  if (p.subresource !== undefined) {
    if (p.plural === 'pods' && p.subresource === 'log' && p.namespace !== undefined && p.name !== undefined) {
      handleLog(ctx, p, query, res);
      return;
    }
    if (p.plural === 'pods' && p.subresource === 'exec') {
      const denied = checkForbidden(cluster, p, 'get');
      sendError(res, denied ?? badRequest('Upgrade request required'));
      return;
    }
    if (p.subresource !== 'status') {
      sendError(res, pathNotFound());
      return;
    }
  }
  const denied = checkForbidden(cluster, { ...p, subresource: undefined }, p.name !== undefined ? 'get' : 'list');
  if (denied) {
    sendError(res, denied);
    return;
  }
  const all = (cluster.objects.get(`${p.group}/${p.plural}`) ?? []).filter(
    (o) => p.namespace === undefined || o['metadata']['namespace'] === p.namespace,
  );
  const accept = req.headers['accept'];
  const withType = (o: Record<string, any>): Record<string, any> => ({
    kind: def.kind,
    apiVersion: apiVersionOf(def),
    ...o,
    ...(o['kind'] ? { kind: o['kind'] } : {}),
  });

  if (p.name !== undefined) {
    const obj = all.find((o) => o['metadata']['name'] === p.name);
    if (!obj) {
      sendError(res, notFound(p.group, p.plural, p.name));
      return;
    }
    const typed = withType(obj);
    if (wantsTable(accept)) {
      sendJson(
        res,
        200,
        toTable(p.plural, [typed], {
          now: Date.now(),
          resourceVersion: String(cluster.resourceVersion),
          includeObject: query.get('includeObject') ?? 'Metadata',
        }),
      );
    } else {
      sendJson(res, 200, typed);
    }
    return;
  }

  let items: Array<Record<string, any>>;
  try {
    const labelMatch = parseLabelSelector(query.get('labelSelector') ?? '');
    const fieldMatch = parseFieldSelector(query.get('fieldSelector') ?? '', FIELDS[p.plural] ?? FIELDS['default']);
    items = all.filter((o) => labelMatch(o['metadata']['labels'] ?? {}) && fieldMatch(o));
  } catch (e) {
    if (e instanceof SelectorError) {
      sendError(res, badRequest(e.message));
      return;
    }
    throw e;
  }
  items = [...items].sort((a, b) => {
    const ka = `${a['metadata']['namespace'] ?? ''}/${a['metadata']['name']}`;
    const kb = `${b['metadata']['namespace'] ?? ''}/${b['metadata']['name']}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  // paging as the API server does it: `limit` items, then a `continue` token for the rest
  const page = pageOf(items, query, String(cluster.resourceVersion));
  if ('error' in page) {
    sendError(res, page.error);
    return;
  }
  items = page.items;
  const listMeta: Record<string, unknown> = { resourceVersion: String(cluster.resourceVersion), ...page.meta };
  if (wantsTable(accept)) {
    const table = toTable(p.plural, items.map(withType), {
      now: Date.now(),
      resourceVersion: String(cluster.resourceVersion),
      includeObject: query.get('includeObject') ?? 'Metadata',
    }) as Record<string, any>;
    table['metadata'] = { ...(table['metadata'] ?? {}), ...page.meta };
    sendJson(res, 200, table);
    return;
  }
  const custom = p.group !== '' && p.group !== 'apps' && p.group !== 'apiextensions.k8s.io';
  sendJson(res, 200, {
    kind: `${def.kind}List`,
    apiVersion: apiVersionOf(def),
    metadata: listMeta,
    items: items.map((o) => (custom ? { ...o, apiVersion: apiVersionOf(def) } : stripType(o))),
  });
}

/**
 * One page of a list: `limit` (0 or absent: everything) from the offset a `continue` token names.
 * Tokens are opaque to clients (base64 of the resource version and the offset); a token for
 * another resource version is refused with 410 Gone, like an expired one on a real server.
 */
function pageOf(
  items: Array<Record<string, any>>,
  query: URLSearchParams,
  resourceVersion: string,
): { items: Array<Record<string, any>>; meta: Record<string, unknown> } | { error: ApiError } {
  const limitText = query.get('limit');
  const token = query.get('continue');
  let start = 0;
  if (token) {
    let decoded: { rv?: unknown; start?: unknown };
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { rv?: unknown; start?: unknown };
    } catch {
      return { error: badRequest(`invalid continue token: ${token.slice(0, 40)}`) };
    }
    if (decoded.rv !== resourceVersion || typeof decoded.start !== 'number' || decoded.start < 0) {
      return {
        error: {
          code: 410,
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message:
              'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
            reason: 'Expired',
            code: 410,
          },
        },
      };
    }
    start = decoded.start;
  }
  const limit = limitText && /^\d+$/.test(limitText) ? Number(limitText) : 0;
  if (limit <= 0) return { items: items.slice(start), meta: {} };
  const end = Math.min(items.length, start + limit);
  const meta: Record<string, unknown> = {};
  if (end < items.length) {
    meta['continue'] = Buffer.from(JSON.stringify({ rv: resourceVersion, start: end })).toString('base64url');
    meta['remainingItemCount'] = items.length - end;
  }
  return { items: items.slice(start, end), meta };
}

/** `kubectl auth can-i …`: allowed unless the scenario forbids the resource. */
function selfSubjectAccessReview(cluster: Cluster, req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let review: Record<string, any>;
    try {
      review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
    } catch {
      sendError(res, badRequest('the request body is not a valid SelfSubjectAccessReview'));
      return;
    }
    const attrs = review['spec']?.['resourceAttributes'] as Record<string, string> | undefined;
    let allowed = true;
    const f = cluster.scenario.faults?.forbidden;
    if (f && attrs) {
      const full = attrs['subresource'] ? `${attrs['resource']}/${attrs['subresource']}` : attrs['resource'];
      allowed = !f.resources.includes(full);
    }
    sendJson(res, 201, {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: review['spec'] ?? {},
      status: allowed ? { allowed: true } : { allowed: false },
    });
  });
}

function stripType(o: Record<string, any>): Record<string, any> {
  const rest = { ...o };
  delete rest['kind'];
  delete rest['apiVersion'];
  return rest;
}

function versionDoc(gitVersion: string): Record<string, string> {
  const m = /^v?(\d+)\.(\d+)\.\d+(.*)$/.exec(gitVersion);
  const major = m ? m[1] : '1';
  const minor = m ? `${m[2]}${m[3] && m[3].startsWith('-') ? '+' : ''}` : '0';
  return {
    major,
    minor,
    gitVersion,
    gitCommit: Buffer.from(gitVersion).toString('hex').padEnd(40, '0').slice(0, 40),
    gitTreeState: 'clean',
    buildDate: '2024-12-10T11:43:34Z',
    goVersion: 'go1.22.9',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

// ---------------------------------------------------------------------------------------------
// pods: shared lookups

function findPod(cluster: Cluster, namespace: string, name: string): Record<string, any> | undefined {
  return (cluster.objects.get('/pods') ?? []).find(
    (o) => o['metadata']['namespace'] === namespace && o['metadata']['name'] === name,
  );
}

/** The container a log/exec request targets, or the API error for a bad or missing name. */
function resolveContainer(
  pod: Record<string, any>,
  requested: string | null,
  allowInit: boolean,
): { name: string } | { error: ApiError } {
  const containers: string[] = (pod['spec']['containers'] ?? []).map((c: any) => c.name);
  const inits: string[] = (pod['spec']['initContainers'] ?? []).map((c: any) => c.name);
  const podName = pod['metadata']['name'];
  if (!requested) {
    if (containers.length === 1) return { name: containers[0] };
    return {
      error: badRequest(
        `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]${inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : ''}`,
      ),
    };
  }
  if (containers.includes(requested) || (allowInit && inits.includes(requested))) return { name: requested };
  return { error: badRequest(`container ${requested} is not valid for pod ${podName}`) };
}

// ---------------------------------------------------------------------------------------------
// logs

function handleLog(ctx: HandlerContext, p: ResourcePath, query: URLSearchParams, res: http.ServerResponse): void {
  const { cluster } = ctx;
  const denied = checkForbidden(cluster, p, 'get');
  if (denied) return sendError(res, denied);
  const pod = findPod(cluster, p.namespace!, p.name!);
  if (!pod) return sendError(res, notFound('', 'pods', p.name!));
  const c = resolveContainer(pod, query.get('container'), true);
  if ('error' in c) return sendError(res, c.error);
  const agent = cluster.agents.get(`${p.namespace}/${p.name}`);
  const previous = query.get('previous') === 'true';
  const timestamps = query.get('timestamps') === 'true';

  let text: string;
  if (agent && c.name === CILIUM_AGENT_CONTAINER) {
    if (previous && agent.pod.state === 'running' && (agent.pod.restartCount ?? 0) === 0) {
      return sendError(res, badRequest(`previous terminated container "${c.name}" in pod "${p.name}" not found`));
    }
    text = agentLog(agent.logContext, { timestamps });
  } else {
    if (previous)
      return sendError(res, badRequest(`previous terminated container "${c.name}" in pod "${p.name}" not found`));
    text = genericLog(pod, c.name, timestamps);
  }
  const tail = query.get('tailLines');
  if (tail !== null && /^\d+$/.test(tail)) {
    const n = Number(tail);
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
    text = n === 0 ? '' : `${lines.slice(-n).join('\n')}\n`;
  }
  let body = Buffer.from(text, 'utf8');
  const limit = query.get('limitBytes');
  if (limit !== null && /^\d+$/.test(limit)) {
    const n = Number(limit);
    if (n <= 0)
      return sendError(
        res,
        badRequest(`PodLogOptions "${p.name}" is invalid: limitBytes: Invalid value: ${n}: must be greater than 0`),
      );
    body = body.subarray(0, n);
  }
  const send = (): void => {
    commonHeaders(res);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/plain');
    res.setHeader('Content-Length', body.length);
    res.end(body);
  };
  if (cluster.scenario.faults?.slow) ctx.later(cluster.scenario.faults.slowDelayMs ?? DEFAULT_SLOW_MS, send);
  else send();
}

function genericLog(pod: Record<string, any>, container: string, timestamps: boolean): string {
  const start = Date.parse(pod['metadata']['creationTimestamp']) + 4000;
  const lines = [
    `[INFO] ${container} starting`,
    `[INFO] ${container}: configuration loaded`,
    `[INFO] ${container}: ready`,
  ];
  return (
    lines
      .map((l, i) => (timestamps ? `${new Date(start + i * 1000).toISOString().replace(/Z$/, '456789Z')} ${l}` : l))
      .join('\n') + '\n'
  );
}

// ---------------------------------------------------------------------------------------------
// exec (WebSocket v5.channel.k8s.io)

/** Writes a plain HTTP response on a socket that was not upgraded, then closes it. */
function rawResponse(socket: Duplex, code: number, reason: string, contentType: string, body: string): void {
  const b = Buffer.from(body, 'utf8');
  socket.write(
    `HTTP/1.1 ${code} ${reason}\r\n` +
      `Audit-Id: ${randomUUID()}\r\n` +
      'Cache-Control: no-cache, private\r\n' +
      `Content-Type: ${contentType}\r\n` +
      `Content-Length: ${b.length}\r\n` +
      `Date: ${new Date().toUTCString()}\r\n` +
      'Connection: close\r\n\r\n',
  );
  socket.end(b);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

function rawError(socket: Duplex, e: ApiError): void {
  rawResponse(socket, e.code, REASONS[e.code] ?? 'Error', 'application/json', JSON.stringify(e.body));
}

function handleUpgrade(
  ctx: HandlerContext,
  req: http.IncomingMessage,
  socket: Duplex,
  head: Buffer,
  rec: RecordedRequest,
): void {
  const { cluster } = ctx;
  const p = parseResourcePath(cluster, rec.path);
  if (
    !p ||
    p.plural !== 'pods' ||
    p.namespace === undefined ||
    p.name === undefined ||
    (p.subresource !== 'exec' && p.subresource !== 'attach' && p.subresource !== 'portforward')
  ) {
    rawError(socket, pathNotFound());
    return;
  }
  const isWebSocket = (req.headers['upgrade'] ?? '').toLowerCase() === 'websocket';
  // WebSocket exec is a GET (RBAC verb `get`); the SPDY fallback is a POST (verb `create`)
  const denied = checkForbidden(cluster, p, isWebSocket ? 'get' : 'create');
  if (denied) return rawError(socket, denied);
  const pod = findPod(cluster, p.namespace, p.name);
  if (!pod) return rawError(socket, notFound('', 'pods', p.name));
  if (p.subresource !== 'exec') {
    return rawError(socket, badRequest(`this fake API server does not implement pods/${p.subresource}`));
  }
  const query = new URLSearchParams(rec.query);
  const c = resolveContainer(pod, query.get('container'), false);
  if ('error' in c) return rawError(socket, c.error);
  const agent = cluster.agents.get(`${p.namespace}/${p.name}`);
  const isAgent = agent !== undefined && c.name === CILIUM_AGENT_CONTAINER;
  if (isAgent && agent.pod.state !== 'running') {
    // the kubelet finds no running container; its plain-text error passes through the API server
    rawResponse(socket, 500, 'Internal Server Error', 'text/plain; charset=utf-8', `container not found ("${c.name}")`);
    return;
  }
  if (!isWebSocket) {
    return rawError(
      socket,
      badRequest(
        `this fake API server implements exec only over WebSocket (${WS_PROTOCOL}); use kubectl 1.30 or newer`,
      ),
    );
  }
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
  if (!offered.includes(WS_PROTOCOL)) {
    return rawError(
      socket,
      badRequest(
        `unable to upgrade: none of the offered subprotocols [${offered.join(' ')}] is supported; this fake API server speaks ${WS_PROTOCOL}`,
      ),
    );
  }
  const argv = query.getAll('command');
  const stdin = query.get('stdin') === 'true';
  ctx.wss.handleUpgrade(req, socket, head, (ws) => execSession(ctx, ws, argv, isAgent ? agent : undefined, stdin));
}

function frame(channel: number, data: Buffer | string): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([Buffer.from([channel]), payload]);
}

/** The v5 protocol's CLOSE signal: channel 255, then the id of the stream the peer is done with. */
const CLOSE_CHANNEL = 255;
/** How long a session waits for the client before it answers anyway. */
const CLIENT_READY_MAX_MS = 5_000;
/** After the client's read loop has answered a ping: time for it to finish creating its streams. */
const CLIENT_READY_GRACE_MS = 20;

/**
 * Resolves when kubectl is ready for output. kubectl (client-go before 1.33) creates its stream
 * pipes in one goroutine while another already reads the connection; frames that arrive before a
 * stream exists are dropped ("Unknown stream id 1, discarding message"), and a close before that
 * ends in "error: closed all streams". A real API server answers only after a round trip to the
 * kubelet and the runtime; here the session waits for evidence instead of sending at once:
 * - with stdin, kubectl sends the CLOSE signal for stdin (or stdin data) only after it created all
 *   its streams: that is the ready signal;
 * - without stdin nothing is sent by the client, so the session pings and waits for the pong (the
 *   client's read loop is running, which is started together with the stream creation), then a
 *   short grace.
 * Never longer than {@link CLIENT_READY_MAX_MS}.
 */
function clientReady(ws: WebSocket, stdin: boolean): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (graceMs: number): void => {
      if (done) return;
      done = true;
      clearTimeout(cap);
      ws.off('message', onMessage);
      ws.off('pong', onPong);
      ws.off('close', onClose);
      if (graceMs > 0) setTimeout(resolve, graceMs);
      else resolve();
    };
    const cap = setTimeout(() => finish(0), CLIENT_READY_MAX_MS);
    const onMessage = (data: Buffer): void => {
      if (!stdin) return;
      const b = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      if (b.length > 0 && (b[0] === 0 || b[0] === CLOSE_CHANNEL)) finish(0);
    };
    const onPong = (): void => {
      if (!stdin) finish(CLIENT_READY_GRACE_MS);
    };
    const onClose = (): void => finish(0);
    ws.on('message', onMessage);
    ws.on('pong', onPong);
    ws.on('close', onClose);
    if (!stdin) {
      try {
        ws.ping();
      } catch {
        finish(0);
      }
    }
  });
}

/** `agent` undefined: a container other than cilium-agent (distroless images, nothing to run). */
function execSession(
  ctx: HandlerContext,
  ws: WebSocket,
  argv: string[],
  agent: AgentRecord | undefined,
  stdin: boolean,
): void {
  ws.on('error', () => ws.terminate());
  ws.on('message', () => {
    /* stdin, resize and close signals are accepted and ignored */
  });
  const run = (): void => {
    if (ws.readyState !== ws.OPEN) return;
    let outcome: ExecOutcome;
    if (agent) {
      outcome = runInAgent(
        {
          version: agent.pod.version,
          context: agent.context,
          containerRuntime: agent.node.containerRuntime ?? 'containerd://1.7.22',
          garbage: agent.pod.statusOutput === 'garbage',
          podName: agent.podName,
        },
        argv,
      );
    } else {
      // other containers (distroless images): nothing to run
      outcome = {
        kind: 'runtime-error',
        message: `error executing command in container: failed to exec in container: failed to start exec "${randomBytes(32).toString('hex')}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0] ?? ''}": executable file not found in $PATH: unknown`,
      };
    }
    let status: Record<string, unknown>;
    if (outcome.kind === 'exit') {
      const out = Buffer.from(outcome.stdout, 'utf8');
      for (let i = 0; i < out.length; i += CHUNK) ws.send(frame(1, out.subarray(i, i + CHUNK)));
      const err = Buffer.from(outcome.stderr, 'utf8');
      for (let i = 0; i < err.length; i += CHUNK) ws.send(frame(2, err.subarray(i, i + CHUNK)));
      status =
        outcome.exitCode === 0
          ? { metadata: {}, status: 'Success' }
          : {
              metadata: {},
              status: 'Failure',
              message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${outcome.exitCode}`,
              reason: 'NonZeroExitCode',
              details: { causes: [{ reason: 'ExitCode', message: String(outcome.exitCode) }] },
            };
    } else {
      status = {
        metadata: {},
        status: 'Failure',
        message: `Internal error occurred: ${outcome.message}`,
        reason: 'InternalError',
        details: { causes: [{ message: outcome.message }] },
        code: 500,
      };
    }
    ws.send(frame(3, JSON.stringify(status)));
    ws.close(1000);
  };
  void clientReady(ws, stdin).then(() => {
    if (ws.readyState !== ws.OPEN) return;
    // like the kubelet: an empty frame on the lowest output channel once the streams exist
    ws.send(frame(1, Buffer.alloc(0)));
    const slow = ctx.cluster.scenario.faults?.slow;
    if (slow) ctx.later(ctx.cluster.scenario.faults?.slowDelayMs ?? DEFAULT_SLOW_MS, run);
    else run();
  });
}
