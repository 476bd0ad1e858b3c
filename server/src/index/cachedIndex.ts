// The index of a loaded cache's scans, built on first use. Decoding and indexing 15,000 cached
// scans is most of a warm start's own work (~300 ms on a GitLab-sized tree), and when no file
// changed a command may never need them: `scan` reuses its remembered summary (see
// derivedResults.ts). So a warm start builds this index only once it finds a changed file, and
// otherwise hands it out unbuilt.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FlagIndex } from './flagIndex';
import { BadCache, CACHE_FILE, LoadedCache } from './indexCache';
import type { JournalEntry } from './cacheJournal';
import { absolutePath } from './paths';
import { readAndScan } from './readAndScan';
import { trace } from './trace';

export class CachedIndex {
  private index?: FlagIndex;

  constructor(
    private readonly root: string,
    private readonly cacheDirectory: string,
    private readonly cached: LoadedCache,
    private readonly journal: JournalEntry[],
    private readonly readOptions: { maxFileBytes?: number; scanTimeoutMs?: number },
  ) {}

  get isBuilt(): boolean {
    return this.index !== undefined;
  }

  /** The cache's scans with the journal applied. Throws BadCache when the scans are damaged. */
  build(): FlagIndex {
    if (this.index) return this.index;
    const { root } = this;
    const index = new FlagIndex(root);
    for (const [relativePath, scan] of this.cached.scans()) index.loadFile(absolutePath(root, relativePath), relativePath, scan);
    for (const entry of this.journal) {
      if (entry.scan) index.loadFile(absolutePath(root, entry.path), entry.path, entry.scan);
      else index.removeFile(absolutePath(root, entry.path));
    }
    trace('cached scans indexed');
    return (this.index = index);
  }

  /**
   * For the warm start itself: undefined when the cached scans cannot be indexed. NOTE: damage is
   * BadCache, anything else would be a bug; either way a cold start gives the right index.
   */
  tryBuild(): FlagIndex | undefined {
    try {
      return this.build();
    } catch {
      return undefined;
    }
  }

  /**
   * For use after the warm start returned. The checksum has already passed, so damage here means
   * a cache of the right version but the wrong shape (another build wrote it): the files are read
   * again, in this thread, and the cache is removed so the next start rebuilds it.
   */
  buildOrRescan(): FlagIndex {
    try {
      return this.build();
    } catch (error) {
      if (!(error instanceof BadCache)) throw error;
    }
    rmSync(join(this.cacheDirectory, CACHE_FILE), { force: true });
    const index = new FlagIndex(this.root);
    const { table } = this.cached;
    for (let i = 0; i < table.length; i++) {
      const relativePath = table.pathAt(i);
      if (relativePath === undefined) continue;
      const outcome = readAndScan(this.root, relativePath, this.readOptions.maxFileBytes, this.readOptions.scanTimeoutMs);
      if (outcome.scan) index.loadFile(absolutePath(this.root, relativePath), relativePath, outcome.scan);
    }
    return (this.index = index);
  }
}
