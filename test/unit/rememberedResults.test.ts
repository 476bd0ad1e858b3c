// A warm start where nothing changed leaves the cached scans undecoded, and results computed from
// the whole index (scan's counts) are remembered beside the cache for as long as the cache on disk
// matches the index. Both must stay invisible: every answer equals a cold index's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, IndexChanges } from '../../server/src/index/buildIndex';
import { countTree, isTreeCounts, TreeCounts, updateTreeCounts } from '../../server/src/features/treeCounts';
import { CACHE_FILE, cacheDirectoryFor } from '../../server/src/index/indexCache';
import { Workspace } from '../../server/src/index/workspace';
import type { FlagIndex } from '../../server/src/index/flagIndex';
import { makeRepository, snapshot, write } from '../helpers/gitTree';

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Loads a workspace warm and asks for its sorted flag keys, counting how often they are computed. */
async function rememberedKeys(root: string, cacheBase: string): Promise<{ keys: string[]; computed: number; scanned: number }> {
  const workspace = new Workspace(root, { cacheBase, workers: 0, deferCachedIndex: true });
  const stats = await workspace.load();
  let computed = 0;
  const keys = workspace.remembered('keys', (index: FlagIndex) => {
    computed++;
    return [...index.keys()].sort();
  }, isStrings);
  return { keys, computed, scanned: stats.scanned };
}

test('a remembered result is reused while no file changed, and computed again after an edit', async () => {
  const { root, cacheBase } = makeRepository();
  assert.deepEqual(await rememberedKeys(root, cacheBase), { keys: ['knownFlag'], computed: 1, scanned: 3 });
  assert.deepEqual(await rememberedKeys(root, cacheBase), { keys: ['knownFlag'], computed: 0, scanned: 0 });
  // The edit is journaled; the journal names a new persisted state, so the keys are computed again.
  writeFileSync(join(root, 'app/models/user.rb'), 'Feature.enabled?(:known_flag)\nFeature.enabled?(:journaled_flag)\n');
  assert.deepEqual(await rememberedKeys(root, cacheBase), { keys: ['journaledFlag', 'knownFlag'], computed: 1, scanned: 1 });
  assert.deepEqual(await rememberedKeys(root, cacheBase), { keys: ['journaledFlag', 'knownFlag'], computed: 0, scanned: 0 });
  rmSync(root, { recursive: true, force: true });
});

test('a damaged remembered result is computed again, never used', async () => {
  const { root, cacheBase } = makeRepository();
  await rememberedKeys(root, cacheBase);
  const file = join(cacheDirectoryFor(root, cacheBase), 'derived-keys.json');
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { value: unknown };
  stored.value = [1, 2];
  writeFileSync(file, JSON.stringify(stored));
  assert.deepEqual(await rememberedKeys(root, cacheBase), { keys: ['knownFlag'], computed: 1, scanned: 0 });
  writeFileSync(file, '{"format":');
  assert.deepEqual(await rememberedKeys(root, cacheBase), { keys: ['knownFlag'], computed: 1, scanned: 0 });
  rmSync(root, { recursive: true, force: true });
});

/** Replaces the cache's scans section and fixes up its lengths and checksum, as another build might write it. */
function rewriteScans(cacheFile: string, scansJson: string): void {
  const raw = readFileSync(cacheFile);
  const newline = raw.indexOf(10);
  const header = JSON.parse(raw.toString('utf8', 0, newline)) as { sha1: string; lengths: number[]; count: number };
  const listingLength = header.lengths[0] + 16 * header.count + header.lengths[1];
  const body = Buffer.concat([raw.subarray(newline + 1, newline + 1 + listingLength), Buffer.from(scansJson)]);
  header.lengths[2] = Buffer.byteLength(scansJson);
  header.sha1 = createHash('sha1').update(body).digest('hex');
  writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
}

test('cached scans of the wrong shape behind a valid checksum give the cold index, and the cache is dropped', async () => {
  const { root, cacheBase } = makeRepository();
  await buildIndex(root, { cacheBase, workers: 0 });
  const cacheFile = join(cacheDirectoryFor(root, cacheBase), CACHE_FILE);
  const cold = snapshot((await buildIndex(root, { useCache: false, workers: 0 })).index);
  rewriteScans(cacheFile, '[["app/models/user.rb",{"references":"not a list"}]]');
  // Nothing changed: the scans are decoded only when the index is used, and then read from the files.
  const unchanged = await buildIndex(root, { cacheBase, workers: 0, deferCachedIndex: true });
  assert.equal(unchanged.stats.cache, 'loaded');
  assert.deepEqual(snapshot(unchanged.index), cold);
  assert.equal(existsSync(cacheFile), false);
  // A file changed: the scans are decoded during the warm start, which then starts cold instead.
  await buildIndex(root, { cacheBase, workers: 0 });
  rewriteScans(cacheFile, '[["app/models/user.rb",{"references":"not a list"}]]');
  writeFileSync(join(root, 'app/assets/javascripts/a.js'), 'gon.features.knownFlag;\ngon.features.otherFlag;\n');
  const changed = await buildIndex(root, { cacheBase, workers: 0, deferCachedIndex: true });
  assert.equal(changed.stats.cache, 'invalid');
  const coldNow = snapshot((await buildIndex(root, { useCache: false, workers: 0 })).index);
  assert.deepEqual(snapshot(changed.index), coldNow);
  // Not deferred (the language server): the scans are decoded during the warm start, changed or not.
  rewriteScans(cacheFile, '[["app/models/user.rb",{"references":"not a list"}]]');
  const eager = await buildIndex(root, { cacheBase, workers: 0 });
  assert.equal(eager.stats.cache, 'invalid');
  assert.deepEqual(snapshot(eager.index), coldNow);
  rmSync(root, { recursive: true, force: true });
});

