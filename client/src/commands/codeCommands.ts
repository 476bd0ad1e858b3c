// Commands that open things or edit the workspace: definition and issue links, the rollout issue
// text, release with the flag (default_enabled: true) and removing the flag from the codebase.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Location, WorkspaceEdit } from 'vscode-languageclient';
import {
  CleanupRequest,
  CleanupResult,
  FlagDetailsRequest,
  FlagSummary,
  ReleaseWithFlagRequest,
  RolloutIssueRequest,
} from '../../../shared/protocol';
import { listEnvironments, pickFlag, pickKeep } from '../prompts';
import type { Services } from '../services';
import { ensureTrusted, performWrite } from '../writeFlow';

async function flagSummary(services: Services, argument: unknown, title: string): Promise<FlagSummary | undefined> {
  const name = await pickFlag(services.client, argument, title);
  if (!name) return undefined;
  const details = await services.client.sendRequest(FlagDetailsRequest.type, { name });
  if (!details) void vscode.window.showWarningMessage(`GitLab Flags: no flag named ${name}.`);
  return details?.summary;
}

async function openLocation(services: Services, location: Location): Promise<void> {
  const target = services.client.protocol2CodeConverter.asLocation(location);
  await vscode.window.showTextDocument(target.uri, { selection: target.range, preview: false });
}

async function openUrl(url: string | undefined, what: string, flag: string): Promise<void> {
  // NOTE: URLs come from YAML in the repository; only web links are opened, never command: or file: URIs.
  const uri = url ? vscode.Uri.parse(url) : undefined;
  if (!uri || (uri.scheme !== 'https' && uri.scheme !== 'http')) {
    void vscode.window.showInformationMessage(`GitLab Flags: ${flag} has no ${what}.`);
    return;
  }
  await vscode.env.openExternal(uri);
}

export function registerCodeCommands(services: Services): vscode.Disposable[] {
  const { client, log } = services;
  return [
    vscode.commands.registerCommand('gitlabFlags.openLocation', (location: Location) => openLocation(services, location)),

    vscode.commands.registerCommand('gitlabFlags.openDefinition', async (argument?: unknown) => {
      const flag = await flagSummary(services, argument, 'Open definition: which flag?');
      if (!flag) return;
      if (!flag.definition) {
        void vscode.window.showInformationMessage(`GitLab Flags: ${flag.name} has no YAML definition.`);
        return;
      }
      await openLocation(services, flag.definition);
    }),

    vscode.commands.registerCommand('gitlabFlags.openRolloutIssue', async (argument?: unknown) => {
      const flag = await flagSummary(services, argument, 'Open rollout issue: which flag?');
      if (flag) await openUrl(flag.rolloutIssueUrl, 'rollout issue', flag.name);
    }),

    vscode.commands.registerCommand('gitlabFlags.openFeatureIssue', async (argument?: unknown) => {
      const flag = await flagSummary(services, argument, 'Open feature issue: which flag?');
      if (flag) await openUrl(flag.featureIssueUrl, 'feature issue', flag.name);
    }),

    vscode.commands.registerCommand('gitlabFlags.rolloutIssue', async (argument?: unknown) => {
      const name = await pickFlag(client, argument, 'Rollout issue text: which flag?');
      if (!name) return;
      const content = await client.sendRequest(RolloutIssueRequest.type, { name });
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.window.showTextDocument(document, { preview: false });
    }),

    vscode.commands.registerCommand('gitlabFlags.releaseWithFlag', async (argument?: unknown) => {
      const name = await pickFlag(client, argument, 'Release with the flag: which flag?');
      if (!name) return;
      const result = await client.sendRequest(ReleaseWithFlagRequest.type, { name });
      if (result.error || !result.edit) {
        void vscode.window.showErrorMessage(`GitLab Flags: cannot release ${name} with the flag: ${result.error ?? 'no edit'}`);
        return;
      }
      const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
      if (!(await vscode.workspace.applyEdit(edit))) return;
      // The flag is now on by default, so the per-environment overrides are no longer needed.
      const remove = 'Delete on All Environments…';
      const answer = await vscode.window.showInformationMessage(
        `${name} is now default_enabled: true. Delete its state on every environment so the default applies?`,
        remove,
      );
      if (answer !== remove || !ensureTrusted()) return;
      const environments = (await listEnvironments(client)).map((status) => status.environment.name);
      if (environments.length > 0) await performWrite(client, { flag: name, environments, operation: 'delete' }, log);
    }),

    vscode.commands.registerCommand('gitlabFlags.removeFlag', async (argument?: unknown) => {
      const name = await pickFlag(client, argument, 'Remove flag: which flag?');
      if (!name) return;
      const given = (argument as { keep?: unknown } | undefined)?.keep;
      const keep = given === 'enabled' || given === 'disabled' ? given : await pickKeep(name);
      if (!keep) return;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `GitLab Flags: computing the removal of ${name}…` },
        () => client.sendRequest(CleanupRequest.type, { name, keep }),
      );
      await applyCleanup(services, name, result);
    }),
  ];
}

