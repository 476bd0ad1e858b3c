// Removing flags: from the code (gitlabFlags/cleanup, a refactor preview), and from GitLab once
// gone from the code (gitlabFlags/extinctFlags, with the chatops line that deletes each).

import { ResponseError } from 'vscode-languageserver/node';
import type { Session } from './session';
import { cleanupFlag } from '../features/cleanup';
import { extinctFlags, groupExtinct } from '../features/extinct';
import { chatopsLine } from '../gitlab/chatops';

export async function cleanup(session: Session, params: { name: string; keep: 'enabled' | 'disabled' }) {
  await session.ready;
  const workspace = session.workspaces.all.find((candidate) => candidate.index.references(params.name).length > 0 || candidate.index.definitions(params.name).length > 0);
  if (!workspace) throw new ResponseError(-32602, `No references to '${params.name}' were found.`);
  return cleanupFlag(workspace, params.name, params.keep, session.readText, session.gitlab);
}

export async function extinct(session: Session, params: { environments?: string[] }) {
  await session.ready;
  const service = session.gitlab;
  if (!service) return { flags: [], errors: [] };
  const { rows, errors } = extinctFlags(
    session.workspaces.all.map((workspace) => workspace.index),
    await service.persisted(session.settings.requestTimeoutSeconds * 3000 + 1000, params.environments),
  );
  return { flags: groupExtinct(rows, (flag, environments) => chatopsLine({ flag, environments, operation: 'delete' }, service.environments)), errors };
}
