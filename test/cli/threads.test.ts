// The built CLI's threads (scan workers beside the main thread on a cold start, the stat worker
// on a warm one) give exactly what one thread gives. Unit tests run from source, where there are
// no worker bundles, so this runs dist/cli.js on a generated tree above the worker threshold.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTree } from '../../bench/generate';
import { cli } from '../helpers/cli';
import { write } from '../helpers/gitTree';

let work: string;
let tree: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'gitlab-flags-threads-'));
  tree = join(work, 'tree');
  // 4,500 files: above the 3,000 below which everything stays on one thread.
  generateTree({ out: tree, flags: 150, files: 4500, seed: 21, git: true });
  // Untracked files come in a second part of the listing, after git's tracked ones.
  write(tree, 'app/models/untracked_model.rb', 'Feature.enabled?(:untracked_only_flag)\n');
});
after(() => rmSync(work, { recursive: true, force: true }));

const ONE_THREAD = { GITLAB_FLAGS_WORKERS: '0' };
const THREE_THREADS = { GITLAB_FLAGS_WORKERS: '2' };

function refs(env: NodeJS.ProcessEnv, ...cacheArgs: string[]): string {
  const run = cli(['refs', '--root', tree, ...cacheArgs], { env });
  assert.equal(run.code, 0, run.stderr);
  return run.stdout;
}

function counts(env: NodeJS.ProcessEnv, ...cacheArgs: string[]): Record<string, unknown> {
  const run = cli(['scan', '--root', tree, '--json', ...cacheArgs], { env });
  assert.equal(run.code, 0, run.stderr);
  const { root, milliseconds, ...rest } = JSON.parse(run.stdout) as Record<string, unknown>;
  return rest;
}

test('a cold index scanned by workers beside the main thread equals the one-thread index', () => {
  const single = refs(ONE_THREAD, '--no-cache');
  assert.match(single, /untracked_only_flag/);
  assert.equal(refs(THREE_THREADS, '--no-cache'), single);
  assert.deepEqual(counts(THREE_THREADS, '--no-cache'), counts(ONE_THREAD, '--no-cache'));
});

test('warm starts with the stat worker, before and after edits, equal a one-thread cold index', () => {
  const cacheDir = join(work, 'cache');
  const cold = () => ({ ...counts(ONE_THREAD, '--no-cache'), scanned: 0, fromCache: 0, cache: '' });
  const warm = () => counts(THREE_THREADS, '--cache-dir', cacheDir);
  counts(THREE_THREADS, '--cache-dir', cacheDir);
  assert.deepEqual({ ...warm(), fromCache: 0, cache: '' }, cold());
  // Edits in place, a new reference and a deleted file: the journal, then a fresh listing.
  appendFileSync(join(tree, 'app/models/untracked_model.rb'), 'Feature.enabled?(:second_untracked_flag)\n');
  const edited = warm();
  assert.equal(edited.scanned, 1);
  assert.deepEqual({ ...edited, scanned: 0, fromCache: 0, cache: '' }, cold());
  assert.equal(refs(THREE_THREADS, '--cache-dir', cacheDir), refs(ONE_THREAD, '--no-cache'));
  unlinkSync(join(tree, 'app/models/untracked_model.rb'));
  assert.deepEqual({ ...warm(), scanned: 0, fromCache: 0, cache: '' }, cold());
  assert.equal(refs(THREE_THREADS, '--cache-dir', cacheDir), refs(ONE_THREAD, '--no-cache'));
});
