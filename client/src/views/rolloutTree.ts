// The Rollout view: the rollout steps the server computed for the selected flag. An actionable step
// runs on click (through the normal write flow); a waiting step counts down to when it opens.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RolloutStep, RolloutStepsRequest } from '../../../shared/protocol';

export type RolloutNode = { kind: 'step'; flag: string; step: RolloutStep; index: number } | { kind: 'message'; text: string };

const STATUS_ICONS: Record<RolloutStep['status'], vscode.ThemeIcon> = {
  done: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  current: new vscode.ThemeIcon('arrow-right'),
  waiting: new vscode.ThemeIcon('watch'),
  pending: new vscode.ThemeIcon('circle-outline'),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
};

/** "11:42" until the step opens; "now" once it has. */
export function countdown(availableAt: number, now: number): string {
  const seconds = Math.max(0, Math.ceil((availableAt - now) / 1000));
  if (seconds === 0) return 'now';
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

export class RolloutTreeProvider implements vscode.TreeDataProvider<RolloutNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RolloutNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  flag: string | undefined;

  constructor(private readonly client: LanguageClient) {}

  show(flag: string | undefined): void {
    this.flag = flag;
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: RolloutNode): Promise<RolloutNode[]> {
    if (node) return [];
    this.stopTimer();
    const flag = this.flag;
    if (!flag) return [{ kind: 'message', text: 'Select a flag in the Flags view' }];
    if (!this.client.isRunning()) return [];
    const steps = await this.client.sendRequest(RolloutStepsRequest.type, { name: flag });
    if (steps.length === 0) return [{ kind: 'message', text: `No rollout steps for ${flag}` }];
    // Warning rows come first and are not numbered; steps are numbered from 1.
    const warnings = steps.filter((step) => step.status === 'warning').length;
    const nodes = steps.map((step, index) => ({ kind: 'step' as const, flag, step, index: index - warnings }));
    const waiting = nodes.filter((entry) => entry.step.status === 'waiting' && entry.step.availableAt !== undefined);
    if (waiting.length > 0) this.startTimer(waiting);
    return nodes;
  }

  getTreeItem(node: RolloutNode): vscode.TreeItem {
    if (node.kind === 'message') return new vscode.TreeItem(node.text);
    const { step } = node;
    const item = new vscode.TreeItem(step.status === 'warning' ? step.title : `${node.index + 1}  ${step.title}`);
    item.iconPath = STATUS_ICONS[step.status];
    if (step.status === 'waiting' && step.availableAt !== undefined) {
      item.description = `next step in ${countdown(step.availableAt, Date.now())}`;
    } else if (step.status === 'done') {
      item.description = 'done';
    }
    const actionable = step.intent !== undefined && step.status === 'current';
    item.tooltip = [step.title, step.chatops, actionable ? 'Click to run this step' : undefined].filter(Boolean).join('\n');
    item.contextValue = ['rolloutStep', actionable ? 'actionable' : '', step.chatops ? 'chatops' : ''].filter(Boolean).join(';');
    if (actionable) item.command = { command: 'gitlabFlags.runRolloutStep', title: 'Run Step', arguments: [node] };
    return item;
  }

  private startTimer(waiting: RolloutNode[]): void {
    // Redraw only the waiting steps once a second; when one opens, ask the server again.
    this.timer = setInterval(() => {
      const now = Date.now();
      if (waiting.some((node) => node.kind === 'step' && (node.step.availableAt ?? 0) <= now)) {
        this.stopTimer();
        this.refresh();
        return;
      }
      for (const node of waiting) this.changed.fire(node);
    }, 1000);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stopTimer();
    this.changed.dispose();
  }
}
