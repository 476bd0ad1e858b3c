// textDocument/references: every place a flag is read, snake_case and camelCase alike.

import type { ReferenceParams } from 'vscode-languageserver/node';
import type { Session } from './session';
import { references } from '../features/references';

export async function findReferences(session: Session, params: ReferenceParams) {
  await session.ready;
  const found = session.locate(params.textDocument.uri);
  return found ? references(found.workspace.index, found.path, params.position, params.context.includeDeclaration) : null;
}
