// Worker-thread entry for a warm start: lists the files (git ls-files or glob) and stats each one,
// while the main thread parses the persisted cache. The two halves of a warm start then overlap.

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

export async function discoverAndStat(root: string): Promise<StatResult> {
  const { files, method } = await discoverFiles(root);
  const sizes = new Float64Array(files.length);
  const mtimes = new Float64Array(files.length);
  for (let i = 0; i < files.length; i++) {
    const stat = lstatSync(join(root, files[i]), { throwIfNoEntry: false });
    const regular = stat !== undefined && stat.isFile();
    sizes[i] = regular ? stat.size : NaN;
    mtimes[i] = regular ? stat.mtimeMs : NaN;
  }
  return { files, method, sizes, mtimes };
}

if (parentPort && workerData && (workerData as { root?: string }).root) {
  void discoverAndStat((workerData as { root: string }).root).then((result) =>
    parentPort!.postMessage(result, [result.sizes.buffer as ArrayBuffer, result.mtimes.buffer as ArrayBuffer]),
  );
}
