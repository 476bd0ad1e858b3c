// The one truth table Ruby's and JavaScript's simplifications fold flag markers by.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldBinary, foldNot, takenBranch } from '../../server/src/cleanup/booleanFold';

const VALUES = [true, false, undefined] as const;
const name = (value: boolean | undefined) => (value === undefined ? 'x' : String(value));

test('&& and || with a known side: the decisive value wins, the identity drops out, and the other side is kept', () => {
  const table: Record<string, string> = {};
  for (const connective of ['and', 'or'] as const) {
    for (const left of VALUES) {
      for (const right of VALUES) {
        const folded = foldBinary(connective, left, right);
        table[`${name(left)} ${connective} ${name(right)}`] =
          folded === undefined ? 'unchanged' : 'value' in folded ? String(folded.value) : `keep ${folded.keep}`;
      }
    }
  }
  assert.deepEqual(table, {
    'true and true': 'keep right',
    'true and false': 'false',
    'true and x': 'keep right',
    'false and true': 'false',
    'false and false': 'false',
    'false and x': 'false',
    'x and true': 'keep left',
    'x and false': 'false',
    'x and x': 'unchanged',
    'true or true': 'true',
    'true or false': 'true',
    'true or x': 'true',
    'false or true': 'true',
    'false or false': 'keep right',
    'false or x': 'keep right',
    'x or true': 'true',
    'x or false': 'keep left',
    'x or x': 'unchanged',
  });
});

test('! and the branch a known condition takes', () => {
  assert.equal(foldNot(true), false);
  assert.equal(foldNot(false), true);
  assert.equal(takenBranch(true), 'consequence');
  assert.equal(takenBranch(false), 'alternative');
});
