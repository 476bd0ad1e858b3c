// scan, refs, lint and cleanup against the example workspace and hostile trees.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cli } from '../helpers/cli';
import { EXAMPLE } from '../helpers/lspClient';

const NO_CACHE = ['--no-cache'];

test('lint reports each planted problem of the example workspace exactly once, with its severity, and exits 1', () => {
  const run = cli(['lint', '--root', EXAMPLE, '--json', ...NO_CACHE]);
  assert.equal(run.code, 1);
  const rows = JSON.parse(run.stdout) as { kind: string; flag?: string; path: string; line: number; severity: string }[];
  assert.deepEqual(
    rows.map((row) => `${row.kind} ${row.flag ?? '-'} ${row.path}:${row.line} ${row.severity}`),
    [
      'frontend-flag-not-pushed not_pushed_flag app/assets/javascripts/blob/blame_ignore_revs.js:4 warning',
      'dynamic-flag-name - app/assets/javascripts/blob/blame_ignore_revs.js:7 information',
      // GitLab's cop Gitlab/EeFeatureFlagInFoss: code_suggestions_context is defined only under ee/,
      // and FOSS code (a controller's push, a view's check) uses it.
      'ee-flag-in-foss code_suggestions_context app/controllers/projects/pipelines_controller.rb:10 warning',
      'type-mismatch typed_beta_flag app/services/ci/create_pipeline_request_service.rb:24 error',
      'undefined-flag undefined_flag_example app/services/ci/create_pipeline_request_service.rb:32 error',
      // GitLab's cop Gitlab/FeatureFlagWithoutActor: the Sidekiq check passes only type: :worker.
      'flag-without-actor - app/services/ci/create_pipeline_request_service.rb:28 warning',
      'dynamic-flag-name - app/services/ci/create_pipeline_request_service.rb:28 information',
      'ee-flag-in-foss code_suggestions_context app/views/projects/blob/_header.html.haml:6 warning',
      'invalid-definition Bad_Name config/feature_flags/beta/Bad_Name.yml:1 error',
      'invalid-definition duplicated_flag config/feature_flags/beta/duplicated_flag.yml:1 error',
      'invalid-definition wrong_directory_flag config/feature_flags/beta/wrong_directory_flag.yml:8 error',
      // Stale by GitLab's housekeeper rules (more than 12 milestones, state unknown): hints.
      'stale-flag vscode_web_ide config/feature_flags/development/vscode_web_ide.yml:1 hint',
      'invalid-definition unknown_type_flag config/feature_flags/feature/unknown_type_flag.yml:8 error',
      'invalid-definition derisk_default_enabled config/feature_flags/gitlab_com_derisk/derisk_default_enabled.yml:9 error',
      'stale-flag old_derisk_flag config/feature_flags/gitlab_com_derisk/old_derisk_flag.yml:1 hint',
      'invalid-definition malformed_yaml_flag config/feature_flags/wip/malformed_yaml_flag.yml:2 error',
      'invalid-definition mismatched_name_inside config/feature_flags/wip/mismatched_file_name.yml:1 error',
      'invalid-definition missing_default_enabled config/feature_flags/wip/missing_default_enabled.yml:1 error',
      'invalid-definition numeric_milestone config/feature_flags/wip/numeric_milestone.yml:6 error',
      'unused-definition unused_flag_example config/feature_flags/wip/unused_flag_example.yml:1 warning',
    ],
  );
  // The duplicate is reported once, in the first file, with the other definition as related.
  const duplicate = (JSON.parse(run.stdout) as { kind: string; flag?: string; related?: unknown }[]).find((row) => row.flag === 'duplicated_flag');
  assert.deepEqual(duplicate?.related, [{ path: 'ee/config/feature_flags/beta/duplicated_flag.yml', line: 1, character: 6, message: "'duplicated_flag' is also defined here" }]);
  const text = cli(['lint', '--root', EXAMPLE, ...NO_CACHE]);
  assert.equal(text.stdout.split('\n').at(-2), '18 problems (11 errors, 5 warnings, 2 information), 2 hints');
});

