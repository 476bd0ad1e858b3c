// Which flag is under the cursor.

import type { FileReference, Position, Range } from '../flags/model';
import type { FlagIndex } from '../index/flagIndex';

export function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function referenceAt(index: FlagIndex, path: string, position: Position): FileReference | undefined {
  return index.file(path)?.references.find((reference) => contains(reference.range, position));
}
