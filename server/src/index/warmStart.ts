// The warm start: a cache that loads. Its steps, each a function below:
//
//   1. openCache       load and check the cache, apply its journal (cacheJournal.ts).
//   2. statEveryFile   a worker (statLister.ts) stats every file of the cache's own listing while
//                      this thread loads the cache and checks the listing stamp (listingStamp.ts);
//                      then both share the stats that are left. When the stamp does not hold, the
//                      files are listed again (listAgain).
//   3. compareStats    which files moved (size or mtime) or went (warmCompare.ts).
//   4. unchanged       nothing did: the cache stands, and its scans are indexed on first use
//                      (cachedIndex.ts).
//      rescan          else only the moved files are read again, noting which flags they now say
//                      something else about (IndexChanges), and the changes are saved
//                      (cacheState.ts: the journal, or the whole cache).
//
// The cached scans are indexed while the stats run, or (BuildOptions.deferCachedIndex) as soon
// as the stats show a changed file. Any step that finds the cache unusable returns its status
// ('missing' or 'invalid') and the caller starts cold, which gives the right index either way.

import { discoverFiles, inGitWorkTree } from './discover';
import { freshListing, statClaimedChunks, WarmListing } from './statWorker';
import type { FlagIndex } from './flagIndex';
import { LoadedCache, loadCache } from './indexCache';
import { ListingStamp, listingStampHolds, takeListingStamp } from './listingStamp';
import { startScanPool } from './scanPool';
import { buildStats, noSkips, ScanResults, StatsSource } from './scanResults';
import { CacheState, persistedState, saveWarmChanges } from './cacheState';
import { Journal, loadJournal } from './cacheJournal';
import { CachedIndex } from './cachedIndex';
import { ChangeWatch, Comparison, compareStats, statsLeft } from './warmCompare';
import { addChangedKeys } from './fileFindings';
import { Lister, startLister } from './statLister';
import { absolutePath } from './paths';
import { trace } from './trace';
import type { BuildOptions, BuildStats, BuiltIndex, IndexChanges } from './buildTypes';

/** Why the cache could not be used; the caller then starts cold. */
type Unusable = 'missing' | 'invalid';

export async function warmStart(root: string, cacheDirectory: string, options: BuildOptions): Promise<BuiltIndex | Unusable> {
  const started = performance.now();
  const lister = startLister(root, cacheDirectory, options.workers);
  trace('listing started');
  try {
    const opened = openCache(root, cacheDirectory, options);
    if (typeof opened === 'string') return opened;
    const statted = await statEveryFile(root, opened, lister, options);
    if (typeof statted === 'string') return statted;
    const { listing } = statted;
    trace(`statted (listing ${listing.reused ? 'cached' : 'fresh'})`);

    const comparison = compareStats(opened.cached, listing);
    const why = listing.why ?? opened.cached.why;
    const cache: CacheState = { directory: cacheDirectory, table: comparison.table, method: listing.method, ...(why ? { why } : {}), stamp: opened.cached.stamp };
    const source: StatsSource = { discovery: listing.method, ...(why ? { discoveryWhy: why } : {}), cache: 'loaded', listing: listing.reused ? 'cached' : 'fresh' };
    if (listing.reused && comparison.toScan.length === 0 && comparison.removed.length === 0) {
      lister.cancel();
      return unchanged(opened, cache, buildStats(comparison.live, 0, comparison.live, noSkips(), [], source, started));
    }

    const index = opened.scans.tryBuild();
    if (!index) return 'invalid';
    const { changes, results } = await rescan(root, index, comparison, opened.state, options);
    cache.stamp = await statted.stamp();
    lister.cancel();
    // The journal holds re-read files by position in the cache's own listing, so only when
    // that listing stands whole.
    const journalable = listing.reused && comparison.removed.length === 0 ? comparison.positions : undefined;
    const journaled = saveWarmChanges(root, index, cache, { base: opened.cached.sha1, entries: opened.journal.entries }, journalable);
    trace(journaled ? 'journal saved' : 'cache saved');
    const { live, toScan } = comparison;
    return { index, stats: results.stats(live, toScan.length, live - toScan.length, source, started), cache, changes };
  } finally {
    lister.cancel();
  }
}

interface OpenedCache {
  cached: LoadedCache;
  journal: Journal;
  /** The cached scans with the journal applied, indexed when first asked for. */
  scans: CachedIndex;
  /** The persisted state loaded (see CacheState.persisted). */
  state: string;
}

/** Step 1: the cache, checked, with the changes journaled since it was written whole applied. */
function openCache(root: string, cacheDirectory: string, options: BuildOptions): OpenedCache | Unusable {
  const cached = loadCache(cacheDirectory, root);
  trace(`cache ${cached.status}`);
  if (cached.status !== 'loaded') return cached.status;
  const journal = loadJournal(cacheDirectory, root, cached.sha1, cached.table.length);
  for (const entry of journal.entries) cached.table.setAt(entry.position, entry.size, entry.mtimeMs);
  const scans = new CachedIndex(root, cacheDirectory, cached, journal.entries, options);
  return { cached, journal, scans, state: persistedState(cached.sha1, journal.sha1) };
}

