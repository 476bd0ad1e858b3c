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

const LINE = /^([a-z_][a-z0-9_]*):(?:[ ]+(.*?))?[ ]*$/;
const PLAIN_SAFE = /^[^\s'"&*!|>%@`#,[\]{}][^#]*$/;

export function readFlatYaml(text: string): FlatEntry[] | undefined {
  const entries: FlatEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const raw = lines[line].endsWith('\r') ? lines[line].slice(0, -1) : lines[line];
    if (raw === '' || (line === 0 && raw === '---') || raw.startsWith('#')) continue;
    const match = LINE.exec(raw);
    if (!match) return undefined;
    const key = match[1];
    if (seen.has(key)) return undefined;
    seen.add(key);
    const source = match[2] ?? '';
    const valueStart = source === '' ? raw.length : raw.indexOf(source, key.length + 1);
    const value = scalar(source);
    if (value === INVALID) return undefined;
    entries.push({
      key,
      value,
      keyRange: { start: { line, character: 0 }, end: { line, character: key.length } },
      valueRange: { start: { line, character: valueStart }, end: { line, character: valueStart + source.length } },
    });
  }
  return entries;
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
