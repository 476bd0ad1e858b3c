// `scan` says how it listed the files and why, and every index command warns about a root with
// nothing to index.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { EXAMPLE } from '../helpers/lspClient';
import { git, ignoredExampleCopy } from '../helpers/ignoringRepository';

/** The scan summary line with its milliseconds taken out. */
function withoutTime(stdout: string): string {
  return stdout.replace(/ in \d+ ms\n/, ' in N ms\n');
}

test('scan on a folder its repository ignores walks it, says so and names the rule', () => {
  const { repository, workspace } = ignoredExampleCopy();
  const text = cli(['scan', '--root', workspace, '--no-cache']);
  const expected = cli(['scan', '--root', EXAMPLE, '--no-cache']);
  assert.equal(text.code, 0);
  assert.equal(text.stderr, '');
  assert.equal(
    withoutTime(text.stdout),
    withoutTime(expected.stdout).replace(/\n.*\n$/, '\n') + `Walked the directory (the enclosing git repository ignores it: ${repository}/.gitignore:2:.cache/).\n`,
  );
  const json = JSON.parse(cli(['scan', '--root', workspace, '--no-cache', '--json']).stdout);
  assert.deepEqual([json.files, json.flags, json.discovery, json.discoveryReason, json.discoveryDetail], [36, 21, 'glob', 'ignored', `${repository}/.gitignore:2:.cache/`]);
  rmSync(repository, { recursive: true, force: true });
});

test('scan on a checkout says it used git; a warm run says the same from the cache', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'gitlab-flags-discovery-cache-'));
  const { repository, workspace } = ignoredExampleCopy();
  git(workspace, 'init', '-q');
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'demo');
  for (const run of [cli(['scan', '--root', workspace, '--cache-dir', cacheDir]), cli(['scan', '--root', workspace, '--cache-dir', cacheDir])]) {
    assert.equal(run.stdout.split('\n')[1], 'Listed with git ls-files (tracked files, and untracked ones git does not ignore).');
  }
  rmSync(repository, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

test('a root with no files to index is a warning on stderr, for scan and lint alike', () => {
  const empty = mkdtempSync(join(tmpdir(), 'gitlab-flags-empty-'));
  mkdirSync(join(empty, 'docs'));
  writeFileSync(join(empty, 'docs/README.md'), '# nothing to index\n');
  const scan = cli(['scan', '--root', empty, '--no-cache']);
  assert.equal(scan.code, 0);
  assert.equal(withoutTime(scan.stdout), '0 files (0 scanned, 0 from cache), 0 definitions, 0 flags, 0 references, 0 problems in N ms\nWalked the directory (it is not in a git work tree).\n');
  assert.equal(scan.stderr, `gitlab-flags: warning: no files to index under ${empty}; walked the directory (it is not in a git work tree).\n`);
  const lint = cli(['lint', '--root', empty, '--no-cache']);
  assert.equal(lint.code, 0);
  assert.equal(lint.stderr, `gitlab-flags: warning: no files to index under ${empty}; walked the directory (it is not in a git work tree).\n`);
  rmSync(empty, { recursive: true, force: true });
});
