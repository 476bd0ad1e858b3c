// workspace/symbol: flags by name across every root.

import type { WorkspaceSymbolParams } from 'vscode-languageserver/node';
import type { Session } from './session';
import { workspaceSymbols } from '../features/symbols';

export async function findSymbols(session: Session, params: WorkspaceSymbolParams) {
  await session.ready;
  return workspaceSymbols(
    session.workspaces.all.map((workspace) => workspace.index),
    params.query,
  );
}
