// Scans one file's text for flag references, choosing the scanner by the file's path.

import type { FileScan } from '../flags/model';
import { parseDefinition, FlagDefinition } from '../flags/definition';
import { languageOf } from './languages';

export { languageOf, isSpecPath, type FileLanguage } from './languages';
import { LineMap } from './sourceText';
import { scanRuby } from './scanRuby';
import { scanJs } from './scanJs';
import { scanMarkdown } from './scanMarkdown';
import { Deadline, NO_DEADLINE } from './deadline';

export interface ScannedFile extends FileScan {
  definition?: FlagDefinition;
}

const EMPTY: ScannedFile = { references: [], dynamic: [] };

/** The text form of the byte prefilter in readAndScan.ts (for editor buffers). */
export function mayReferenceFlags(text: string): boolean {
  return text.includes('Feature') || text.includes('feature_flag') || text.includes('eatures') || text.includes('FEATURE_FLAG');
}

/** Throws ScanTimeout (see deadline.ts) when `deadline` expires; definitions are not bounded (YAML is parsed in one call). */
export function scanFile(absolutePath: string, relativePath: string, text: string, deadline: Deadline = NO_DEADLINE): ScannedFile {
  const language = languageOf(relativePath);
  if (language === 'definition') {
    const definition = parseDefinition(absolutePath, text, relativePath);
    const references = definition.name && definition.keyRanges.name ? [{ name: definition.name, kind: 'definition' as const, range: definition.nameRange }] : [];
    return { references, dynamic: [], definition };
  }
  if (language === 'markdown') {
    if (!text.includes('--random')) return EMPTY;
    const timeRollouts = scanMarkdown(text, new LineMap(text));
    return timeRollouts.length > 0 ? { references: [], dynamic: [], timeRollouts } : EMPTY;
  }
  if (!language || !mayReferenceFlags(text)) return EMPTY;
  const lines = new LineMap(text);
  return language === 'ruby' ? scanRuby(text, lines, deadline) : scanJs(text, lines, deadline);
}
