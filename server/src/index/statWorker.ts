// Worker-thread entry for a warm start: lists the files (git ls-files or glob), then stats them,
// while the main thread parses the persisted cache. The file list and the stat results live in
// shared memory, and the main thread joins in once the cache is parsed: both claim chunks of
// files from a shared counter, so two cores share the ~55,000 lstat calls of a GitLab checkout.

import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { discoverFiles } from './discover';

export interface StatResult {
  files: string[];
  method: 'git' | 'glob';
  /** Size per file, NaN when it is missing or not a regular file. */
  sizes: Float64Array;
  mtimes: Float64Array;
}

/** What the worker posts first: the list, and the shared arrays both threads fill. */
export interface SharedStatTable {
  files: string[];
  method: 'git' | 'glob';
  sizes: SharedArrayBuffer;
  mtimes: SharedArrayBuffer;
  /** One Int32: the index of the next unclaimed file. */
  next: SharedArrayBuffer;
}

const CHUNK = 256;

/** Claims chunks of files until none are left, writing into the shared arrays. */
export function statClaimedChunks(root: string, table: SharedStatTable): void {
  const next = new Int32Array(table.next);
  const sizes = new Float64Array(table.sizes);
  const mtimes = new Float64Array(table.mtimes);
  for (;;) {
    const start = Atomics.add(next, 0, CHUNK);
    if (start >= table.files.length) return;
    const end = Math.min(table.files.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      const stat = lstatSync(join(root, table.files[i]), { throwIfNoEntry: false });
      const regular = stat !== undefined && stat.isFile();
      sizes[i] = regular ? stat.size : NaN;
      mtimes[i] = regular ? stat.mtimeMs : NaN;
    }
  }
}

export async function sharedStatTable(root: string): Promise<SharedStatTable> {
  const { files, method } = await discoverFiles(root);
  return { files, method, sizes: new SharedArrayBuffer(8 * files.length), mtimes: new SharedArrayBuffer(8 * files.length), next: new SharedArrayBuffer(4) };
}

/** The same work in one thread (no worker bundle, or workers disabled). */
export async function discoverAndStat(root: string): Promise<StatResult> {
  const table = await sharedStatTable(root);
  statClaimedChunks(root, table);
  return { files: table.files, method: table.method, sizes: new Float64Array(table.sizes), mtimes: new Float64Array(table.mtimes) };
}

if (parentPort && workerData && (workerData as { root?: string }).root) {
  const root = (workerData as { root: string }).root;
  void sharedStatTable(root).then((table) => {
    parentPort!.postMessage({ type: 'list', table });
    statClaimedChunks(root, table);
    parentPort!.postMessage({ type: 'done' });
  });
}
