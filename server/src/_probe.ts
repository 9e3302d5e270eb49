import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createProtocolConnection } from 'vscode-languageserver-protocol/node';
export const x = [createConnection, ProposedFeatures, createProtocolConnection];
