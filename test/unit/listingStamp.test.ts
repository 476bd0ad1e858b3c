// A warm start reuses the cached file listing only while nothing that decides the listing has
// changed: directory entries, .gitignore files and git's own state. Every change that could add
// or remove a listed file makes it list again, so the warm index always equals a cold one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex } from '../../server/src/index/buildIndex';
import { listingStampHolds, takeListingStamp } from '../../server/src/index/listingStamp';
import { backdate, makeRepository, snapshot, write } from '../helpers/gitTree';

async function warmEqualsCold(root: string, cacheBase: string): Promise<{ listing: string; scanned: number; files: number }> {
  const warm = await buildIndex(root, { cacheBase, workers: 0 });
  const cold = await buildIndex(root, { useCache: false, workers: 0 });
  assert.equal(warm.stats.cache, 'loaded');
  assert.deepEqual(snapshot(warm.index), snapshot(cold.index));
  assert.equal(warm.stats.files, cold.stats.files);
  return { listing: warm.stats.listing, scanned: warm.stats.scanned, files: warm.stats.files };
}

test('with no directory changed, a warm start reuses the cached listing and re-reads only edited files', async () => {
  const { root, cacheBase } = makeRepository();
  await buildIndex(root, { cacheBase, workers: 0 });
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'cached', scanned: 0, files: 3 });
  // An edit in place changes the file, not its directory.
  writeFileSync(join(root, 'app/models/user.rb'), 'Feature.enabled?(:known_flag)\nFeature.enabled?(:new_flag)\n');
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'cached', scanned: 1, files: 3 });
  rmSync(root, { recursive: true, force: true });
});

test('a file created in a listed directory makes the warm start list again and index it', async () => {
  const { root, cacheBase } = makeRepository();
  await buildIndex(root, { cacheBase, workers: 0 });
  write(root, 'app/models/project.rb', 'Feature.enabled?(:created_flag)\n');
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'fresh', scanned: 1, files: 4 });
  rmSync(root, { recursive: true, force: true });
});

test('a file created two levels inside a directory that was empty is found', async () => {
  const { root, cacheBase } = makeRepository();
  await buildIndex(root, { cacheBase, workers: 0 });
  write(root, 'app/empty/deeper/late.rb', 'Feature.enabled?(:late_flag)\n');
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'fresh', scanned: 1, files: 4 });
  rmSync(root, { recursive: true, force: true });
});

test('a deleted file is dropped, and editing .gitignore in place lists again', async () => {
  const { root, cacheBase } = makeRepository();
  await buildIndex(root, { cacheBase, workers: 0 });
  rmSync(join(root, 'app/assets/javascripts/a.js'));
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'fresh', scanned: 0, files: 2 });
  backdate(root);
  await buildIndex(root, { cacheBase, workers: 0 });
  writeFileSync(join(root, '.gitignore'), '/uploads/\n');
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'fresh', scanned: 1, files: 3 });
  rmSync(root, { recursive: true, force: true });
});

test('files appearing in a directory git ignores do not cost a fresh listing', async () => {
  const { root, cacheBase } = makeRepository();
  await buildIndex(root, { cacheBase, workers: 0 });
  write(root, 'uploads/more.rb', 'Feature.enabled?(:uploaded_flag)\n');
  assert.deepEqual(await warmEqualsCold(root, cacheBase), { listing: 'cached', scanned: 0, files: 3 });
  rmSync(root, { recursive: true, force: true });
});

test('directories changed just before the listing are not trusted by its stamp', async () => {
  const { root } = makeRepository();
  const listed = ['app/models/user.rb', 'config/feature_flags/wip/known_flag.yml'];
  const old = await takeListingStamp(root, listed, 'git', Date.now());
  assert.ok(old && listingStampHolds(root, old), 'a backdated tree is stamped');
  write(root, 'app/models/other.txt', 'not indexed, but a new entry');
  const racy = await takeListingStamp(root, listed, 'git', Date.now());
  assert.ok(racy, 'stamped');
  assert.equal(listingStampHolds(root, racy), false);
  rmSync(root, { recursive: true, force: true });
});
