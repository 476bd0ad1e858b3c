// textDocument/completion: flag names, from the text before the cursor.

import type { CompletionParams, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Session } from './session';
import { completion } from '../features/completion';

export async function complete(session: Session, documents: TextDocuments<TextDocument>, params: CompletionParams) {
  await session.ready;
  const found = session.locate(params.textDocument.uri);
  const document = documents.get(params.textDocument.uri);
  if (!found || !document) return [];
  const linePrefix = document.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
  return completion(found.workspace.index, linePrefix);
}
