// `refs NAME` for a name nothing mentions: a message naming the root, and exit 1, after the rows
// of the names that were found.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../helpers/cli';
import { EXAMPLE } from '../helpers/lspClient';

test('refs on an unknown flag exits 1 with a message, and still lists the known ones', () => {
  const run = cli(['refs', 'no_such_flag_anywhere', 'not_pushed_flag', '--root', EXAMPLE, '--no-cache']);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `gitlab-flags: no definition of or reference to 'no_such_flag_anywhere' under ${EXAMPLE}.\n`);
  assert.match(run.stdout, /\tdefinition\tnot_pushed_flag\n$/);
});
