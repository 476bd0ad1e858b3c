// textDocument/definition: from a flag to its YAML definition.

import type { DefinitionParams } from 'vscode-languageserver/node';
import type { Session } from './session';
import { definition } from '../features/definition';

export async function goToDefinition(session: Session, params: DefinitionParams) {
  await session.ready;
  const found = session.locate(params.textDocument.uri);
  return found ? definition(found.workspace.index, found.path, params.position) : null;
}
