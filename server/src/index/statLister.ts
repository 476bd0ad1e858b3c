// The warm start's side of the stat worker (statWorker.ts): starts it, or runs the same work on
// this thread when there is no worker bundle, and hands out its messages (the listing, "done",
// the stamp of a fresh listing) as promises that reject if the worker fails.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runWarmListing, StatWorkerMessage } from './statWorker';
import { workerCount } from '../environmentVariables';

export interface Lister {
  /** Resolves with each message of runWarmListing (see statWorker.ts); rejects if the worker fails. */
  next<T extends StatWorkerMessage['type']>(type: T): Promise<Extract<StatWorkerMessage, { type: T }>>;
  cancel(): void;
}

/**
 * Settles the listing and stats the files in a worker; this thread joins the stat work once it
 * has loaded the cache. Runs in this thread when there is no worker bundle (tests from source).
 */
export function startLister(root: string, cacheDirectory: string, workers: number | undefined): Lister {
  const script = join(__dirname, 'statWorker.js');
  const inThread = workers === 0 || workerCount() === 0 || !existsSync(script);
  const waiting = new Map<StatWorkerMessage['type'], (message: StatWorkerMessage) => void>();
  const arrived = new Map<StatWorkerMessage['type'], StatWorkerMessage>();
  const deliver = (message: StatWorkerMessage) => {
    arrived.set(message.type, message);
    waiting.get(message.type)?.(message);
  };
  let failure: Promise<never>;
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
