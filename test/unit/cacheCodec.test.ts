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
    // Files that contribute nothing have no entry in the cache.
    if (scan.references.length === 0 && scan.dynamic.length === 0 && !scan.definition) continue;
    const decoded = decodeScan(JSON.parse(JSON.stringify(encodeScan(scan))), path);
    // Key and value ranges included: they are stored compactly and rebuilt.
    assert.deepEqual(decoded, JSON.parse(JSON.stringify(scan)), path);
    checked++;
  }
  assert.ok(checked > 25, `${checked} files checked`);
});

test('a wrong shape anywhere in an entry is rejected', () => {
  const range = { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } };
  const reference = { name: 'x', kind: 'check', range };
  assert.equal(decodeScan({ references: [reference], dynamic: [] }, '/f').references.length, 1);
  assert.throws(() => decodeScan({ references: [{ ...reference, range: { start: { line: 0, character: 1 } } }], dynamic: [] }, '/f'), /bad range/);
  assert.throws(() => decodeScan({ references: [], dynamic: [], definition: { name: 'x', nameRange: { start: { line: 0, character: 1 }, end: { line: -1, character: 2 } }, problems: [] } }, '/f'), /bad position/);
  assert.throws(() => decodeScan({ references: [{ ...reference, kind: 'nonsense' }], dynamic: [] }, '/f'), /bad kind/);
  assert.throws(() => decodeScan([[], []], '/f'), /not an object/);
  assert.throws(() => decodeScan({ references: {}, dynamic: [] }, '/f'), /not an array/);
  const definition = { name: 'x', nameRange: range, problems: [] };
  assert.throws(() => decodeScan({ references: [], dynamic: [], definition: { ...definition, defaultEnabled: 'yes' } }, '/f'), /bad boolean/);
  assert.throws(() => decodeScan({ references: [], dynamic: [], definition: { ...definition, problems: [{ kind: 'undefined-flag', severity: 'fatal', message: 'm', range }] } }, '/f'), /bad problem/);
  assert.throws(() => decodeScan({ references: [], dynamic: [{ prefix: 'a_', range }] }, '/f'), /bad string/);
  assert.throws(() => decodeScan({}, '/f'), /empty scan/);
  assert.throws(() => decodeScan({ references: [], dynamic: [], definition: { ...definition, keyRanges: ['name', 0, 1] } }, '/f'), /bad key range/);
  assert.throws(() => decodeScan({ references: [], dynamic: [], definition: { ...definition, valueRanges: ['name', 0, -1, 2] } }, '/f'), /bad key range/);
  assert.throws(() => decodeScan({ references: [], dynamic: [], definition: { ...definition, keyRanges: [[0, 1, 2]] } }, '/f'), /bad key range/);
  assert.throws(() => decodeScan({ references: [], dynamic: [], definition: { ...definition, keyRanges: { name: [0, 1, 2] } } }, '/f'), /not an array/);
  assert.throws(() => decodeScan({ references: [], dynamic: [], definition: { ...definition, keyRanges: [0, 1, 2] } }, '/f'), /bad key range/);
});
