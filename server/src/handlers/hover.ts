// textDocument/hover: the flag card, with its live state when environments are configured.

import type { Hover, HoverParams } from 'vscode-languageserver/node';
import type { Session } from './session';
import { referenceAt } from '../features/lookup';
import { flagCard } from '../features/hover';
import { liveStateTable } from '../features/liveStateTable';

export async function hover(session: Session, params: HoverParams): Promise<Hover | null> {
  await session.ready;
  const found = session.locate(params.textDocument.uri);
  if (!found) return null;
  const reference = referenceAt(found.workspace.index, found.path, params.position);
  if (!reference) return null;
  const name = found.workspace.index.displayName(reference.name);
  const { gitlab, workspaces } = session;
  const environments = gitlab ? await liveStateTable(gitlab, name) : undefined;
  const value = flagCard(found.workspace.index, name, {
    currentMilestone: workspaces.currentMilestone(found.workspace),
    ...(workspaces.liveState ? { liveState: workspaces.liveState } : {}),
    ...(environments ? { environments, refreshCommand: 'gitlabFlags.refreshFlag' } : {}),
  });
  return { contents: { kind: 'markdown', value }, range: reference.range };
}
