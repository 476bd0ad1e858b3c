// The Environments view: each configured GitLab, whether it answered, and whether it has a token.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EnvironmentsRequest, EnvironmentStatus } from '../../../shared/protocol';
import { formatAge } from '../../../shared/stateWording';

export type EnvironmentNode = { kind: 'environment'; status: EnvironmentStatus } | { kind: 'message'; text: string };

const REACHABILITY_ICONS = {
  reachable: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  unreachable: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  unknown: new vscode.ThemeIcon('circle-outline'),
};

export class EnvironmentsTreeProvider implements vscode.TreeDataProvider<EnvironmentNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EnvironmentNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: EnvironmentNode): Promise<EnvironmentNode[]> {
    if (node || !this.client.isRunning()) return [];
    const environments = await this.client.sendRequest(EnvironmentsRequest.type, undefined);
    if (environments.length === 0) return [{ kind: 'message', text: 'No environments: set gitlabFlags.environments' }];
    return environments.map((status) => ({ kind: 'environment', status }));
  }

  getTreeItem(node: EnvironmentNode): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text);
      item.command = { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['gitlabFlags.environments'] };
      return item;
    }
    const { environment, hasToken, reachability, message, fetchedAt } = node.status;
    const item = new vscode.TreeItem(environment.name);
    item.id = `environment:${environment.name}`;
    const host = safeHost(environment.url);
    item.description = [
      host,
      hasToken ? '✔ token' : '⚠ no token',
      environment.access === 'write' ? undefined : 'read-only',
      reachability === 'unknown' ? undefined : reachability,
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = REACHABILITY_ICONS[reachability];
    const lines = [
      `${environment.name}: ${environment.url}`,
      environment.production ? 'production' : 'non-production',
      environment.chatopsOption ? `chatops ${environment.chatopsOption}` : undefined,
      environment.access === 'write' ? 'read-write' : 'read-only',
      hasToken ? 'token set' : 'no token: set one to read and change flags',
      reachability === 'unknown' ? 'not contacted yet' : reachability,
      message,
      fetchedAt ? `checked ${formatAge(fetchedAt)}` : undefined,
    ].filter(Boolean);
    item.tooltip = lines.join('\n');
    item.contextValue = hasToken ? 'environment;token' : 'environment;noToken';
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
