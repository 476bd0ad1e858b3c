// Builds the index of one root.
//
// Cold start: `git ls-files` lists the tracked files, and this thread and the scan workers read
// and scan them from one queue of batches while git still walks the tree for untracked files.
// Warm start: a worker stats every file of the cache's own listing while this thread loads the
// cache and checks the listing stamp (listingStamp.ts); then both share the stats that are left,
// and only files whose size or mtime moved are scanned again. The cached scans are indexed as soon
// as the stats show a changed file; when none changed, only on first use (cachedIndex.ts). When
// the stamp does not hold, the files are listed again. The cache is saved when anything changed.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { discoverFiles, discoverInParts, Discovery, DiscoveryWhy, inGitWorkTree } from './discover';
import { freshListing, isRegularFile, NOT_STATTED, runWarmListing, statClaimedChunks, StatWorkerMessage, WarmListing } from './statWorker';
import { FlagIndex } from './flagIndex';
import { CACHE_FILE, cacheDirectoryFor, FileTable, loadCache, LoadedCache, saveCache, STALE } from './indexCache';
import { ListingStamp, listingStampHolds, takeListingStamp } from './listingStamp';
import { DEFAULT_MAX_FILE_BYTES, ScanOutcome, SkipReason } from './readAndScan';
import { runScanJob, ScanJob, ScanJobResult } from './scanWorker';
import type { ScannedFile } from './scanFile';
import { scanTimeoutFromEnvironment } from './deadline';
import { trace } from './trace';
import { absolutePath } from './paths';
import { JournalEntry, journalLimit, loadJournal, saveJournal } from './cacheJournal';
import { CachedIndex } from './cachedIndex';
import { workerCount } from '../environmentVariables';

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

// Below this many files, starting workers costs more than it saves.
const WORKER_THRESHOLD = 3000;

export async function buildIndex(root: string, options: BuildOptions = {}): Promise<BuiltIndex> {
  const cacheDirectory = options.useCache ?? true ? cacheDirectoryFor(root, options.cacheBase) : undefined;
  let cacheStatus: BuildStats['cache'] = cacheDirectory ? 'missing' : 'disabled';
  if (cacheDirectory && existsSync(join(cacheDirectory, CACHE_FILE))) {
    const warm = await warmStart(root, cacheDirectory, options);
    if (typeof warm === 'object') return warm;
    cacheStatus = warm;
  }
  return coldStart(root, cacheDirectory, cacheStatus, options);
}

/** Tallies scan outcomes into the index, the file table and the skip counts. */
class ScanResults {
  readonly skipped = noSkips();
  readonly skippedFiles: BuildStats['skippedFiles'] = [];

  /**
   * `fresh`: the index and table start empty and each path comes once (a cold start), so there
   * is nothing to remove or look up. `table` is absent when no cache is kept.
   */
  constructor(
    private readonly root: string,
    private readonly index: () => FlagIndex,
    private readonly table: FileTable | undefined,
    private readonly fresh: boolean,
    /** Table positions of the paths being scanned, when known (saves decoding every path). */
    private readonly positions?: Map<string, number>,
  ) {}

  finding(outcome: ScanOutcome): void {
    const path = absolutePath(this.root, outcome.relativePath);
    if (outcome.skipped) {
      this.skipped[outcome.skipped] = (this.skipped[outcome.skipped] ?? 0) + 1;
      if (outcome.skipped !== 'missing' && outcome.skipped !== 'symlink' && this.skippedFiles.length < 20) {
        this.skippedFiles.push({ path: outcome.relativePath, reason: outcome.skipped, ...(outcome.detail ? { detail: outcome.detail } : {}) });
      }
    }
    if (outcome.skipped === 'missing' || outcome.skipped === 'symlink') {
      this.table?.delete(outcome.relativePath);
      if (!this.fresh) this.index().removeFile(path);
      return;
    }
    // A skipped file is listed but never trusted from the cache: it is read again next time.
    this.record(outcome.relativePath, outcome.skipped ? STALE : outcome.size, outcome.skipped ? STALE : outcome.mtimeMs);
    if (outcome.scan) this.index().loadFile(path, outcome.relativePath, outcome.scan);
    else if (!this.fresh) this.index().removeFile(path);
  }

  empty(relativePath: string, size: number, mtimeMs: number): void {
    this.record(relativePath, size, mtimeMs);
    if (!this.fresh) this.index().removeFile(absolutePath(this.root, relativePath));
  }

