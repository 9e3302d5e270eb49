/** `workspace/executeCommand`: `ciliumDatapath.explain [uri]` → the verdict explained, as Markdown text. */
import type { ExecuteCommandParams } from 'vscode-languageserver';
import type { DocumentStore } from '../documents/store';
import { EXPLAIN_COMMAND } from '../messages';
import { explainMarkdown } from './explain';
import { versionTable } from './versions';

export const COMMANDS: readonly string[] = [EXPLAIN_COMMAND];

export async function executeCommand(store: DocumentStore, params: ExecuteCommandParams): Promise<string | null> {
  if (params.command !== EXPLAIN_COMMAND) return null;
  const arg = params.arguments?.[0];
  const uri =
    typeof arg === 'string'
      ? arg
      : arg && typeof arg === 'object' && typeof (arg as { uri?: unknown }).uri === 'string'
        ? (arg as { uri: string }).uri
        : undefined;
  if (!uri) return null;
  const entry = await store.entry(uri);
  if (!entry) return null;
  // a wrapped release: `[uri, index]` (the lens of that release), else the first one
  const index = typeof params.arguments?.[1] === 'number' ? (params.arguments[1] as number) : 0;
  if (entry.releases && entry.releases.length > 0)
    return explainMarkdown((entry.releases[index] ?? entry.releases[0]).view);
  // The command (the Explain view) also shows the verdict over every release; the hover does not.
  const table = versionTable(entry);
  return table ? `${explainMarkdown(entry)}\n${table}\n` : explainMarkdown(entry);
}
