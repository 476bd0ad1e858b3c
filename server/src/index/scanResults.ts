// Tallies scan outcomes, in the order a scan delivers them, into three places: the index (what
// each file contributes), the cache's file table (size and mtime per listed file) and the skip
// counts reported in BuildStats. Shared by the cold start and the warm start's re-scan.

import type { FlagIndex } from './flagIndex';
import { FileTable, STALE } from './fileTable';
import type { ScanOutcome } from './readAndScan';
import { absolutePath } from './paths';
import type { BuildStats, SkipCounts } from './buildTypes';

export type StatsSource = Pick<BuildStats, 'discovery' | 'discoveryWhy' | 'cache' | 'listing'>;

export class ScanResults {
  readonly skipped = noSkips();
  readonly skippedFiles: BuildStats['skippedFiles'] = [];

  /**
   * `fresh`: the index and table start empty and each path comes once (a cold start), so there
   * is nothing to remove or look up. `table` is absent when no cache is kept.
   */
  constructor(
    private readonly root: string,
    private readonly index: FlagIndex,
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
      if (!this.fresh) this.index.removeFile(path);
      return;
    }
    // A skipped file is listed but never trusted from the cache: it is read again next time.
    this.record(outcome.relativePath, outcome.skipped ? STALE : outcome.size, outcome.skipped ? STALE : outcome.mtimeMs);
    if (outcome.scan) this.index.loadFile(path, outcome.relativePath, outcome.scan);
    else if (!this.fresh) this.index.removeFile(path);
  }

  empty(relativePath: string, size: number, mtimeMs: number): void {
    this.record(relativePath, size, mtimeMs);
    if (!this.fresh) this.index.removeFile(absolutePath(this.root, relativePath));
  }

  private record(relativePath: string, size: number, mtimeMs: number): void {
    if (!this.table) return;
    const position = this.positions?.get(relativePath);
    if (position !== undefined) this.table.setAt(position, size, mtimeMs);
    else if (this.fresh) this.table.append(relativePath, size, mtimeMs);
    else this.table.set(relativePath, size, mtimeMs);
  }

  stats(files: number, scanned: number, fromCache: number, source: StatsSource, started: number): BuildStats {
    return buildStats(files, scanned, fromCache, this.skipped, this.skippedFiles, source, started);
  }
}

export function noSkips(): SkipCounts {
  return { binary: 0, 'too-large': 0, unreadable: 0, 'not-utf8': 0, symlink: 0, missing: 0 };
}

/** `files` counts what was listed; files found gone or turned into links are not counted. */
export function buildStats(files: number, scanned: number, fromCache: number, skipped: SkipCounts, skippedFiles: BuildStats['skippedFiles'], source: StatsSource, started: number): BuildStats {
  return { files: files - skipped.missing - skipped.symlink, scanned, fromCache, skipped, skippedFiles, ...source, elapsedMs: Math.round(performance.now() - started) };
}
