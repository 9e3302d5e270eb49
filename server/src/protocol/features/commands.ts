/** `workspace/executeCommand`: `ciliumDatapath.explain [uri]` → the verdict explained, as Markdown text. */
import type { ExecuteCommandParams } from 'vscode-languageserver';
import type { DocumentStore } from '../documents/store';
import { EXPLAIN_COMMAND } from '../messages';
import { explainMarkdown } from './explain';

export const COMMANDS: readonly string[] = [EXPLAIN_COMMAND];

export async function executeCommand(store: DocumentStore, params: ExecuteCommandParams): Promise<string | null> {
  if (params.command !== EXPLAIN_COMMAND) return null;
  const arg = params.arguments?.[0];
  const uri = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && typeof (arg as { uri?: unknown }).uri === 'string' ? (arg as { uri: string }).uri : undefined;
  if (!uri) return null;
  const entry = await store.entry(uri);
  return entry ? explainMarkdown(entry) : null;
}
