// Builds the index of one root: discover files, reuse the persisted cache for unchanged files,
// scan the rest (in worker threads when there are many), then save the cache again.

import { existsSync, lstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { discoverFiles } from './discover';
import { discoverAndStat, SharedStatTable, StatResult, statClaimedChunks } from './statWorker';
import { FlagIndex } from './flagIndex';
import { CachedFile, cacheDirectoryFor, loadCache, saveCache } from './indexCache';
import { DEFAULT_MAX_FILE_BYTES, EMPTY_SCAN, ScanOutcome, SkipReason } from './readAndScan';
import { runScanJob, ScanJob, ScanJobResult, ScanSlice, SLICE } from './scanWorker';
import { scanTimeoutFromEnvironment } from './deadline';

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
  cache: 'loaded' | 'missing' | 'invalid' | 'disabled';
  elapsedMs: number;
}

export interface BuiltIndex {
  index: FlagIndex;
  stats: BuildStats;
  /** Size and mtime per file, kept to save the cache again after edits. */
  cacheEntries: Map<string, CachedFile>;
  cacheDirectory?: string;
}

// Below this many files, starting workers costs more than it saves.
const WORKER_THRESHOLD = 3000;

export async function buildIndex(root: string, options: BuildOptions = {}): Promise<BuiltIndex> {
  const started = performance.now();
  const useCache = options.useCache ?? true;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const cacheDirectory = useCache ? cacheDirectoryFor(root, options.cacheBase) : undefined;
  const warm = cacheDirectory !== undefined && cacheExists(cacheDirectory);
  // Warm start: a worker lists and stats the files while this thread parses the cache.
  // Cold start: nothing to overlap, so discovery runs here and the scan gets the workers.
  const listing: Promise<StatResult | { files: string[]; method: 'git' | 'glob'; sizes?: undefined; mtimes?: undefined }> = warm ? statInWorker(root, options) : discoverFiles(root);
  const cached = cacheDirectory ? loadCache(cacheDirectory, root) : undefined;
  const { files, method, sizes, mtimes } = await listing;

  const index = new FlagIndex(root);
  const cacheEntries = new Map<string, CachedFile>();
  const toScan: string[] = [];
  let fromCache = 0;
  for (let i = 0; i < files.length; i++) {
    const relativePath = files[i];
    const entry = cached?.files.get(relativePath);
    if (entry) {
      let size = sizes?.[i];
      let mtimeMs = mtimes?.[i];
      if (size === undefined) {
        const stat = lstatSync(join(root, relativePath), { throwIfNoEntry: false });
        size = stat?.isFile() ? stat.size : NaN;
        mtimeMs = stat?.isFile() ? stat.mtimeMs : NaN;
      }
      if (size === entry.size && mtimeMs === entry.mtimeMs) {
        index.loadFile(join(root, relativePath), relativePath, entry.scan);
        cacheEntries.set(relativePath, entry);
        fromCache++;
        continue;
      }
    }
    toScan.push(relativePath);
  }

  const skipped: SkipCounts = { binary: 0, 'too-large': 0, unreadable: 0, 'not-utf8': 0, symlink: 0, missing: 0 };
  const skippedFiles: BuildStats['skippedFiles'] = [];
  const keepCache = cacheDirectory !== undefined;
  await scanMany(root, toScan, maxFileBytes, options, {
    finding(outcome) {
      if (outcome.skipped) {
        skipped[outcome.skipped] = (skipped[outcome.skipped] ?? 0) + 1;
        if (outcome.skipped !== 'missing' && outcome.skipped !== 'symlink' && skippedFiles.length < 20) {
          skippedFiles.push({ path: outcome.relativePath, reason: outcome.skipped, ...(outcome.detail ? { detail: outcome.detail } : {}) });
        }
      }
      if (outcome.scan) {
        index.loadFile(join(root, outcome.relativePath), outcome.relativePath, outcome.scan);
        if (keepCache) cacheEntries.set(outcome.relativePath, { size: outcome.size, mtimeMs: outcome.mtimeMs, scan: outcome.scan });
      }
    },
    empty(relativePath, size, mtimeMs) {
      if (keepCache) cacheEntries.set(relativePath, { size, mtimeMs, scan: EMPTY_SCAN });
    },
  }, keepCache);

  if (cacheDirectory && (toScan.length > 0 || cached?.status !== 'loaded' || cached.files.size !== cacheEntries.size)) {
    try {
      saveCache(cacheDirectory, root, cacheEntries);
    } catch {
      // NOTE: an unwritable cache only costs speed next time; the index itself is complete.
    }
  }
  return {
    index,
    cacheEntries,
    cacheDirectory,
    stats: {
      files: files.length - skipped.missing - skipped.symlink,
      scanned: toScan.length,
      fromCache,
      skipped,
      skippedFiles,
      discovery: method,
      cache: cached ? cached.status : 'disabled',
      elapsedMs: Math.round(performance.now() - started),
    },
  };
}

