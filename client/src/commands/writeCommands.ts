// Commands that change flags on GitLab: set, delete, rollback, rollout steps, and the chatops line.

import * as vscode from 'vscode';
import { ChatopsLineRequest, FlagDetailsRequest, FlagSummary, RefreshStateRequest, WriteIntent } from '../../../shared/protocol';
import { stateLevel } from '../../../shared/stateWording';
import { pickEnvironments, pickFlag, pickSetValue } from '../prompts';
import type { Services } from '../services';
import type { RolloutNode } from '../views/rolloutTree';
import { ensureTrusted, performWrite } from '../writeFlow';

async function summaryOf(services: Services, name: string): Promise<FlagSummary | undefined> {
  return services.flags.find(name) ?? (await services.client.sendRequest(FlagDetailsRequest.type, { name }))?.summary;
}

/** Asks for everything a set needs; undefined when the user cancels. */
async function askSetIntent(services: Services, argument: unknown, verb: string): Promise<WriteIntent | undefined> {
  const flag = await pickFlag(services.client, argument, `${verb}: which flag?`);
  if (!flag) return undefined;
  const choice = await pickSetValue(flag);
  if (!choice) return undefined;
  const environments = await pickEnvironments(services.client, `${verb} ${flag}: on which environments?`, await summaryOf(services, flag));
  if (!environments) return undefined;
  return { flag, environments, operation: 'set', ...choice };
}

export function registerWriteCommands(services: Services): vscode.Disposable[] {
  const { client, log } = services;
  return [
    vscode.commands.registerCommand('gitlabFlags.setFlag', async (argument?: unknown) => {
      if (!ensureTrusted()) return;
      const intent = await askSetIntent(services, argument, 'Set');
      if (intent) await performWrite(client, intent, log);
    }),

    vscode.commands.registerCommand('gitlabFlags.deleteFlag', async (argument?: unknown) => {
      if (!ensureTrusted()) return;
      const flag = await pickFlag(client, argument, 'Delete: which flag?');
      if (!flag) return;
      const environments = await pickEnvironments(client, `Delete ${flag} (back to the YAML default) on…`, await summaryOf(services, flag));
      if (environments) await performWrite(client, { flag, environments, operation: 'delete' }, log);
    }),

    vscode.commands.registerCommand('gitlabFlags.rollback', async (argument?: unknown) => {
      if (!ensureTrusted()) return;
      const flag = await pickFlag(client, argument, 'Roll back: which flag?');
      if (!flag) return;
      const summary = await summaryOf(services, flag);
      // Start with the environments where the flag is at least partly on: those are the ones to roll back.
      const environments = await pickEnvironments(client, `Roll back ${flag} (set false) on…`, summary, (status) => {
        const state = summary?.states[status.environment.name];
        return state !== undefined && stateLevel(state) !== 'off';
      });
      if (environments) await performWrite(client, { flag, environments, operation: 'set', value: 'false' }, log);
    }),

    vscode.commands.registerCommand('gitlabFlags.copyChatops', async (argument?: unknown) => {
      const step = argument as RolloutNode | undefined;
      if (step?.kind === 'step' && step.step.chatops) {
        await vscode.env.clipboard.writeText(step.step.chatops);
        void vscode.window.showInformationMessage(`Copied: ${step.step.chatops}`);
        return;
      }
      const flag = await pickFlag(client, argument, 'Copy chatops command: which flag?');
      if (!flag) return;
      const operation = await vscode.window.showQuickPick(['set', 'get', 'delete'], { title: `Chatops command for ${flag}` });
      if (!operation) return;
      if (operation === 'get') {
        const line = `/chatops run feature get ${flag}`;
        await vscode.env.clipboard.writeText(line);
        void vscode.window.showInformationMessage(`Copied: ${line}`);
        return;
      }
      const intent =
        operation === 'set'
          ? await askSetIntent(services, flag, 'Chatops set')
          : await pickEnvironments(client, `Chatops delete ${flag} on…`).then((environments) =>
              environments ? ({ flag, environments, operation: 'delete' } as WriteIntent) : undefined,
            );
      if (!intent) return;
      const line = await client.sendRequest(ChatopsLineRequest.type, intent);
      await vscode.env.clipboard.writeText(line);
      void vscode.window.showInformationMessage(`Copied: ${line}`);
    }),

    vscode.commands.registerCommand('gitlabFlags.runRolloutStep', async (node?: RolloutNode) => {
      if (node?.kind !== 'step' || !node.step.intent) return;
      await performWrite(client, node.step.intent, log);
    }),

    vscode.commands.registerCommand('gitlabFlags.refreshFlag', async (argument?: unknown) => {
      const flag = await pickFlag(client, argument, 'Get state: which flag?');
      if (!flag) return;
      await vscode.window.withProgress({ location: { viewId: 'gitlabFlags.flags' } }, () =>
        client.sendRequest(RefreshStateRequest.type, { flag }),
      );
    }),

    vscode.commands.registerCommand('gitlabFlags.refreshAll', async () => {
      await vscode.window.withProgress({ location: { viewId: 'gitlabFlags.flags' } }, () =>
        client.sendRequest(RefreshStateRequest.type, {}),
      );
      services.environments.refresh();
    }),
  ];
}
