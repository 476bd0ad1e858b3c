// Small text utilities the scanners share: offset → position, and reading call arguments
// without a full parser (strings, comments and nesting are respected).

import type { Position, Range } from '../flags/model';

/** Maps UTF-16 offsets to LSP positions; built once per scanned file. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** How many lines the text has (one more than its newlines). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** The 0-based line holding `offset`. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The offset where `line` starts. */
  lineStart(line: number): number {
    return this.starts[line];
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: offset - this.starts[line] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  offset(position: Position): number {
    return (this.starts[position.line] ?? this.starts[this.starts.length - 1]) + position.character;
  }
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/**
 * Returns the offset of the bracket that closes the one at `open`, or -1. Skips quoted strings.
 * `limit` bounds the search so a missing bracket in a huge file stays cheap.
 */
export function findClosing(text: string, open: number, limit = 4000): number {
  let depth = 0;
  const end = Math.min(text.length, open + limit);
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(text, i, end);
      continue;
    }
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function skipString(text: string, start: number, end: number): number {
  const quote = text[start];
  for (let i = start + 1; i < end; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === quote) return i;
    else if (c === '\n' && quote !== '`') return i;
  }
  return end;
}

export interface HashKey {
  name: string;
  start: number;
  end: number;
  /** How the key was written: `name:` / `:name =>` / `'name' =>`, or an expression key. */
  literal: boolean;
}

/**
 * Lists the top-level keys of a Ruby or JS hash/object literal between `from` and `to`
 * (exclusive), e.g. the arguments of stub_feature_flags(a: true, 'b' => false).
 */
export function topLevelKeys(text: string, from: number, to: number): HashKey[] {
  const keys: HashKey[] = [];
  let depth = 0;
  let expectKey = true;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const close = skipString(text, i, to);
      if (depth === 0 && expectKey) {
        const after = skipSpaces(text, close + 1, to);
        if (text.startsWith('=>', after) || (text[after] === ':' && text[after + 1] !== ':')) {
          keys.push({ name: text.slice(i + 1, close), start: i + 1, end: close, literal: !text.slice(i + 1, close).includes('#{') });
        }
        expectKey = false;
      }
      i = close;
      continue;
    }
    if (c === '#' && text[i + 1] !== '{') {
      // Ruby comment to end of line.
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? to : newline;
      continue;
    }
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth--;
    else if (c === ',' && depth === 0) expectKey = true;
    else if (depth === 0 && expectKey && /[A-Za-z_$:]/.test(c)) {
      const match = /^(:?)([A-Za-z_$][\w$]*[?!]?)/.exec(text.slice(i, Math.min(to, i + 200)));
      if (match) {
        const tokenEnd = i + match[0].length;
        const after = skipSpaces(text, tokenEnd, to);
        const symbolKey = match[1] === ':' && text.startsWith('=>', after);
        const labelKey = match[1] === '' && text[tokenEnd] === ':' && text[tokenEnd + 1] !== ':';
        if (symbolKey || labelKey) {
          keys.push({ name: match[2], start: i + match[1].length, end: i + match[0].length, literal: true });
        } else if (match[1] === '' && text.startsWith('=>', after)) {
          keys.push({ name: match[2], start: i, end: tokenEnd, literal: false });
        }
        expectKey = false;
        i = tokenEnd - 1;
      }
    } else if (depth === 0 && !/\s/.test(c)) {
      expectKey = false;
    }
  }
  return keys;
}

export function skipSpaces(text: string, from: number, to = text.length): number {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}
