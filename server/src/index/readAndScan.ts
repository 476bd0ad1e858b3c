// Reads files from disk and scans them; the same function runs in worker threads for a cold
// index and in the main thread for a handful of changed files.

import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanFile, ScannedFile, languageOf } from './scanFile';
import { parseDefinition } from '../flags/definition';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'not-utf8' | 'symlink' | 'missing';

export interface ScanOutcome {
  relativePath: string;
  size: number;
  mtimeMs: number;
  scan?: ScannedFile;
  skipped?: SkipReason;
  /** For unreadable files: the system's reason, e.g. EACCES. */
  detail?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function hasNulByte(buffer: Buffer): boolean {
  const end = Math.min(buffer.length, 8000);
  for (let i = 0; i < end; i++) if (buffer[i] === 0) return true;
  return false;
}

export function readAndScan(root: string, relativePath: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): ScanOutcome {
  const absolutePath = join(root, relativePath);
  let size = 0;
  let mtimeMs = 0;
  try {
    const stat = lstatSync(absolutePath, { throwIfNoEntry: false });
    if (!stat) return { relativePath, size, mtimeMs, skipped: 'missing' };
    size = stat.size;
    mtimeMs = stat.mtimeMs;
    if (stat.isSymbolicLink()) return { relativePath, size, mtimeMs, skipped: 'symlink' };
    if (!stat.isFile()) return { relativePath, size, mtimeMs, skipped: 'missing' };
    if (size > maxFileBytes) return { relativePath, size, mtimeMs, skipped: 'too-large' };
    const buffer = readFileSync(absolutePath);
    return { relativePath, size, mtimeMs, ...scanBuffer(absolutePath, relativePath, buffer) };
  } catch (error) {
    return { relativePath, size, mtimeMs, skipped: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/** Scans file contents given as bytes: the byte prefilter runs before any decoding. */
export function scanBuffer(absolutePath: string, relativePath: string, buffer: Buffer): { scan?: ScannedFile; skipped?: SkipReason } {
  const definition = languageOf(relativePath) === 'definition';
  if (!definition && buffer.indexOf('eature') === -1 && buffer.indexOf('EATURE') === -1) return { scan: { references: [], dynamic: [] } };
  if (hasNulByte(buffer)) return { skipped: 'binary' };
  let text: string;
  if (definition) {
    try {
      text = utf8.decode(buffer);
    } catch {
      return { skipped: 'not-utf8', scan: notUtf8Definition(absolutePath, relativePath) };
    }
  } else {
    // Source files with stray invalid bytes are still scanned; the bytes become U+FFFD.
    text = lenientUtf8.decode(buffer);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { scan: scanFile(absolutePath, relativePath, text) };
}

/** A definition we cannot decode still exists (so the flag is not "undefined"), with one problem. */
function notUtf8Definition(absolutePath: string, relativePath: string): ScannedFile {
  const definition = parseDefinition(absolutePath, '{}', relativePath);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  definition.problems = [
    { kind: 'invalid-definition', severity: 'error', message: 'The file is not valid UTF-8; GitLab cannot load it.', file: absolutePath, range, flag: definition.name || undefined },
  ];
  return { references: [], dynamic: [], definition };
}
