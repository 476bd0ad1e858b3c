// textDocument/codeAction and codeAction/resolve: the quick fixes and the cleanup refactors,
// whose edits are computed only when one is chosen.

import type { CodeAction, CodeActionParams } from 'vscode-languageserver/node';
import type { Session } from './session';
import { codeActions, resolveCodeAction, type CodeActionData } from '../features/codeActions';
import { cleanupFlag } from '../features/cleanup';
import { releaseEdit } from './rollout';

export async function listCodeActions(session: Session, params: CodeActionParams): Promise<CodeAction[]> {
  await session.ready;
  const found = session.locate(params.textDocument.uri);
  if (!found) return [];
  return codeActions(found.workspace, found.path, params, session.workspaces.currentMilestone(found.workspace), session.readText);
}

export async function resolveAction(session: Session, action: CodeAction): Promise<CodeAction> {
  const data = action.data as CodeActionData | undefined;
  if (!data) return action;
  const workspace = session.workspaces.all.find((candidate) => candidate.root === data.root);
  if (!workspace) return action;
  return resolveCodeAction(action, data, workspace, {
    cleanup: (target, flag, keep) => cleanupFlag(target, flag, keep, session.readText),
    releaseEdit: (name) => releaseEdit(session, workspace, name),
  });
}
