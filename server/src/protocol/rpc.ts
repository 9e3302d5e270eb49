/**
 * The protocol values the client shares with the server (requests.ts): from the protocol
 * package, which both sides have, and through one file for the reason given in lsp.ts.
 */
export { RequestType } from 'vscode-languageserver-protocol';