  private record(relativePath: string, size: number, mtimeMs: number): void {
    if (!this.table) return;
    const position = this.positions?.get(relativePath);
    if (position !== undefined) this.table.setAt(position, size, mtimeMs);
    else if (this.fresh) this.table.append(relativePath, size, mtimeMs);
    else this.table.set(relativePath, size, mtimeMs);
  }

  stats(files: number, scanned: number, fromCache: number, extra: StatsSource, started: number): BuildStats {
    return buildStats(files, scanned, fromCache, this.skipped, this.skippedFiles, extra, started);
  }
}

type StatsSource = Pick<BuildStats, 'discovery' | 'discoveryWhy' | 'cache' | 'listing'>;

function noSkips(): SkipCounts {
  return { binary: 0, 'too-large': 0, unreadable: 0, 'not-utf8': 0, symlink: 0, missing: 0 };
}

/** `files` counts what was listed; files found gone or turned into links are not counted. */
function buildStats(files: number, scanned: number, fromCache: number, skipped: SkipCounts, skippedFiles: BuildStats['skippedFiles'], extra: StatsSource, started: number): BuildStats {
  return { files: files - skipped.missing - skipped.symlink, scanned, fromCache, skipped, skippedFiles, ...extra, elapsedMs: Math.round(performance.now() - started) };
}

async function coldStart(root: string, cacheDirectory: string | undefined, cacheStatus: BuildStats['cache'], options: BuildOptions): Promise<BuiltIndex> {
  const started = performance.now();
  trace('cold start');
  // Workers load their code while git lists the files, and start on the tracked files while git
  // still walks the tree for untracked ones.
  const pool = startScanPool(root, options, cacheDirectory !== undefined);
  const index = new FlagIndex(root);
  const table = new FileTable();
  const results = new ScanResults(root, () => index, cacheDirectory ? table : undefined, true);
  const parts = discoverInParts(root);
  let discovery: Discovery;
  try {
    for (;;) {
      const next = await parts.next();
      if (next.done) {
        discovery = next.value;
        break;
      }
      trace(`listed ${next.value.length} files`);
      await pool.scan(next.value, results);
    }
  } finally {
    pool.close();
  }
  trace('scanned');
  const stats = results.stats(discovery.files.length, discovery.files.length, 0, { discovery: discovery.method, discoveryWhy: discovery.why, cache: cacheStatus, listing: 'fresh' }, started);
  if (!cacheDirectory) return { index, stats };
  const stamp = await takeListingStamp(root, discovery.listed, discovery.method, discovery.startedMs, inGitWorkTree(discovery.why));
  const cache: CacheState = { directory: cacheDirectory, table, method: discovery.method, why: discovery.why, stamp };
  saveCacheState(root, index, cache);
  trace('cache saved');
  return { index, stats, cache };
}

