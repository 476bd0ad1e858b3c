// Small changes since the last full cache save go to a journal beside the cache instead of a
// rewrite of all of it: re-saving a GitLab-sized cache costs ~150 ms, a journal of a few hundred
// files a few. A warm start applies the journal on top of the cache it was written against (its
// checksum names it); once the journal holds more than 5% of the files, the cache is rewritten
// whole and the journal removed. Like the cache, it is checksummed and never trusted.

import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScannedFile } from './scanFile';
import { decodeScan, encodeScan } from './cacheCodec';
import { CACHE_VERSION, JOURNAL_FILE } from './indexCache';
import { absolutePath } from './paths';

const FORMAT = 'gitlab-flags-journal';

/** One file's state since the base cache: its position there, size, mtime and findings. */
export interface JournalEntry {
  position: number;
  path: string;
  size: number;
  mtimeMs: number;
  /** Undefined when the file has no findings (any more). */
  scan?: ScannedFile;
}

/** Up to this many entries (5% of the files, at least 100) a journal is kept instead of a rewrite. */
export function journalLimit(fileCount: number): number {
  return Math.max(100, Math.floor(fileCount * 0.05));
}

/** A journal's entries, and its checksum ('' when there is none) for naming the cache state. */
export interface Journal {
  entries: JournalEntry[];
  sha1: string;
}

const NO_JOURNAL: Journal = { entries: [], sha1: '' };

/** The journal written against the cache whose checksum is `base`, or none (missing, damaged, other base). */
export function loadJournal(directory: string, root: string, base: string, fileCount: number): Journal {
  let raw: string;
  try {
    raw = readFileSync(join(directory, JOURNAL_FILE), 'utf8');
  } catch {
    return NO_JOURNAL;
  }
  try {
    const newline = raw.indexOf('\n');
    const header = JSON.parse(raw.slice(0, newline)) as Record<string, unknown>;
    const body = raw.slice(newline + 1);
    if (header.format !== FORMAT || header.version !== CACHE_VERSION || header.root !== root || header.base !== base) return NO_JOURNAL;
    if (header.sha1 !== createHash('sha1').update(body).digest('hex')) return NO_JOURNAL;
    const rows = JSON.parse(body) as unknown;
    if (!Array.isArray(rows)) return NO_JOURNAL;
    const entries = rows.map((row): JournalEntry => {
      const [position, path, size, mtimeMs, scan] = row as unknown[];
      if (!Number.isInteger(position) || (position as number) < 0 || (position as number) >= fileCount || typeof path !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number') throw new Error('bad journal row');
      const entry: JournalEntry = { position: position as number, path, size, mtimeMs };
      if (scan !== null) entry.scan = decodeScan(scan, absolutePath(root, path));
      return entry;
    });
    return { entries, sha1: header.sha1 as string };
  } catch {
    return NO_JOURNAL;
  }
}

/** Writes atomically (temp file, then rename), like the cache. Returns the journal's checksum. */
export function saveJournal(directory: string, root: string, base: string, entries: Iterable<JournalEntry>): string {
  const rows = [...entries].map((entry) => [entry.position, entry.path, entry.size, entry.mtimeMs, entry.scan ? encodeScan(entry.scan) : null]);
  const body = JSON.stringify(rows);
  const header = { format: FORMAT, version: CACHE_VERSION, root, base, sha1: createHash('sha1').update(body).digest('hex') };
  const target = join(directory, JOURNAL_FILE);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(header)}\n${body}`);
  renameSync(temporary, target);
  return header.sha1;
}