test('refs prints JSON rows positioned on the name token, for snake and camel uses', () => {
  const run = cli(['refs', 'blame_ignore_revs', '--root', EXAMPLE, '--json', ...NO_CACHE]);
  assert.equal(run.code, 0);
  assert.deepEqual(JSON.parse(run.stdout), [
    { flag: 'blame_ignore_revs', path: 'app/assets/javascripts/blob/blame_ignore_revs.js', line: 0, character: 66, endLine: 0, endCharacter: 81, kind: 'frontend' },
    { flag: 'blame_ignore_revs', path: 'app/controllers/projects/pipelines_controller.rb', line: 6, character: 34, endLine: 6, endCharacter: 51, kind: 'push' },
    { flag: 'blame_ignore_revs', path: 'app/views/projects/blob/_header.html.haml', line: 2, character: 25, endLine: 2, endCharacter: 42, kind: 'check' },
    { flag: 'blame_ignore_revs', path: 'config/feature_flags/beta/blame_ignore_revs.yml', line: 1, character: 6, endLine: 1, endCharacter: 23, kind: 'definition' },
    { flag: 'blame_ignore_revs', path: 'lib/tasks/flags_seed.rake', line: 5, character: 20, endLine: 5, endCharacter: 37, kind: 'toggle' },
  ]);
});

test('refs finds a name with no definition, and accepts the camelCase spelling', () => {
  const undefinedRun = cli(['refs', 'undefined_flag_example', '--root', EXAMPLE, ...NO_CACHE]);
  assert.equal(undefinedRun.stdout, 'app/services/ci/create_pipeline_request_service.rb:33:25\tcheck\tundefined_flag_example\n');
  const camel = cli(['refs', 'notPushedFlag', '--root', EXAMPLE, ...NO_CACHE]);
  assert.equal(camel.stdout, 'app/assets/javascripts/blob/blame_ignore_revs.js:5:45\tfrontend\tnot_pushed_flag\nconfig/feature_flags/beta/not_pushed_flag.yml:2:7\tdefinition\tnot_pushed_flag\n');
});

test('scan prints counts, and a warm run reads everything from the cache and prints the same counts', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'gitlab-flags-cache-'));
  const cold = JSON.parse(cli(['scan', '--root', EXAMPLE, '--json', '--cache-dir', cacheDir]).stdout);
  assert.deepEqual({ ...cold, milliseconds: 0, root: '' }, {
    root: '', files: 36, scanned: 36, fromCache: 0, skipped: { binary: 0, 'too-large': 0, unreadable: 0, 'not-utf8': 0, symlink: 0, missing: 0 },
    flags: 21, definitions: 21, references: 37, problems: 18,
    problemsBySeverity: { error: 11, warning: 5, information: 2, hint: 2 },
    problemsByKind: {
      'undefined-flag': 1, 'invalid-definition': 9, 'type-mismatch': 1, 'unused-definition': 1, 'frontend-flag-not-pushed': 1,
      'flag-without-actor': 1, 'ee-flag-in-foss': 2, 'dynamic-flag-name': 2, 'percentage-of-time': 0, 'ready-to-remove': 0, 'stale-flag': 2,
    },
    discovery: cold.discovery, discoveryReason: cold.discoveryReason, cache: 'missing', milliseconds: 0,
  });
  const warm = JSON.parse(cli(['scan', '--root', EXAMPLE, '--json', '--cache-dir', cacheDir]).stdout);
  assert.equal(warm.fromCache, 36);
  assert.equal(warm.scanned, 0);
  assert.equal(warm.cache, 'loaded');
  const counts = (run: Record<string, unknown>) => [run.flags, run.definitions, run.references, run.problems, run.problemsBySeverity];
  // NOTE: with nothing changed these counts are the ones remembered by the cold run.
  assert.deepEqual(counts(warm), [21, 21, 37, 18, { error: 11, warning: 5, information: 2, hint: 2 }]);
});

