// Actions on the Flags view's "Extinct on GitLab" group: delete one extinct flag on every
// environment where it is set (one plan), or several, one plan per flag, in turn.

import * as vscode from 'vscode';
import type { ExtinctFlag } from '../../../shared/protocol';
import { bulkSummary, deleteEverywhere } from '../extinct';
import type { Services } from '../services';
import { compactExtinct } from '../stateLabels';
import type { FlagsNode } from '../views/flagsTree';
import { attemptWrite, ensureTrusted } from '../writeFlow';

async function extinctByName(services: Services, name: string): Promise<ExtinctFlag | undefined> {
  await services.flags.loadExtinct();
  return services.flags.extinctFlags().find((flag) => flag.flag === name);
}

export function registerExtinctCommands(services: Services): vscode.Disposable[] {
  const { client, log, flags } = services;
  return [
    vscode.commands.registerCommand('gitlabFlags.deleteExtinctFlag', async (argument?: FlagsNode | string) => {
      if (!ensureTrusted()) return;
      let extinct = typeof argument === 'object' && argument?.kind === 'extinct' ? argument.extinct : undefined;
      if (!extinct) {
        const name =
          typeof argument === 'string'
            ? argument
            : (await pickExtinct(services, 'Delete on all environments: which extinct flag?', false))?.[0]?.flag;
        extinct = name ? await extinctByName(services, name) : undefined;
        if (!extinct) return;
      }
      await attemptWrite(client, deleteEverywhere(extinct), log);
    }),

    vscode.commands.registerCommand('gitlabFlags.deleteExtinctFlags', async () => {
      if (!ensureTrusted()) return;
      const picked = await pickExtinct(services, 'Delete extinct flags on every environment where they are set', true);
      if (!picked || picked.length === 0) return;
      const counts = { total: picked.length, deleted: 0, cancelled: 0, refused: 0, failed: 0, skipped: 0 };
      for (const [index, extinct] of picked.entries()) {
        const attempt = await attemptWrite(client, deleteEverywhere(extinct), log);
        if (attempt.status === 'cancelled') {
          // Declining one question stops the whole run: nothing after it is sent.
          counts.cancelled++;
          counts.skipped = picked.length - index - 1;
          break;
        }
        if (attempt.status === 'refused') counts.refused++;
        else if (attempt.results.every((result) => result.outcome === 'ok')) counts.deleted++;
        else counts.failed++;
      }
      const summary = `GitLab Flags: ${bulkSummary(counts)}`;
      log.info(summary);
      if (counts.deleted === counts.total) void vscode.window.showInformationMessage(summary);
      else void vscode.window.showWarningMessage(summary);
      flags.refresh();
    }),

    vscode.commands.registerCommand('gitlabFlags.copyExtinctChatops', async (argument?: FlagsNode) => {
      if (argument?.kind !== 'extinct') return;
      await vscode.env.clipboard.writeText(argument.extinct.chatops);
      void vscode.window.showInformationMessage(`Copied: ${argument.extinct.chatops}`);
    }),
  ];
}

/**
 * The extinct flags to act on. Several at once start with none ticked, as the environment picker
 * does: a write never reaches a flag the user did not tick.
 */
async function pickExtinct(services: Services, title: string, many: boolean): Promise<ExtinctFlag[] | undefined> {
  const state = await services.flags.loadExtinct();
  const flags = services.flags.extinctFlags();
  if (flags.length === 0) {
    const why =
      state.status === 'none'
        ? 'no environments are configured (setting gitlabFlags.environments).'
        : state.status === 'loaded' && state.errors.length > 0
          ? `no extinct flags found, but ${state.errors.join(' ')}`
          : 'no extinct flags: every flag set on GitLab is defined or referenced in the working tree.';
    void vscode.window.showInformationMessage(`GitLab Flags: ${why}`);
    return undefined;
  }
  const items = flags.map((extinct) => ({
    label: extinct.flag,
    description: compactExtinct(extinct.environments),
    detail: extinct.environments.map((item) => `${item.environment}: ${item.state}`).join(' · '),
    extinct,
  }));
  if (!many) {
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Extinct flag', matchOnDetail: true });
    return picked ? [picked.extinct] : undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title,
    canPickMany: true,
    placeHolder: 'Tick the flags to delete (each is planned and confirmed on its own)',
    matchOnDetail: true,
  });
  return picked?.map((item) => item.extinct);
}
