// Finds flag references in JavaScript, TypeScript and Vue files: reads of gon.features and
// glFeatures (camelCase names), and the objects specs use to provide them.

import type { DynamicReference, FileReference } from '../flags/model';
import { findClosing, LineMap, skipSpaces, topLevelKeys } from './sourceText';
import { Deadline, NO_DEADLINE } from './deadline';

// gon.features.x, gon.features?.x, window.gon?.features?.x, this.glFeatures.x, glFeatures?.x
const FLAG_READ = /(?<![\w$])(?:gon\s*(?:\?\.|\.)\s*features|glFeatures)\s*(\?\.|\.)\s*(\[)?\s*([A-Za-z_$][\w$]*)?/g;
// glFeatures: { x: true } (Jest provide), gon.features = { x: true }
const FLAG_OBJECT = /(?<![\w$])(?:glFeatures\s*:|gon\s*\.\s*features\s*=)\s*\{/g;
// window.gon = { features: { x: true } }
const GON_OBJECT = /(?<![\w$])gon\s*=\s*\{/g;
// gon.features['x'] and glFeatures['x'] (no dot before the bracket)
const FLAG_INDEX = /(?<![\w$])(?:gon\s*(?:\?\.|\.)\s*features|glFeatures)\s*\[/g;

export function scanJs(text: string, lines: LineMap, deadline: Deadline = NO_DEADLINE): { references: FileReference[]; dynamic: DynamicReference[] } {
  const references: FileReference[] = [];
  const dynamic: DynamicReference[] = [];

  for (const match of text.matchAll(FLAG_READ)) {
    deadline.tick();
    if (match[2] === '[') {
      addComputed(text, match.index + match[0].lastIndexOf('['), lines, references, dynamic);
      continue;
    }
    const name = match[3];
    if (!name) continue;
    const start = match.index + match[0].length - name.length;
    references.push({ name, kind: 'frontend', range: lines.range(start, start + name.length) });
  }

  for (const match of text.matchAll(FLAG_INDEX)) {
    deadline.tick();
    addComputed(text, match.index + match[0].length - 1, lines, references, dynamic);
  }

  for (const match of text.matchAll(FLAG_OBJECT)) {
    deadline.tick();
    addObjectKeys(text, match.index + match[0].length - 1, lines, references, dynamic);
  }

  for (const match of text.matchAll(GON_OBJECT)) {
    deadline.tick();
    const brace = match.index + match[0].length - 1;
    const close = findClosing(text, brace, 20000);
    if (close === -1) continue;
    const features = /(?<![\w$])features\s*:\s*\{/.exec(text.slice(brace, close));
    if (features) addObjectKeys(text, brace + features.index + features[0].length - 1, lines, references, dynamic);
  }
  return { references, dynamic };
}

function addObjectKeys(text: string, brace: number, lines: LineMap, references: FileReference[], dynamic: DynamicReference[]): void {
  const close = findClosing(text, brace, 20000);
  if (close === -1) return;
  for (const key of topLevelKeys(text, brace + 1, close)) {
    if (key.literal) references.push({ name: key.name, kind: 'stub', range: lines.range(key.start, key.end) });
    else dynamic.push({ prefix: '', range: lines.range(key.start, key.end), expression: text.slice(key.start, key.end) });
  }
}

/** `features['x']` is a plain read; `features[name]` is dynamic. */
function addComputed(text: string, bracket: number, lines: LineMap, references: FileReference[], dynamic: DynamicReference[]): void {
  const inner = skipSpaces(text, bracket + 1);
  const literal = /^(['"])([A-Za-z_$][\w$]*)\1\s*\]/.exec(text.slice(inner, inner + 200));
  if (literal) {
    references.push({ name: literal[2], kind: 'frontend', range: lines.range(inner + 1, inner + 1 + literal[2].length) });
    return;
  }
  const close = findClosing(text, bracket, 400);
  const end = close === -1 ? inner : close;
  const expression = text.slice(inner, end).trim();
  const template = /^`([\w]*)\$\{/.exec(expression);
  dynamic.push({ prefix: template ? template[1] : '', range: lines.range(inner, end), expression });
}
