// Which discovery a root gets, and why: git for a checkout, git's untracked listing for a
// folder nothing under which is tracked yet, and a walk for a folder git ignores, lists as
// empty, or knows nothing about. A warm start keeps the same answer, and lists again when git's
// view of the root changes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverFiles } from '../../server/src/index/discover';
import { buildIndex } from '../../server/src/index/buildIndex';
import { git, ignoredExampleCopy } from '../helpers/ignoringRepository';
import { backdate } from '../helpers/gitTree';

test('a checkout is listed by git, with its tracked files', async () => {
  const { repository } = ignoredExampleCopy();
  const found = await discoverFiles(repository);
  assert.deepEqual([found.method, found.why, found.files], ['git', { reason: 'tracked' }, ['src/index.ts']]);
  rmSync(repository, { recursive: true, force: true });
});

test('a folder the enclosing repository ignores is walked, and the rule is named', async () => {
  const { repository, workspace } = ignoredExampleCopy();
  const found = await discoverFiles(workspace);
  assert.equal(found.method, 'glob');
  assert.deepEqual(found.why, { reason: 'ignored', detail: `${repository}/.gitignore:2:.cache/` });
  assert.equal(found.files.length, 36);
  assert.ok(found.files.includes('config/feature_flags/beta/blame_ignore_revs.yml'));
  rmSync(repository, { recursive: true, force: true });
});

test('a folder with nothing tracked yet is listed by git, honouring its .gitignore', async () => {
  const { repository } = ignoredExampleCopy();
  const fresh = join(repository, 'fresh');
  mkdirSync(join(fresh, 'app'), { recursive: true });
  writeFileSync(join(fresh, 'app/a.rb'), 'Feature.enabled?(:a_flag)\n');
  writeFileSync(join(fresh, 'app/generated.rb'), 'Feature.enabled?(:generated_flag)\n');
  writeFileSync(join(fresh, '.gitignore'), 'generated.rb\n');
  const found = await discoverFiles(fresh);
  assert.deepEqual([found.method, found.why, found.files], ['git', { reason: 'untracked' }, ['app/a.rb']]);
  rmSync(repository, { recursive: true, force: true });
});

test('a folder outside any repository is walked; so is one whose every file git ignores', async () => {
  const plain = mkdtempSync(join(tmpdir(), 'gitlab-flags-plain-'));
  writeFileSync(join(plain, 'a.rb'), 'Feature.enabled?(:a_flag)\n');
  const outside = await discoverFiles(plain);
  assert.deepEqual([outside.method, outside.why, outside.files], ['glob', { reason: 'not-a-repository' }, ['a.rb']]);
  git(plain, 'init', '-q');
  writeFileSync(join(plain, '.gitignore'), '*.rb\n.gitignore\n');
  const nothing = await discoverFiles(plain);
  assert.deepEqual([nothing.method, nothing.why, nothing.files], ['glob', { reason: 'nothing-listed' }, ['a.rb']]);
  rmSync(plain, { recursive: true, force: true });
});

test('a warm start of a walked root reuses its listing, and lists with git once the root is no longer ignored', async () => {
  const { repository, workspace } = ignoredExampleCopy();
  const cacheBase = mkdtempSync(join(tmpdir(), 'gitlab-flags-discover-cache-'));
  backdate(repository);
  const cold = await buildIndex(workspace, { cacheBase, workers: 0 });
  assert.deepEqual([cold.stats.discovery, cold.stats.discoveryWhy?.reason, cold.stats.files], ['glob', 'ignored', 36]);
  const warm = await buildIndex(workspace, { cacheBase, workers: 0 });
  assert.deepEqual([warm.stats.cache, warm.stats.listing, warm.stats.discovery, warm.stats.discoveryWhy?.reason, warm.stats.files], ['loaded', 'cached', 'glob', 'ignored', 36]);
  // The enclosing repository stops ignoring the folder: git now lists its (untracked) files.
  writeFileSync(join(repository, '.gitignore'), 'node_modules/\n');
  const relisted = await buildIndex(workspace, { cacheBase, workers: 0 });
  assert.deepEqual([relisted.stats.listing, relisted.stats.discovery, relisted.stats.discoveryWhy?.reason, relisted.stats.files], ['fresh', 'git', 'untracked', 36]);
  rmSync(repository, { recursive: true, force: true });
  rmSync(cacheBase, { recursive: true, force: true });
});
