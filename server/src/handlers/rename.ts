// textDocument/prepareRename and textDocument/rename: a flag renamed everywhere, YAML included.

import { ResponseError, type PrepareRenameParams, type RenameParams } from 'vscode-languageserver/node';
import type { Session } from './session';
import { prepareRename, rename, RenameError } from '../features/rename';

export async function prepareFlagRename(session: Session, params: PrepareRenameParams) {
  await session.ready;
  const found = session.locate(params.textDocument.uri);
  return found ? prepareRename(found.workspace.index, found.path, params.position) : null;
}

export async function renameFlag(session: Session, params: RenameParams) {
  await session.ready;
  const found = session.locate(params.textDocument.uri);
  if (!found) return null;
  try {
    return rename(found.workspace.index, found.path, params.position, params.newName);
  } catch (error) {
    // A name the rename refuses is the client's mistake (invalid params), not a server fault.
    if (error instanceof RenameError) throw new ResponseError(-32602, error.message);
    throw error;
  }
}