test('a garbled cache is detected and rebuilt, never trusted', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'gitlab-flags-cache-'));
  cli(['scan', '--root', EXAMPLE, '--cache-dir', cacheDir]);
  const [folder] = execFileSync('ls', [cacheDir], { encoding: 'utf8' }).trim().split('\n');
  writeFileSync(join(cacheDir, folder, 'index.bin'), '{"format":"gitlab-flags-index","version":7,"root":"x","fil');
  const run = JSON.parse(cli(['scan', '--root', EXAMPLE, '--json', '--cache-dir', cacheDir]).stdout);
  assert.equal(run.cache, 'invalid');
  assert.equal(run.references, 37);
});

test('a missing root is one clear line and exit 2, never a stack trace', () => {
  const run = cli(['scan', '--root', '/does/not/exist']);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'gitlab-flags: --root /does/not/exist: no such directory.\n');
  const unknown = cli(['scan', '--bogus']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, "gitlab-flags: Unknown option '--bogus'.\n");
});

test('binary, huge and non-UTF-8 files are skipped and reported; symlinks are not followed', () => {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-hostile-'));
  mkdirSync(join(root, 'app'), { recursive: true });
  mkdirSync(join(root, 'config/feature_flags/wip'), { recursive: true });
  // With an actor, so that the one problem in a readable file is the undefined flag.
  writeFileSync(join(root, 'app/ok.rb'), 'Feature.enabled?(:good_flag, project)\n');
  writeFileSync(join(root, 'app/binary.rb'), Buffer.from([0x46, 0x65, 0x61, 0x74, 0x75, 0x72, 0x65, 0, 1, 2, 0x65, 0x61, 0x74, 0x75, 0x72, 0x65]));
  writeFileSync(join(root, 'app/huge.js'), `// Feature\n${'x'.repeat(6 * 1024 * 1024)}\n`);
  writeFileSync(join(root, 'config/feature_flags/wip/latin1.yml'), Buffer.from('name: latin1\ndescription: caf\xe9\ntype: wip\ndefault_enabled: false\n', 'latin1'));
  symlinkSync(root, join(root, 'app/loop'));
  const run = cli(['lint', '--root', root, '--json', ...NO_CACHE]);
  assert.equal(run.stderr, 'gitlab-flags: skipped 3 files: app/binary.rb (binary), app/huge.js (larger than 5 MB), config/feature_flags/wip/latin1.yml (not UTF-8)\n');
  assert.deepEqual(JSON.parse(run.stdout), [
    { kind: 'undefined-flag', flag: 'good_flag', path: 'app/ok.rb', line: 0, character: 18, message: "'good_flag' has no YAML definition. Create config/feature_flags/<type>/good_flag.yml (bin/feature-flag good_flag).", severity: 'error' },
    { kind: 'invalid-definition', flag: 'latin1', path: 'config/feature_flags/wip/latin1.yml', line: 0, character: 0, message: 'The file is not valid UTF-8; GitLab cannot load it.', severity: 'error' },
  ]);
});

test('cleanup --json lists edited and deleted files and manual items; --write applies it', () => {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-cleanup-'));
  cpSync(EXAMPLE, root, { recursive: true });
  const preview = cli(['cleanup', 'blame_ignore_revs', '--keep', 'enabled', '--root', root, '--json', ...NO_CACHE]);
  assert.equal(preview.code, 0, preview.stderr);
  const result = JSON.parse(preview.stdout);
  assert.deepEqual(result.edited, ['app/assets/javascripts/blob/blame_ignore_revs.js', 'app/controllers/projects/pipelines_controller.rb', 'app/views/projects/blob/_header.html.haml', 'lib/tasks/flags_seed.rake']);
  assert.deepEqual(result.deleted, ['config/feature_flags/beta/blame_ignore_revs.yml']);
  assert.deepEqual(result.manual, [
    { path: 'app/assets/javascripts/blob/blame_ignore_revs.js', line: 7, character: 9, reason: 'dynamic feature lookup: check by hand whether it can read this flag' },
  ]);
  const write = cli(['cleanup', 'blame_ignore_revs', '--keep', 'enabled', '--root', root, '--write', ...NO_CACHE]);
  assert.equal(write.code, 0, write.stderr);
  const after = cli(['refs', 'blame_ignore_revs', '--root', root, '--json', ...NO_CACHE]);
  assert.deepEqual(JSON.parse(after.stdout), []);
});
