// Applying a cleanup plan when the tree changed under it (issue 13, finding 7): a target swapped
// for a symbolic link or a directory, a directory swapped for a link, a file edited meanwhile, a
// read-only directory. Nothing is ever written outside the root, no temporary file is left, and
// every file not written is reported.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../server/src/index/workspace';
import { runCleanup } from '../../server/src/features/cleanup';
import { nodeModulesWasmDir, type CleanupOutput } from '../../server/src/cleanup';
import { applyCleanup, skipUnsafeTargets, type PlanContext } from '../../server/src/cleanup/applyCleanup';
import { removeFile, replaceFile } from '../../server/src/cleanup/safeWrite';
import { EXAMPLE, PROJECT } from '../helpers/lspClient';

process.env.GITLAB_FLAGS_WASM_DIR = nodeModulesWasmDir(PROJECT);

const FLAG = 'blame_ignore_revs';
const JS = 'app/assets/javascripts/blob/blame_ignore_revs.js';
const CONTROLLER = 'app/controllers/projects/pipelines_controller.rb';
const HAML = 'app/views/projects/blob/_header.html.haml';
const RAKE = 'lib/tasks/flags_seed.rake';
const DEFINITION = 'config/feature_flags/beta/blame_ignore_revs.yml';

/** A copy of the example workspace and the cleanup planned on it, nothing written yet. */
async function planned(): Promise<{ root: string; output: CleanupOutput; context: PlanContext; rel: (path: string) => string }> {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-apply-'));
  cpSync(EXAMPLE, root, { recursive: true });
  const workspace = new Workspace(root, { useCache: false });
  await workspace.load();
  const output = await runCleanup(workspace, FLAG, 'enabled', (path) => workspace.readText(path));
  return { root, output, context: { root, flag: FLAG, keep: 'enabled' }, rel: (path) => workspace.relativePath(path) };
}

function outsideFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gitlab-flags-outside-')), 'secret.rb');
  writeFileSync(path, text);
  return path;
}

function temporaryFiles(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((path) => path.endsWith('.tmp'));
}

test('a target swapped for a symbolic link after planning is not written through nor replaced, and is listed for manual review', async () => {
  const { root, output, context, rel } = await planned();
  const outside = outsideFile('outside\n');
  rmSync(join(root, CONTROLLER));
  symlinkSync(outside, join(root, CONTROLLER));
  const applied = applyCleanup(output, context);
  assert.equal(readFileSync(outside, 'utf8'), 'outside\n');
  assert.ok(lstatSync(join(root, CONTROLLER)).isSymbolicLink());
  assert.deepEqual(applied.written.map(rel), [JS, HAML, RAKE]);
  assert.deepEqual(applied.deleted.map(rel), [DEFINITION]);
  assert.equal(applied.failed, undefined);
  assert.deepEqual(
    applied.output.manual.map((item) => `${rel(item.path)}:${item.line}:${item.character} ${item.reason}`),
    [`${JS}:7:9 dynamic feature lookup: check by hand whether it can read this flag`, `${CONTROLLER}:0:0 is a symbolic link; not rewritten, edit it by hand`],
  );
  assert.deepEqual(temporaryFiles(root), []);
});

test('the preview announces the same skip: a symbolic link target leaves edited and is counted in the checklist', async () => {
  const { root, output, context, rel } = await planned();
  rmSync(join(root, CONTROLLER));
  symlinkSync(outsideFile('outside\n'), join(root, CONTROLLER));
  const preview = skipUnsafeTargets(output, context);
  assert.deepEqual(preview.changes.map((change) => rel(change.path)), [JS, HAML, RAKE]);
  assert.deepEqual(
    preview.manual.map((item) => `${rel(item.path)}:${item.line} ${item.reason}`),
    [`${JS}:7 dynamic feature lookup: check by hand whether it can read this flag`, `${CONTROLLER}:0 is a symbolic link; not rewritten, edit it by hand`],
  );
  assert.ok(preview.checklist.includes('Review the 2 place(s) listed for manual review.'), preview.checklist.join('\n'));
});

test('a directory swapped for a symbolic link: files under it are not written or deleted, the files it points to are unchanged', async () => {
  const { root, output, context, rel } = await planned();
  const elsewhere = mkdtempSync(join(tmpdir(), 'gitlab-flags-outside-'));
  renameSync(join(root, 'app/views'), join(elsewhere, 'views'));
  symlinkSync(join(elsewhere, 'views'), join(root, 'app/views'));
  const hamlBefore = readFileSync(join(elsewhere, 'views/projects/blob/_header.html.haml'), 'utf8');
  renameSync(join(root, 'config/feature_flags/beta'), join(elsewhere, 'beta'));
  symlinkSync(join(elsewhere, 'beta'), join(root, 'config/feature_flags/beta'));
  const applied = applyCleanup(skipUnsafeTargets(output, context), context);
  assert.equal(readFileSync(join(elsewhere, 'views/projects/blob/_header.html.haml'), 'utf8'), hamlBefore);
  assert.ok(existsSync(join(elsewhere, 'beta/blame_ignore_revs.yml')));
  assert.deepEqual(applied.written.map(rel), [JS, CONTROLLER, RAKE]);
  assert.deepEqual(applied.deleted, []);
  assert.deepEqual(applied.output.manual.slice(1).map((item) => `${rel(item.path)}:${item.line} ${item.reason}`), [
    `${HAML}:0 is under app/views, a symbolic link; not touched, edit it by hand`,
    `${DEFINITION}:0 is under config/feature_flags/beta, a symbolic link; not touched, delete it by hand`,
  ]);
});

