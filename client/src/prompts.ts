// Quick picks and input boxes shared by the commands. They gather what the user wants; whether it
// is allowed is the server's decision (PlanWriteRequest).

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ActorKind,
  EnvironmentsRequest,
  EnvironmentStatus,
  FlagSummary,
  ListFlagsRequest,
  WriteIntent,
} from '../../shared/protocol';
import { compactStates, stateInWords } from './stateLabels';

/** The flag a command was invoked on: a tree node, a rollout step, a name, or { name }. */
export function flagNameOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (typeof argument !== 'object' || argument === null) return undefined;
  const value = argument as { flag?: unknown; name?: unknown };
  if (typeof value.flag === 'string') return value.flag;
  if (typeof value.flag === 'object' && value.flag !== null && typeof (value.flag as FlagSummary).name === 'string') {
    return (value.flag as FlagSummary).name;
  }
  if (typeof value.name === 'string') return value.name;
  return undefined;
}

export async function pickFlag(client: LanguageClient, argument: unknown, title: string): Promise<string | undefined> {
  const named = flagNameOf(argument);
  if (named) return named;
  const flags = await client.sendRequest(ListFlagsRequest.type, {});
  const picked = await vscode.window.showQuickPick(
    flags.map((flag) => ({ label: flag.name, description: [flag.type, compactStates(flag)].filter(Boolean).join('  '), detail: flag.description })),
    { title, placeHolder: 'Flag name', matchOnDescription: true },
  );
  return picked?.label;
}

export async function listEnvironments(client: LanguageClient): Promise<EnvironmentStatus[]> {
  const environments = await client.sendRequest(EnvironmentsRequest.type, undefined);
  if (environments.length === 0) {
    const open = 'Open Settings';
    void vscode.window
      .showWarningMessage('GitLab Flags: no environments configured (setting gitlabFlags.environments).', open)
      .then((answer) => answer === open && vscode.commands.executeCommand('workbench.action.openSettings', 'gitlabFlags.environments'));
  }
  return environments;
}

/**
 * Several environments at once. `preselect` decides which start ticked (by default none, so a
 * write never reaches an environment the user did not tick).
 */
export async function pickEnvironments(
  client: LanguageClient,
  title: string,
  flag?: FlagSummary,
  preselect: (environment: EnvironmentStatus) => boolean = () => false,
): Promise<string[] | undefined> {
  const environments = await listEnvironments(client);
  if (environments.length === 0) return undefined;
  const items = environments.map((status) => {
    const state = flag?.states[status.environment.name];
    const notes = [
      status.environment.production ? 'production' : undefined,
      status.environment.access === 'write' ? undefined : 'read-only',
      status.hasToken ? undefined : 'no token',
    ].filter(Boolean);
    return {
      label: status.environment.name,
      description: [state ? stateInWords(state) : undefined, notes.length ? `(${notes.join(', ')})` : undefined].filter(Boolean).join(' '),
      detail: status.environment.url,
      picked: preselect(status),
    };
  });
  const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, placeHolder: 'Environments (several at once)' });
  if (!picked || picked.length === 0) return undefined;
  return picked.map((item) => item.label);
}

type SetChoice = Pick<WriteIntent, 'value' | 'percentageOf' | 'actors'>;

const ACTOR_KINDS: { kind: ActorKind; label: string; example: string }[] = [
  { kind: 'project', label: 'Projects', example: 'gitlab-org/gitlab,gitlab-org/gitlab-foss' },
  { kind: 'group', label: 'Groups', example: 'gitlab-org,gitlab-com' },
  { kind: 'namespace', label: 'Namespaces', example: 'gitlab-org' },
  { kind: 'user', label: 'Users', example: 'username' },
  { kind: 'repository', label: 'Repositories', example: 'gitlab-org/gitlab.wiki' },
  { kind: 'feature_group', label: 'Feature group', example: 'gitlab_team_members' },
];

async function askPercentage(of: 'actors' | 'time'): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Percentage of ${of}`,
    prompt: of === 'actors' ? 'Percentage of actors (sticky per actor), 0-100' : 'Percentage of time (deprecated: prefer actors), 0-100',
    value: '50',
    validateInput: (text) => (/^\d+(\.\d+)?$/.test(text.trim()) ? undefined : 'Enter a number such as 25 or 12.5.'),
  });
}

/** What to set: true, false, a percentage, or specific actors. */
export async function pickSetValue(flag: string): Promise<SetChoice | undefined> {
  const choices = [
    { label: 'true', description: 'Enable for everyone', choice: 'true' },
    { label: 'false', description: 'Disable for everyone', choice: 'false' },
    { label: 'Percentage of actors…', description: '--actors', choice: 'actors%' },
    { label: 'Enable for actors…', description: 'projects, groups, namespaces, users, repositories, feature group', choice: 'actors' },
    { label: 'Percentage of time…', description: '--random (deprecated)', choice: 'time%' },
  ] as const;
  const picked = await vscode.window.showQuickPick([...choices], { title: `Set ${flag}`, placeHolder: 'New state' });
  if (!picked) return undefined;
  switch (picked.choice) {
    case 'true':
    case 'false':
      return { value: picked.choice };
    case 'actors%':
    case 'time%': {
      const of = picked.choice === 'actors%' ? 'actors' : 'time';
      const value = await askPercentage(of);
      return value === undefined ? undefined : { value: value.trim(), percentageOf: of };
    }
    case 'actors':
      return pickActors(flag);
  }
}

async function pickActors(flag: string): Promise<SetChoice | undefined> {
  const kinds = await vscode.window.showQuickPick(
    ACTOR_KINDS.map((entry) => ({ label: entry.label, entry })),
    { title: `Enable ${flag} for actors`, canPickMany: true, placeHolder: 'Kinds of actor' },
  );
  if (!kinds || kinds.length === 0) return undefined;
  const actors: Partial<Record<ActorKind, string[]>> = {};
  for (const { entry } of kinds) {
    const text = await vscode.window.showInputBox({
      title: `Enable ${flag} for ${entry.label.toLowerCase()}`,
      prompt: 'Comma-separated',
      placeHolder: entry.example,
      validateInput: (value) => (value.trim() === '' ? 'Enter at least one.' : undefined),
    });
    if (text === undefined) return undefined;
    actors[entry.kind] = text.split(',').map((part) => part.trim()).filter(Boolean);
  }
  return { value: 'true', actors };
}

export async function pickKeep(flag: string): Promise<'enabled' | 'disabled' | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Keep the enabled behaviour', description: 'the flag was rolled out', keep: 'enabled' as const },
      { label: 'Keep the disabled behaviour', description: 'the flag was abandoned', keep: 'disabled' as const },
    ],
    { title: `Remove ${flag} from the codebase`, placeHolder: 'Which behaviour stays?' },
  );
  return picked?.keep;
}
