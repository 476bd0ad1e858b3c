// Reads files from disk and scans them; the same function runs in worker threads for a cold
// index and in the main thread for a handful of changed files.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { absolutePath as absoluteOf } from './paths';
import { scanFile, ScannedFile, languageOf } from './scanFile';
import { parseDefinition } from '../flags/definition';
import { Deadline, DEFAULT_SCAN_TIMEOUT_MS, ScanTimeout } from './deadline';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'not-utf8' | 'symlink' | 'missing' | 'timeout';

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

// One buffer reused for every read: 60k Buffer allocations would otherwise dominate GC time.
let readBuffer = Buffer.allocUnsafe(1024 * 1024);

export function readAndScan(root: string, relativePath: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES, scanTimeoutMs = DEFAULT_SCAN_TIMEOUT_MS, needStat = true): ScanOutcome {
  const path = absoluteOf(root, relativePath);
  let size = 0;
  let mtimeMs = 0;
  let fd: number | undefined;
  try {
    // O_NOFOLLOW: a symbolic link fails with ELOOP instead of being followed.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    // NOTE: without a cache to key, size and mtime are not needed: one syscall fewer per file.
    if (!needStat) return readWithoutStat(fd, path, relativePath, maxFileBytes, scanTimeoutMs);
    const stat = fstatSync(fd);
    size = stat.size;
    mtimeMs = stat.mtimeMs;
    if (!stat.isFile()) return { relativePath, size, mtimeMs, skipped: 'missing' };
    if (size > maxFileBytes) return { relativePath, size, mtimeMs, skipped: 'too-large' };
    if (size > readBuffer.length) readBuffer = Buffer.allocUnsafe(Math.max(size, readBuffer.length * 2));
    let read = 0;
    while (read < size) {
      const count = readSync(fd, readBuffer, read, size - read, read);
      if (count === 0) break;
      read += count;
    }
    return { relativePath, size, mtimeMs, ...scanBuffer(path, relativePath, readBuffer.subarray(0, read), scanTimeoutMs) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { relativePath, size, mtimeMs, skipped: 'missing' };
    if (code === 'ELOOP') return { relativePath, size, mtimeMs, skipped: 'symlink' };
    return { relativePath, size, mtimeMs, skipped: 'unreadable', detail: code ?? String(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads until end of file into the shared buffer, growing it as needed, bounded by maxFileBytes. */
function readWithoutStat(fd: number, absolutePath: string, relativePath: string, maxFileBytes: number, scanTimeoutMs: number): ScanOutcome {
  let read = 0;
  for (;;) {
    if (read === readBuffer.length) {
      if (read > maxFileBytes) return { relativePath, size: read, mtimeMs: 0, skipped: 'too-large' };
      const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
      readBuffer.copy(bigger, 0, 0, read);
      readBuffer = bigger;
    }
    const wanted = readBuffer.length - read;
    const count = readSync(fd, readBuffer, read, wanted, read);
    read += count;
    // NOTE: a read of a regular file returns less than asked only at its end (the listing holds
    // regular files, and O_NOFOLLOW refuses links), which saves a second read per file.
    if (count < wanted) break;
  }
  if (read > maxFileBytes) return { relativePath, size: read, mtimeMs: 0, skipped: 'too-large' };
  return { relativePath, size: read, mtimeMs: 0, ...scanBuffer(absolutePath, relativePath, readBuffer.subarray(0, read), scanTimeoutMs) };
}

/**
 * The byte prefilter. Every structured form contains one of these four: `Feature` (Feature.,
 * ::Feature, Runtime::Feature, FeatureConstrainer), `feature_flag` (stub_feature_flags,
 * push_frontend_feature_flag, feature_flag:, limit_feature_flag), `eatures` (gon.features,
 * glFeatures) or `FEATURE_FLAG`. Plain "eature" would also let through every spec's
 * `feature_category:`, about half of GitLab's files. The first three share "eature", so one
 * pass finds them (checking the bytes around each hit) and a second looks for the fourth:
 * most files have none, and this is the whole cost of reading them.
 */
export function bytesMayReferenceFlags(buffer: Buffer): boolean {
  for (let at = buffer.indexOf(EATURE); at !== -1; at = buffer.indexOf(EATURE, at + EATURE.length)) {
    const before = at > 0 ? buffer[at - 1] : 0;
    const after = at + 6;
    if (before === F) return true;
    if (buffer[after] === LOWER_S) return true;
    if (before === LOWER_F && buffer[after] === UNDERSCORE && buffer[after + 1] === LOWER_F && buffer[after + 2] === LOWER_L && buffer[after + 3] === LOWER_A && buffer[after + 4] === LOWER_G) return true;
  }
  return buffer.indexOf(UPPER_FEATURE_FLAG) !== -1;
}

const EATURE = Buffer.from('eature');
const RANDOM = Buffer.from('--random');
const UPPER_FEATURE_FLAG = Buffer.from('FEATURE_FLAG');
const [F, LOWER_S, LOWER_F, UNDERSCORE, LOWER_L, LOWER_A, LOWER_G] = Buffer.from('Fsf_lag');

/**
 * Scans file contents given as bytes: the byte prefilter runs before any decoding. A file whose
 * scan outlasts `scanTimeoutMs` is skipped with reason 'timeout' (and contributes nothing).
 */
export function scanBuffer(absolutePath: string, relativePath: string, buffer: Buffer, scanTimeoutMs = DEFAULT_SCAN_TIMEOUT_MS): { scan?: ScannedFile; skipped?: SkipReason; detail?: string } {
  const language = languageOf(relativePath);
  const definition = language === 'definition';
  // A rollout plan matters only for its `--random` lines (scanMarkdown.ts).
  if (language === 'markdown' ? buffer.indexOf(RANDOM) === -1 : !definition && !bytesMayReferenceFlags(buffer)) return { scan: EMPTY_SCAN };
  if (hasNulByte(buffer)) return definition ? { skipped: 'binary', scan: undecodableDefinition(absolutePath, relativePath, 'The file is binary (it contains NUL bytes); GitLab cannot load it.') } : { skipped: 'binary' };
  let text: string;
  if (definition) {
    try {
      text = utf8.decode(buffer);
    } catch {
      return { skipped: 'not-utf8', scan: undecodableDefinition(absolutePath, relativePath, 'The file is not valid UTF-8; GitLab cannot load it.') };
    }
  } else {
    // Source files with stray invalid bytes are still scanned; the bytes become U+FFFD.
    text = lenientUtf8.decode(buffer);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { scan: scanFile(absolutePath, relativePath, text, new Deadline(scanTimeoutMs)) };
  } catch (error) {
    if (error instanceof ScanTimeout) return { skipped: 'timeout', detail: `over ${scanTimeoutMs} ms` };
    throw error;
  }
}

/** A definition we cannot decode still exists (so the flag is not "undefined"), with one problem. */
function undecodableDefinition(absolutePath: string, relativePath: string, message: string): ScannedFile {
  const definition = parseDefinition(absolutePath, '{}', relativePath);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  definition.problems = [
    { kind: 'invalid-definition', severity: 'error', message, file: absolutePath, range, flag: definition.name || undefined },
  ];
  return { references: [], dynamic: [], definition };
}

export const EMPTY_SCAN: ScannedFile = Object.freeze({ references: [], dynamic: [] }) as ScannedFile;

export function isEmptyScan(scan: ScannedFile): boolean {
  return scan.references.length === 0 && scan.dynamic.length === 0 && !scan.definition && !scan.timeRollouts?.length;
}
