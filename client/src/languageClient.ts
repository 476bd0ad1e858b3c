// Starts the language server (dist/server.js over stdio) for the file types flags are used in.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

export const CONFIG_SECTION = 'gitlabFlags';

const LANGUAGES = ['ruby', 'haml', 'erb', 'javascript', 'typescript', 'vue', 'yaml'];
// NOTE: HAML, ERB and Vue have no built-in language id; matching by extension as well keeps them
// served even when no extension that defines those languages is installed.
const PATTERNS = ['**/*.haml', '**/*.erb', '**/*.vue'];

export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  // The client stops listening to the watcher on stop but never disposes it, so the extension does.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{rb,haml,erb,js,ts,vue,yml}');
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.map((language) => ({ scheme: 'file', language })),
      ...PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
    ],
    synchronize: {
      configurationSection: CONFIG_SECTION,
      fileEvents: watcher,
    },
    outputChannel: log,
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
  return new LanguageClient(CONFIG_SECTION, 'GitLab Feature Flags', serverOptions, clientOptions);
}
