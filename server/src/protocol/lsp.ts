/**
 * The one module that imports values (not only types) from the LSP library.
 *
 * The library is CommonJS. For every file that imports it, the bundler builds a separate ES-module
 * view: an object with a getter for each of its ~300 exports. With eleven importing files that
 * was ~3,400 getters, ~0.7 MB of the server's heap for nothing; through this file there is one
 * view. test/unit/imports.test.ts keeps it that way.
 */
export {
  CodeActionKind,
  CodeLensRefreshRequest,
  CompletionItemKind,
  CompletionItemTag,
  createConnection,
  DiagnosticRelatedInformation,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  ErrorCodes,
  FileChangeType,
  Location,
  MarkupKind,
  NotificationType,
  Position,
  ProposedFeatures,
  Range,
  RequestType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
} from 'vscode-languageserver/node';
