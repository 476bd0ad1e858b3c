// Entry point of the VS Code extension. The client is thin: it starts the language server, shows
// its data in views and a status bar item, relays commands and tokens, and asks for confirmations.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { IndexStatusNotification, StateChangedNotification, WorkspaceTrustNotification } from '../../shared/protocol';
import { registerCodeCommands } from './commands/codeCommands';
import { registerExtinctCommands } from './commands/extinctCommands';
import { registerViewCommands } from './commands/viewCommands';
import { registerWriteCommands } from './commands/writeCommands';
import { createLanguageClient } from './languageClient';
import { InlineStateDecorations } from './inlineState';
import { registerMcpServer } from './mcpServer';
import { flagNameOf } from './prompts';
import type { Services } from './services';
import { IndexStatusItem } from './statusBar';
import { TokenSync } from './tokens';
import { EnvironmentsTreeProvider } from './views/environmentsTree';
import { describeFilter } from './views/flagsFilter';
import { FlagsTreeProvider } from './views/flagsTree';
import { RolloutTreeProvider } from './views/rolloutTree';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('GitLab Feature Flags', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(...registerMcpServer(context, log));
  client = createLanguageClient(context, log);

  const flags = new FlagsTreeProvider(client, context.workspaceState);
  const environments = new EnvironmentsTreeProvider(client);
  const rollout = new RolloutTreeProvider(client);
  const tokens = new TokenSync(context.secrets, client);
  const status = new IndexStatusItem();
  const inlineState = new InlineStateDecorations(client);
  const services: Services = { client, log, tokens, flags, environments, rollout };

  const flagsView = vscode.window.createTreeView('gitlabFlags.flags', { treeDataProvider: flags, showCollapseAll: true });
  const rolloutView = vscode.window.createTreeView('gitlabFlags.rollout', { treeDataProvider: rollout });
  const environmentsView = vscode.window.createTreeView('gitlabFlags.environments', { treeDataProvider: environments });
  context.subscriptions.push(
    flags,
    environments,
    rollout,
    tokens,
    status,
    inlineState,
    flagsView,
    rolloutView,
    environmentsView,
    flagsView.onDidChangeSelection((event) => {
      const name = flagNameOf(event.selection[0]);
      if (name && name !== rollout.flag) rollout.show(name);
    }),
    rollout.onDidChangeTreeData(() => {
      rolloutView.description = rollout.flag;
    }),
    flags.onDidChangeTreeData(() => {
      flagsView.description = describeFilter(flags.filter) || undefined;
    }),
    ...registerWriteCommands(services),
    ...registerExtinctCommands(services),
    ...registerCodeCommands(services),
    ...registerViewCommands(services),
  );

  context.subscriptions.push(
    client.onNotification(IndexStatusNotification.type, (indexStatus) => {
      status.update(indexStatus);
      if (indexStatus.state !== 'indexing') {
        flags.refresh();
        inlineState.indexChanged();
      }
    }),
    client.onNotification(StateChangedNotification.type, () => {
      flags.refresh();
      environments.refresh();
      rollout.refresh();
      inlineState.statesChanged();
    }),
    // The server refuses writes while the workspace is untrusted; tell it as soon as trust is granted
    // (VS Code never revokes it without a reload). A client not started yet sends it at initialize.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (!client || client.needsStart()) return;
      client.sendNotification(WorkspaceTrustNotification.type, { trusted: true }).catch((error: unknown) => {
        log.warn(`Could not tell the server that the workspace is trusted: ${error instanceof Error ? error.message : String(error)}`);
      });
    }),
  );

  try {
    await client.start();
  } catch (error) {
    // NOTE: the server's messages never contain tokens; this is the start failure in one line.
    const message = error instanceof Error ? error.message : String(error);
    log.error(`The language server did not start: ${message}`);
    void vscode.window.showErrorMessage(`GitLab Flags: the language server did not start: ${message}`, 'Show Output').then(
      (answer) => answer && log.show(),
    );
    return;
  }
  await tokens.sendAll();
  flags.refresh();
  environments.refresh();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
