// Re-read files after a warm start go to a journal beside the cache instead of a full rewrite;
// the next warm start applies it. Whatever happens to the journal, warm equals cold.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex } from '../../server/src/index/buildIndex';
import { cacheDirectoryFor, JOURNAL_FILE } from '../../server/src/index/indexCache';
import { makeRepository, snapshot, write } from '../helpers/gitTree';

async function warmEqualsCold(root: string, cacheBase: string): Promise<{ listing: string; scanned: number }> {
  const warm = await buildIndex(root, { cacheBase, workers: 0 });
  const cold = await buildIndex(root, { useCache: false, workers: 0 });
  assert.equal(warm.stats.cache, 'loaded');
  assert.deepEqual(snapshot(warm.index), snapshot(cold.index));
  return { listing: warm.stats.listing, scanned: warm.stats.scanned };
}

test('files edited in place are journaled, and the next warm start applies the journal', async () => {
  const { root, cacheBase } = makeRepository();
  await buildIndex(root, { cacheBase, workers: 0 });
  const journal = join(cacheDirectoryFor(root, cacheBase), JOURNAL_FILE);
  assert.equal(existsSync(journal), false);
  writeFileSync(join(root, 'app/models/user.rb'), 'Feature.enabled?(:journaled_flag)\n');
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'cached', scanned: 1 });
  assert.equal(existsSync(journal), true);
  // Applied, not re-read: the journal holds the new size, mtime and findings.
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'cached', scanned: 0 });
  // A second edit of another file joins the same journal; a file emptied of flags is recorded too.
  writeFileSync(join(root, 'app/assets/javascripts/a.js'), 'const nothing = 1;\n');
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'cached', scanned: 1 });
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'cached', scanned: 0 });
  rmSync(root, { recursive: true, force: true });
});

test('a damaged journal is ignored: the files it described are read again', async () => {
  const { root, cacheBase } = makeRepository();
  await buildIndex(root, { cacheBase, workers: 0 });
  writeFileSync(join(root, 'app/models/user.rb'), 'Feature.enabled?(:journaled_flag)\n');
  await buildIndex(root, { cacheBase, workers: 0 });
  const journal = join(cacheDirectoryFor(root, cacheBase), JOURNAL_FILE);
  writeFileSync(journal, 'garbage\n[[0,"x",1,2,null]]');
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'cached', scanned: 1 });
  rmSync(root, { recursive: true, force: true });
});

test('a change to the listing rewrites the whole cache and removes the journal', async () => {
  const { root, cacheBase } = makeRepository();
  await buildIndex(root, { cacheBase, workers: 0 });
  writeFileSync(join(root, 'app/models/user.rb'), 'Feature.enabled?(:journaled_flag)\n');
  await buildIndex(root, { cacheBase, workers: 0 });
  const journal = join(cacheDirectoryFor(root, cacheBase), JOURNAL_FILE);
  assert.equal(existsSync(journal), true);
  write(root, 'app/models/new_model.rb', 'Feature.enabled?(:created_flag)\n');
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'fresh', scanned: 1 });
  assert.equal(existsSync(journal), false);
  rmSync(root, { recursive: true, force: true });
});
