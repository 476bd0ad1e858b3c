// Go to definition: from any reference to the `name:` line of the flag's YAML.

import type { Location } from 'vscode-languageserver-protocol';
import type { Position } from '../flags/model';
import type { FlagIndex } from '../index/flagIndex';
import { referenceAt } from './lookup';
import { location } from './uris';

export function definition(index: FlagIndex, path: string, position: Position): Location[] | null {
  const reference = referenceAt(index, path, position);
  if (!reference) return null;
  const definitions = index.definitions(reference.name);
  return definitions.length === 0 ? null : definitions.map((found) => location(found.file, found.nameRange));
}
