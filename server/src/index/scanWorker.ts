// Worker-thread entry for the cold scan. Most files hold no flag at all, so those come back as
// three numbers in typed arrays (transferred, not cloned) and only files with findings as objects.

import { parentPort } from 'node:worker_threads';
import { isEmptyScan, readAndScan, ScanOutcome } from './readAndScan';

export interface ScanJob {
  root: string;
  paths: string[];
  maxFileBytes: number;
  scanTimeoutMs: number;
  /** Size and mtime are only needed to key the persisted cache. */
  needStat?: boolean;
}

export interface ScanJobResult {
  /** Files with references, definitions, dynamic names, or skipped. */
  findings: ScanOutcome[];
  /** Index into the job's paths of each file with nothing in it, with its size and mtime. */
  emptyIndexes: Int32Array;
  emptySizes: Float64Array;
  emptyMtimes: Float64Array;
}

export function runScanJob(job: ScanJob): ScanJobResult {
  const findings: ScanOutcome[] = [];
  const emptyIndexes = new Int32Array(job.paths.length);
  const emptySizes = new Float64Array(job.paths.length);
  const emptyMtimes = new Float64Array(job.paths.length);
  let empty = 0;
  for (let i = 0; i < job.paths.length; i++) {
    const outcome = readAndScan(job.root, job.paths[i], job.maxFileBytes, job.scanTimeoutMs, job.needStat ?? true);
    if (!outcome.skipped && outcome.scan && isEmptyScan(outcome.scan)) {
      emptyIndexes[empty] = i;
      emptySizes[empty] = outcome.size;
      emptyMtimes[empty] = outcome.mtimeMs;
      empty++;
    } else {
      findings.push(outcome);
    }
  }
  return { findings, emptyIndexes: emptyIndexes.slice(0, empty), emptySizes: emptySizes.slice(0, empty), emptyMtimes: emptyMtimes.slice(0, empty) };
}

// A job is one batch of the pool's queue (see startScanPool in buildIndex.ts); it arrives as a
// message, so the worker can start (and load this code) before the listing is done, and its
// result goes back as one message with the typed arrays transferred, not cloned.
parentPort?.on('message', (job: ScanJob) => {
  const result = runScanJob(job);
  parentPort!.postMessage(result, [result.emptyIndexes.buffer as ArrayBuffer, result.emptySizes.buffer as ArrayBuffer, result.emptyMtimes.buffer as ArrayBuffer]);
});
