// The flag list requests: the sidebar's flags, one flag's details, and the flags a document
// reads (for the editor's inline state).

import type { DocumentFlag, ListFlagsParams } from '../../../shared/protocol';
import type { Session } from './session';
import { flagDetails, flagSummaries } from '../features/flagList';

export async function listFlags(session: Session, params: ListFlagsParams) {
  await session.ready;
  return flagSummaries(session.workspaces, params.text ?? '', session.gitlab);
}

export async function describeFlag(session: Session, params: { name: string }) {
  await session.ready;
  return flagDetails(session.workspaces, params.name, session.gitlab);
}

export async function documentFlags(session: Session, params: { uri: string }): Promise<DocumentFlag[]> {
  await session.ready;
  const found = session.locate(params.uri);
  if (!found) return [];
  const { index } = found.workspace;
  return (index.file(found.path)?.references ?? []).map((reference) => ({ name: index.displayName(reference.name), range: reference.range, kind: reference.kind }));
}
