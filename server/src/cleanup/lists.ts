// Removing one element from a comma-separated list (arguments, hash or object entries) while
// keeping the list's layout: inline lists lose the element and one separator, multi-line
// lists lose the element's lines, and the previous element's comma when it was the last one.

import type { Node } from 'web-tree-sitter';
import { deleteLines, type Edit, type Lines } from './text';

export function listElements(list: Node): Node[] {
  return list.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
}

/** Returns null when `element` is the list's only element: the caller removes the whole list owner. */
export function removeListElement(element: Node, lines: Lines): Edit[] | null {
  const list = element.parent;
  if (!list) return null;
  const elements = listElements(list);
  const index = elements.findIndex((candidate) => candidate.id === element.id);
  if (index < 0 || elements.length === 1) return null;
  const prev = index > 0 ? elements[index - 1] : undefined;
  const next = index + 1 < elements.length ? elements[index + 1] : undefined;
  const text = lines.text;

  let end = element.endIndex;
  const commaAfter = /^\s*,/.exec(text.slice(end));
  const hasCommaAfter = !!commaAfter && (!next || text.slice(end, next.startIndex).includes(','));
  const ownLineEnd = hasCommaAfter ? end + commaAfter![0].length : end;

  if (lines.ownsLines(element.startIndex, ownLineEnd)) {
    const edits = [deleteLines(lines, lines.lineOf(element.startIndex), lines.lineOf(ownLineEnd - 1))];
    if (!next && !hasCommaAfter && prev) {
      const comma = text.slice(prev.endIndex).match(/^\s*,/);
      if (comma) edits.push({ start: prev.endIndex, end: prev.endIndex + comma[0].length, text: '' });
    }
    return edits;
  }
  if (next) return [{ start: element.startIndex, end: next.startIndex, text: '' }];
  if (prev) {
    end = hasCommaAfter && lines.lineOf(prev.endIndex) === lines.lineOf(element.startIndex) ? ownLineEnd : end;
    return [{ start: prev.endIndex, end, text: '' }];
  }
  return null;
}