async function applyCleanup(services: Services, name: string, result: CleanupResult): Promise<void> {
  const { client, log } = services;
  for (const item of [...result.manual, ...result.refused]) {
    log.warn(`${name}: ${vscode.Uri.parse(item.uri).fsPath}:${item.range.start.line + 1}: ${item.reason}`);
  }
  if (result.editedFiles.length === 0 && result.deletedFiles.length === 0) {
    void vscode.window.showInformationMessage(`GitLab Flags: nothing to remove for ${name}.`);
    return;
  }
  // The kept behaviour contradicting live state (gitlab-org/gitlab#385312) is said before the
  // preview opens; the preview is still where the user decides.
  for (const warning of result.warnings ?? []) {
    log.warn(`${name}: ${warning}`);
    void vscode.window.showWarningMessage(`GitLab Flags: ${warning}`);
  }
  const applied = await applyInRefactorPreview(client, result.edit, `Remove feature flag '${name}'`);
  if (!applied) return;
  const needsReview = result.manual.length + result.refused.length;
  const copy = 'Copy Commit Message';
  const show = 'Show Details';
  const answer = await vscode.window.showInformationMessage(
    `GitLab Flags: removed ${name} from ${result.editedFiles.length} files` +
      (result.deletedFiles.length ? `, deleted ${result.deletedFiles.length}` : '') +
      (needsReview ? `; ${needsReview} places need a manual look (see the output).` : '.'),
    copy,
    show,
  );
  if (answer === copy) await vscode.env.clipboard.writeText(result.commitMessage);
  if (answer === show) {
    const lines = [`# Removing ${name}`, '', ...result.checklist.map((line) => `- [ ] ${line}`), '', '## Commit message', '', result.commitMessage];
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') + '\n' });
    await vscode.window.showTextDocument(document, { preview: false });
  }
}

/**
 * The refactor preview with every change ticked, so that Apply applies the whole edit.
 *
 * VS Code opens the preview only for an edit that has a change needing confirmation, and starts
 * exactly those changes unticked (microsoft/vscode#200991, #207578); an extension cannot ask for the
 * preview otherwise (`isRefactoring` only decides whether the edited files are saved). So the
 * server's annotations are dropped and one change is added that needs confirmation and does
 * nothing: creating the workspace folder "if it does not exist". It exists, so the preview leaves
 * that change out of its list and applying skips it.
 */
export async function tickedPreviewEdit(client: LanguageClient, edit: WorkspaceEdit, label: string): Promise<vscode.WorkspaceEdit> {
  const converted = await client.protocol2CodeConverter.asWorkspaceEdit(withoutAnnotations(edit));
  const [first] = converted.entries();
  const folder = (first && vscode.workspace.getWorkspaceFolder(first[0])) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder) converted.createFile(folder.uri, { ignoreIfExists: true }, { label, needsConfirmation: true });
  return converted;
}

export async function applyInRefactorPreview(client: LanguageClient, edit: WorkspaceEdit, label: string): Promise<boolean> {
  return vscode.workspace.applyEdit(await tickedPreviewEdit(client, edit, label), { isRefactoring: true });
}

function withoutAnnotations(edit: WorkspaceEdit): WorkspaceEdit {
  const strip = <T extends object>(value: T): T => {
    const { annotationId: _annotationId, ...rest } = value as T & { annotationId?: string };
    return rest as T;
  };
  return {
    ...(edit.changes ? { changes: edit.changes } : {}),
    ...(edit.documentChanges
      ? {
          documentChanges: edit.documentChanges.map((change) =>
            'edits' in change ? { ...change, edits: change.edits.map(strip) } : strip(change),
          ),
        }
      : {}),
  };
}
