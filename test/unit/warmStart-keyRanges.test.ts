// A definition restored from the cache is the definition a cold start parses: the same key and
// value ranges, exactly (hover, definition, diagnostics and cleanup edits are built from them).
// Checked on each way a warm start hands out definitions: indexed while the stats run, indexed
// only when used (nothing changed), re-read files on top of the cache, and the journal applied.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildIndex } from '../../server/src/index/buildIndex';
import type { FlagIndex } from '../../server/src/index/flagIndex';
import type { FlagDefinition } from '../../server/src/flags/definition';

let root: string;
let cacheBase: string;

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

// Flat files (the fast reader), and shapes only the full YAML parser reads: a block scalar that
// spans lines, flow values, comments, quoted keys, a key without a value.
const DEFINITIONS: Record<string, string> = {
  'config/feature_flags/wip/flat_flag.yml': '---\nname: flat_flag\nintroduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1\nrollout_issue_url:\nmilestone: \'17.10\'\ntype: wip\ngroup: group::import\ndefault_enabled: false\n',
  'config/feature_flags/beta/block_flag.yml': '---\nname: block_flag\ndescription: |\n  Spans\n  three lines\n  here\ntype: beta\ngroup: "group::source code"\ndefault_enabled: true # a comment\n',
  'ee/config/feature_flags/ops/flow_flag.yml': '{ name: flow_flag, type: ops, "default_enabled": false,\n  group: group::ops, milestone: "16.1" }\n',
  'config/feature_flags/wip/broken_flag.yml': 'name: [unclosed\n',
  'config/feature_flags/wip/no_value_flag.yml': 'name: no_value_flag\ntype:\ndefault_enabled:\n',
};

before(() => {
  root = mkdtempSync(join(tmpdir(), 'gitlab-flags-keyranges-'));
  cacheBase = mkdtempSync(join(tmpdir(), 'gitlab-flags-keyranges-cache-'));
  for (const [path, text] of Object.entries(DEFINITIONS)) write(path, text);
  for (let i = 0; i < 5; i++) write(`app/models/m${i}.rb`, `Feature.enabled?(:flat_flag, project)\nFeature.enabled?(:block_flag, project)\n`);
});
after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cacheBase, { recursive: true, force: true });
});

type Ranges = Pick<FlagDefinition, 'file' | 'name' | 'nameRange' | 'keyRanges' | 'valueRanges' | 'problems'>;

function definitions(index: FlagIndex): Ranges[] {
  const out: Ranges[] = [];
  for (const path of [...index.definitionFiles()].sort()) {
    const { file, name, nameRange, keyRanges, valueRanges, problems } = index.file(path)!.definition!;
    out.push({ file, name, nameRange, keyRanges, valueRanges, problems });
  }
  return out;
}

async function cold(): Promise<Ranges[]> {
  return definitions((await buildIndex(root, { useCache: false, workers: 0 })).index);
}

test('after a warm start, every definition has the key and value ranges of a cold start', async () => {
  const expected = await cold();
  assert.equal(expected.length, Object.keys(DEFINITIONS).length);
  // The ranges are really there to compare: a key of each file, and a value on several lines.
  assert.deepEqual(expected.find((d) => d.name === 'block_flag')!.valueRanges.description, { start: { line: 2, character: 13 }, end: { line: 6, character: 0 } });
  assert.deepEqual(expected.find((d) => d.name === 'flat_flag')!.keyRanges.default_enabled, { start: { line: 7, character: 0 }, end: { line: 7, character: 15 } });

  const first = await buildIndex(root, { cacheBase, workers: 0 });
  assert.equal(first.stats.cache, 'missing');
  for (const deferCachedIndex of [false, true]) {
    const warm = await buildIndex(root, { cacheBase, workers: 0, deferCachedIndex });
    assert.equal(warm.stats.cache, 'loaded');
    assert.equal(warm.stats.scanned, 0);
    assert.deepEqual(definitions(warm.index), expected, `deferCachedIndex: ${deferCachedIndex}`);
  }
});

test('re-read files and the journal keep the ranges of a cold start too', async () => {
  await buildIndex(root, { cacheBase, workers: 0 });
  // One definition edited (its ranges move), one Ruby file touched: both re-read, and journaled.
  write('config/feature_flags/wip/flat_flag.yml', `# moved down a line\n${DEFINITIONS['config/feature_flags/wip/flat_flag.yml']}`);
  const later = new Date(Date.now() + 5000);
  utimesSync(join(root, 'config/feature_flags/wip/flat_flag.yml'), later, later);
  utimesSync(join(root, 'app/models/m0.rb'), later, later);
  const expected = await cold();
  const rescanned = await buildIndex(root, { cacheBase, workers: 0 });
  assert.equal(rescanned.stats.scanned, 2);
  assert.deepEqual(definitions(rescanned.index), expected);
  // The next warm start reads the cache plus the journal written by the one before.
  const journaled = await buildIndex(root, { cacheBase, workers: 0 });
  assert.equal(journaled.stats.scanned, 0);
  assert.deepEqual(definitions(journaled.index), expected);
  assert.deepEqual(expected.find((d) => d.name === 'flat_flag')!.keyRanges.name, { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } });
});
