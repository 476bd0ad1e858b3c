// The shapes a build of the index takes and returns: the options every start understands, the
// statistics it reports, and what a warm start says it changed. Owned here so that cold start,
// warm start and their callers share them without importing one another.

import type { FlagIndex } from './flagIndex';
import type { DiscoveryWhy } from './discover';
import type { SkipReason } from './readAndScan';
import type { CacheState } from './cacheState';

export interface BuildOptions {
  /** false: neither read nor write the persisted cache. */
  useCache?: boolean;
  /** Directory that holds per-root cache folders; default $XDG_CACHE_HOME/gitlab-flags. */
  cacheBase?: string;
  maxFileBytes?: number;
  onProgress?: (done: number, total: number) => void;
  /** Worker count for the cold scan; 0 scans in this thread. */
  workers?: number;
  /** Per-file scan budget; default GITLAB_FLAGS_SCAN_TIMEOUT_MS or 3 s (see deadline.ts). */
  scanTimeoutMs?: number;
  /**
   * On a warm start, index the cached scans only when a file turns out changed, or else on first
   * use of the index. For callers that may need no index at all (`scan` with remembered counts);
   * others want it indexed while the stats run, which is sooner.
   */
  deferCachedIndex?: boolean;
}

/**
 * Skipped files per reason. NOTE: 'timeout' is present only when a file timed out: it is rare,
 * and consumers that print this record (scan --json) keep their established shape.
 */
export type SkipCounts = Record<Exclude<SkipReason, 'timeout'>, number> & { timeout?: number };

export interface BuildStats {
  files: number;
  scanned: number;
  fromCache: number;
  skipped: SkipCounts;
  /** The first skipped files with their reason, for messages. */
  skippedFiles: { path: string; reason: SkipReason; detail?: string }[];
  discovery: 'git' | 'glob';
  /** Why the files were listed that way; unknown only for a cache written before it was recorded. */
  discoveryWhy?: DiscoveryWhy;
  cache: 'loaded' | 'missing' | 'invalid' | 'disabled';
  /** Whether the file listing came from the cache (its stamp held) or was made afresh. */
  listing: 'cached' | 'fresh';
  elapsedMs: number;
}

export interface BuiltIndex {
  index: FlagIndex;
  stats: BuildStats;
  cache?: CacheState;
  /** What a warm start changed since the persisted state it loaded; absent after a cold start. */
  changes?: IndexChanges;
}

/** Lets a result remembered for the loaded state be updated rather than computed again. */
export interface IndexChanges {
  /** The persisted state the warm start loaded (see CacheState.persisted). */
  since: string;
  /** Files read again or gone, relative to the root. */
  files: string[];
  /** Keys of the flags about which those files now say something else (see FlagIndex.keySignatures). */
  keys: Set<string>;
}
