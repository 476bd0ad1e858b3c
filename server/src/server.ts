// The language server's front door: wires each LSP message to its handler in handlers/, and the
// parts they share (the session, diagnostics, index status, file events) to one another.

import { createConnection, ProposedFeatures, TextDocuments, type WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as protocol from '../../shared/protocol';
import { Session, type Context } from './handlers/session';
import { Diagnostics } from './diagnostics';
import { IndexStatus } from './status';
import { FileEvents } from './fileEvents';
import { initialize, initialized, shutdown } from './handlers/initialize';
import { configurationChanged } from './handlers/configuration';
import { workspaceFoldersChanged } from './handlers/workspaceFolders';
import { hover } from './handlers/hover';
import { goToDefinition } from './handlers/definition';
import { findReferences } from './handlers/references';
import { complete } from './handlers/completion';
import { findSymbols } from './handlers/symbols';
import { prepareFlagRename, renameFlag } from './handlers/rename';
import { listCodeActions, resolveAction } from './handlers/codeActions';
import { describeFlag, documentFlags, listFlags } from './handlers/flags';
import { environments, refreshState, setToken } from './handlers/environments';
import { cancelWrite, chatopsLineOf, executeWrite, planWrite, workspaceTrust } from './handlers/writes';
import { cleanup, extinct } from './handlers/cleanup';
import { releaseWithFlag, rolloutIssue, rolloutSteps } from './handlers/rollout';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const session = new Session(documents);
const diagnostics = new Diagnostics((params) => void connection.sendDiagnostics(params), () => session.workspaces);
const status = new IndexStatus((params) => void connection.sendNotification(protocol.IndexStatusNotification.type, params), () => session.workspaces, () => diagnostics.problemTotal);
const fileEvents = new FileEvents(session, diagnostics, status);
const context: Context = { connection, session, diagnostics, status };

// NOTE: a bug in one handler must not take the whole server (and the user's diagnostics) down;
// it is logged with its stack for a report, and the server carries on.
process.on('unhandledRejection', (reason) => connection.console.error(`Unexpected error: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
process.on('uncaughtException', (error) => connection.console.error(`Unexpected error: ${error.stack ?? error.message}`));

// Lifecycle, settings and roots
connection.onInitialize((params) => initialize(session, params));
connection.onInitialized(() => initialized(context));
connection.onDidChangeConfiguration(() => configurationChanged(context));
connection.onNotification('workspace/didChangeWorkspaceFolders', (params: { event: WorkspaceFoldersChangeEvent }) => workspaceFoldersChanged(context, params));
connection.onShutdown(() => shutdown(session));

// Documents and files
documents.onDidChangeContent((event) => fileEvents.documentChanged(event.document));
documents.onDidClose((event) => fileEvents.documentClosed(event.document));
connection.onDidChangeWatchedFiles((params) => fileEvents.watched(params.changes));

// Reading features
connection.onHover((params) => hover(session, params));
connection.onDefinition((params) => goToDefinition(session, params));
connection.onReferences((params) => findReferences(session, params));
connection.onCompletion((params) => complete(session, documents, params));
connection.onWorkspaceSymbol((params) => findSymbols(session, params));
connection.onPrepareRename((params) => prepareFlagRename(session, params));
connection.onRenameRequest((params) => renameFlag(session, params));
connection.onCodeAction((params) => listCodeActions(session, params));
connection.onCodeActionResolve((action) => resolveAction(session, action));

// Custom requests (shared/protocol.ts)
connection.onRequest(protocol.ListFlagsRequest.type, (params) => listFlags(session, params));
connection.onRequest(protocol.FlagDetailsRequest.type, (params) => describeFlag(session, params));
connection.onRequest(protocol.DocumentFlagsRequest.type, (params) => documentFlags(session, params));
connection.onRequest(protocol.EnvironmentsRequest.type, () => environments(session));
connection.onNotification(protocol.SetTokenNotification.type, (params) => setToken(session, params));
connection.onRequest(protocol.RefreshStateRequest.type, (params) => refreshState(session, params));
connection.onRequest(protocol.ChatopsLineRequest.type, (intent) => chatopsLineOf(session, intent));
connection.onRequest(protocol.PlanWriteRequest.type, (intent) => planWrite(session, intent));
connection.onRequest(protocol.ExecuteWriteRequest.type, (params) => executeWrite(session, params));
connection.onRequest(protocol.CancelWriteRequest.type, (params) => cancelWrite(session, params));
connection.onNotification(protocol.WorkspaceTrustNotification.type, (params) => workspaceTrust(session, params));
connection.onRequest(protocol.ExtinctFlagsRequest.type, (params) => extinct(session, params));
connection.onRequest(protocol.RolloutStepsRequest.type, (params) => rolloutSteps(session, params));
connection.onRequest(protocol.RolloutIssueRequest.type, (params) => rolloutIssue(session, params));
connection.onRequest(protocol.ReleaseWithFlagRequest.type, (params) => releaseWithFlag(session, params));
connection.onRequest(protocol.CleanupRequest.type, (params) => cleanup(session, params));

documents.listen(connection);
connection.listen();
