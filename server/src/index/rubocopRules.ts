// What GitLab's rubocop cops read in Ruby beside the flag name: the `# rubocop:disable` directives
// that silence a cop on some lines (copDisabled), and whether a `Feature.enabled?` call passes
// an actor (passesActor, for Gitlab/FeatureFlagWithoutActor).

import { findClosing, type LineMap, skipSpaces } from './sourceText';
import { ARGUMENT_LIMIT } from './rubyArguments';

export const WITHOUT_ACTOR_COP_NAME = 'FeatureFlagWithoutActor';
export const WITHOUT_ACTOR_COP = `Gitlab/${WITHOUT_ACTOR_COP_NAME}`;
export const EE_IN_FOSS_COP_NAME = 'EeFeatureFlagInFoss';
export const EE_IN_FOSS_COP = `Gitlab/${EE_IN_FOSS_COP_NAME}`;
export const NEVER = (): boolean => false;
const DIRECTIVE = /#\s*rubocop\s*:\s*(disable|enable|todo)\b([^\n]*)/g;

/**
 * The lines on which rubocop directives disable a cop: a directive after code on its line
 * disables it on that line; one alone on its line (`# rubocop:disable X`, HAML's `-# …`) until
 * a `rubocop:enable X`, or the end of the file. `all` and the department (`Gitlab`) count too,
 * and `rubocop:todo` is a disable. Text after ` -- ` is the reason.
 */
export function copDisabled(text: string, lines: LineMap, cop: string): (line: number) => boolean {
  const department = cop.slice(0, cop.indexOf('/'));
  const ranges: [number, number][] = [];
  let openedAt: number | undefined;
  for (const match of text.matchAll(DIRECTIVE)) {
    const cops = match[2].split(' --')[0].split(/[\s,]+/);
    if (!cops.some((name) => name === cop || name === 'all' || name === department)) continue;
    const { line, character } = lines.position(match.index);
    if (match[1] === 'enable') {
      if (openedAt !== undefined) ranges.push([openedAt, line]);
      openedAt = undefined;
      continue;
    }
    const alone = /^[ \t]*-?[ \t]*$/.test(text.slice(match.index - character, match.index));
    if (!alone) ranges.push([line, line]);
    else openedAt ??= line;
  }
  if (openedAt !== undefined) ranges.push([openedAt, Infinity]);
  return ranges.length === 0 ? NEVER : (line) => ranges.some(([from, to]) => line >= from && line <= to);
}

/**
 * Does a `Feature.enabled?` call whose name ends at `from` pass an actor? That is: a second
 * argument that is not keyword options (`type: :ops`, `**options`, `{ … }`), as the cop
 * Gitlab/FeatureFlagWithoutActor reads it. A splat or a block argument counts as an actor (the
 * cop's pattern does not match those calls).
 */
export function passesActor(text: string, from: number): boolean {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  let end: number;
  const parenthesised = text[i] === '(';
  if (parenthesised) {
    const close = findClosing(text, i);
    end = close === -1 ? Math.min(text.length, i + 400) : close;
    i += 1;
  } else {
    const newline = text.indexOf('\n', i);
    end = Math.min(newline === -1 ? text.length : newline, i + ARGUMENT_LIMIT);
  }
  const comma = topLevelComma(text, i, end);
  if (comma === -1) return false;
  // Without parentheses, a trailing comma carries the arguments on to the next line.
  const second = skipSpaces(text, comma + 1, parenthesised ? end : Math.min(text.length, comma + 400));
  if (parenthesised && second >= end) return false;
  const head = text.slice(second, second + 200);
  if (head.startsWith('**') || head.startsWith('{')) return false;
  if (head.startsWith('*') || head.startsWith('&')) return true;
  return !KEYWORD_ARGUMENT.test(head);
}

// `name:` (not `Foo::Bar`), `'name':`, or a hash rocket key: the start of keyword options.
const KEYWORD_ARGUMENT = /^(?:(?:[A-Za-z_]\w*[?!]?|"[^"\n]*"|'[^'\n]*'):(?!:)|(?::[A-Za-z_]\w*[?!]?|"[^"\n]*"|'[^'\n]*'|[A-Za-z_]\w*)\s*=>)/;

/** The first comma at the top level of `from`..`to`, skipping strings, brackets and comments; -1 if none. */
function topLevelComma(text: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = endOfString(text, i, to);
    } else if (c === '#' && text[i + 1] !== '{') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 || newline > to ? to : newline;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) return i;
  }
  return -1;
}

function endOfString(text: string, start: number, end: number): number {
  const quote = text[start];
  for (let i = start + 1; i < end; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return end;
}