test('a definition that is itself a symbolic link: the link is removed, the file it points to is not', async () => {
  const { root, output, context } = await planned();
  const outside = outsideFile('name: blame_ignore_revs\n');
  rmSync(join(root, DEFINITION));
  symlinkSync(outside, join(root, DEFINITION));
  const applied = applyCleanup(skipUnsafeTargets(output, context), context);
  assert.deepEqual(applied.deleted, [join(root, DEFINITION)]);
  assert.equal(lstatSync(join(root, DEFINITION), { throwIfNoEntry: false }), undefined);
  assert.equal(readFileSync(outside, 'utf8'), 'name: blame_ignore_revs\n');
});

test('a directory in the way fails that file, stops before the rest, keeps the definition and leaves no temporary file', async () => {
  const { root, output, context, rel } = await planned();
  rmSync(join(root, HAML));
  mkdirSync(join(root, HAML));
  const applied = applyCleanup(output, context);
  assert.deepEqual(applied.written.map(rel), [JS, CONTROLLER]);
  assert.deepEqual(applied.failed && { path: rel(applied.failed.path), reason: applied.failed.reason }, { path: HAML, reason: 'a directory is in the way' });
  assert.deepEqual(
    applied.notWritten.map((item) => `${item.action} ${rel(item.path)}`),
    [`edit ${HAML}`, `edit ${RAKE}`, `delete ${DEFINITION}`],
  );
  assert.ok(statSync(join(root, DEFINITION)).isFile());
  assert.deepEqual(temporaryFiles(root), []);
});

test('a file edited after planning is not overwritten: skipped with the reason', async () => {
  const { root, output, context, rel } = await planned();
  writeFileSync(join(root, RAKE), `${readFileSync(join(root, RAKE), 'utf8')}# edited meanwhile\n`);
  const applied = applyCleanup(output, context);
  assert.ok(readFileSync(join(root, RAKE), 'utf8').endsWith('# edited meanwhile\n'));
  assert.deepEqual(applied.written.map(rel), [JS, CONTROLLER, HAML]);
  assert.deepEqual(applied.output.manual.map((item) => `${rel(item.path)}:${item.line} ${item.reason}`).at(-1), `${RAKE}:0 changed on disk since cleanup read it; not rewritten, run cleanup again`);
});

test('a read-only directory fails with the cause and leaves no temporary file', { skip: process.getuid?.() === 0 ? 'root writes into read-only directories' : false }, async () => {
  const { root, output, context, rel } = await planned();
  chmodSync(join(root, 'lib/tasks'), 0o555);
  try {
    const applied = applyCleanup(output, context);
    assert.deepEqual(applied.failed && { path: rel(applied.failed.path), reason: applied.failed.reason }, { path: RAKE, reason: 'permission denied (EACCES)' });
    assert.deepEqual(temporaryFiles(root), []);
  } finally {
    chmodSync(join(root, 'lib/tasks'), 0o755);
  }
});

test('replaceFile keeps unusual modes exactly, whatever the umask; a new file gets 0644', () => {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-modes-'));
  const previous = process.umask(0o077);
  try {
    writeFileSync(join(root, 'script.sh'), 'old\n');
    chmodSync(join(root, 'script.sh'), 0o775);
    assert.equal(replaceFile(join(root, 'script.sh'), 'new\n', { root, expected: 'old\n' }), undefined);
    assert.equal((statSync(join(root, 'script.sh')).mode & 0o7777).toString(8), '775');
    assert.equal(replaceFile(join(root, 'new.rb'), 'x\n', { root }), undefined);
    assert.equal((statSync(join(root, 'new.rb')).mode & 0o7777).toString(8), '644');
    assert.equal(readFileSync(join(root, 'script.sh'), 'utf8'), 'new\n');
  } finally {
    process.umask(previous);
  }
});

test('paths outside the root are refused, whatever the operation', () => {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-root-'));
  const outside = outsideFile('keep\n');
  assert.deepEqual(replaceFile(outside, 'x', { root }), { skipped: 'is outside the root; not touched' });
  assert.deepEqual(replaceFile(join(root, '../x.rb'), 'x', { root }), { skipped: 'is outside the root; not touched' });
  assert.deepEqual(removeFile(outside, { root }), { skipped: 'is outside the root; not touched' });
  assert.equal(readFileSync(outside, 'utf8'), 'keep\n');
});
