// `cleanup --write` on hostile and failing trees (issue 13, finding 7): a symbolic link planted at
// the old fixed temporary name, file modes, and a write that fails half-way (a file size limit,
// the way a full disk fails). Each of these failed with the old writeFileSync + renameSync.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, type CliRun } from '../helpers/cli';
import { EXAMPLE, PROJECT } from '../helpers/lspClient';

const FLAG = 'blame_ignore_revs';
const JS = 'app/assets/javascripts/blob/blame_ignore_revs.js';
const CONTROLLER = 'app/controllers/projects/pipelines_controller.rb';
const HAML = 'app/views/projects/blob/_header.html.haml';
const RAKE = 'lib/tasks/flags_seed.rake';
const DEFINITION = 'config/feature_flags/beta/blame_ignore_revs.yml';
const MANUAL = { path: JS, line: 7, character: 9, reason: 'dynamic feature lookup: check by hand whether it can read this flag' };

function exampleCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-write-'));
  cpSync(EXAMPLE, root, { recursive: true });
  return root;
}

/** Every path under `root` (relative) whose name ends in `.tmp`. */
function temporaryFiles(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((path) => path.endsWith('.tmp')).sort();
}

function cleanup(root: string, ...extra: string[]): CliRun {
  return cli(['cleanup', FLAG, '--keep', 'enabled', '--root', root, '--write', '--no-cache', ...extra]);
}

test('cleanup --write does not follow a symbolic link planted at the old temporary name: the file outside is unchanged', () => {
  const root = exampleCopy();
  const outside = join(mkdtempSync(join(tmpdir(), 'gitlab-flags-outside-')), 'authorized_keys');
  writeFileSync(outside, 'ssh-ed25519 AAAA… admin\n');
  const planted = join(root, `${CONTROLLER}.gitlab-flags.tmp`);
  symlinkSync(outside, planted);
  const run = cleanup(root, '--json');
  assert.equal(readFileSync(outside, 'utf8'), 'ssh-ed25519 AAAA… admin\n');
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
  const result = JSON.parse(run.stdout);
  assert.deepEqual(
    { written: result.written, edited: result.edited, deleted: result.deleted, manual: result.manual, failed: result.failed, notWritten: result.notWritten },
    { written: true, edited: [JS, CONTROLLER, HAML, RAKE], deleted: [DEFINITION], manual: [MANUAL], failed: null, notWritten: [] },
  );
  assert.equal(readlinkSync(planted), outside, 'the planted link is not ours: left as it was');
  assert.ok(lstatSync(join(root, CONTROLLER)).isFile(), 'the controller is a regular file, not the planted link');
  assert.ok(!readFileSync(join(root, CONTROLLER), 'utf8').includes(FLAG));
  assert.deepEqual(temporaryFiles(root), [`${CONTROLLER}.gitlab-flags.tmp`]);
});

test('cleanup --write keeps each file mode: 0755 stays 0755, 0600 stays 0600', () => {
  const root = exampleCopy();
  chmodSync(join(root, RAKE), 0o755);
  chmodSync(join(root, CONTROLLER), 0o600);
  const run = cleanup(root);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'Edited 4 files, deleted 1.\n');
  assert.equal((statSync(join(root, RAKE)).mode & 0o7777).toString(8), '755');
  assert.equal((statSync(join(root, CONTROLLER)).mode & 0o7777).toString(8), '600');
  assert.equal((statSync(join(root, HAML)).mode & 0o7777).toString(8), '644');
  assert.ok(!readFileSync(join(root, RAKE), 'utf8').includes(FLAG));
});

/** The built CLI under a 2 KB file size limit: a larger write fails with EFBIG half-way through. */
function cleanupWithSizeLimit(root: string): CliRun {
  const result = spawnSync('bash', ['-c', 'ulimit -f 2 && exec "$@"', 'bash', process.execPath, join(PROJECT, 'dist/cli.js'), 'cleanup', FLAG, '--keep', 'enabled', '--root', root, '--write', '--no-cache'], {
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

test('a write that fails half-way leaves no temporary file, names the file, what was written and what was not; the same command finishes the job', () => {
  const root = exampleCopy();
  // 4 KB of comments: the rewritten controller is over the 2 KB limit, the JS file before it is not.
  appendFileSync(join(root, CONTROLLER), `${'# padding to pass the file size limit of the test\n'.repeat(80)}`);
  const controllerBefore = readFileSync(join(root, CONTROLLER), 'utf8');
  const failed = cleanupWithSizeLimit(root);
  assert.equal(failed.code, 1);
  assert.equal(failed.stdout, 'Edited 1 files, deleted 0.\n');
  assert.equal(
    failed.stderr,
    [
      `manual: ${JS}:8:10: ${MANUAL.reason}`,
      `gitlab-flags: could not write ${CONTROLLER}: file too large (EFBIG); stopped there.`,
      `Written before it: ${JS}.`,
      `Not written: ${CONTROLLER}, ${HAML}, ${RAKE}, ${DEFINITION} (delete).`,
      'Fix the cause and run the same command again to finish: it plans from the files as they are now.',
      '',
    ].join('\n'),
  );
  assert.deepEqual(temporaryFiles(root), []);
  assert.equal(readFileSync(join(root, CONTROLLER), 'utf8'), controllerBefore);
  assert.ok(statSync(join(root, DEFINITION)).isFile(), 'the definition is kept while an edit is missing');

  const finished = cleanup(root);
  assert.equal(finished.code, 0, finished.stderr);
  assert.equal(finished.stdout, 'Edited 3 files, deleted 1.\n');
  const refs = cli(['refs', FLAG, '--root', root, '--json', '--no-cache']);
  assert.deepEqual(JSON.parse(refs.stdout), []);
  assert.deepEqual(temporaryFiles(root), []);
});
