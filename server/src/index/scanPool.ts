// The threads that read and scan files: this thread plus scan workers (scanWorker.ts), fed from
// one queue of batches. Used by the cold start for every listed file and by the warm start for
// the files whose size or mtime moved. Owns the worker count, the batch size and the queueing.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_FILE_BYTES } from './readAndScan';
import { runScanJob, ScanJob, ScanJobResult } from './scanWorker';
import { scanTimeoutFromEnvironment } from './deadline';
import { trace } from './trace';
import type { ScanResults } from './scanResults';
import type { BuildOptions } from './buildTypes';
import { workerCount } from '../environmentVariables';

export interface ScanPool {
  /** Scans the paths and delivers the outcomes in order; one call at a time. */
  scan(paths: string[], results: ScanResults): Promise<void>;
  close(): void;
}

// Below this many files, starting workers costs more than it saves.
const WORKER_THRESHOLD = 3000;

// Batches queued per worker: the one it scans, and the next.
const WORKER_QUEUE_DEPTH = 2;

// Files per batch of the shared queue: small enough to balance the threads and keep this one
// responsive (~20 ms of work), large enough that messages cost little.
const BATCH = 500;

// Files per slice when this thread scans alone, so progress can be reported.
const IN_THREAD_SLICE = 1000;

type JobFor = (paths: string[]) => ScanJob;

function deliver(chunk: string[], result: ScanJobResult, results: ScanResults): void {
  for (const outcome of result.findings) results.finding(outcome);
  for (let i = 0; i < result.emptyIndexes.length; i++) results.empty(chunk[result.emptyIndexes[i]], result.emptySizes[i], result.emptyMtimes[i]);
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
export function startScanPool(root: string, options: BuildOptions, needStat: boolean, expected?: number): ScanPool {
  const workerScript = join(__dirname, 'scanWorker.js');
  const count = options.workers ?? workerCount() ?? Math.max(1, Math.min(3, availableParallelism() - 1));
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const scanTimeoutMs = options.scanTimeoutMs ?? scanTimeoutFromEnvironment();
  const job: JobFor = (paths) => ({ root, paths, maxFileBytes, scanTimeoutMs, needStat });
  const scanInThread = async (paths: string[], results: ScanResults) => {
    for (let start = 0; start < paths.length; start += IN_THREAD_SLICE) {
      const chunk = paths.slice(start, start + IN_THREAD_SLICE);
      deliver(chunk, runScanJob(job(chunk)), results);
      options.onProgress?.(Math.min(paths.length, start + IN_THREAD_SLICE), paths.length);
    }
  };
  if (count === 0 || (expected !== undefined && expected < WORKER_THRESHOLD) || !existsSync(workerScript)) return { scan: scanInThread, close() {} };
  const workers = Array.from({ length: count }, () => new Worker(workerScript));
  return {
    scan(paths, results) {
      if (paths.length < WORKER_THRESHOLD) return scanInThread(paths, results);
      return scanShared(workers, job, paths, results, options.onProgress);
    },
    close() {
      for (const worker of workers) void worker.terminate();
    },
  };
}

/** One queue of batches shared by the workers and this thread; resolves when every batch is delivered. */
function scanShared(workers: Worker[], job: JobFor, paths: string[], results: ScanResults, onProgress: BuildOptions['onProgress']): Promise<void> {
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
    onProgress?.(done, paths.length);
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
}
