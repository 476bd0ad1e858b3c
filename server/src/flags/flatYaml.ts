// A fast reader for the flat YAML that `bin/feature-flag` writes: one `key: scalar` per line.
// Parsing 2,500 definitions with the full `yaml` composer costs over a second; this reads the
// common case in a few milliseconds. Anything outside the strict subset (nesting, anchors,
// multi-line or flow values, tags, tabs, indicators such as `- ` and `? `, duplicate keys, an
// empty document) returns undefined, and the caller uses the `yaml` package instead, so the result
// is never a guess. test/unit/fuzz-flatYaml.test.ts checks that every text this accepts reads
// exactly as `yaml` 2 (YAML 1.2 core schema) reads it.

import type { Range } from './model';

export interface FlatEntry {
  key: string;
  value: string | boolean | number | null;
  /** The scalar's text before resolution, as `yaml`'s Scalar.source: `False` for false, `it's` for 'it''s'. */
  source: string;
  keyRange: Range;
  valueRange: Range;
}

// NOTE: only the key is matched with a regex. The value used to be matched by `[ ]+(.*?)[ ]*$`,
// whose backtracking is quadratic in a run of spaces: a 40,000-space line took over a second and a
// 4.8 MB one would take hours. The value and its spaces are now found by plain loops.
const KEY = /^([a-z_][a-z0-9_]*):/;
const LINE_BREAKS = /[\r\n\u2028\u2029]/;
// A plain scalar's first character: not an indicator, or one of `-?:` followed by a non-space
// (`- x` is a sequence, `? x` a complex key, `: x` a value, each an error after `key: `).
const PLAIN_SAFE = /^(?:[^\s'"&*!|>%@`#,[\]{}?:-]|[?:-](?=\S))[^#]*$/;

export function readFlatYaml(text: string): FlatEntry[] | undefined {
  const entries: FlatEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    // A CR ends a line only before a LF: to `yaml` a lone CR, even at the very end, is content.
    const raw = line < lines.length - 1 && lines[line].endsWith('\r') ? lines[line].slice(0, -1) : lines[line];
    if (raw === '' || (line === 0 && raw === '---') || raw.startsWith('#')) continue;
    const match = KEY.exec(raw);
    if (!match) return undefined;
    const key = match[1];
    if (seen.has(key)) return undefined;
    seen.add(key);
    const value = valueOf(raw, key.length + 1);
    if (!value) return undefined;
    const { written, valueStart } = value;
    const resolved = scalar(written);
    if (resolved === INVALID) return undefined;
    const quote = written.charCodeAt(0);
    entries.push({
      key,
      value: resolved,
      // A quoted scalar's source is its unquoted text, as in `yaml`; a plain one's what is written.
      source: quote === 39 || quote === 34 ? (resolved as string) : written,
      keyRange: { start: { line, character: 0 }, end: { line, character: key.length } },
      valueRange: { start: { line, character: valueStart }, end: { line, character: valueStart + written.length } },
    });
  }
  // An empty document (nothing, comments or `---` alone) is null to `yaml`, not an empty map.
  return entries.length === 0 ? undefined : entries;
}

/**
 * The text after `key:`: nothing, or spaces then the value, trailing spaces removed (what
 * `:(?:[ ]+(.*?))?[ ]*$` matched). Undefined when something else follows the colon, or the line
 * holds a tab or a character a regex `.` does not match (a lone CR, U+2028, U+2029).
 */
function valueOf(raw: string, afterColon: number): { written: string; valueStart: number } | undefined {
  // A tab is whitespace around a plain scalar (`key: x<TAB>` is `x`) but not indentation: not flat.
  if (raw.includes('\t')) return undefined;
  if (afterColon === raw.length) return { written: '', valueStart: raw.length };
  if (raw.charCodeAt(afterColon) !== 32) return undefined;
  let start = afterColon;
  while (start < raw.length && raw.charCodeAt(start) === 32) start++;
  let end = raw.length;
  while (end > start && raw.charCodeAt(end - 1) === 32) end--;
  const written = raw.slice(start, end);
  if (LINE_BREAKS.test(written)) return undefined;
  return { written, valueStart: written === '' ? raw.length : start };
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
  // `b:` at the end of a plain scalar, like `: ` inside one, starts a nested mapping.
  if (!PLAIN_SAFE.test(source) || source.includes(': ') || source.endsWith(':') || source.includes(' #')) return INVALID;
  if (/^(true|True|TRUE)$/.test(source)) return true;
  if (/^(false|False|FALSE)$/.test(source)) return false;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(source) || /^0x[0-9a-fA-F]+$|^0o[0-7]+$/.test(source)) return INVALID;
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(source)) return INVALID;
  return source;
}