/** The cache's status when it turns out unusable; the caller then starts cold. */
async function warmStart(root: string, cacheDirectory: string, options: BuildOptions): Promise<BuiltIndex | 'missing' | 'invalid'> {
  const started = performance.now();
  const lister = startLister(root, cacheDirectory, options);
  trace('listing started');
  const cached = loadCache(cacheDirectory, root);
  trace(`cache ${cached.status}`);
  if (cached.status !== 'loaded') {
    lister.cancel();
    return cached.status;
  }
  // Changes saved since the cache was written whole (see cacheJournal.ts).
  const journal = loadJournal(cacheDirectory, root, cached.sha1, cached.table.length);
  for (const entry of journal.entries) cached.table.setAt(entry.position, entry.size, entry.mtimeMs);
  const cachedIndex = new CachedIndex(root, cacheDirectory, cached, journal.entries, options);
  // NOTE: any failure to index the cached scans (damage is BadCache; anything else would be a bug)
  // means a cold start, which gives the right index either way.
  const built = (): FlagIndex | undefined => {
    try {
      return cachedIndex.build();
    } catch {
      return undefined;
    }
  };
  // The stamp is checked while the worker starts up and reads the listing (see statWorker.ts).
  const holds = cached.stamp !== undefined && listingStampHolds(root, cached.stamp);
  trace(`listing stamp checked: ${holds ? 'holds' : 'broken'}`);
  let listing: WarmListing;
  try {
    ({ listing } = await lister.next('list'));
  } catch {
    // The stat worker failed (it never should): start cold rather than fail.
    lister.cancel();
    return 'missing';
  }
  trace('listing received');
  if (listing.reused && listing.sha1 !== cached.sha1) {
    // The cache file was replaced between the two reads (another process saved it).
    lister.cancel();
    return 'missing';
  }
  // A reused listing is the cache's own, and stands if the stamp holds; a fresh one stands anyway.
  // This thread helps with the stats that are left, decoding only the paths it claims, and
  // indexes the cached scans as soon as some file turns out changed.
  const listingStands = holds || !listing.reused;
  const listedCount = listing.reused ? cached.table.length : listing.files!.length;
  const files = listing.files;
  if (!options.deferCachedIndex && !built()) return cancelled(lister, 'invalid');
  if (listingStands && listing.reused) {
    const changes = new ChangeWatch(cached.table, listing);
    const indexOnFirstChange = () => {
      if (!cachedIndex.isBuilt && changes.seen()) built();
    };
    indexOnFirstChange();
    if (statsLeft(listing, listedCount)) statClaimedChunks(root, listedCount, (i) => cached.table.pathAt(i), listing, indexOnFirstChange);
    trace('no stats left to claim');
  } else if (listingStands) {
    // A fresh listing (the cache had no stamp): compared by path only at the end, so index now.
    if (!built()) return cancelled(lister, 'invalid');
    if (statsLeft(listing, listedCount)) statClaimedChunks(root, listedCount, (i) => files![i], listing);
  }
  let stamp: () => Promise<ListingStamp | undefined> = async () => cached.stamp;
  if (!listingStands) {
    // Directories changed since the save: the stats of the old listing are of no use; list again.
    lister.cancel();
    if (!built()) return 'invalid';
    const discovery = await discoverFiles(root);
    listing = freshListing(discovery);
    statClaimedChunks(root, discovery.files.length, (i) => discovery.files[i], listing);
    stamp = () => takeListingStamp(root, discovery.listed, discovery.method, discovery.startedMs, inGitWorkTree(discovery.why));
  } else {
    try {
      await lister.next('done');
    } catch {
      return cancelled(lister, 'missing');
    }
    // NOTE: without a stamp the next warm start lists the files again, which is only slower.
    if (!listing.reused) stamp = () => lister.next('stamp').then((message) => message.stamp, () => undefined);
  }
  trace(`statted (listing ${listing.reused ? 'cached' : 'fresh'})`);

  const { table, toScan, positions, removed, live } = listing.reused ? compareInPlace(cached, listing) : compareByPath(cached, listing.files!, listing);
  const why = listing.why ?? cached.why;
  const cache: CacheState = { directory: cacheDirectory, table, method: listing.method, ...(why ? { why } : {}), stamp: cached.stamp };
  if (toScan.length === 0 && removed.length === 0 && listing.reused) {
    // Nothing changed: the cache stands as it is, and its scans are indexed only when asked for.
    lister.cancel();
    cache.persisted = persistedState(cached.sha1, journal.sha1);
    const stats = buildStats(live, 0, live, noSkips(), [], { discovery: listing.method, ...(why ? { discoveryWhy: why } : {}), cache: 'loaded', listing: 'cached' }, started);
    return {
      get index() {
        return cachedIndex.buildOrRescan();
      },
      stats,
      cache,
    };
  }
  const index = built();
  if (!index) return cancelled(lister, 'invalid');
  const changes: IndexChanges = { since: persistedState(cached.sha1, journal.sha1), files: [...toScan, ...removed], keys: new Set() };
  const before = changes.files.map((path) => index.keySignatures(absolutePath(root, path)));
  for (const path of removed) index.removeFile(absolutePath(root, path));
  const results = new ScanResults(root, () => index, table, false, positions);
  const pool = startScanPool(root, options, true, toScan.length);
  await pool.scan(toScan, results).finally(() => pool.close());
  changes.files.forEach((path, i) => {
    const after = index.keySignatures(absolutePath(root, path));
    for (const key of new Set([...before[i].keys(), ...after.keys()])) if (before[i].get(key) !== after.get(key)) changes.keys.add(key);
  });
  trace(`rescanned ${toScan.length} files`);

  cache.stamp = await stamp();
  lister.cancel();
  const journaled = listing.reused && removed.length === 0 && positions !== undefined && journalQuietly(root, index, cache, cached.sha1, journal.entries, positions);
  if (!journaled) saveCacheState(root, index, cache);
  trace(journaled ? 'journal saved' : 'cache saved');
  const stats = results.stats(live, toScan.length, live - toScan.length, { discovery: listing.method, ...(why ? { discoveryWhy: why } : {}), cache: 'loaded', listing: listing.reused ? 'cached' : 'fresh' }, started);
  return { index, stats, cache, changes };
}

