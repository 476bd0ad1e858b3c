// Rename a flag everywhere: every reference in its own spelling (snake or camel), the YAML
// `name:`, and the YAML file itself.

import type { TextDocumentEdit, RenameFile, WorkspaceEdit, TextEdit } from 'vscode-languageserver-protocol';
import type { Position, Range } from '../flags/model';
import { camelize, isValidFlagName } from '../flags/naming';
import type { FlagIndex } from '../index/flagIndex';
import { referenceAt } from './lookup';
import { pathToUri } from './uris';
import { dirname, join } from 'node:path';

export class RenameError extends Error {}

export function prepareRename(index: FlagIndex, path: string, position: Position): { range: Range; placeholder: string } | null {
  const reference = referenceAt(index, path, position);
  if (!reference) return null;
  return { range: reference.range, placeholder: index.displayName(reference.name) };
}

export function rename(index: FlagIndex, path: string, position: Position, newName: string): WorkspaceEdit | null {
  const reference = referenceAt(index, path, position);
  if (!reference) return null;
  if (!isValidFlagName(newName)) throw new RenameError(`'${newName}' is not a valid flag name: use lower-case words separated by single underscores.`);
  const oldName = index.displayName(reference.name);
  if (newName === oldName) return { documentChanges: [] };
  if (index.definitions(newName).length > 0 || index.hasReferences(camelize(newName))) throw new RenameError(`A flag named '${newName}' already exists.`);

  const editsByFile = new Map<string, TextEdit[]>();
  for (const found of index.references(reference.name)) {
    const replacement = found.item.name === oldName ? newName : camelize(newName);
    let edits = editsByFile.get(found.file);
    if (!edits) editsByFile.set(found.file, (edits = []));
    edits.push({ range: found.item.range, newText: replacement });
  }
  const documentChanges: (TextDocumentEdit | RenameFile)[] = [];
  for (const [file, edits] of [...editsByFile].sort(([a], [b]) => a.localeCompare(b))) {
    documentChanges.push({ textDocument: { uri: pathToUri(file), version: null }, edits });
  }
  for (const definition of index.definitions(reference.name)) {
    documentChanges.push({ kind: 'rename', oldUri: pathToUri(definition.file), newUri: pathToUri(join(dirname(definition.file), `${newName}.yml`)) });
  }
  return { documentChanges };
}
