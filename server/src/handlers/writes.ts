// Changing flags on GitLab: plan, execute or cancel a write, and the workspace trust that
// gates it. The safety rules live in gitlab/writes.ts; here are only the refusals to start.

import { ResponseError } from 'vscode-languageserver/node';
import type { ExecuteWriteParams, WriteIntent } from '../../../shared/protocol';
import type { Session } from './session';
import type { GitLabService } from '../gitlab/service';
import { chatopsLine } from '../gitlab/chatops';

const UNTRUSTED = 'This workspace is not trusted: flags can be read, but not changed on GitLab. Trust the workspace to enable writes.';

function writableGitLab(session: Session): GitLabService {
  if (!session.gitlab) throw new ResponseError(-32603, 'No environments are configured.');
  if (!session.trusted) throw new ResponseError(-32600, UNTRUSTED);
  return session.gitlab;
}

export async function planWrite(session: Session, intent: WriteIntent) {
  return writableGitLab(session).plan(intent);
}

/** The chatops line alone: it changes nothing, so neither trust nor a token is needed. */
export function chatopsLineOf(session: Session, intent: WriteIntent): string {
  if (!session.gitlab) throw new ResponseError(-32603, 'No environments are configured.');
  return chatopsLine(intent, session.gitlab.environments);
}

export async function executeWrite(session: Session, params: ExecuteWriteParams) {
  return writableGitLab(session).execute(params);
}

export async function cancelWrite(session: Session, params: { planId: string; reason: string }): Promise<void> {
  session.gitlab?.cancel(params.planId, params.reason);
}

export function workspaceTrust(session: Session, params: { trusted: boolean }): void {
  if (params.trusted) session.trust();
}
