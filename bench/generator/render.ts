// Turns lines made of text and marked name tokens into file text plus the exact position of
// every marked token. Positions come from JS string lengths, which are UTF-16 code units,
// the unit LSP uses.

import type { ReferenceKind } from '../../server/src/flags/model';
import type { ManifestDynamic, ManifestOptional, ManifestReference } from './manifest';

export interface RefPart {
  ref: string;
  /** The text written, when it is not the snake name (camelCase in JS). */
  text?: string;
  kind: ReferenceKind;
  form: string;
}

export interface DynamicPart {
  dynamic: string;
  prefix: string;
  form: string;
}

export interface OptionalPart {
  optional: string;
  text: string;
  form: string;
}

export type Part = string | RefPart | DynamicPart | OptionalPart;
export type Line = Part[];

export function partText(part: Part): string {
  if (typeof part === 'string') return part;
  if ('ref' in part) return part.text ?? part.ref;
  if ('dynamic' in part) return part.dynamic;
  return part.text;
}

/** Prefixes every non-empty line with `prefix`. */
export function indent(lines: Line[], prefix: string): Line[] {
  return lines.map((line) => (line.length === 0 ? line : [prefix, ...line]));
}

/** Plain text lines, for filler. */
export function plain(texts: string[]): Line[] {
  return texts.map((text) => (text === '' ? [] : [text]));
}

export interface RenderedFile {
  text: string;
  references: ManifestReference[];
  dynamic: ManifestDynamic[];
  optional: ManifestOptional[];
}

export function renderFile(path: string, lines: Line[]): RenderedFile {
  const out: string[] = [];
  const references: ManifestReference[] = [];
  const dynamic: ManifestDynamic[] = [];
  const optional: ManifestOptional[] = [];
  lines.forEach((line, lineNumber) => {
    let text = '';
    for (const part of line) {
      const written = partText(part);
      if (typeof part !== 'string') {
        const span = {
          path,
          line: lineNumber,
          character: text.length,
          endLine: lineNumber,
          endCharacter: text.length + written.length,
        };
        if ('ref' in part) references.push({ flag: part.ref, ...span, kind: part.kind, form: part.form, name: written });
        else if ('dynamic' in part) dynamic.push({ ...span, prefix: part.prefix, form: part.form, expression: written });
        else optional.push({ flag: part.optional, ...span, form: part.form, name: written });
      }
      text += written;
    }
    out.push(text);
  });
  return { text: out.join('\n') + '\n', references, dynamic, optional };
}
