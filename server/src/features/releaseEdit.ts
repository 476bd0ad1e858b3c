// "Release with the flag": the edit that turns a definition's default_enabled to true, keeping
// the rest of the YAML byte for byte. An edit of a file, so it lives here, not in the GitLab layer.

import { isMap, isScalar, LineCounter } from 'yaml';
import { parseBoundedYaml } from '../flags/boundedYaml';
import type { FlagDefinition } from '../flags/definition';
import { FLAG_TYPES } from '../flags/flagTypes';
import type { Range } from '../flags/model';

export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * The edit that sets `default_enabled: true` in a definition's YAML, keeping everything else
 * byte for byte. Refused for types that may not be default_enabled.
 */
export function releaseEdit(definition: FlagDefinition, text: string): { edit?: TextEdit; error?: string } {
  const type = definition.type;
  if (!type || !FLAG_TYPES[type]) return { error: `${definition.name} has no known type, so it cannot be released with the flag.` };
  if (!FLAG_TYPES[type].mayBeDefaultEnabled) {
    return { error: `A '${type}' flag may not be default_enabled: true. Roll it out fully and remove the flag, or change its type to beta or ops if that is what it is.` };
  }
  const lineCounter = new LineCounter();
  const parsed = parseBoundedYaml(text, { lineCounter });
  if (!parsed.document) return { error: `${definition.file} is not a valid definition: ${parsed.refused.message}` };
  const document = parsed.document;
  if (document.errors.length > 0 || !isMap(document.contents)) return { error: `${definition.file} is not a valid definition; fix the YAML first.` };
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line - 1, character: col - 1 };
  };
  const pair = document.contents.items.find((item) => isScalar(item.key) && item.key.value === 'default_enabled');
  if (pair && isScalar(pair.value) && pair.value.range) {
    if (pair.value.value === true) return { error: `${definition.name} is already default_enabled: true.` };
    const [start, end] = pair.value.range;
    return { edit: { range: { start: position(start), end: position(end) }, newText: 'true' } };
  }
  if (pair) return { error: `default_enabled in ${definition.file} is not a plain value; set it to true by hand.` };
  // No key yet: add it as the last line, in GitLab's field order it comes near the end anyway.
  const end = position(text.length);
  return { edit: { range: { start: end, end }, newText: `${text.endsWith('\n') || text === '' ? '' : '\n'}default_enabled: true\n` } };
}
