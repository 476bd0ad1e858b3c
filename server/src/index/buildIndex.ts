// Builds the index of one root: a warm start (warmStart.ts) when a cache is kept and its file is
// there, else, or when the warm start finds the cache unusable, a cold start (coldStart.ts).
// This module only chooses; it re-exports the types and the save its callers use.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_FILE, cacheDirectoryFor } from './indexCache';
import { coldStart } from './coldStart';
import { warmStart } from './warmStart';
import type { BuildOptions, BuildStats, BuiltIndex } from './buildTypes';

export type { BuildOptions, BuildStats, BuiltIndex, IndexChanges, SkipCounts } from './buildTypes';
export { type CacheState, saveCacheState, scansByRelativePath } from './cacheState';

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
