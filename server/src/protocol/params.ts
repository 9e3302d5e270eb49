/**
 * Shapes of request and notification parameters, checked before a handler runs: a request with
 * parameters it cannot use is answered with InvalidParams (no stack trace in the log), a broken
 * notification is dropped with a Warning-level line.
 */
import { ErrorCodes, ResponseError } from './lsp';

type Check = (p: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fffffff;

function position(v: unknown, name: string): string | undefined {
  if (!isObject(v)) return `${name} is missing`;
  if (!isIndex(v.line)) return `${name}.line must be a whole number ≥ 0`;
  if (!isIndex(v.character)) return `${name}.character must be a whole number ≥ 0`;
  return undefined;
}

function textDocument(p: unknown): string | undefined {
  if (!isObject(p)) return 'the parameters must be an object';
  if (!isObject(p.textDocument) || typeof p.textDocument.uri !== 'string') return 'textDocument.uri is missing';
  return undefined;
}

/** `{ textDocument: { uri }, position: { line, character } }` (hover, completion). */
export const textDocumentPosition: Check = (p) =>
  textDocument(p) ?? position((p as Record<string, unknown>).position, 'position');

/** `{ textDocument: { uri } }` (code lenses). */
export const textDocumentOnly: Check = textDocument;

/** `{ textDocument, range, context: { diagnostics: [] } }` (code actions). */
export const codeActionParams: Check = (p) => {
  const e = textDocument(p);
  if (e) return e;
  const o = p as Record<string, unknown>;
  if (!isObject(o.range)) return 'range is missing';
  const r = position(o.range.start, 'range.start') ?? position(o.range.end, 'range.end');
  if (r) return r;
  if (!isObject(o.context) || !Array.isArray(o.context.diagnostics)) return 'context.diagnostics must be a list';
  return undefined;
};

/** `{ command, arguments? }` (executeCommand). */
export const executeCommandParams: Check = (p) => {
  if (!isObject(p) || typeof p.command !== 'string') return 'command is missing';
  if (p.arguments !== undefined && !Array.isArray(p.arguments)) return 'arguments must be a list';
  return undefined;
};

/** The answer to a request whose parameters failed `check`, or undefined when they are fine. */
export function invalidParams(method: string, check: Check, params: unknown): ResponseError<void> | undefined {
  const why = check(params);
  return why === undefined ? undefined : new ResponseError(ErrorCodes.InvalidParams, `${method}: ${why}`);
}

/** didChangeWatchedFiles: the changes with a URI (others are dropped). */
export function watchedChanges(p: unknown): Array<{ uri: string; type?: unknown }> {
  if (!isObject(p) || !Array.isArray(p.changes)) return [];
  return p.changes.filter((c): c is { uri: string; type?: unknown } => isObject(c) && typeof c.uri === 'string');
}

/** `workspace/didChangeWorkspaceFolders` (the event, as the library passes it): folder URIs added and removed. */
export function workspaceFolderChanges(e: unknown): { added: string[]; removed: string[] } {
  const uris = (list: unknown): string[] =>
    Array.isArray(list) ? list.flatMap((f) => (isObject(f) && typeof f.uri === 'string' ? [f.uri] : [])) : [];
  if (!isObject(e)) return { added: [], removed: [] };
  return { added: uris(e.added), removed: uris(e.removed) };
}

/** The messages the JSON-RPC library logs as Errors about parameters a client got wrong. */
export function isClientParamsComplaint(message: string): boolean {
  return /^(Notification|Request) \S+ defines (parameters by name but received parameters by position|\d+ params but received none)/.test(
    message,
  );
}
