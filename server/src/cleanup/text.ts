// Line-aware text helpers shared by every language rewrite. Offsets are UTF-16 indices, the
// same unit web-tree-sitter reports for JavaScript strings.

import { LineMap } from '../index/sourceText';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The line-offset core is the scanners' LineMap (offset → line, line → offset, positions); Lines
 * adds what the rewrites ask of a line: its end, its text, its indent, whether it is blank.
 */
export class Lines extends LineMap {
  constructor(readonly text: string) {
    super(text);
  }
  get count(): number {
    return this.lineCount;
  }
  start(line: number): number {
    return this.lineStart(line);
  }
  /** Offset of the line's end, before its newline. */
  end(line: number): number {
    return line + 1 < this.count ? this.lineStart(line + 1) - 1 : this.text.length;
  }
  /** Offset just after the line's newline (or the end of the text). */
  next(line: number): number {
    return line + 1 < this.count ? this.lineStart(line + 1) : this.text.length;
  }
  get(line: number): string {
    return this.text.slice(this.start(line), this.end(line));
  }
  indent(line: number): number {
    return indentWidth(this.get(line));
  }
  isBlank(line: number): boolean {
    return line >= 0 && line < this.count && this.get(line).trim() === '';
  }
  /** True when only whitespace precedes `start` on its line and only whitespace follows `end` on its line. */
  ownsLines(start: number, end: number): boolean {
    const first = this.lineOf(start);
    const last = this.lineOf(Math.max(start, end - 1));
    return (
      this.text.slice(this.start(first), start).trim() === '' && this.text.slice(end, this.end(last)).trim() === ''
    );
  }
}

export function indentWidth(line: string): number {
  return line.length - line.trimStart().length;
}

export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** Removes `width` columns of leading whitespace from every line; blank lines become empty. */
export function dedentLines(lines: string[], width: number): string[] {
  return lines.map((line) => {
    if (line.trim() === '') return '';
    if (width >= 0) return line.slice(Math.min(width, indentWidth(line)));
    return ' '.repeat(-width) + line;
  });
}

const CLOSER = /^(end\b|[}\])]|else\b|elsif\b|when\b|in\b|rescue\b|ensure\b|<\/|- else\b|- elsif\b|- when\b)/;
const OPENER_END = /(\bdo(\s*\|[^|]*\|)?|[{[(]|\{\s*\|[^|]*\||=>|<[a-zA-Z][^>]*[^/]>|<template>|<[a-z-]+>)$/;
const OPENER_START = /^(def|class|module|if|unless|else|elsif|begin|case|when|while|until|for|- if|- unless|- else|- elsif|- case)\b/;

function isCloser(line: string): boolean {
  return CLOSER.test(line.trim());
}

function isOpener(line: string): boolean {
  const trimmed = line.trim().replace(/\s+#.*$/, '');
  return OPENER_END.test(trimmed) || OPENER_START.test(trimmed);
}

/**
 * Deletes lines first..last and tidies the blank lines around the hole so no doubled blank
 * line, and no blank line just inside a block opener or before its closer, is left behind.
 */
export function deleteLines(lines: Lines, first: number, last: number, replacement = ''): Edit {
  let from = first;
  let to = last;
  const prev = first - 1;
  const next = last + 1;
  if (replacement === '') {
    const prevBlank = lines.isBlank(prev);
    const nextBlank = lines.isBlank(next);
    const nextIsEdge = next >= lines.count || (next === lines.count - 1 && lines.get(next) === '') || isCloser(lines.get(next));
    const prevIsEdge = prev < 0 || isOpener(lines.get(prev));
    if (prevBlank && nextBlank) to = next;
    else if (prevBlank && nextIsEdge && prev >= 0) from = prev;
    else if (nextBlank && prevIsEdge && next < lines.count - 1) to = next;
  }
  const start = lines.start(from);
  let end = lines.next(to);
  // NOTE: deleting the last line of a file without a trailing newline must also eat the
  // newline before it, or a dangling empty line is left at the end.
  if (end === lines.text.length && !lines.text.endsWith('\n') && start > 0) {
    return { start: start - 1, end, text: replacement === '' ? '' : '\n' + replacement.replace(/\n$/, '') };
  }
  return { start, end, text: replacement };
}

/**
 * Several removals made in one step (a stub with the `let`s that fed it, a helper's parameter
 * with its use): deletions that overlap or touch, as two line deletions sharing a blank line do,
 * become one. Returns null when a replacement overlaps anything, which the caller reports.
 */
export function mergeEdits(edits: Edit[]): Edit[] | null {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Edit[] = [];
  for (const edit of sorted) {
    const last = merged[merged.length - 1];
    if (last && edit.start < last.end) {
      if (last.text !== '' || edit.text !== '') return null;
      last.end = Math.max(last.end, edit.end);
    } else if (last && edit.start === last.end && last.text === '' && edit.text === '') {
      last.end = edit.end;
    } else {
      merged.push({ ...edit });
    }
  }
  return merged;
}
