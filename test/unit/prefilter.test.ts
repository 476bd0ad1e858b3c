// The byte prefilter decides which files are tokenized at all, so it must let through every
// file that contains any of the four marker strings, and nothing it could skip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesMayReferenceFlags } from '../../server/src/index/readAndScan';
import { mayReferenceFlags } from '../../server/src/index/scanFile';
import { params } from '../fuzz/support/fuzzConfig';

const FRAGMENTS = ['Feature', 'feature', 'eature', 'eatures', '_flag', '_fla', 'flag', 's', 'F', 'f', 'FEATURE_FLAG', 'FEATURE_FLA', 'EATURE', '_', ' ', 'x', 'é', '\n', '\0'];

test('the byte prefilter agrees with the text test on strings built around the markers', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      assert.equal(bytesMayReferenceFlags(Buffer.from(text, 'utf8')), mayReferenceFlags(text), JSON.stringify(text));
    }),
    params(2000, 0.2),
  );
});

test('the byte prefilter passes each marker at the start, middle and end, and skips near misses', () => {
  for (const marker of ['Feature', 'feature_flag', 'eatures', 'FEATURE_FLAG']) {
    for (const text of [marker, `x ${marker} y`, `feature_category: :x\n${marker}`]) assert.equal(bytesMayReferenceFlags(Buffer.from(text)), true, text);
  }
  for (const text of ['', 'feature_category: :team_planning', 'eature', 'feature_fla', 'FEATURE_FLA', 'features'.slice(1, 7), 'FEATURE']) {
    assert.equal(bytesMayReferenceFlags(Buffer.from(text)), false, text);
  }
});
