// The Flags view: every flag grouped by type, group or milestone; each flag expands into its
// environments and its references.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  FlagDetailsRequest,
  FlagReferenceInfo,
  FlagSummary,
  ListFlagsRequest,
} from '../../../server/src/protocol';
import type { EnvironmentFlagState } from '../../../server/src/gitlab/model';
import { compactStates, fetchedAgo, stateIcon, stateInWords, statesInWords } from '../stateLabels';
import { applyConditions, describeFilter, FlagFilter, GroupBy, groupFlags, NO_FILTER } from './flagsFilter';

export type FlagsNode =
  | { kind: 'group'; label: string; flags: FlagSummary[] }
  | { kind: 'flag'; flag: FlagSummary }
  | { kind: 'environment'; flag: FlagSummary; environment: string; state: EnvironmentFlagState }
  | { kind: 'references'; flag: FlagSummary }
  | { kind: 'reference'; flag: FlagSummary; reference: FlagReferenceInfo }
  | { kind: 'message'; text: string };

export class FlagsTreeProvider implements vscode.TreeDataProvider<FlagsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FlagsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private flags: FlagSummary[] = [];
  groupBy: GroupBy;
  filter: FlagFilter = NO_FILTER;

  constructor(
    private readonly client: LanguageClient,
    private readonly memento: vscode.Memento,
  ) {
    this.groupBy = memento.get<GroupBy>('gitlabFlags.groupBy', 'type');
  }

  /** Flags currently listed (after filters), for commands that need a summary by name. */
  find(name: string): FlagSummary | undefined {
    return this.flags.find((flag) => flag.name === name);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  setGroupBy(groupBy: GroupBy): void {
    this.groupBy = groupBy;
    void this.memento.update('gitlabFlags.groupBy', groupBy);
    this.refresh();
  }

  setFilter(filter: FlagFilter): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', 'gitlabFlags.filtered', describeFilter(filter) !== '');
    this.refresh();
  }

  async getChildren(node?: FlagsNode): Promise<FlagsNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'group':
        return node.flags.map((flag) => ({ kind: 'flag', flag }));
      case 'flag':
        return [
          ...Object.entries(node.flag.states).map(([environment, state]) => ({
            kind: 'environment' as const,
            flag: node.flag,
            environment,
            state,
          })),
          { kind: 'references', flag: node.flag },
        ];
      case 'references': {
        const details = await this.client.sendRequest(FlagDetailsRequest.type, { name: node.flag.name });
        if (!details || details.references.length === 0) return [{ kind: 'message', text: 'No references' }];
        return details.references.map((reference) => ({ kind: 'reference', flag: node.flag, reference }));
      }
      default:
        return [];
    }
  }

  private async roots(): Promise<FlagsNode[]> {
    if (!this.client.isRunning()) return [];
    const listed = await this.client.sendRequest(ListFlagsRequest.type, { text: this.filter.text });
    this.flags = applyConditions(listed, this.filter.conditions);
    if (this.flags.length === 0) {
      return [{ kind: 'message', text: describeFilter(this.filter) ? 'No flags match the filter' : 'No flags found' }];
    }
    return groupFlags(this.flags, this.groupBy).map((group) => ({ kind: 'group', ...group }));
  }

  getTreeItem(node: FlagsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `group:${this.groupBy}:${node.label}`;
        item.description = String(node.flags.length);
        item.contextValue = 'flagGroup';
        return item;
      }
      case 'flag':
        return flagItem(node.flag);
      case 'environment': {
        const item = new vscode.TreeItem(node.environment, vscode.TreeItemCollapsibleState.None);
        item.id = `environment:${node.flag.name}:${node.environment}`;
        const age = fetchedAgo(node.state);
        item.description = `${stateInWords(node.state)}${age ? ` · ${age}` : ''}`;
        item.iconPath = new vscode.ThemeIcon(stateIcon(node.state));
        item.tooltip = `${node.flag.name} on ${node.environment}: ${item.description}`;
        item.contextValue = 'flagEnvironment';
        return item;
      }
      case 'references': {
        const count = node.flag.referenceCount;
        const item = new vscode.TreeItem(
          `References (${count})`,
          count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `references:${node.flag.name}`;
        item.iconPath = new vscode.ThemeIcon('references');
        if (node.flag.specReferenceCount > 0) item.description = `${node.flag.specReferenceCount} in specs`;
        return item;
      }
      case 'reference': {
        const uri = vscode.Uri.parse(node.reference.location.uri);
        const line = node.reference.location.range.start.line;
        const item = new vscode.TreeItem(`${vscode.workspace.asRelativePath(uri)}:${line + 1}`);
        item.description = node.reference.spec ? `${node.reference.kind} · spec` : node.reference.kind;
        item.iconPath = vscode.ThemeIcon.File;
        item.resourceUri = uri;
        item.command = { command: 'gitlabFlags.openLocation', title: 'Open', arguments: [node.reference.location] };
        return item;
      }
      case 'message':
        return new vscode.TreeItem(node.text);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function flagItem(flag: FlagSummary): vscode.TreeItem {
  const item = new vscode.TreeItem(flag.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `flag:${flag.name}`;
  item.description = compactStates(flag);
  item.iconPath = new vscode.ThemeIcon(
    flag.problems > 0 ? 'warning' : 'flag',
    flag.problems > 0 ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
  );
  // Context markers let menus show only the links a flag has (`viewItem =~ /;rolloutIssue/`).
  item.contextValue = [
    'flag',
    flag.definition ? 'definition' : '',
    flag.rolloutIssueUrl ? 'rolloutIssue' : '',
    flag.featureIssueUrl ? 'featureIssue' : '',
  ]
    .filter(Boolean)
    .join(';');
  item.tooltip = flagTooltip(flag);
  return item;
}

function flagTooltip(flag: FlagSummary): vscode.MarkdownString {
  // NOTE: text from YAML and from GitLab goes through appendText, so it is never rendered as
  // Markdown or links; the string is not trusted either.
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown('**');
  tooltip.appendText(flag.name);
  tooltip.appendMarkdown('**\n\n');
  if (flag.description) tooltip.appendText(flag.description + '\n\n');
  const facts = [
    flag.type ?? 'no type',
    flag.group,
    flag.milestone ? `milestone ${flag.milestone}` : undefined,
    flag.defaultEnabled === undefined ? undefined : flag.defaultEnabled ? 'default on' : 'default off',
  ].filter(Boolean);
  tooltip.appendText(facts.join(' · ') + '\n\n');
  for (const line of statesInWords(flag)) {
    tooltip.appendMarkdown('- ');
    tooltip.appendText(line);
    tooltip.appendMarkdown('\n');
  }
  const notes = [
    `${flag.referenceCount} references (${flag.specReferenceCount} in specs)`,
    flag.stale ? 'stale' : '',
    flag.unused ? 'unused' : '',
    flag.undefined ? 'no definition' : '',
    flag.problems > 0 ? `${flag.problems} problems` : '',
  ].filter(Boolean);
  tooltip.appendMarkdown('\n');
  tooltip.appendText(notes.join(' · '));
  return tooltip;
}
