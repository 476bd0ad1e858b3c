// Worker-thread entry for a warm start: stats every listed file while the main thread parses the
// persisted cache. The listing is the cache's own when the cache has a listing stamp (the main
// thread checks that it still holds), else a fresh `git ls-files`. Stat results live in shared
// memory, and the main thread joins in once it has loaded the cache: both claim chunks of files
// from a shared counter, so two cores share the ~55,000 lstat calls of a GitLab checkout.

import { lstatSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { discoverFiles, inGitWorkTree, type DiscoveryWhy } from './discover';
import { readCacheListing } from './indexCache';
import { ListingStamp, takeListingStamp } from './listingStamp';
import { trace } from './trace';

/** What the worker posts first: the listing, and the shared arrays both threads fill. */
export interface WarmListing {
  /** True: the files are the cache's own paths (whose checksum is `sha1`), in its order. */
  reused: boolean;
  sha1?: string;
  /** The files when not reused (relative, sorted). */
  files?: string[];
  method: 'git' | 'glob';
  /** Why it was listed so (unknown for a cache written before it was recorded). */
  why?: DiscoveryWhy;
  /** Size per file, NaN when it is missing or not a regular file. */
  sizes: SharedArrayBuffer;
  mtimes: SharedArrayBuffer;
  /** One Int32: the index of the next unclaimed file. */
  next: SharedArrayBuffer;
}

export interface WarmStartJob {
  root: string;
  cacheDirectory: string;
}

const CHUNK = 256;

/**
 * Claims chunks of files until none are left, writing into the shared arrays. `pathAt` gives
 * the i-th of `count` relative paths (the main thread decodes only the ones it claims).
 */
export function statClaimedChunks(root: string, count: number, pathAt: (index: number) => string | undefined, listing: WarmListing, afterChunk?: () => void): void {
  const next = new Int32Array(listing.next);
  const sizes = new Float64Array(listing.sizes);
  const mtimes = new Float64Array(listing.mtimes);
  for (;;) {
    const start = Atomics.add(next, 0, CHUNK);
    if (start >= count) return;
    const end = Math.min(count, start + CHUNK);
    for (let i = start; i < end; i++) {
      const path = pathAt(i);
      // NOTE: listed paths are relative and normalized; concatenation is much cheaper than join().
      const stat = path === undefined ? undefined : statOrUndefined(`${root}/${path}`);
      const regular = stat !== undefined && stat.isFile();
      sizes[i] = regular ? stat.size : NaN;
      mtimes[i] = regular ? stat.mtimeMs : NaN;
    }
    afterChunk?.();
  }
}

/** Undefined for a missing file, and for one we may not stat (EACCES on a directory above it). */
function statOrUndefined(path: string) {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** What the shared arrays hold for a file not statted yet (a real size is >= 0, or NaN). */
export const NOT_STATTED = -2;

function sharedArrays(count: number) {
  const arrays = { sizes: new SharedArrayBuffer(8 * count), mtimes: new SharedArrayBuffer(8 * count), next: new SharedArrayBuffer(4) };
  new Float64Array(arrays.mtimes).fill(NOT_STATTED);
  return arrays;
}

/** A fresh listing's stat table: nothing claimed yet. */
export function freshListing(discovery: { files: string[]; method: 'git' | 'glob'; why: DiscoveryWhy }): WarmListing {
  return { reused: false, files: discovery.files, method: discovery.method, why: discovery.why, ...sharedArrays(discovery.files.length) };
}

/** Sizes are NaN for whatever is not a regular file (gone, a directory, a link). */
export function isRegularFile(size: number): boolean {
  return size >= 0;
}

export type StatWorkerMessage =
  | { type: 'list'; listing: WarmListing }
  | { type: 'done' }
  /** The stamp of a fresh listing, for the next save. */
  | { type: 'stamp'; stamp?: ListingStamp };

/**
 * The listing and stats for a warm start, reported through `post`: the cache's own listing when
 * it has a stamp (the main thread checks the stamp while this stats the files), else a fresh
 * `git ls-files`.
 */
export async function runWarmListing(job: WarmStartJob, post: (message: StatWorkerMessage) => void): Promise<void> {
  trace('stat worker started');
  const cached = readCacheListing(job.cacheDirectory, job.root);
  trace('cached listing read');
  if (cached?.stamp && cached.method) {
    const listing: WarmListing = { reused: true, sha1: cached.sha1, method: cached.method, ...(cached.why ? { why: cached.why } : {}), ...sharedArrays(cached.paths.count) };
    post({ type: 'list', listing });
    statClaimedChunks(job.root, cached.paths.count, (i) => cached.paths.at(i), listing);
    trace('stats done');
    post({ type: 'done' });
    return;
  }
  const discovery = await discoverFiles(job.root);
  const listing = freshListing(discovery);
  post({ type: 'list', listing });
  statClaimedChunks(job.root, discovery.files.length, (i) => discovery.files[i], listing);
  post({ type: 'done' });
  post({ type: 'stamp', stamp: await takeListingStamp(job.root, discovery.listed, discovery.method, discovery.startedMs, inGitWorkTree(discovery.why)) });
}

if (parentPort && workerData && (workerData as Partial<WarmStartJob>).cacheDirectory) {
  void runWarmListing(workerData as WarmStartJob, (message) => parentPort!.postMessage(message));
}
