// A warm start's comparison of fresh stats with the cache's file table: which files to read
// again and which are gone. By position when the listing is the cache's own, by path when the
// files were listed afresh; and, while the stats are still coming in, a watch for the first
// changed file (the hint to start indexing the cached scans early).

import type { LoadedCache } from './indexCache';
import { isRegularFile, NOT_STATTED, WarmListing } from './statWorker';
import { FileTable } from './fileTable';

export interface Comparison {
  table: FileTable;
  toScan: string[];
  /** Table positions of toScan, when the table is the cache's own. */
  positions?: Map<string, number>;
  /** Cached files that are gone: their findings leave the index. */
  removed: string[];
  /** Listed files that exist. */
  live: number;
}

/** Compares in the way the listing allows: in place when it is the cache's own, else by path. */
export function compareStats(cached: LoadedCache, listing: WarmListing): Comparison {
  return listing.reused ? compareInPlace(cached, listing) : compareByPath(cached, listing.files!, listing);
}

/** The listing is the cache's own: compare position by position. */
function compareInPlace(cached: LoadedCache, listing: WarmListing): Comparison {
  const sizes = new Float64Array(listing.sizes);
  const mtimes = new Float64Array(listing.mtimes);
  const { table } = cached;
  const toScan: string[] = [];
  const positions = new Map<string, number>();
  const removed: string[] = [];
  let live = 0;
  for (let i = 0; i < table.length; i++) {
    // Not a regular file any more (gone, or now a directory or a link): it leaves the listing.
    if (!isRegularFile(sizes[i])) {
      removed.push(table.pathAt(i)!);
      table.deleteAt(i);
      continue;
    }
    live++;
    if (sizes[i] !== table.sizes[i] || mtimes[i] !== table.mtimes[i]) {
      const path = table.pathAt(i)!;
      toScan.push(path);
      positions.set(path, i);
    }
  }
  return { table, toScan, positions, removed, live };
}

/** A fresh listing: match cached entries by path; cached paths no longer listed are removed. */
function compareByPath(cached: LoadedCache, files: string[], listing: WarmListing): Comparison {
  const sizes = new Float64Array(listing.sizes);
  const mtimes = new Float64Array(listing.mtimes);
  const table = new FileTable();
  const toScan: string[] = [];
  const removed: string[] = [];
  const stillListed = new Set<string>();
  let live = 0;
  for (let i = 0; i < files.length; i++) {
    const path = files[i];
    if (!isRegularFile(sizes[i])) continue;
    live++;
    stillListed.add(path);
    const position = cached.table.positionOf(path);
    if (position !== undefined && sizes[i] === cached.table.sizes[position] && mtimes[i] === cached.table.mtimes[position]) {
      table.set(path, sizes[i], mtimes[i]);
    } else {
      toScan.push(path);
    }
  }
  for (const path of cached.table.paths) if (path !== undefined && !stillListed.has(path)) removed.push(path);
  return { table, toScan, removed, live };
}

/**
 * Watches the stats as both threads fill them in, for the first file whose size or mtime differs
 * from the cache. Each position is compared once, when it has been statted; it is only a hint of
 * when to start indexing, since the comparison that decides what to re-read comes after all stats.
 */
export class ChangeWatch {
  private checked = 0;
  private found = false;
  private readonly sizes: Float64Array;
  private readonly mtimes: Float64Array;

  constructor(
    private readonly table: FileTable,
    listing: WarmListing,
  ) {
    this.sizes = new Float64Array(listing.sizes);
    this.mtimes = new Float64Array(listing.mtimes);
  }

  seen(): boolean {
    if (this.found) return true;
    const { sizes, mtimes } = this;
    const cachedSizes = this.table.sizes;
    const cachedMtimes = this.table.mtimes;
    const count = this.table.length;
    let i = this.checked;
    for (; i < count && mtimes[i] !== NOT_STATTED; i++) {
      if (sizes[i] !== cachedSizes[i] || mtimes[i] !== cachedMtimes[i]) {
        this.found = true;
        break;
      }
    }
    this.checked = i;
    return this.found;
  }
}

/** Whether some files of the listing are still unclaimed by either thread. */
export function statsLeft(listing: WarmListing, count: number): boolean {
  return Atomics.load(new Int32Array(listing.next), 0) < count;
}
