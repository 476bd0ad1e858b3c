// The index after a warm start, and after a storm of file events, equals a fresh cold index.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Workspace } from '../../server/src/index/workspace';
import type { FlagIndex } from '../../server/src/index/flagIndex';

/** A deterministic pseudo-random tree with definitions, Ruby and JS references. */
function generateTree(root: string, files: number, seed: number): string[] {
  let state = seed;
  const random = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const paths: string[] = [];
  for (let flag = 0; flag < 40; flag++) {
    const path = `config/feature_flags/wip/flag_${flag}.yml`;
    write(root, path, `---\nname: flag_${flag}\ntype: wip\nmilestone: '17.${flag % 10}'\ndefault_enabled: false\n`);
    paths.push(path);
  }
  for (let i = 0; i < files; i++) {
    const flag = random(45);
    const kind = random(4);
    const path = kind === 3 ? `app/assets/javascripts/f${i}.js` : `app/models/m${i}.rb`;
    const body =
      kind === 0 ? `Feature.enabled?(:flag_${flag}, project)\n` : kind === 1 ? `stub_feature_flags(flag_${flag}: false)\n` : kind === 2 ? `# no flags here\nputs 1\n` : `gon.features.flag${flag};\n`;
    write(root, path, body);
    paths.push(path);
  }
  return paths;
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Everything the index knows, in a stable order, for comparison. */
function snapshot(index: FlagIndex): string[] {
  const out: string[] = [];
  for (const key of [...index.keys()].sort()) {
    for (const found of index.references(key)) out.push(`${key} ${found.file} ${found.item.kind} ${found.item.range.start.line}:${found.item.range.start.character}`);
    for (const definition of index.definitions(key)) out.push(`${key} defined ${definition.file}`);
  }
  return out;
}

test('a warm start after 1% of files changed equals a cold index of the same tree', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-consistency-'));
  const cacheBase = mkdtempSync(join(tmpdir(), 'gitlab-flags-cache-'));
  const paths = generateTree(root, 2000, 7);
  await new Workspace(root, { cacheBase }).load();
  for (let i = 0; i < paths.length; i += 100) write(root, paths[i], `Feature.disabled?(:changed_${i})\n`);
  const warm = new Workspace(root, { cacheBase });
  const stats = await warm.load();
  assert.equal(stats.cache, 'loaded');
  assert.equal(stats.scanned, Math.ceil(paths.length / 100));
  const cold = new Workspace(root, { useCache: false });
  await cold.load();
  assert.deepEqual(snapshot(warm.index), snapshot(cold.index));
  rmSync(root, { recursive: true, force: true });
});

test('10,000 file events (a simulated git checkout) leave the index equal to a fresh cold index', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-storm-'));
  const paths = generateTree(root, 3000, 11);
  const live = new Workspace(root, { useCache: false });
  await live.load();
  // The checkout: rewrite, delete, create and rename files, then deliver one event per path touched.
  const events: string[] = [];
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i];
    if (i % 4 === 0) {
      write(root, path, `Feature.enabled?(:flag_${i % 50})\nFeature.enabled?(:other_${i % 7})\n`);
      events.push(path);
    } else if (i % 4 === 1) {
      rmSync(join(root, path));
      events.push(path);
    } else if (i % 4 === 2 && path.endsWith('.rb')) {
      const renamed = path.replace('.rb', '_renamed.rb');
      renameSync(join(root, path), join(root, renamed));
      events.push(path, renamed);
    }
  }
  for (let i = 0; i < 4000; i++) {
    const path = `lib/new/n${i}.rb`;
    write(root, path, i % 2 ? `push_frontend_feature_flag(:flag_${i % 40}, project)\n` : 'puts 1\n');
    events.push(path);
  }
  while (events.length < 10_000) events.push(paths[events.length % paths.length]);
  for (const path of events) live.refreshFromDisk(join(root, path));
  const cold = new Workspace(root, { useCache: false });
  await cold.load();
  assert.deepEqual(snapshot(live.index), snapshot(cold.index));
  rmSync(root, { recursive: true, force: true });
});
