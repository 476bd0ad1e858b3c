// Offers `gitlab-flags mcp` to VS Code's agents (Copilot's agent mode and others) through the MCP
// server definition provider, one server per workspace folder that is a GitLab checkout. The API
// arrived in VS Code 1.101 (@types/vscode 1.91 does not have it), so it is feature-detected: on
// older versions, and where it is still a proposed API (code-server 4.100), nothing happens.
//
// NOTE: tokens are never handed to the MCP server: a definition's env is shown in VS Code's MCP
// views. It reads GITLAB_FLAGS_TOKEN_<NAME> from the environment VS Code runs in, if set.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

// NOTE: languageClient.ts's section, not imported from there so this file loads without the client library.
const CONFIG_SECTION = 'gitlabFlags';

/** Declared in package.json (contributes.mcpServerDefinitionProviders). */
export const MCP_PROVIDER_ID = 'gitlabFlags.mcp';

/** The parts of the 1.101 API used here. */
interface McpStdioServerDefinitionConstructor {
  new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string): { cwd?: vscode.Uri };
}
interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(token: vscode.CancellationToken): unknown[] }): vscode.Disposable;
}

export function registerMcpServer(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const api = (vscode as any).lm as McpApi | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const Definition = (vscode as any).McpStdioServerDefinition as McpStdioServerDefinitionConstructor | undefined;
  if (typeof api?.registerMcpServerDefinitionProvider !== 'function' || typeof Definition !== 'function') return [];

  const changed = new vscode.EventEmitter<void>();
  const cli = context.asAbsolutePath(join('dist', 'cli.js'));
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '');
  const provider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const environments = vscode.workspace.getConfiguration(CONFIG_SECTION).get<unknown[]>('environments', []);
      return (vscode.workspace.workspaceFolders ?? [])
        .filter((folder) => folder.uri.scheme === 'file' && isGitLabCheckout(folder.uri.fsPath))
        .map((folder, _, all) => {
          // The editor's own runtime runs the bundled CLI (Electron acts as Node with this variable).
          const args = [cli, 'mcp', '--root', folder.uri.fsPath, ...(vscode.workspace.isTrusted ? ['--allow-write'] : [])];
          const env: Record<string, string> = { ELECTRON_RUN_AS_NODE: '1' };
          if (environments.length > 0) env.GITLAB_FLAGS_ENVIRONMENTS = JSON.stringify(environments);
          const label = all.length > 1 ? `GitLab Feature Flags (${folder.name})` : 'GitLab Feature Flags';
          const definition = new Definition(label, process.execPath, args, env, version);
          definition.cwd = folder.uri;
          return definition;
        });
    },
  };
  try {
    return [
      api.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider),
      changed,
      vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(`${CONFIG_SECTION}.environments`) && changed.fire()),
    ];
  } catch (error) {
    // A VS Code where the API is still proposed refuses it: the MCP server is then for mcp.json.
    log.info(`The MCP server is not registered with this VS Code (${error instanceof Error ? error.message : String(error)}); see docs/mcp.md to add it by hand.`);
    changed.dispose();
    return [];
  }
}

function isGitLabCheckout(root: string): boolean {
  return ['', 'ee', 'jh'].some((prefix) => existsSync(join(root, prefix, 'config', 'feature_flags')));
}
