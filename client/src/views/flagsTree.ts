// The Flags view: every flag grouped by type, group or milestone; each flag expands into its
// environments and its references. When environments are configured, a last group lists the flags
// extinct on GitLab: set on an environment, but neither defined nor referenced in the working tree.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  EnvironmentsRequest,
  ExtinctFlag,
  ExtinctFlagsRequest,
  FlagDetailsRequest,
  FlagReferenceInfo,
  FlagSummary,
  ListFlagsRequest,
} from '../../../shared/protocol';
import type { EnvironmentFlagState } from '../../../shared/gitlabModel';
import { compactExtinct, compactStates, fetchedAgo, stateIcon, stateInWords, statesInWords, symbolOfWords } from '../stateLabels';
import { applyConditions, describeFilter, FlagFilter, GroupBy, groupFlags, NO_FILTER } from './flagsFilter';

export type FlagsNode =
  | { kind: 'group'; label: string; flags: FlagSummary[] }
  | { kind: 'flag'; flag: FlagSummary }
  | { kind: 'environment'; flag: FlagSummary; environment: string; state: EnvironmentFlagState }
  | { kind: 'references'; flag: FlagSummary }
  | { kind: 'reference'; flag: FlagSummary; reference: FlagReferenceInfo }
  | { kind: 'extinctGroup' }
  | { kind: 'extinct'; extinct: ExtinctFlag }
  | { kind: 'extinctEnvironment'; extinct: ExtinctFlag; environment: string; state: string }
  | { kind: 'message'; text: string; icon?: string; id?: string };

/** What the Extinct group shows: the server's answer, or that it is still being read. */
type ExtinctState =
  | { status: 'none' } // no environment configured: no group
  | { status: 'loading' }
  | { status: 'loaded'; flags: ExtinctFlag[]; errors: string[] }
  | { status: 'failed'; message: string };

export const EXTINCT_GROUP_LABEL = 'Extinct on GitLab';