// Edits that move every input of a file's problems: references to defined and undefined flags,
// type mismatches, frontend reads with and without a push, duplicate and removed definitions,
// milestones (staleness) and dynamic names (which make flags "maybe used").
const EDITS: [path: string, text: string | undefined][] = [
  ['app/models/user.rb', 'Feature.enabled?(:known_flag)\nFeature.enabled?(:other_flag, type: :ops)\n'],
  ['app/models/user.rb', ''],
  ['app/models/user.rb', 'push_frontend_feature_flag(:other_flag)\n'],
  ['app/models/user.rb', 'Feature.enabled?(:"known_#{x}")\n'],
  ['app/assets/javascripts/a.js', 'gon.features.otherFlag;\ngon.features.knownFlag;\n'],
  ['app/assets/javascripts/a.js', 'const nothing = 1;\n'],
  ['app/services/s.rb', 'Feature.disabled?(:known_flag, type: :wip)\n'],
  ['app/services/s.rb', undefined],
  ['config/feature_flags/wip/other_flag.yml', '---\nname: other_flag\ntype: wip\ndefault_enabled: false\nmilestone: "17.1"\n'],
  ['config/feature_flags/wip/other_flag.yml', undefined],
  ['config/feature_flags/ops/known_flag.yml', '---\nname: known_flag\ntype: ops\ndefault_enabled: false\n'],
  ['config/feature_flags/ops/known_flag.yml', undefined],
  // NOTE: staleness follows GitLab's housekeeper, which looks at development, gitlab_com_derisk
  // and beta definitions only: a development flag from 15.0 is stale once 17.1 is the newest.
  ['config/feature_flags/development/legacy_flag.yml', '---\nname: legacy_flag\ntype: development\ndefault_enabled: false\nmilestone: "15.0"\n'],
  ['config/feature_flags/development/legacy_flag.yml', '---\nname: legacy_flag\ntype: development\ndefault_enabled: false\n'],
];

test('scan counts updated from the files a warm start re-read equal the counts of a cold index, edit after edit', async () => {
  const { root, cacheBase } = makeRepository();
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  let updated = 0;
  const update = (previous: TreeCounts, changes: IndexChanges, index: FlagIndex) => {
    const result = updateTreeCounts(previous, changes, index);
    if (result) updated++;
    return result;
  };
  const sorted = (counts: TreeCounts) => {
    const paths = counts.files.paths === '' ? [] : counts.files.paths.split('\0');
    const width = paths.length === 0 ? 0 : counts.files.counts.length / paths.length;
    const rows = paths.map((path, i) => [path, ...counts.files.counts.slice(width * i, width * (i + 1))]);
    return { ...counts, files: rows.sort((a, b) => String(a[0]).localeCompare(String(b[0]))) };
  };
  await new Workspace(root, { cacheBase, workers: 0 }).load();
  // First, edits that change what every file depends on: the newest milestone goes from 17.1
  // back to 15.0 (legacy_flag stops being stale), then a dynamic name makes unused known_flag
  // "maybe used". Then random edits.
  const scripted = [[12], [8], [9], [1, 5], [3]];
  for (let step = 0; step < 45; step++) {
    const picks = scripted[step] ?? Array.from({ length: 1 + random(2) }, () => random(EDITS.length));
    for (const pick of picks) {
      const [path, text] = EDITS[pick];
      if (text === undefined) rmSync(join(root, path), { force: true });
      else write(root, path, text);
    }
    const warm = new Workspace(root, { cacheBase, workers: 0, deferCachedIndex: true });
    await warm.load();
    const counts = warm.remembered('scan-counts', countTree, isTreeCounts, update);
    const cold = countTree((await buildIndex(root, { useCache: false, workers: 0 })).index);
    assert.deepEqual(sorted(counts), sorted(cold), `after step ${step}`);
  }
  // Most steps were updates, not recounts (a changed milestone or dynamic prefix forces a recount).
  assert.ok(updated >= 20, `only ${updated} of 45 steps updated the remembered counts`);
  rmSync(root, { recursive: true, force: true });
});
