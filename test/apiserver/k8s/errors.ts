/** `metav1.Status` error bodies in the shapes and message formats the real API server uses. */

export interface ApiError {
  code: number;
  body: Record<string, unknown>;
}

/** `pods`, `daemonsets.apps`, `ciliumnodeconfigs.cilium.io` */
export function qualifiedResource(group: string, plural: string): string {
  return group === '' ? plural : `${plural}.${group}`;
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): ApiError {
  const body: Record<string, unknown> = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
  };
  if (details !== undefined) body['details'] = details;
  body['code'] = code;
  return { code, body };
}

function details(group: string, plural: string, name?: string): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  if (name !== undefined) d['name'] = name;
  if (group !== '') d['group'] = group;
  d['kind'] = plural;
  return d;
}

/** `pods "x" not found` */
export function notFound(group: string, plural: string, name: string): ApiError {
  return status(
    404,
    'NotFound',
    `${qualifiedResource(group, plural)} "${name}" not found`,
    details(group, plural, name),
  );
}

/** unknown path */
export function pathNotFound(): ApiError {
  return status(404, 'NotFound', 'the server could not find the requested resource', {});
}

/**
 * `configmaps "cilium-config" is forbidden: User "u" cannot get resource "configmaps" in API group "" in the namespace "kube-system"`
 * (`… at the cluster scope` for cluster-scoped requests, no name for collections).
 */
export function forbidden(opts: {
  user: string;
  verb: string;
  group: string;
  plural: string;
  subresource?: string;
  name?: string;
  namespace?: string;
}): ApiError {
  const what =
    opts.name !== undefined
      ? `${qualifiedResource(opts.group, opts.plural)} "${opts.name}"`
      : qualifiedResource(opts.group, opts.plural);
  const resource = opts.subresource ? `${opts.plural}/${opts.subresource}` : opts.plural;
  const scope = opts.namespace !== undefined ? `in the namespace "${opts.namespace}"` : 'at the cluster scope';
  const message = `${what} is forbidden: User "${opts.user}" cannot ${opts.verb} resource "${resource}" in API group "${opts.group}" ${scope}`;
  return status(403, 'Forbidden', message, details(opts.group, opts.plural, opts.name));
}

export function badRequest(message: string): ApiError {
  return status(400, 'BadRequest', message);
}

export function methodNotAllowed(): ApiError {
  return status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

export function internalError(message: string): ApiError {
  return status(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}
