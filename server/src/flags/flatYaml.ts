// A fast reader for the flat YAML that `bin/feature-flag` writes: one `key: scalar` per line.
// Parsing 2,500 definitions with the full `yaml` composer costs over a second; this reads the
// common case in a few milliseconds. Anything outside the strict subset (nesting, anchors,
// multi-line or flow values, tags, tabs, duplicate keys) returns undefined, and the caller uses
// the `yaml` package instead, so the result is never a guess.

import type { Range } from './model';

export interface FlatEntry {
  key: string;
  value: string | boolean | number | null;
  keyRange: Range;
  valueRange: Range;
}

// NOTE: only the key is matched with a regex. The value used to be matched by `[ ]+(.*?)[ ]*$`,
// whose backtracking is quadratic in a run of spaces: a 40,000-space line took over a second and a
// 4.8 MB one would take hours. The value and its spaces are now found by plain loops.
const KEY = /^([a-z_][a-z0-9_]*):/;
const LINE_BREAKS = /[\r\n\u2028\u2029]/;
const PLAIN_SAFE = /^[^\s'"&*!|>%@`#,[\]{}][^#]*$/;

export function readFlatYaml(text: string): FlatEntry[] | undefined {
  const entries: FlatEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const raw = lines[line].endsWith('\r') ? lines[line].slice(0, -1) : lines[line];
    if (raw === '' || (line === 0 && raw === '---') || raw.startsWith('#')) continue;
    const match = KEY.exec(raw);
    if (!match) return undefined;
    const key = match[1];
    if (seen.has(key)) return undefined;
    seen.add(key);
    const value = valueOf(raw, key.length + 1);
    if (!value) return undefined;
    const { source, valueStart } = value;
    const resolved = scalar(source);
    if (resolved === INVALID) return undefined;
    entries.push({
      key,
      value: resolved,
      keyRange: { start: { line, character: 0 }, end: { line, character: key.length } },
      valueRange: { start: { line, character: valueStart }, end: { line, character: valueStart + source.length } },
    });
  }
  return entries;
}

/**
 * The text after `key:`: nothing, or spaces then the value, trailing spaces removed (what
 * `:(?:[ ]+(.*?))?[ ]*$` matched). Undefined when something else follows the colon, or the line
 * holds a character a regex `.` does not match (a lone CR, U+2028, U+2029).
 */
function valueOf(raw: string, afterColon: number): { source: string; valueStart: number } | undefined {
  if (afterColon === raw.length) return { source: '', valueStart: raw.length };
  if (raw.charCodeAt(afterColon) !== 32) return undefined;
  let start = afterColon;
  while (start < raw.length && raw.charCodeAt(start) === 32) start++;
  let end = raw.length;
  while (end > start && raw.charCodeAt(end - 1) === 32) end--;
  const source = raw.slice(start, end);
  if (LINE_BREAKS.test(source)) return undefined;
  return { source, valueStart: source === '' ? raw.length : start };
}

const INVALID = Symbol('invalid');

/** YAML 1.2 core schema resolution of a one-line scalar, as the `yaml` package does it. */
function scalar(source: string): string | boolean | number | null | typeof INVALID {
  if (source === '' || source === '~' || /^(null|Null|NULL)$/.test(source)) return null;
  if (source.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(source)) return INVALID;
    return source.slice(1, -1).replace(/''/g, "'");
  }
  if (source.startsWith('"')) {
    // Escapes other than \" and \\ are rare in definitions: let the full parser handle them.
    if (!/^"(?:[^"\\]|\\["\\])*"$/.test(source)) return INVALID;
    return source.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  if (!PLAIN_SAFE.test(source) || source.includes(': ') || source.includes(' #')) return INVALID;
  if (/^(true|True|TRUE)$/.test(source)) return true;
  if (/^(false|False|FALSE)$/.test(source)) return false;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(source) || /^0x[0-9a-fA-F]+$|^0o[0-7]+$/.test(source)) return INVALID;
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(source)) return INVALID;
  return source;
}
