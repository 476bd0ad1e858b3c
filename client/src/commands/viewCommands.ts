// Commands behind the views' toolbars and the environment actions: grouping, filters, the rollout
// selection, tokens, and opening an environment in the browser.

import * as vscode from 'vscode';
import { EnvironmentsRequest } from '../../../shared/protocol';
import { flagNameOf, pickFlag } from '../prompts';
import type { Services } from '../services';
import { configuredEnvironmentNames } from '../tokens';
import { Condition, conditionLabel, GroupBy } from '../views/flagsFilter';
import type { EnvironmentNode } from '../views/environmentsTree';

async function pickEnvironmentName(services: Services, argument: unknown, title: string, onlyWithToken: boolean): Promise<string | undefined> {
  const node = argument as EnvironmentNode | undefined;
  if (node?.kind === 'environment') return node.status.environment.name;
  const names = services.client.isRunning()
    ? (await services.client.sendRequest(EnvironmentsRequest.type, undefined)).map((status) => status.environment.name)
    : configuredEnvironmentNames();
  const candidates = [];
  for (const name of names) if (!onlyWithToken || (await services.tokens.has(name))) candidates.push(name);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      onlyWithToken ? 'GitLab Flags: no tokens are stored.' : 'GitLab Flags: no environments configured (setting gitlabFlags.environments).',
    );
    return undefined;
  }
  return vscode.window.showQuickPick(candidates, { title });
}

export function registerViewCommands(services: Services): vscode.Disposable[] {
  const { client, flags, rollout, tokens, log } = services;
  return [
    vscode.commands.registerCommand('gitlabFlags.setToken', async (argument?: unknown) => {
      const environment = await pickEnvironmentName(services, argument, 'Set token for environment', false);
      if (!environment) return;
      const token = await vscode.window.showInputBox({
        title: `GitLab token for ${environment}`,
        prompt: 'A personal access token of an administrator (scope api). Stored in the OS keychain via VS Code SecretStorage.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Enter a token, or press Escape.' : undefined),
      });
      if (token === undefined) return;
      await tokens.store(environment, token.trim());
      log.info(`Token stored for ${environment}.`);
      services.environments.refresh();
    }),

    vscode.commands.registerCommand('gitlabFlags.removeToken', async (argument?: unknown) => {
      const environment = await pickEnvironmentName(services, argument, 'Remove token of environment', true);
      if (!environment) return;
      await tokens.remove(environment);
      log.info(`Token removed for ${environment}.`);
      services.environments.refresh();
    }),

    vscode.commands.registerCommand('gitlabFlags.refreshEnvironments', () => services.environments.refresh()),

    vscode.commands.registerCommand('gitlabFlags.openEnvironment', async (argument?: unknown) => {
      const node = argument as EnvironmentNode | undefined;
      let url = node?.kind === 'environment' ? node.status.environment.url : undefined;
      if (!url) {
        const environments = await client.sendRequest(EnvironmentsRequest.type, undefined);
        const picked = await vscode.window.showQuickPick(
          environments.map((status) => ({ label: status.environment.name, description: status.environment.url })),
          { title: 'Open environment in browser' },
        );
        url = picked?.description;
      }
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    }),

    vscode.commands.registerCommand('gitlabFlags.groupBy', async () => {
      const options: { label: string; groupBy: GroupBy }[] = [
        { label: 'Type', groupBy: 'type' },
        { label: 'Group', groupBy: 'group' },
        { label: 'Milestone', groupBy: 'milestone' },
      ];
      const picked = await vscode.window.showQuickPick(
        options.map((option) => ({ ...option, description: option.groupBy === flags.groupBy ? 'current' : undefined })),
        { title: 'Group flags by' },
      );
      if (picked) flags.setGroupBy(picked.groupBy);
    }),

    vscode.commands.registerCommand('gitlabFlags.filter', async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter flags (1/2): name contains',
        prompt: 'Leave empty for every name',
        value: flags.filter.text,
      });
      if (text === undefined) return;
      const environments = client.isRunning() ? await client.sendRequest(EnvironmentsRequest.type, undefined) : [];
      const conditions: Condition[] = [
        { kind: 'stale' },
        { kind: 'unused' },
        { kind: 'undefined' },
        { kind: 'problems' },
        ...environments.map((status) => ({ kind: 'changed' as const, environment: status.environment.name })),
      ];
      const active = new Set(flags.filter.conditions.map(conditionLabel));
      const picked = await vscode.window.showQuickPick(
        conditions.map((condition) => ({ label: conditionLabel(condition), condition, picked: active.has(conditionLabel(condition)) })),
        { title: 'Filter flags (2/2): only flags that are…', canPickMany: true, placeHolder: 'Tick none for all flags' },
      );
      if (!picked) return;
      flags.setFilter({ text: text.trim(), conditions: picked.map((item) => item.condition) });
    }),

    vscode.commands.registerCommand('gitlabFlags.clearFilter', () => flags.setFilter({ text: '', conditions: [] })),

    vscode.commands.registerCommand('gitlabFlags.showRollout', async (argument?: unknown) => {
      const flag = flagNameOf(argument) ?? (await pickFlag(client, argument, 'Show rollout steps for which flag?'));
      if (!flag) return;
      rollout.show(flag);
      await vscode.commands.executeCommand('gitlabFlags.rollout.focus');
    }),

    vscode.commands.registerCommand('gitlabFlags.showOutput', () => log.show()),
  ];
}
