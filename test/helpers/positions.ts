// Cursor helpers: find a position by the text at it, instead of hard-coding line numbers.

import { readFileSync } from 'node:fs';

export function positionOf(path: string, needle: string, occurrence = 1, offsetInNeedle = 0): { line: number; character: number } {
  const text = readFileSync(path, 'utf8');
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`'${needle}' (occurrence ${occurrence}) not found in ${path}`);
  }
  const before = text.slice(0, index + offsetInNeedle);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
