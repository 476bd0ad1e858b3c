// initialize, initialized and shutdown: what the server can do, what the editor told it, the
// file watchers it asks for, the first index, and saving the caches on the way out.

import { CodeActionKind, DidChangeWatchedFilesNotification, TextDocumentSyncKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver/node';
import type { Context, Session } from './session';
import { settingsFrom } from '../settings';
import { uriToPath } from '../features/uris';
import { DEFINITION_GLOB, ROLLOUT_PLAN_GLOBS, SOURCE_GLOB } from '../../../shared/fileTypes';
import { reloadSettings } from './configuration';
import { indexAll } from './indexing';

interface InitializationOptions {
  storagePath?: string;
  settings?: unknown;
  workspaceTrusted?: boolean;
  auditLogPath?: string;
}

export function initialize(session: Session, params: InitializeParams): InitializeResult {
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  const roots = (params.workspaceFolders ?? []).map((folder) => uriToPath(folder.uri)).filter((path): path is string => path !== undefined);
  if (roots.length === 0 && params.rootUri) roots.push(uriToPath(params.rootUri) ?? '');
  if (roots.length === 0 && params.rootPath) roots.push(params.rootPath);
  session.start(
    {
      ...(options.storagePath ? { storagePath: options.storagePath } : {}),
      ...(typeof options.auditLogPath === 'string' && options.auditLogPath !== '' ? { auditLogPath: options.auditLogPath } : {}),
      supportsConfiguration: params.capabilities.workspace?.configuration === true,
      supportsWatcherRegistration: params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    },
    settingsFrom(options.settings),
    // Editors without a notion of trust (Neovim, the CLI) are trusted; VS Code says so explicitly.
    options.workspaceTrusted !== false,
    roots.filter((root) => root.length > 0),
  );
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      completionProvider: { triggerCharacters: [':', '.', '('] },
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite], resolveProvider: true },
      workspaceSymbolProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'gitlab-flags-language-server', version: '0.1.0' },
  };
}

export async function initialized(context: Context): Promise<void> {
  if (context.session.client.supportsWatcherRegistration) {
    await context.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [SOURCE_GLOB, DEFINITION_GLOB, ...ROLLOUT_PLAN_GLOBS].map((globPattern) => ({ globPattern })),
    });
  }
  await reloadSettings(context);
  await indexAll(context);
}

export function shutdown(session: Session): void {
  for (const workspace of session.workspaces.all) workspace.saveNow();
}