interface StattedListing {
  /** The listing settled on, with every file's size and mtime filled in. */
  listing: WarmListing;
  /** The listing stamp to save with the cache: the cache's own, or the fresh listing's. */
  stamp(): Promise<ListingStamp | undefined>;
}

/** Step 2: the listing to trust, and every file in it statted. */
async function statEveryFile(root: string, opened: OpenedCache, lister: Lister, options: BuildOptions): Promise<StattedListing | Unusable> {
  const { cached, scans } = opened;
  // The stamp is checked while the worker starts up and reads the listing (see statWorker.ts).
  const holds = cached.stamp !== undefined && listingStampHolds(root, cached.stamp);
  trace(`listing stamp checked: ${holds ? 'holds' : 'broken'}`);
  let listing: WarmListing;
  try {
    ({ listing } = await lister.next('list'));
  } catch {
    // The stat worker failed (it never should): start cold rather than fail.
    return 'missing';
  }
  trace('listing received');
  // The cache file was replaced between the two reads (another process saved it).
  if (listing.reused && listing.sha1 !== cached.sha1) return 'missing';
  if (!options.deferCachedIndex && !scans.tryBuild()) return 'invalid';
  if (listing.reused && !holds) return listAgain(root, opened, lister);
  if (listing.reused) shareCachedListingStats(root, opened, listing);
  else if (!shareFreshListingStats(root, opened, listing)) return 'invalid';
  try {
    await lister.next('done');
  } catch {
    return 'missing';
  }
  // NOTE: without a stamp the next warm start lists the files again, which is only slower.
  const stamp = listing.reused ? async () => cached.stamp : () => lister.next('stamp').then((message) => message.stamp, () => undefined);
  return { listing, stamp };
}

/**
 * The cache's own listing, its stamp holding: this thread helps with the stats that are left,
 * decoding only the paths it claims, and indexes the cached scans once a file turns out changed.
 */
function shareCachedListingStats(root: string, { cached, scans }: OpenedCache, listing: WarmListing): void {
  const count = cached.table.length;
  const changes = new ChangeWatch(cached.table, listing);
  const indexOnFirstChange = () => {
    if (!scans.isBuilt && changes.seen()) scans.tryBuild();
  };
  indexOnFirstChange();
  if (statsLeft(listing, count)) statClaimedChunks(root, count, (i) => cached.table.pathAt(i), listing, indexOnFirstChange);
  trace('no stats left to claim');
}

/** A fresh listing (the cache had no stamp): compared by path only at the end, so index now. False if that fails. */
function shareFreshListingStats(root: string, { scans }: OpenedCache, listing: WarmListing): boolean {
  if (!scans.tryBuild()) return false;
  const files = listing.files!;
  if (statsLeft(listing, files.length)) statClaimedChunks(root, files.length, (i) => files[i], listing);
  return true;
}

/** The stamp does not hold (directories changed since the save): the old listing's stats are of no use. */
async function listAgain(root: string, { scans }: OpenedCache, lister: Lister): Promise<StattedListing | Unusable> {
  lister.cancel();
  if (!scans.tryBuild()) return 'invalid';
  const discovery = await discoverFiles(root);
  const listing = freshListing(discovery);
  statClaimedChunks(root, discovery.files.length, (i) => discovery.files[i], listing);
  return { listing, stamp: () => takeListingStamp(root, discovery.listed, discovery.method, discovery.startedMs, inGitWorkTree(discovery.why)) };
}

/** Step 4, nothing changed: the cache stands as it is, and its scans are indexed only when asked for. */
function unchanged({ scans, state }: OpenedCache, cache: CacheState, stats: BuildStats): BuiltIndex {
  cache.persisted = state;
  return {
    get index() {
      return scans.buildOrRescan();
    },
    stats,
    cache,
  };
}

/** Step 4, some files moved or went: read them again, and note which flags they now say something else about. */
async function rescan(root: string, index: FlagIndex, comparison: Comparison, since: string, options: BuildOptions): Promise<{ changes: IndexChanges; results: ScanResults }> {
  const { table, toScan, positions, removed } = comparison;
  const files = [...toScan, ...removed];
  const before = files.map((path) => index.keySignatures(absolutePath(root, path)));
  for (const path of removed) index.removeFile(absolutePath(root, path));
  const results = new ScanResults(root, index, table, false, positions);
  const pool = startScanPool(root, options, true, toScan.length);
  await pool.scan(toScan, results).finally(() => pool.close());
  const keys = new Set<string>();
  files.forEach((path, i) => addChangedKeys(before[i], index.keySignatures(absolutePath(root, path)), keys));
  trace(`rescanned ${toScan.length} files`);
  return { changes: { since, files, keys }, results };
}
