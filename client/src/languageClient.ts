// Starts the language server (dist/server.js over stdio) for the files the index reads.

import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ClientCapabilities,
  CodeActionResolveRequest,
  FeatureState,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  StaticFeature,
  TransportKind,
} from 'vscode-languageclient/node';
import { tickedPreviewEdit } from './commands/codeCommands';
import { INDEXED_GLOBS } from './indexedFiles';

export const CONFIG_SECTION = 'gitlabFlags';

/**
 * The client's watchers (below) are the only ones. Without this, the server also registers its own
 * through client/registerCapability, and every change reaches it twice, under another glob.
 */
class ClientWatchersOnly implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    const watched = capabilities.workspace?.didChangeWatchedFiles;
    if (watched) watched.dynamicRegistration = false;
  }
  initialize(): void {}
  getState(): FeatureState {
    return { kind: 'static' };
  }
  clear(): void {}
}

export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  // The client stops listening to the watchers on stop but never disposes them, so the extension does.
  const watchers = INDEXED_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
  // Assigned below; the middleware runs only once the client exists.
  let client: LanguageClient;
  const clientOptions: LanguageClientOptions = {
    documentSelector: INDEXED_GLOBS.map((pattern) => ({ scheme: 'file', pattern })),
    synchronize: {
      configurationSection: CONFIG_SECTION,
      fileEvents: watchers,
    },
    outputChannel: log,
    middleware: {
      // The "Remove flag" code actions carry the same edit as the Remove Flag command: shown in the
      // refactor preview with every change ticked (see tickedPreviewEdit).
      resolveCodeAction: async (item, token, next) => {
        if ((item as { data?: { action?: string } }).data?.action !== 'cleanup') return next(item, token);
        const resolved = await client.sendRequest(CodeActionResolveRequest.type, client.code2ProtocolConverter.asCodeActionSync(item), token);
        const action = await client.protocol2CodeConverter.asCodeAction({ ...resolved, edit: undefined }, token);
        if (resolved.edit) action.edit = await tickedPreviewEdit(client, resolved.edit, resolved.title);
        return action;
      },
    },
    // Hover text from YAML and GitLab is never trusted Markdown; only our Refresh link may run.
    markdown: { isTrusted: { enabledCommands: ['gitlabFlags.refreshFlag'] }, supportHtml: false },
    initializationOptions: () => ({
      storagePath: context.storageUri?.fsPath,
      globalStoragePath: context.globalStorageUri.fsPath,
      settings: vscode.workspace.getConfiguration(CONFIG_SECTION),
      // Lets the server refuse writes itself in restricted mode, not only hide the commands.
      workspaceTrusted: vscode.workspace.isTrusted,
    }),
  };
  client = new LanguageClient(CONFIG_SECTION, 'GitLab Feature Flags', serverOptions, clientOptions);
  client.registerFeature(new ClientWatchersOnly());
  return client;
}