interface ScanSink {
  finding(outcome: ScanOutcome): void;
  empty(relativePath: string, size: number, mtimeMs: number): void;
}

async function scanMany(root: string, paths: string[], maxFileBytes: number, options: BuildOptions, sink: ScanSink, needStat: boolean): Promise<void> {
  const workerScript = join(__dirname, 'scanWorker.js');
  const fromEnvironment = process.env.GITLAB_FLAGS_WORKERS === undefined ? undefined : Number(process.env.GITLAB_FLAGS_WORKERS);
  const workers = options.workers ?? fromEnvironment ?? Math.max(1, Math.min(4, availableParallelism()));
  const scanTimeoutMs = options.scanTimeoutMs ?? scanTimeoutFromEnvironment();
  const deliver = (chunk: string[], result: ScanJobResult): void => {
    for (const outcome of result.findings) sink.finding(outcome);
    for (let i = 0; i < result.emptyIndexes.length; i++) sink.empty(chunk[result.emptyIndexes[i]], result.emptySizes[i], result.emptyMtimes[i]);
  };
  if (paths.length < WORKER_THRESHOLD || workers === 0 || !existsSync(workerScript)) {
    // Small batches: in this thread, in slices so progress can be reported.
    for (let start = 0; start < paths.length; start += 1000) {
      const chunk = paths.slice(start, start + 1000);
      deliver(chunk, runScanJob({ root, paths: chunk, maxFileBytes, scanTimeoutMs, needStat }));
      options.onProgress?.(Math.min(paths.length, start + 1000), paths.length);
    }
    return;
  }
  // Interleave paths so each worker gets a similar mix of big and small directories.
  const chunks: string[][] = Array.from({ length: workers }, () => []);
  paths.forEach((path, i) => chunks[i % workers].push(path));
  let done = 0;
  await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(workerScript, { workerData: { root, paths: chunk, maxFileBytes, scanTimeoutMs, needStat } satisfies ScanJob });
          worker.on('message', ({ offset, result, last }: ScanSlice) => {
            const slice = chunk.slice(offset, offset + SLICE);
            done += slice.length;
            deliver(slice, result);
            options.onProgress?.(done, paths.length);
            if (!last) return;
            resolve();
            void worker.terminate();
          });
          worker.once('error', reject);
        }),
    ),
  );
}

function cacheExists(directory: string): boolean {
  return existsSync(join(directory, 'index.json'));
}

/**
 * Lists and stats the files in a worker; this thread joins the stat work once it has parsed the
 * cache (it awaits the result only then). Falls back to one thread without the worker bundle.
 */
function statInWorker(root: string, options: BuildOptions): Promise<StatResult> {
  const script = join(__dirname, 'statWorker.js');
  if (options.workers === 0 || process.env.GITLAB_FLAGS_WORKERS === '0' || !existsSync(script)) return discoverAndStat(root);
  const worker = new Worker(script, { workerData: { root } });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  const listed = new Promise<SharedStatTable>((resolve) => worker.on('message', (message: { type: string; table?: SharedStatTable }) => message.type === 'list' && resolve(message.table!)));
  const done = new Promise<void>((resolve) => worker.on('message', (message: { type: string }) => message.type === 'done' && resolve()));
  // NOTE: the promise below is only awaited after loadCache(), so the listing and the first
  // stats happen while the cache is parsed; then both threads share what is left.
  return Promise.race([
    failed,
    (async () => {
      const table = await listed;
      statClaimedChunks(root, table);
      await done;
      void worker.terminate();
      return { files: table.files, method: table.method, sizes: new Float64Array(table.sizes), mtimes: new Float64Array(table.mtimes) };
    })(),
  ]);
}