export class FlagsTreeProvider implements vscode.TreeDataProvider<FlagsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FlagsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private flags: FlagSummary[] = [];
  groupBy: GroupBy;
  filter: FlagFilter = NO_FILTER;
  private extinct: ExtinctState = { status: 'none' };
  /** Bumped by refresh(): an answer for an older generation is stale and read again. */
  private extinctGeneration = 0;
  private extinctLoadedFor = -1;
  private extinctLoading: Promise<void> | undefined;
  /** The Extinct state the tree last rendered, to render again only when an answer differs. */
  private extinctShown = '';

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
    // The Extinct group is read again on the next render (GitLab's answer may have changed too).
    this.extinctGeneration++;
    this.changed.fire(undefined);
  }

  /** The extinct flags last read (after the text filter), for the bulk delete's picker. */
  extinctFlags(): ExtinctFlag[] {
    return this.extinct.status === 'loaded' ? this.visibleExtinct(this.extinct.flags) : [];
  }

  /**
   * Reads the Extinct group again and waits for it. The tree itself never waits for GitLab: it
   * shows the group as loading and fires a change when the answer comes.
   */
  async loadExtinct(): Promise<ExtinctState> {
    while (this.extinctLoadedFor !== this.extinctGeneration) {
      if (!this.extinctLoading) this.extinctLoading = this.readExtinct().finally(() => (this.extinctLoading = undefined));
      await this.extinctLoading;
    }
    return this.extinct;
  }

  private async readExtinct(): Promise<void> {
    const generation = this.extinctGeneration;
    let next: ExtinctState;
    try {
      const environments = await this.client.sendRequest(EnvironmentsRequest.type, undefined);
      if (environments.length === 0) next = { status: 'none' };
      else {
        if (this.extinct.status === 'none') {
          this.extinct = { status: 'loading' };
          this.changed.fire(undefined);
        }
        const answer = await this.client.sendRequest(ExtinctFlagsRequest.type, {});
        next = { status: 'loaded', flags: answer.flags, errors: answer.errors };
      }
    } catch (error) {
      next = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    this.extinct = next;
    this.extinctLoadedFor = generation;
    // Render again only when the answer differs from what is shown, so an unchanged answer ends
    // the cycle (reading may fetch, and a fetch notifies a state change, which refreshes).
    if (JSON.stringify(next) !== this.extinctShown && generation === this.extinctGeneration) this.changed.fire(undefined);
  }

  /** The text filter applies to extinct flags by name; of the conditions only "changed on X" can hold. */
  private visibleExtinct(flags: ExtinctFlag[]): ExtinctFlag[] {
    const text = this.filter.text.trim().toLowerCase();
    return flags.filter(
      (flag) =>
        (!text || flag.flag.includes(text)) &&
        this.filter.conditions.every((condition) => condition.kind === 'changed' && flag.environments.some((item) => item.environment === condition.environment)),
    );
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
      case 'extinctGroup':
        return this.extinctChildren();
      case 'extinct':
        return node.extinct.environments.map((item) => ({ kind: 'extinctEnvironment', extinct: node.extinct, environment: item.environment, state: item.state }));
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
    if (this.extinctLoadedFor !== this.extinctGeneration) void this.loadExtinct();
    this.extinctShown = JSON.stringify(this.extinct);
    const listed = await this.client.sendRequest(ListFlagsRequest.type, { text: this.filter.text });
    this.flags = applyConditions(listed, this.filter.conditions);
    const extinct: FlagsNode[] = this.extinct.status === 'none' ? [] : [{ kind: 'extinctGroup' }];
    if (this.flags.length === 0) {
      return [{ kind: 'message', text: describeFilter(this.filter) ? 'No flags match the filter' : 'No flags found' }, ...extinct];
    }
    return [...groupFlags(this.flags, this.groupBy).map((group): FlagsNode => ({ kind: 'group', ...group })), ...extinct];
  }

  private extinctChildren(): FlagsNode[] {
    const state = this.extinct;
    switch (state.status) {
      case 'none':
        return [];
      case 'loading':
        return [{ kind: 'message', text: 'Reading the flags set on GitLab…', icon: 'loading~spin', id: 'extinct:loading' }];
      case 'failed':
        return [{ kind: 'message', text: `Could not list extinct flags: ${state.message}`, icon: 'warning', id: 'extinct:failed' }];
      case 'loaded': {
        // An environment that could not be read is said first: its extinct flags are missing below.
        const errors: FlagsNode[] = state.errors.map((error, index) => ({ kind: 'message', text: error, icon: 'warning', id: `extinct:error:${index}` }));
        const flags = this.visibleExtinct(state.flags);
        if (flags.length === 0) {
          const none = state.flags.length > 0 ? 'No extinct flags match the filter' : 'No extinct flags: every flag set on GitLab is in the code';
          return [...errors, { kind: 'message', text: none, id: 'extinct:none' }];
        }
        return [...errors, ...flags.map((extinct): FlagsNode => ({ kind: 'extinct', extinct }))];
      }
    }
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
      case 'extinctGroup': {
        const state = this.extinct;
        const count = state.status === 'loaded' ? String(this.visibleExtinct(state.flags).length) : '…';
        const item = new vscode.TreeItem(`${EXTINCT_GROUP_LABEL} (${count})`, vscode.TreeItemCollapsibleState.Collapsed);
        // A stable id keeps the group expanded when its count changes.
        item.id = 'extinctGroup';
        item.iconPath = new vscode.ThemeIcon('trash');
        item.contextValue = state.status === 'loaded' && state.flags.length > 0 ? 'extinctGroup;flags' : 'extinctGroup';
        if (state.status === 'loaded' && state.errors.length > 0) {
          item.description = `${state.errors.length} environment${state.errors.length === 1 ? '' : 's'} unreadable`;
        }
        item.tooltip = 'Flags set on a GitLab environment that no YAML definition and no reference in the working tree mention: what a cleanup leaves behind, to delete on every environment.';
        return item;
      }
      case 'extinct': {
        const item = new vscode.TreeItem(node.extinct.flag, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `extinct:${node.extinct.flag}`;
        item.description = compactExtinct(node.extinct.environments);
        item.iconPath = new vscode.ThemeIcon('flag', new vscode.ThemeColor('disabledForeground'));
        item.contextValue = 'extinctFlag';
        const tooltip = new vscode.MarkdownString();
        tooltip.appendMarkdown('**');
        tooltip.appendText(node.extinct.flag);
        tooltip.appendMarkdown('**\n\n');
        tooltip.appendText('Set on GitLab, but no definition and no reference in the working tree.\n\n');
        for (const environment of node.extinct.environments) {
          tooltip.appendMarkdown('- ');
          tooltip.appendText(`${environment.environment}: ${environment.state}`);
          tooltip.appendMarkdown('\n');
        }
        tooltip.appendMarkdown('\n');
        tooltip.appendText(node.extinct.chatops);
        item.tooltip = tooltip;
        return item;
      }
      case 'extinctEnvironment': {
        const item = new vscode.TreeItem(node.environment, vscode.TreeItemCollapsibleState.None);
        item.id = `extinct:${node.extinct.flag}:${node.environment}`;
        item.description = node.state;
        item.iconPath = new vscode.ThemeIcon({ '●': 'circle-filled', '○': 'circle-outline' }[symbolOfWords(node.state)] ?? 'color-mode');
        item.tooltip = `${node.extinct.flag} on ${node.environment}: ${node.state}`;
        item.contextValue = 'extinctEnvironment';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        if (node.id) item.id = node.id;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.text;
        return item;
      }
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
