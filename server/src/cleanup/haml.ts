// HAML views, by indentation: `- if/unless/elsif` on the flag unwrap or drop their children,
// trailing `if/unless` modifiers are resolved, and the Ruby conditions themselves are
// simplified with the Ruby rules.

import { MARKER_OFF, MARKER_ON, type FlagNames, type ManualNote, type RewriteResult } from './engine';
import type { Parsers } from './parsers';
import { rewriteRuby } from './ruby';
import { dedentLines, indentWidth } from './text';

type Evaluated = { constant: boolean } | { expression: string } | undefined;

const BLOCK = /^(\s*)- (if|unless|elsif) (.+?)\s*$/;
const MODIFIER = /^(\s*[-=!&~%.#].*?)\s+(if|unless)\s+(.+?)\s*$/;

function mentionsFlag(text: string, flag: string): boolean {
  return new RegExp(`Feature\\.(enabled|disabled)\\?\\(\\s*(:${flag}\\b|['"]${flag}['"]|:["']${flag}["'])`).test(text);
}

function evaluator(parsers: Parsers, names: FlagNames) {
  return (condition: string): Evaluated => {
    const result = rewriteRuby(condition, parsers, names, { on: MARKER_ON, off: MARKER_OFF });
    if (result.failure) return undefined;
    const out = result.text.trim();
    if (out === MARKER_ON) return { constant: true };
    if (out === MARKER_OFF) return { constant: false };
    return { expression: out.replaceAll(MARKER_ON, 'true').replaceAll(MARKER_OFF, 'false') };
  };
}

/** Index after the last child line of `line` (deeper-indented or blank lines). */
function blockEnd(lines: string[], line: number): number {
  const indent = indentWidth(lines[line]);
  let end = line + 1;
  for (let i = line + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    if (indentWidth(lines[i]) <= indent) break;
    end = i + 1;
  }
  return end;
}

function children(lines: string[], line: number, indent: number): string[] {
  const body = lines.slice(line + 1, blockEnd(lines, line));
  const nonBlank = body.filter((text) => text.trim() !== '');
  if (nonBlank.length === 0) return [];
  return dedentLines(body, Math.min(...nonBlank.map(indentWidth)) - indent);
}

function isChainLine(text: string | undefined, indent: number): RegExpExecArray | null {
  if (text === undefined || indentWidth(text) !== indent) return null;
  return /^\s*- (elsif|else)\b/.exec(text);
}

export function rewriteHaml(text: string, parsers: Parsers, names: FlagNames): RewriteResult {
  const evaluate = evaluator(parsers, names);
  const notes: { line: number; reason: string }[] = [];
  let lines = text.split('\n');
  for (let guard = 0; guard < 500; guard++) {
    const index = lines.findIndex((line, i) => mentionsFlag(line, names.flag) && !notes.some((note) => note.line === i));
    if (index < 0) break;
    const next = step(lines, index, evaluate);
    if (!next) {
      notes.push({ line: index, reason: 'flag check in a HAML shape that is not rewritten automatically' });
      continue;
    }
    lines = next;
  }
  const out = lines.join('\n');
  const starts = [0];
  for (const line of lines) starts.push(starts[starts.length - 1] + line.length + 1);
  const manual: ManualNote[] = notes.map((note) => ({ offset: starts[note.line], reason: note.reason }));
  return { text: out, notes: manual };
}

function step(lines: string[], index: number, evaluate: (condition: string) => Evaluated): string[] | null {
  const line = lines[index];
  const block = BLOCK.exec(line);
  if (block) {
    const [, pad, keyword, condition] = block;
    const result = evaluate(condition);
    if (!result) return null;
    if ('expression' in result) return splice(lines, index, index + 1, [`${pad}- ${keyword} ${result.expression}`]);
    return resolveBlock(lines, index, keyword, keyword === 'unless' ? !result.constant : result.constant);
  }
  const modifier = MODIFIER.exec(line);
  if (modifier) {
    const [, statement, keyword, condition] = modifier;
    const result = evaluate(condition);
    if (!result) return null;
    if ('expression' in result) return splice(lines, index, index + 1, [`${statement} ${keyword} ${result.expression}`]);
    const taken = keyword === 'unless' ? !result.constant : result.constant;
    if (taken) return splice(lines, index, index + 1, [statement]);
    return removeLines(lines, index, blockEnd(lines, index));
  }
  return null;
}

function resolveBlock(lines: string[], index: number, keyword: string, taken: boolean): string[] {
  const indent = indentWidth(lines[index]);
  const pad = ' '.repeat(indent);
  // The chain is this branch and the `- elsif` / `- else` siblings after it.
  const branches = [index];
  let end = blockEnd(lines, index);
  if (keyword !== 'elsif') {
    while (isChainLine(lines[end], indent)) {
      branches.push(end);
      end = blockEnd(lines, end);
    }
  } else {
    let after = end;
    while (isChainLine(lines[after], indent)) after = blockEnd(lines, after);
    if (taken) return splice(lines, index, after, [`${pad}- else`, ...trimBlank(lines.slice(index + 1, end))]);
    return removeLines(lines, index, end);
  }
  if (taken) return splice(lines, index, end, trimBlank(children(lines, index, indent)));
  const following = branches[1];
  if (following === undefined) return removeLines(lines, index, end);
  const kind = isChainLine(lines[following], indent)![1];
  if (kind === 'elsif') {
    return splice(lines, index, following + 1, [lines[following].replace('- elsif', '- if')]);
  }
  return splice(lines, index, end, trimBlank(children(lines, following, indent)));
}

function trimBlank(block: string[]): string[] {
  let start = 0;
  let end = block.length;
  while (start < end && block[start].trim() === '') start++;
  while (end > start && block[end - 1].trim() === '') end--;
  return block.slice(start, end);
}

function splice(lines: string[], start: number, end: number, replacement: string[]): string[] {
  return [...lines.slice(0, start), ...replacement, ...lines.slice(end)];
}

/** Removes lines start..end-1, and a blank line left doubled or leading the parent's children. */
function removeLines(lines: string[], start: number, end: number): string[] {
  const prevBlank = start > 0 && lines[start - 1].trim() === '';
  const nextBlank = end < lines.length && lines[end].trim() === '' && end < lines.length - 1;
  if (prevBlank && (nextBlank || end >= lines.length || indentWidth(lines[end]) < indentWidth(lines[start]))) start--;
  else if (nextBlank && (start === 0 || indentWidth(lines[start - 1]) < indentWidth(lines[start]))) end++;
  return splice(lines, start, end, []);
}

/** Counts lines indented deeper than their parent allows, or `- else` without an `- if`. */
export function hamlIndentProblems(text: string): number {
  let problems = 0;
  const lines = text.split('\n');
  let prev: string | undefined;
  const openers: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = indentWidth(line);
    if (prev !== undefined && indent > indentWidth(prev) && !/[,|]\s*$/.test(prev) && indent - indentWidth(prev) > 2) problems++;
    if (/^\s*- (else|elsif)\b/.test(line)) {
      openers.length = indent + 1;
      if (!openers[indent]) problems++;
    }
    openers.length = indent + 1;
    openers[indent] = /^\s*- (if|unless|elsif|case|when)\b/.test(line) ? line : '';
    prev = line;
  }
  return problems;
}
