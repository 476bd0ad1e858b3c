// Find all references: every spelling of the flag, in every file, optionally with the YAML.

import type { Location } from 'vscode-languageserver-protocol';
import type { Position } from '../flags/model';
import type { FlagIndex } from '../index/flagIndex';
import { referenceAt } from './lookup';
import { location } from './uris';

export function references(index: FlagIndex, path: string, position: Position, includeDeclaration: boolean): Location[] | null {
  const reference = referenceAt(index, path, position);
  if (!reference) return null;
  return index
    .references(reference.name)
    .filter((found) => includeDeclaration || found.item.kind !== 'definition')
    .map((found) => location(found.file, found.item.range));
}
