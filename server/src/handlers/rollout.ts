// The rollout assistant's requests: its steps, the rollout issue's text, and the release step's
// default_enabled edit (also behind a quick fix).

import { ResponseError, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Session } from './session';
import type { Workspace } from '../index/workspace';
import { releaseEdit as releaseDefinitionEdit } from '../features/releaseEdit';
import { pathToUri } from '../features/uris';

export async function rolloutSteps(session: Session, params: { name: string }) {
  await session.ready;
  return session.gitlab ? session.gitlab.rolloutSteps(params.name) : [];
}

export async function rolloutIssue(session: Session, params: { name: string }): Promise<string> {
  await session.ready;
  const found = session.definition(params.name);
  const { gitlab } = session;
  if (!found || !gitlab) throw new ResponseError(-32602, `'${params.name}' has no YAML definition, so there is no rollout issue to write.`);
  return gitlab.rolloutIssue(params.name);
}

export async function releaseWithFlag(session: Session, params: { name: string }): Promise<{ edit?: WorkspaceEdit; error?: string }> {
  await session.ready;
  const workspace = session.workspaces.all.find((candidate) => candidate.index.definitions(params.name).length > 0);
  if (!workspace) return { error: `'${params.name}' has no YAML definition.` };
  return releaseEdit(session, workspace, params.name);
}

export function releaseEdit(session: Session, workspace: Workspace, name: string): { edit?: WorkspaceEdit; error?: string } {
  const found = workspace.index.definitions(name)[0];
  if (!found) return { error: `'${name}' has no YAML definition.` };
  const result = releaseDefinitionEdit(found, session.readText(found.file));
  if (!result.edit) return { error: result.error ?? 'Cannot release this flag.' };
  return { edit: { changes: { [pathToUri(found.file)]: [result.edit] } } };
}
