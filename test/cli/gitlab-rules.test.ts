// GitLab's own lint rules through the built CLI: flag-without-actor (rubocop
// Gitlab/FeatureFlagWithoutActor), ee-flag-in-foss (Gitlab/EeFeatureFlagInFoss) and
// percentage-of-time (rollout plans that use --random), exactly, on generated cases
// (test/fixtures/gitlab-rules); and none of them on GitLab's real definitions and rollout issues.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { PROJECT } from '../helpers/lspClient';
import { write } from '../helpers/gitTree';

const NO_CACHE = ['--no-cache'];
const RULES = join(PROJECT, 'test/fixtures/gitlab-rules');
const REAL_DEFINITIONS = join(PROJECT, 'test/fixtures/real-definitions');
const SEEDS = join(PROJECT, 'test/fixtures/seeds');

interface Row {
  kind: string;
  flag?: string;
  path: string;
  line: number;
  character: number;
  message: string;
  severity: string;
}

function copyOf(source: string): string {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-rules-'));
  cpSync(source, root, { recursive: true });
  return root;
}

const WITHOUT_ACTOR = (subject: string) =>
  `${subject} is checked without an actor, which GitLab's rubocop cop Gitlab/FeatureFlagWithoutActor forbids: with no actor the flag can only be on or off for everyone, or a percentage of time. Pass the project, group or user the feature is for; Feature.current_request, or :instance for a flag about the whole instance, where there is none.`;
const EE_IN_FOSS = (flag: string) =>
  `'${flag}' is defined only in ee/config/feature_flags/, but FOSS code uses it: GitLab without EE has no such flag, and FOSS-only test runs fail on it. Move this code under ee/, or move the definition to config/feature_flags/ (GitLab's rubocop cop Gitlab/EeFeatureFlagInFoss).`;
const TIME = (subject: string) =>
  `This rolls ${subject} out by percentage of time (--random), which GitLab deprecated after it caused incidents (gitlab-org/gitlab#425428): each check is a coin toss, so one request or user sees the feature both on and off, and chatops refuses it without --ignore-random-deprecation-check. Roll out by percentage of actors (--actors); code with no natural actor can check Feature.current_request.`;

test('generated cases: each rule reports exactly its offenses, at the flag, and nothing where GitLab does not', () => {
  const root = copyOf(RULES);
  const run = cli(['lint', '--root', root, '--json', ...NO_CACHE]);
  // Warnings and information only: lint exits 0.
  assert.equal(run.code, 0, run.stderr);
  const rows = JSON.parse(run.stdout) as Row[];
  assert.deepEqual(
    rows.map((row) => `${row.path}:${row.line}:${row.character} ${row.severity} ${row.kind} ${row.flag ?? '-'}`),
    [
      // The old rollout template's time-based line (a placeholder names no flag); its --actors line is fine.
      '.gitlab/issue_templates/Feature Flag Roll Out.md:10:77 information percentage-of-time -',
      // A FOSS controller pushes an EE-only flag.
      'app/controllers/projects/widgets_controller.rb:5:34 warning ee-flag-in-foss ee_only_flag',
      // No actor, and type: is no actor; with `group` it is fine; with an actor but EE-only, the other rule.
      'app/services/projects/sync_service.rb:10:38 warning flag-without-actor ce_flag',
      'app/services/projects/sync_service.rb:13:40 warning flag-without-actor ce_flag',
      'app/services/projects/sync_service.rb:15:49 warning ee-flag-in-foss ee_only_flag',
      'app/views/projects/_widget.html.haml:0:23 warning ee-flag-in-foss ee_only_flag',
      // A call over three lines whose only option is default_enabled_if_undefined; a worker's feature_flag: option.
      'app/workers/sync_worker.rb:12:7 warning flag-without-actor ce_flag',
      'app/workers/sync_worker.rb:5:43 warning ee-flag-in-foss ee_worker_flag',
      // EE code may use EE flags, but still needs an actor.
      'ee/app/services/ee/projects/sync_service.rb:6:48 warning flag-without-actor ee_only_flag',
      // A string name; the block between rubocop:disable and rubocop:enable is not reported; a *_FEATURE_FLAG constant.
      'lib/gitlab/widgets.rb:13:24 warning flag-without-actor ce_flag',
      'lib/gitlab/widgets.rb:4:27 warning ee-flag-in-foss ee_only_flag',
      'plans/ce_flag_rollout.md:3:40 information percentage-of-time ce_flag',
      'plans/ce_flag_rollout.md:4:32 information percentage-of-time ce_flag',
      // The cop applies to specs (an actor-less check), the EE rule does not (the spec reads an EE flag).
      'spec/services/projects/sync_service_spec.rb:11:29 warning flag-without-actor ce_flag',
    ],
  );
  // Not reported: the inline directive in the controller, app/models/legacy.rb and app/views/legacy/_old.html.haml
  // (rubocop's todo lists exclude them), the spec's :instance actor, doc/ (GitLab documents --random there).
  const message = (kind: string, path: string) => rows.find((row) => row.kind === kind && row.path === path)?.message;
  assert.equal(message('flag-without-actor', 'app/services/projects/sync_service.rb'), WITHOUT_ACTOR("'ce_flag'"));
  assert.equal(message('ee-flag-in-foss', 'app/workers/sync_worker.rb'), EE_IN_FOSS('ee_worker_flag'));
  assert.equal(message('percentage-of-time', 'plans/ce_flag_rollout.md'), TIME("'ce_flag'"));
  assert.equal(message('percentage-of-time', '.gitlab/issue_templates/Feature Flag Roll Out.md'), TIME('the flag'));
  assert.equal(cli(['lint', '--root', root, ...NO_CACHE]).stdout.split('\n').at(-2), '14 problems (11 warnings, 3 information)');

  // scan counts the same, and each kind follows --severity like the others.
  const scan = JSON.parse(cli(['scan', '--root', root, '--json', ...NO_CACHE]).stdout);
  assert.deepEqual(scan.problemsByKind, {
    'undefined-flag': 0, 'invalid-definition': 0, 'type-mismatch': 0, 'unused-definition': 0, 'frontend-flag-not-pushed': 0,
    'flag-without-actor': 6, 'ee-flag-in-foss': 5, 'dynamic-flag-name': 0, 'percentage-of-time': 3, 'ready-to-remove': 0, 'stale-flag': 0,
  });
  const strict = cli(['lint', '--root', root, '--severity', 'ee-flag-in-foss=error', '--severity', 'flag-without-actor=off', '--severity', 'percentage-of-time=warning', ...NO_CACHE]);
  assert.equal(strict.code, 1);
  assert.equal(strict.stdout.split('\n').at(-2), '8 problems (5 errors, 3 warnings)');
  rmSync(root, { recursive: true, force: true });
});

