// The status bar item: index progress and the flag count; a click opens the Flags view.

import * as vscode from 'vscode';
import type { IndexStatus } from '../../shared/protocol';

export class IndexStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gitlabFlags.indexStatus', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'GitLab Feature Flags';
    this.item.command = 'gitlabFlags.flags.focus';
    this.item.text = '$(sync~spin) indexing…';
    this.item.tooltip = 'GitLab Feature Flags: starting the language server';
    this.item.show();
  }

  update(status: IndexStatus): void {
    this.item.backgroundColor = undefined;
    switch (status.state) {
      case 'indexing':
        this.item.text = '$(sync~spin) indexing…';
        this.item.tooltip = `GitLab Feature Flags: indexing ${status.files} files`;
        break;
      case 'ready': {
        this.item.text = `$(flag) ${status.flags} ${status.flags === 1 ? 'flag' : 'flags'}`;
        const took = status.elapsedMs === undefined ? '' : ` in ${(status.elapsedMs / 1000).toFixed(1)} s`;
        this.item.tooltip =
          `GitLab Feature Flags: ${status.flags} flags, ${status.definitions} definitions, ` +
          `${status.references} references in ${status.files} files${took}; ${status.problems} problems. Click to open the Flags view.`;
        break;
      }
      case 'error':
        this.item.text = '$(warning) flags: index failed';
        this.item.tooltip = `GitLab Feature Flags: ${status.message ?? 'indexing failed'} (see the output channel)`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
