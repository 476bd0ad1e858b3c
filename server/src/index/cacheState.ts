// What a built index keeps of its persisted cache, and how it is written back: the whole cache
// (saveCacheState), or only a warm start's re-read files in the journal beside it
// (saveWarmChanges). Owns the name of a persisted state (the cache's checksum, plus the
// journal's), which results remembered beside the cache are tied to (derivedResults.ts).

import type { FlagIndex } from './flagIndex';
import { FileTable, saveCache } from './indexCache';
import type { ListingStamp } from './listingStamp';
import type { DiscoveryWhy } from './discover';
import type { ScannedFile } from './scanFile';
import { JournalEntry, journalLimit, saveJournal } from './cacheJournal';
import { absolutePath } from './paths';

/** What a Workspace keeps to save the cache again after edits. */
export interface CacheState {
  directory: string;
  table: FileTable;
  method: 'git' | 'glob';
  why?: DiscoveryWhy;
  stamp?: ListingStamp;
  /**
   * Names what is on disk when it matches the index (the cache's checksum, plus the journal's),
   * for results remembered beside the cache (derivedResults.ts). Unset when unknown.
   */
  persisted?: string;
}

/** Names a persisted state: the cache file, plus the journal written on top of it. */
export function persistedState(cacheSha1: string, journalSha1: string): string {
  return journalSha1 ? `${cacheSha1}+${journalSha1}` : cacheSha1;
}

/** Saves the whole cache; a failure only costs speed next time. */
export function saveCacheState(root: string, index: FlagIndex, cache: CacheState, stale?: Set<string>): void {
  cache.persisted = undefined;
  try {
    const sha1 = saveCache(cache.directory, root, { table: cache.table, scans: scansByRelativePath(index), stale, method: cache.method, ...(cache.why ? { why: cache.why } : {}), stamp: cache.stamp });
    // NOTE: a file saved as stale (open in an editor) is not what the index holds for it.
    if (!stale || stale.size === 0) cache.persisted = persistedState(sha1, '');
  } catch {
    // NOTE: an unwritable cache only costs speed next time; the index itself is complete.
  }
}

/** The journal a warm start loaded on top of the cache whose checksum is `base`. */
export interface JournalBase {
  base: string;
  entries: JournalEntry[];
}

/**
 * Saves what a warm start re-read. When the listing is the cache's own and no file went
 * (`positions` known), the re-read files go to the journal while it stays small; otherwise, or
 * when the journal cannot be written, the whole cache is rewritten. True when journaled.
 */
export function saveWarmChanges(root: string, index: FlagIndex, cache: CacheState, journal: JournalBase, positions: Map<string, number> | undefined): boolean {
  const journaled = positions !== undefined && journalQuietly(root, index, cache, journal, positions);
  if (!journaled) saveCacheState(root, index, cache);
  return journaled;
}

/**
 * Records the re-read files in the journal instead of rewriting the cache, while the journal
 * stays small. False when it would grow past its limit (or cannot be written).
 */
function journalQuietly(root: string, index: FlagIndex, cache: CacheState, journal: JournalBase, positions: Map<string, number>): boolean {
  const entries = new Map(journal.entries.map((entry) => [entry.position, entry]));
  for (const [path, position] of positions) {
    entries.set(position, { position, path, size: cache.table.sizes[position], mtimeMs: cache.table.mtimes[position], scan: index.file(absolutePath(root, path)) });
  }
  if (entries.size > journalLimit(cache.table.length)) return false;
  try {
    cache.persisted = persistedState(journal.base, saveJournal(cache.directory, root, journal.base, entries.values()));
    return true;
  } catch {
    return false;
  }
}

export function scansByRelativePath(index: FlagIndex): Map<string, ScannedFile> {
  const scans = new Map<string, ScannedFile>();
  for (const path of index.paths()) {
    const file = index.file(path)!;
    scans.set(file.relativePath, file);
  }
  return scans;
}
