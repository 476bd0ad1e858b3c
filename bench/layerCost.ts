// What the cache journal saves on a warm start with 1% of the files changed: the time to save
// the changed files' scans in the journal, against rewriting the whole cache (what a warm start
// would do without a journal). In process, on a tree already indexed, interleaved.
//   node --import tsx bench/layerCost.ts TREE [FILES]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex } from '../server/src/index/buildIndex';
import { saveCacheState } from '../server/src/index/cacheState';
import { saveJournal, JournalEntry } from '../server/src/index/cacheJournal';
import { absolutePath } from '../server/src/index/paths';

async function main(): Promise<void> {
  const [tree, count = '548'] = process.argv.slice(2);
  const cacheBase = mkdtempSync(join(tmpdir(), 'gitlab-flags-layer-cost-'));
  try {
    const built = await buildIndex(tree, { cacheBase });
    const cache = built.cache!;
    const table = cache.table;
    const stride = Math.floor(table.length / Number(count));
    const entries: JournalEntry[] = [];
    for (let i = 0; i < Number(count); i++) {
      const position = i * stride;
      const path = table.paths[position]!;
      entries.push({ position, path, size: table.sizes[position], mtimeMs: table.mtimes[position], scan: built.index.file(absolutePath(tree, path)) });
    }
    const full: number[] = [];
    const journal: number[] = [];
    for (let round = 0; round < 5; round++) {
      let started = performance.now();
      saveCacheState(tree, built.index, cache);
      full.push(performance.now() - started);
      started = performance.now();
      saveJournal(cache.directory, tree, 'base', entries);
      journal.push(performance.now() - started);
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    process.stdout.write(`whole cache save: median ${median(full).toFixed(1)} ms (${full.map((ms) => ms.toFixed(0)).join(', ')})\n`);
    process.stdout.write(`journal of ${count} files: median ${median(journal).toFixed(1)} ms (${journal.map((ms) => ms.toFixed(0)).join(', ')})\n`);
  } finally {
    rmSync(cacheBase, { recursive: true, force: true });
  }
}

void main();
