// Reads the flag argument of a Ruby call the way a tiny tokenizer would: a symbol, a string
// (static, or interpolated with a static prefix), a constant assigned in the same file, or any
// other expression (dynamic). Also the `type:` argument after it. Owns the bounds that keep a
// hostile one-line file linear (ARGUMENT_LIMIT).

import { findClosing, skipSpaces } from './sourceText';
import type { Deadline } from './deadline';

export interface FlagArgument {
  /** The static name, when the argument is a literal (or a constant we could resolve). */
  name?: string;
  /** Dynamic: the static prefix of an interpolated name, '' when unknown. */
  prefix?: string;
  start: number;
  end: number;
  /** End of the whole call's arguments, to look for `type:`. */
  argsEnd: number;
}

// NOTE: a paren-less call's arguments end at the newline; on a single 5 MB line every call would
// otherwise re-read the rest of the line (quadratic). findClosing uses the same bound.
export const ARGUMENT_LIMIT = 4000;

// `NAME = :value` (or a quoted value), optionally frozen: a constant a flag call may use.
const CONSTANT_ASSIGNMENT = /(?<![\w:])([A-Z][A-Z0-9_]*)\s*=\s*(?::([a-z0-9_]+)|'([a-z0-9_]+)'|"([a-z0-9_]+)")(?![\w])\s*(?:\.freeze)?/g;

export interface ConstantValue {
  constantName: string;
  value: string;
  start: number;
  end: number;
}

export function collectConstants(text: string, deadline: Deadline): Map<string, ConstantValue> {
  const constants = new Map<string, ConstantValue>();
  for (const match of text.matchAll(CONSTANT_ASSIGNMENT)) {
    deadline.tick();
    const value = match[2] ?? match[3] ?? match[4];
    const valueStart = match.index + match[0].indexOf(value, match[1].length);
    if (!constants.has(match[1])) constants.set(match[1], { constantName: match[1], value, start: valueStart, end: valueStart + value.length });
  }
  return constants;
}

/** Reads the first argument of a call whose name ends at `from`: `(:x`, ` :x`, `('x'`, `(CONST`. */
export function readFlagArgument(text: string, from: number, constants: Map<string, ConstantValue>, used: Set<string>): FlagArgument | undefined {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  let argsEnd: number;
  if (text[i] === '(') {
    const close = findClosing(text, i);
    argsEnd = close === -1 ? Math.min(text.length, i + 400) : close;
    i = skipSpaces(text, i + 1);
    // A comment after the parenthesis (a rubocop directive on the call's first line) is no name.
    while (text[i] === '#' && text[i + 1] !== '{' && i < argsEnd) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? argsEnd : skipSpaces(text, newline);
    }
  } else {
    // Paren-less call: arguments run to the end of the line (bounded, see ARGUMENT_LIMIT).
    const newline = text.indexOf('\n', i);
    argsEnd = Math.min(newline === -1 ? text.length : newline, i + ARGUMENT_LIMIT);
    if (i === from) return undefined; // `Feature.enabled?` with nothing after it
  }
  return readValue(text, i, argsEnd, constants, used);
}

export function readValue(text: string, start: number, argsEnd: number, constants: Map<string, ConstantValue>, used: Set<string>): FlagArgument | undefined {
  const i = skipSpaces(text, start);
  const c = text[i];
  if (c === ':' && text[i + 1] !== ':') {
    if (text[i + 1] === '"' || text[i + 1] === "'") return readString(text, i + 1, argsEnd);
    const match = /^[A-Za-z_][\w]*[?!]?/.exec(text.slice(i + 1, i + 201));
    return match ? { name: match[0], start: i + 1, end: i + 1 + match[0].length, argsEnd } : undefined;
  }
  if (c === '"' || c === "'") return readString(text, i, argsEnd);
  if (c === undefined || c === ')' || c === ',' || c === '\n') return undefined;
  const constant = /^(?:::)?[A-Z]\w*(?:::[A-Z]\w*)*/.exec(text.slice(i, i + 200));
  if (constant) {
    const constantName = constant[0].split('::').pop() ?? constant[0];
    const value = constants.get(constantName);
    if (value) {
      used.add(constantName);
      return { name: value.value, start: i, end: i + constant[0].length, argsEnd };
    }
    return { prefix: '', start: i, end: i + constant[0].length, argsEnd };
  }
  // Any other expression (a variable, a method call): dynamic, with no known prefix.
  const expression = /^[^,)\n]+/.exec(text.slice(i, Math.min(argsEnd, i + 200)));
  if (expression && /^(nil|true|false)\b/.test(expression[0])) return undefined;
  const end = i + (expression ? expression[0].trimEnd().length : 1);
  return { prefix: '', start: i, end, argsEnd };
}

function readString(text: string, quote: number, argsEnd: number): FlagArgument {
  const close = text.indexOf(text[quote], quote + 1);
  const end = close === -1 || close > quote + 300 ? quote + 1 : close;
  const content = text.slice(quote + 1, end);
  if (content.includes('#{') || !/^[\w]+$/.test(content)) {
    const expressionStart = text[quote - 1] === ':' ? quote - 1 : quote;
    return { prefix: staticPrefix(content), start: expressionStart, end: end + 1, argsEnd };
  }
  return { name: content, start: quote + 1, end, argsEnd };
}

export function staticPrefix(content: string): string {
  const interpolation = content.indexOf('#{');
  const prefix = interpolation === -1 ? '' : content.slice(0, interpolation);
  return /^[a-z0-9_]*$/.test(prefix) ? prefix : '';
}

/** The `type: :beta` argument of a call, if any, searched at the top level of the arguments. */
export function findTypeArgument(text: string, from: number, argsEnd: number): string | undefined {
  if (argsEnd <= from) return undefined;
  const match = /(?<![\w:])type:\s*:(\w+)/.exec(text.slice(from, argsEnd));
  return match ? match[1] : undefined;
}
