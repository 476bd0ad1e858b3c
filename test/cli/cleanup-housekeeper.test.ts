// `cleanup NAME --keep … --housekeeper-patch` writes the .patch GitLab's housekeeper applies when
// its delete_old_feature_flags keep removes the flag. The keep (gitlab-org/gitlab
// keeps/delete_old_feature_flags.rb) deletes the YAML, runs `git apply` on
// <definition>.patch from the repository root, deletes the patch, and commits the paths named on
// `diff --git` lines. Doing exactly that here must give the tree `cleanup --write` gives.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { EXAMPLE } from '../helpers/lspClient';
import { write } from '../helpers/gitTree';

const FLAG = 'blame_ignore_revs';
const DEFINITION = 'config/feature_flags/beta/blame_ignore_revs.yml';
const PATCH = 'config/feature_flags/beta/blame_ignore_revs.patch';
const EDITED = ['app/assets/javascripts/blob/blame_ignore_revs.js', 'app/controllers/projects/pipelines_controller.rb', 'app/views/projects/blob/_header.html.haml', 'lib/tasks/flags_seed.rake'];
const ENV = { GITLAB_FLAGS_ENVIRONMENTS: '' };

function repository(): string {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-housekeeper-'));
  cpSync(EXAMPLE, root, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'example');
  return root;
}

function files(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of readdirSync(root, { recursive: true }) as string[]) {
    if (path === '.git' || path.startsWith(`.git/`) || !statSync(join(root, path)).isFile()) continue;
    out[path] = readFileSync(join(root, path), 'utf8');
  }
  return out;
}

test('the patch, applied the way the housekeeper applies it, gives the tree cleanup --write gives', () => {
  const root = repository();
  const run = cli(['cleanup', FLAG, '--keep', 'enabled', '--housekeeper-patch', '--root', root, '--no-cache'], { env: ENV });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stdout,
    `Wrote ${PATCH} (4 files). GitLab's housekeeper applies it when its delete_old_feature_flags keep removes ${FLAG}; make it again if those files change before then.\n`,
  );
  assert.equal(run.stderr, 'manual: app/assets/javascripts/blob/blame_ignore_revs.js:8:10: dynamic feature lookup: check by hand whether it can read this flag\n');
  // Nothing but the patch was written.
  assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }), `?? ${PATCH}\n`);
  const patch = readFileSync(join(root, PATCH), 'utf8');
  assert.equal(patch.split('\n')[0], `Made by \`gitlab-flags cleanup ${FLAG} --keep enabled --housekeeper-patch\`; GitLab's housekeeper (keep delete_old_feature_flags) applies it with git apply.`);
  // What the keep commits: the paths on `diff --git a/… b/…` lines; never the YAML, which it deletes itself.
  const named = [...patch.matchAll(/^diff --git a\/(.*) b\/(.*)$/gm)].map((match) => match[1]);
  assert.deepEqual(named, EDITED);

  // The keep: delete the definition, git apply the patch from the root, delete the patch.
  rmSync(join(root, DEFINITION));
  execFileSync('git', ['apply', PATCH], { cwd: root, stdio: 'pipe' });
  rmSync(join(root, PATCH));

  const written = repository();
  const write = cli(['cleanup', FLAG, '--keep', 'enabled', '--write', '--root', written, '--no-cache'], { env: ENV });
  assert.equal(write.code, 0, write.stderr);
  assert.deepEqual(files(root), files(written));
  rmSync(root, { recursive: true, force: true });
  rmSync(written, { recursive: true, force: true });
});

test('--json names the patch and the files in it; keeping disabled makes a different patch', () => {
  const root = repository();
  const run = cli(['cleanup', FLAG, '--keep', 'disabled', '--housekeeper-patch', '--json', '--root', root, '--no-cache'], { env: ENV });
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.housekeeperPatch, PATCH);
  assert.deepEqual(result.patched, EDITED);
  assert.deepEqual(result.warnings, []);
  assert.ok(result.manual.every((item: Record<string, unknown>) => ['path', 'line', 'character', 'reason'].every((key) => key in item)));
  assert.match(readFileSync(join(root, PATCH), 'utf8'), /--keep disabled --housekeeper-patch/);
  rmSync(root, { recursive: true, force: true });
});

test('an ops flag: the patch is written, with a warning that the housekeeper does not remove ops flags', () => {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-housekeeper-ops-'));
  write(root, 'config/feature_flags/ops/my_ops_flag.yml', "---\nname: my_ops_flag\ntype: ops\nmilestone: '16.0'\ndefault_enabled: false\n");
  write(root, 'app/models/throttle.rb', 'class Throttle\n  def enabled?\n    Feature.enabled?(:my_ops_flag, :instance)\n  end\nend\n');
  const run = cli(['cleanup', 'my_ops_flag', '--keep', 'disabled', '--housekeeper-patch', '--root', root, '--no-cache'], { env: ENV });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, 'gitlab-flags: warning: the housekeeper only removes development, gitlab_com_derisk, beta flags; it will not apply this patch for a flag of type ops.\n');
  assert.equal(run.stdout, "Wrote config/feature_flags/ops/my_ops_flag.patch (1 file). GitLab's housekeeper applies it when its delete_old_feature_flags keep removes my_ops_flag; make it again if those files change before then.\n");
  assert.match(readFileSync(join(root, 'config/feature_flags/ops/my_ops_flag.patch'), 'utf8'), /^-    Feature\.enabled\?\(:my_ops_flag, :instance\)\n\+    false\n/m);
  rmSync(root, { recursive: true, force: true });
});

test('no file can be rewritten, only listed for a person: no patch is written, exit 1', () => {
  const root = repository();
  const run = cli(['cleanup', 'ci_enforce_throttle_pipelines_creation_override', '--keep', 'enabled', '--housekeeper-patch', '--root', root, '--no-cache'], { env: ENV });
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^manual: app\/services\/ci\/create_pipeline_request_service\.rb:5:30: /);
  assert.ok(run.stderr.endsWith('gitlab-flags: no patch written: no file could be rewritten, and the 2 place(s) above need a person. Without a patch the housekeeper edits the files mentioning ci_enforce_throttle_pipelines_creation_override with its AI editor instead.\n'), run.stderr);
  assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }), '');
  rmSync(root, { recursive: true, force: true });
});

test('a flag defined twice is refused; --write with --housekeeper-patch is a usage error', () => {
  const root = repository();
  const duplicated = cli(['cleanup', 'duplicated_flag', '--keep', 'enabled', '--housekeeper-patch', '--root', root, '--no-cache'], { env: ENV });
  assert.equal(duplicated.code, 2);
  assert.match(duplicated.stderr, /duplicated_flag is defined 2 times \(config\/feature_flags\/beta\/duplicated_flag\.yml, ee\/config\/feature_flags\/beta\/duplicated_flag\.yml\)/);
  const both = cli(['cleanup', FLAG, '--keep', 'enabled', '--housekeeper-patch', '--write', '--root', root, '--no-cache'], { env: ENV });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--write and --housekeeper-patch exclude each other/);
  assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }), '');
  rmSync(root, { recursive: true, force: true });
});
