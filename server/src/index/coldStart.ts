// The cold start: no usable cache. `git ls-files` lists the tracked files, and this thread and
// the scan workers (scanPool.ts) read and scan them while git still walks the tree for untracked
// ones; then the listing stamp is taken and the whole cache saved (when a cache is kept).

import { discoverInParts, Discovery, inGitWorkTree } from './discover';
import { FlagIndex } from './flagIndex';
import { FileTable } from './fileTable';
import { takeListingStamp } from './listingStamp';
import { startScanPool } from './scanPool';
import { ScanResults } from './scanResults';
import { CacheState, saveCacheState } from './cacheState';
import { trace } from './trace';
import type { BuildOptions, BuildStats, BuiltIndex } from './buildTypes';

/** `cacheDirectory` undefined: no cache is kept. `cacheStatus` says why the start is cold. */
export async function coldStart(root: string, cacheDirectory: string | undefined, cacheStatus: BuildStats['cache'], options: BuildOptions): Promise<BuiltIndex> {
  const started = performance.now();
  trace('cold start');
  // Workers load their code while git lists the files, and start on the tracked files while git
  // still walks the tree for untracked ones.
  const pool = startScanPool(root, options, cacheDirectory !== undefined);
  const index = new FlagIndex(root);
  const table = new FileTable();
  const results = new ScanResults(root, index, cacheDirectory ? table : undefined, true);
  let discovery: Discovery;
  try {
    discovery = await scanEachPart(root, (files) => pool.scan(files, results));
  } finally {
    pool.close();
  }
  trace('scanned');
  const listed = discovery.files.length;
  const stats = results.stats(listed, listed, 0, { discovery: discovery.method, discoveryWhy: discovery.why, cache: cacheStatus, listing: 'fresh' }, started);
  if (!cacheDirectory) return { index, stats };
  const stamp = await takeListingStamp(root, discovery.listed, discovery.method, discovery.startedMs, inGitWorkTree(discovery.why));
  const cache: CacheState = { directory: cacheDirectory, table, method: discovery.method, why: discovery.why, stamp };
  saveCacheState(root, index, cache);
  trace('cache saved');
  return { index, stats, cache };
}

/** Hands each part of the listing to `scan` as git produces it; resolves with the whole listing. */
async function scanEachPart(root: string, scan: (files: string[]) => Promise<void>): Promise<Discovery> {
  const parts = discoverInParts(root);
  for (;;) {
    const next = await parts.next();
    if (next.done) return next.value;
    trace(`listed ${next.value.length} files`);
    await scan(next.value);
  }
}