test('rubocop todo lists are read as they are now: an entry removed brings its offenses back', () => {
  const root = copyOf(RULES);
  write(root, '.rubocop_todo/gitlab/feature_flag_without_actor.yml', '---\nGitlab/FeatureFlagWithoutActor:\n  Exclude:\n    - \'app/services/**/*.rb\'\n');
  write(root, '.rubocop_todo/gitlab/ee_feature_flag_in_foss.yml', '---\n');
  const rows = JSON.parse(cli(['lint', '--root', root, '--json', ...NO_CACHE]).stdout) as Row[];
  const places = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => `${row.path}:${row.line}`);
  // app/services/ is excluded now, app/models/legacy.rb no longer.
  assert.deepEqual(places('flag-without-actor'), ['app/models/legacy.rb:4', 'app/workers/sync_worker.rb:12', 'ee/app/services/ee/projects/sync_service.rb:6', 'lib/gitlab/widgets.rb:13', 'spec/services/projects/sync_service_spec.rb:11']);
  assert.ok(places('ee-flag-in-foss').includes('app/views/legacy/_old.html.haml:0'));
  rmSync(root, { recursive: true, force: true });
});

test('GitLab\'s real definitions and real rollout issues: none of the three rules fires', () => {
  const root = copyOf(REAL_DEFINITIONS);
  // The two real rollout issues (test/fixtures/seeds, as GitLab renders them), kept as rollout plans
  // and as issue templates: their chatops lines use --actors and environment options, never --random.
  for (const seed of readdirSync(SEEDS)) {
    const text = readFileSync(join(SEEDS, seed), 'utf8');
    write(root, `plans/${seed.replace('.txt', '')}_rollout.md`, text);
    write(root, `.gitlab/issue_templates/${seed.replace('.txt', '.md')}`, text);
  }
  // Code in GitLab's shapes checking real flags, each with an actor (or as GitLab's own cop allows).
  write(root, 'app/controllers/projects/branch_rules_controller.rb', [
    'class Projects::BranchRulesController < Projects::ApplicationController',
    '  before_action do',
    '    push_frontend_feature_flag(:edit_branch_rules, @project)',
    '  end',
    '',
    '  def index',
    '    render_404 unless ::Feature.enabled?(:edit_branch_rules, project, type: :beta)',
    '  end',
    'end',
    '',
  ].join('\n'));
  write(root, 'lib/gitlab/ci/trace.rb', [
    'module Gitlab',
    '  module Ci',
    '    class Trace',
    '      def live?',
    '        Feature.enabled?(:ci_enable_live_trace, job.project) && job.running?',
    '      end',
    '',
    '      def archive_in_worker?',
    '        # rubocop:disable Gitlab/FeatureFlagWithoutActor -- runs before any project is loaded',
    '        Feature.enabled?(:sticky_ci_archive_trace_worker, type: :development)',
    '        # rubocop:enable Gitlab/FeatureFlagWithoutActor',
    '      end',
    '',
    '      def throttled?(project)',
    '        ::Feature.enabled?(:ci_enforce_throttle_pipelines_creation_override, project, type: :ops)',
    '      end',
    '    end',
    '  end',
    'end',
    '',
  ].join('\n'));
  write(root, 'lib/gitlab/gon_helper.rb', [
    'module Gitlab',
    '  module GonHelper',
    '    def push_frontend_feature_flag(name, *args, **kwargs)',
    '      enabled = Feature.enabled?(name, *args, **kwargs)',
    '      push_to_gon_attributes(:features, name, enabled)',
    '    end',
    '  end',
    'end',
    '',
  ].join('\n'));
  const run = cli(['lint', '--root', root, '--json', ...NO_CACHE]);
  const rows = JSON.parse(run.stdout) as Row[];
  assert.deepEqual(rows.filter((row) => ['flag-without-actor', 'ee-flag-in-foss', 'percentage-of-time'].includes(row.kind)), []);
  // The rest is what GitLab's definitions give on their own, less the four flags the code uses.
  const byKind: Record<string, number> = {};
  for (const row of rows) byKind[`${row.kind} ${row.severity}`] = (byKind[`${row.kind} ${row.severity}`] ?? 0) + 1;
  assert.deepEqual(byKind, { 'unused-definition warning': 44, 'stale-flag hint': 33, 'dynamic-flag-name information': 1 });
  rmSync(root, { recursive: true, force: true });
});
