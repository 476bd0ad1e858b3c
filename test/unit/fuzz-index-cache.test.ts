// The persisted index cache damaged on disk (truncated at many offsets, random bytes changed,
// inserted or deleted) is detected and rebuilt: the index after a damaged warm start is always
// the cold index of the same tree, and the damage is reported as an invalid cache.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { buildIndex } from '../../server/src/index/buildIndex';
import { CACHE_FILE, cacheDirectoryFor } from '../../server/src/index/indexCache';
import type { FlagIndex } from '../../server/src/index/flagIndex';
import { params } from '../fuzz/support/fuzzConfig';

let root: string;
let cacheBase: string;
let cacheFile: string;
let pristine: Buffer;
let cold: string[];

function snapshot(index: FlagIndex): string[] {
  const out: string[] = [];
  for (const key of [...index.keys()].sort()) {
    for (const found of index.references(key)) out.push(`${key} ${found.file} ${found.item.kind} ${JSON.stringify(found.item.range)} ${found.item.typeArg ?? ''}`);
    for (const definition of index.definitions(key)) out.push(`${key} defined ${definition.file} ${definition.problems.length}`);
  }
  for (const found of index.dynamicReferences()) out.push(`dynamic ${found.file} ${found.item.prefix} ${JSON.stringify(found.item.range)}`);
  return out;
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'gitlab-flags-cache-fuzz-'));
  cacheBase = mkdtempSync(join(tmpdir(), 'gitlab-flags-cache-fuzz-base-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (let i = 0; i < 30; i++) {
    write(`config/feature_flags/wip/flag_${i}.yml`, `---\nname: flag_${i}\ntype: wip\ndefault_enabled: false\n`);
    write(`app/models/m${i}.rb`, `Feature.enabled?(:flag_${i}, project, type: :wip)\nstub_feature_flags(flag_${(i + 1) % 30}: false)\nFeature.enabled?(:"dyn_#{x}")\n`);
    write(`app/assets/javascripts/f${i}.js`, `gon.features.flag${i};\n`);
  }
  const built = await buildIndex(root, { cacheBase, workers: 0 });
  cold = snapshot((await buildIndex(root, { useCache: false, workers: 0 })).index);
  assert.deepEqual(snapshot(built.index), cold);
  cacheFile = join(cacheDirectoryFor(root, cacheBase), CACHE_FILE);
  pristine = readFileSync(cacheFile);
});
after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cacheBase, { recursive: true, force: true });
});

async function warmStartWith(bytes: Buffer): Promise<{ cache: string; same: boolean }> {
  writeFileSync(cacheFile, bytes);
  // NOTE: buildIndex rewrites a bad cache; each case starts from the damaged bytes it was given.
  const built = await buildIndex(root, { cacheBase, workers: 0 });
  return { cache: built.stats.cache, same: JSON.stringify(snapshot(built.index)) === JSON.stringify(cold) };
}

test('an undamaged cache loads and gives the cold index', async () => {
  assert.deepEqual(await warmStartWith(pristine), { cache: 'loaded', same: true });
});

test('a cache truncated at any of 12 offsets (0 bytes to one byte short) is invalid and rebuilt', async () => {
  const offsets = [0, 1, 10, 50, 100, Math.floor(pristine.length / 4), Math.floor(pristine.length / 2), pristine.length - 100, pristine.length - 10, pristine.length - 2, pristine.length - 1, pristine.indexOf('\n') + 1];
  for (const offset of offsets) {
    assert.deepEqual(await warmStartWith(pristine.subarray(0, offset)), { cache: 'invalid', same: true }, `truncated at ${offset}`);
  }
});

test('random byte changes, insertions and deletions anywhere in the cache are detected and rebuilt', async () => {
  const damage = fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), how: fc.constantFrom('set', 'insert', 'delete') }), { minLength: 1, maxLength: 4 });
  await fc.assert(
    fc.asyncProperty(damage, async (changes) => {
      let bytes = Buffer.from(pristine);
      for (const { at, byte, how } of changes) {
        const offset = at % bytes.length;
        if (how === 'set') bytes[offset] = bytes[offset] === byte ? (byte + 1) % 256 : byte;
        else if (how === 'insert') bytes = Buffer.concat([bytes.subarray(0, offset), Buffer.from([byte]), bytes.subarray(offset)]);
        else bytes = Buffer.concat([bytes.subarray(0, offset), bytes.subarray(offset + 1)]);
      }
      const result = await warmStartWith(bytes);
      assert.equal(result.same, true, 'the index differs from a cold index');
      // Only damage that leaves the same JSON meaning (whitespace is not written) could load.
      assert.equal(result.cache, 'invalid');
    }),
    params(150, 0.3),
  );
});