function cancelled<T>(lister: Lister, status: T): T {
  lister.cancel();
  return status;
}

/**
 * Watches the stats as both threads fill them in, for the first file whose size or mtime differs
 * from the cache. Each position is compared once, when it has been statted; it is only a hint of
 * when to start indexing, since the comparison that decides what to re-read comes after all stats.
 */
class ChangeWatch {
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

/** Names a persisted state: the cache file, plus the journal written on top of it. */
function persistedState(cacheSha1: string, journalSha1: string): string {
  return journalSha1 ? `${cacheSha1}+${journalSha1}` : cacheSha1;
}

function statsLeft(listing: WarmListing, count: number): boolean {
  return Atomics.load(new Int32Array(listing.next), 0) < count;
}

interface Comparison {
  table: FileTable;
  toScan: string[];
  /** Table positions of toScan, when the table is the cache's own. */
  positions?: Map<string, number>;
  /** Cached files that are gone: their findings leave the index. */
  removed: string[];
  /** Listed files that exist. */
  live: number;
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

/**
 * Records the re-read files in the journal instead of rewriting the cache, while the journal
 * stays small. False when it would grow past its limit (or cannot be written).
 */
function journalQuietly(root: string, index: FlagIndex, cache: CacheState, base: string, journal: JournalEntry[], positions: Map<string, number>): boolean {
  const entries = new Map(journal.map((entry) => [entry.position, entry]));
  for (const [path, position] of positions) {
    entries.set(position, { position, path, size: cache.table.sizes[position], mtimeMs: cache.table.mtimes[position], scan: index.file(absolutePath(root, path)) });
  }
  if (entries.size > journalLimit(cache.table.length)) return false;
  try {
    cache.persisted = persistedState(base, saveJournal(cache.directory, root, base, entries.values()));
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

interface Lister {
  /** Resolves with each message of runWarmListing (see statWorker.ts); rejects if the worker fails. */
  next<T extends StatWorkerMessage['type']>(type: T): Promise<Extract<StatWorkerMessage, { type: T }>>;
  cancel(): void;
}

/**
 * Settles the listing and stats the files in a worker; this thread joins the stat work once it
 * has loaded the cache. Runs in this thread when there is no worker bundle (tests from source).
 */
function startLister(root: string, cacheDirectory: string, options: BuildOptions): Lister {
  const script = join(__dirname, 'statWorker.js');
  const inThread = options.workers === 0 || workerCount() === 0 || !existsSync(script);
  const waiting = new Map<StatWorkerMessage['type'], (message: StatWorkerMessage) => void>();
  const arrived = new Map<StatWorkerMessage['type'], StatWorkerMessage>();
  const deliver = (message: StatWorkerMessage) => {
    arrived.set(message.type, message);
    waiting.get(message.type)?.(message);
  };
  let failure: Promise<never> = new Promise(() => undefined);
  let worker: Worker | undefined;
  if (inThread) {
    // NOTE: started on the next tick, so the caller's loadCache() goes first as with a worker.
    failure = new Promise<never>((_, reject) => setImmediate(() => runWarmListing({ root, cacheDirectory }, deliver).catch(reject)));
  } else {
    // NOTE: a small young generation: the lstat results are garbage at once, and on VMs where
    // page faults are dear, reusing a few MB beats growing to V8's 16 MB semispaces.
    worker = new Worker(script, { workerData: { root, cacheDirectory }, resourceLimits: { maxYoungGenerationSizeMb: 12 } });
    failure = new Promise<never>((_, reject) => worker!.once('error', reject));
    worker.on('message', deliver);
  }
  failure.catch(() => undefined);
  return {
    next<T extends StatWorkerMessage['type']>(type: T) {
      const message = arrived.get(type);
      if (message) return Promise.resolve(message as Extract<StatWorkerMessage, { type: T }>);
      return Promise.race([failure, new Promise<Extract<StatWorkerMessage, { type: T }>>((resolve) => waiting.set(type, resolve as (message: StatWorkerMessage) => void))]);
    },
    cancel() {
      void worker?.terminate();
    },
  };
}

interface ScanPool {
  /** Scans the paths and delivers the outcomes in order; one call at a time. */
  scan(paths: string[], results: ScanResults): Promise<void>;
  close(): void;
}

/**
 * Workers for a scan, started before the paths are known. `expected` (when known) avoids
 * starting workers for a handful of files.
 *
 * This thread scans too: on two cores, one worker beside it beats two workers beside an idle
 * main thread, which then only competes with them for CPU to index their results. Work comes
 * from one queue of batches: a worker gets the next batch when it posts a result, and this thread
 * takes one whenever it is free, yielding between batches so a language server stays responsive.
 */
function startScanPool(root: string, options: BuildOptions, needStat: boolean, expected?: number): ScanPool {
  const workerScript = join(__dirname, 'scanWorker.js');
  const fromEnvironment = workerCount();
  const count = options.workers ?? fromEnvironment ?? Math.max(1, Math.min(3, availableParallelism() - 1));
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const scanTimeoutMs = options.scanTimeoutMs ?? scanTimeoutFromEnvironment();
  const job = (paths: string[]): ScanJob => ({ root, paths, maxFileBytes, scanTimeoutMs, needStat });
  const deliver = (chunk: string[], result: ScanJobResult, results: ScanResults): void => {
    for (const outcome of result.findings) results.finding(outcome);
    for (let i = 0; i < result.emptyIndexes.length; i++) results.empty(chunk[result.emptyIndexes[i]], result.emptySizes[i], result.emptyMtimes[i]);
  };
  const scanInThread = async (paths: string[], results: ScanResults) => {
    // Small batches: in this thread, in slices so progress can be reported.
    for (let start = 0; start < paths.length; start += 1000) {
      const chunk = paths.slice(start, start + 1000);
      deliver(chunk, runScanJob(job(chunk)), results);
      options.onProgress?.(Math.min(paths.length, start + 1000), paths.length);
    }
  };
  if (count === 0 || (expected !== undefined && expected < WORKER_THRESHOLD) || !existsSync(workerScript)) return { scan: scanInThread, close() {} };
  const workers = Array.from({ length: count }, () => new Worker(workerScript));
  return {
    scan(paths, results) {
      if (paths.length < WORKER_THRESHOLD) return scanInThread(paths, results);
      const batches: string[][] = [];
      for (let start = 0; start < paths.length; start += BATCH) batches.push(paths.slice(start, start + BATCH));
      let next = 0;
      let done = 0;
      let busyWorkers = 0;
      let mainDone = false;
      let mainBatches = 0;
      const finished = (batch: string[], result: ScanJobResult) => {
        deliver(batch, result, results);
        done += batch.length;
        options.onProgress?.(done, paths.length);
      };
      return new Promise<void>((resolve, reject) => {
        const settleIfDone = () => {
          if (!mainDone || busyWorkers > 0) return;
          for (const worker of workers) worker.removeAllListeners('message').removeAllListeners('error');
          resolve();
        };
        // Each worker has its next batch queued before it finishes the current one: its result
        // waits until this thread is between two of its own batches, and the worker would
        // otherwise sit idle until then.
        const post = (worker: Worker, inFlight: string[][]): boolean => {
          if (next >= batches.length) return false;
          const batch = batches[next++];
          inFlight.push(batch);
          busyWorkers++;
          worker.postMessage(job(batch));
          return true;
        };
        for (const worker of workers) {
          const inFlight: string[][] = [];
          worker.once('error', reject);
          worker.on('message', (result: ScanJobResult) => {
            busyWorkers--;
            finished(inFlight.shift()!, result);
            if (!post(worker, inFlight)) settleIfDone();
          });
          for (let depth = 0; depth < WORKER_QUEUE_DEPTH; depth++) post(worker, inFlight);
        }
        void (async () => {
          while (next < batches.length) {
            const batch = batches[next++];
            finished(batch, runScanJob(job(batch)));
            mainBatches++;
            await new Promise((resume) => setImmediate(resume));
          }
          mainDone = true;
          trace(`this thread scanned ${mainBatches} of ${batches.length} batches`);
          settleIfDone();
        })().catch(reject);
      });
    },
    close() {
      for (const worker of workers) void worker.terminate();
    },
  };
}

// Batches queued per worker: the one it scans, and the next.
const WORKER_QUEUE_DEPTH = 2;

// Files per batch of the shared queue: small enough to balance the threads and keep this one
// responsive (~20 ms of work), large enough that messages cost little.
const BATCH = 500;
