// One workspace root: its index, kept current from disk events and from open editor buffers
// (which win over the disk), plus the persisted cache.

import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildIndex, BuildOptions, BuildStats, BuiltIndex, CacheState, IndexChanges, saveCacheState } from './buildIndex';
import { readDerived, writeDerived } from './derivedResults';
import { FlagIndex } from './flagIndex';
import { STALE } from './indexCache';
import { isIndexable } from './discover';
import { readAndScan } from './readAndScan';
import { scanFile, ScannedFile } from './scanFile';
import { Deadline, ScanTimeout, scanTimeoutFromEnvironment } from './deadline';

export class Workspace {
  stats?: BuildStats;
  // NOTE: a warm start where nothing changed hands out its index unbuilt (see cachedIndex.ts);
  // it is built on first use, so a command that only needs remembered results never pays for it.
  private built: Pick<BuiltIndex, 'index'>;
  /** What the last load changed since the state it loaded, until the index changes again. */
  private changes?: IndexChanges;
  private cache?: CacheState;
  private readonly openDocuments = new Set<string>();
  private saveTimer?: NodeJS.Timeout;

  constructor(
    readonly root: string,
    private readonly options: BuildOptions = {},
  ) {
    this.built = { index: new FlagIndex(root) };
  }

  get index(): FlagIndex {
    return this.built.index;
  }

  async load(): Promise<BuildStats> {
    const built = await buildIndex(this.root, this.options);
    // Buffers opened while indexing stay authoritative (and make the index differ from the cache).
    for (const path of this.openDocuments) {
      const current = this.index.file(path);
      if (!current) continue;
      built.index.setFile(path, current.relativePath, current);
      if (built.cache) built.cache.persisted = undefined;
      built.changes = undefined;
    }
    this.built = built;
    this.changes = built.changes;
    this.cache = built.cache;
    this.stats = built.stats;
    return built.stats;
  }

  /**
   * A result computed from the whole index, remembered beside the cache for as long as the cache
   * on disk matches the index. When it does not, `update` may bring the result remembered for the
   * state this warm start loaded up to date from what changed (returning undefined when it cannot);
   * otherwise it is computed again. `isValue` checks what was read back: the file is not trusted.
   */
  remembered<T>(name: string, compute: (index: FlagIndex) => T, isValue: (value: unknown) => value is T, update?: (previous: T, changes: IndexChanges, index: FlagIndex) => T | undefined): T {
    const state = this.cache?.persisted;
    if (!this.cache || !state) return compute(this.index);
    const stored = readDerived(this.cache.directory, name, isValue);
    if (stored?.state === state) return stored.value;
    const changes = this.changes;
    const updated = stored && update && changes?.since === stored.state ? update(stored.value, changes, this.index) : undefined;
    const value = updated ?? compute(this.index);
    writeDerived(this.cache.directory, name, state, value);
    return value;
  }

  /**
   * For long-lived processes (the language server): a little after loading, decode what the
   * cache loaded lazily, so the ~8 MB of cache bytes it holds can be collected. The CLI exits first.
   */
  releaseCacheBytesSoon(): void {
    const cache = this.cache;
    setTimeout(() => cache?.table.settle(), 2000).unref();
  }

  contains(path: string): boolean {
    const relativePath = relative(this.root, path);
    return relativePath.length > 0 && !relativePath.startsWith('..') && !relativePath.startsWith(sep + sep);
  }

  relativePath(path: string): string {
    return relative(this.root, path).split(sep).join('/');
  }

  /** An editor buffer changed: scan its text instead of the file. Returns touched flag keys. */
  updateOpenDocument(path: string, text: string): Set<string> {
    const relativePath = this.relativePath(path);
    if (!isIndexable(relativePath)) return new Set();
    this.openDocuments.add(path);
    let scan: ScannedFile;
    try {
      scan = scanFile(path, relativePath, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, new Deadline(this.scanTimeoutMs()));
    } catch (error) {
      if (!(error instanceof ScanTimeout)) throw error;
      // NOTE: a buffer too hostile to scan in time contributes nothing, as the same file on disk would.
      scan = { references: [], dynamic: [] };
    }
    this.indexChanged();
    return this.index.setFile(path, relativePath, scan);
  }

  /** The buffer closed: the disk is the truth again. */
  closeOpenDocument(path: string): Set<string> {
    this.openDocuments.delete(path);
    return this.refreshFromDisk(path);
  }

  /** A file was created, changed or deleted on disk. Open buffers are left as they are. */
  refreshFromDisk(path: string): Set<string> {
    if (this.openDocuments.has(path)) return new Set();
    const relativePath = this.relativePath(path);
    if (!isIndexable(relativePath)) return new Set();
    const outcome = readAndScan(this.root, relativePath, this.options.maxFileBytes, this.scanTimeoutMs());
    if (outcome.skipped === 'missing' || outcome.skipped === 'symlink') this.cache?.table.delete(relativePath);
    // A skipped file stays listed, but is read again next time.
    else if (outcome.skipped) this.cache?.table.set(relativePath, STALE, STALE);
    else this.cache?.table.set(relativePath, outcome.size, outcome.mtimeMs);
    this.indexChanged();
    this.scheduleSave();
    if (!outcome.scan) return this.index.removeFile(path);
    return this.index.setFile(path, relativePath, outcome.scan);
  }

  removed(path: string): Set<string> {
    this.openDocuments.delete(path);
    this.cache?.table.delete(this.relativePath(path));
    this.indexChanged();
    this.scheduleSave();
    return this.index.removeFile(path);
  }

  /** The cache on disk no longer matches the index (until the next save). */
  private indexChanged(): void {
    if (this.cache) this.cache.persisted = undefined;
    this.changes = undefined;
  }

  /**
   * The file's text as it is on disk, read as UTF-8 now. NOT what the user sees in an editor:
   * an open buffer's unsaved text (which the index scans instead, see updateOpenDocument) is not
   * consulted, a BOM is kept, and nothing is cached. Unused by the index itself; callers that
   * edit files (cleanup from the CLI and MCP) read the disk through it.
   */
  readText(path: string): string {
    return readFileSync(path, 'utf8');
  }

  private scanTimeoutMs(): number {
    return this.options.scanTimeoutMs ?? scanTimeoutFromEnvironment();
  }

  private scheduleSave(): void {
    if (!this.cache) return;
    clearTimeout(this.saveTimer);
    // Saving the whole cache is ~100 ms on a GitLab-sized tree: batch bursts of edits.
    this.saveTimer = setTimeout(() => this.saveNow(), 5000);
    this.saveTimer.unref();
  }

  saveNow(): void {
    clearTimeout(this.saveTimer);
    if (!this.cache) return;
    // NOTE: an open buffer's scan is not the file's; those files are read again next time.
    const open = new Set([...this.openDocuments].map((path) => this.relativePath(path)));
    saveCacheState(this.root, this.index, this.cache, open);
  }

  absolute(relativePath: string): string {
    return join(this.root, relativePath);
  }
}
