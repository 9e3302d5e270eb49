/**
 * The language client library and the protocol's request objects, loaded on first use rather
 * than with the extension. VS Code counts loading the extension and the synchronous part of
 * activate() as its activation time; the library's module initialisation alone is ~45 ms of CPU
 * on the test machine (scripts/e2e.mjs prints the figure), and it now runs after activate() has
 * handed control back (extension.ts starts the client on the next turn).
 */
import type * as Requests from '../../server/src/protocol/requests';
import type * as ClientLibrary from 'vscode-languageclient/node';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, on purpose */
export const requests = (): typeof Requests => require('../../server/src/protocol/requests') as typeof Requests;
export const clientLibrary = (): typeof ClientLibrary => require('vscode-languageclient/node') as typeof ClientLibrary;
