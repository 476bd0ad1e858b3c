import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeScan, encodeScan } from '../../server/src/index/cacheCodec';
import { scanFile } from '../../server/src/index/scanFile';

const EXAMPLE = join(__dirname, '../../examples/workspace');

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) yield* files(join(dir, entry.name));
    else yield join(dir, entry.name);
  }
}

test('every scan of the example workspace survives the cache encoding unchanged', () => {
  let checked = 0;
  for (const path of files(EXAMPLE)) {
    const scan = scanFile(path, relative(EXAMPLE, path), readFileSync(path, 'utf8'));
    const decoded = decodeScan(JSON.parse(JSON.stringify(encodeScan(scan))), path);
    // Key and value positions are only needed while validating, so the cache drops them.
    const expected = scan.definition ? { ...scan, definition: { ...scan.definition, keyRanges: {}, valueRanges: {} } } : scan;
    assert.deepEqual(decoded, JSON.parse(JSON.stringify(expected)), path);
    checked++;
  }
  assert.ok(checked > 30);
});

test('a wrong shape anywhere in an entry is rejected', () => {
  assert.throws(() => decodeScan([[['x', 'check', 0, 1, 0]]], '/f'), /bad position/);
  assert.throws(() => decodeScan([[['x', 'nonsense', 0, 1, 0, 2]], []], '/f'), /bad kind/);
  assert.throws(() => decodeScan({ references: [] }, '/f'), /not an array/);
  assert.throws(() => decodeScan([[], [], ['x', [0, 0, 0, 1], { defaultEnabled: 'yes' }, []]], '/f'), /bad boolean/);
});
