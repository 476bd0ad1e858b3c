// The diagnostics people keep switched on, through the built CLI: frontend reads of unpushed
// flags once per flag and every push form GitLab uses, undefined flags once per flag, severities
// from --severity, --max-warnings, and scan counting exactly what lint reports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { EXAMPLE, PROJECT } from '../helpers/lspClient';
import { write } from '../helpers/gitTree';

const NO_CACHE = ['--no-cache'];
const REAL_DEFINITIONS = join(PROJECT, 'test/fixtures/real-definitions');

/**
 * GitLab's real definitions (test/fixtures/real-definitions) with code in the shapes GitLab
 * pushes flags in: a controller, a concern, an EE module's `prepended` block, a helper,
 * push_force_frontend_feature_flag, the gon helper's own generic methods, push_to_gon_attributes
 * and gon.push; and frontend reads of each, in Vue and JS, plus spec reads.
 */
function pushFormsTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-push-forms-'));
  cpSync(REAL_DEFINITIONS, root, { recursive: true });
  write(root, 'app/controllers/projects/branch_rules_controller.rb', [
    'class Projects::BranchRulesController < Projects::ApplicationController',
    '  before_action do',
    '    push_frontend_feature_flag(:edit_branch_rules, @project)',
    '  end',
    'end',
    '',
  ].join('\n'));
  write(root, 'app/controllers/concerns/issuable_actions.rb', [
    'module IssuableActions',
    '  extend ActiveSupport::Concern',
    '',
    '  included do',
    '    before_action only: :show do',
    '      push_frontend_feature_flag(:moved_mr_sidebar, project)',
    '    end',
    '  end',
    'end',
    '',
  ].join('\n'));
  write(root, 'ee/app/controllers/ee/projects/issues_controller.rb', [
    'module EE',
    '  module Projects',
    '    module IssuesController',
    '      extend ActiveSupport::Concern',
    '',
    '      prepended do',
    '        before_action only: [:index, :show] do',
    '          push_frontend_feature_flag(:work_items_beta, project&.group, type: :beta)',
    '          push_force_frontend_feature_flag(:work_items_view_preference, project&.work_items_view_preference_enabled?)',
    '        end',
    '      end',
    '    end',
    '  end',
    'end',
    '',
  ].join('\n'));
  write(root, 'app/helpers/issues_helper.rb', [
    'module IssuesHelper',
    '  def issues_list_data(project, current_user)',
    '    push_frontend_feature_flag(:issues_list_drawer, current_user)',
    '    { full_path: project.full_path }',
    '  end',
    'end',
    '',
  ].join('\n'));
  write(root, 'lib/gitlab/gon_helper.rb', [
    'module Gitlab',
    '  module GonHelper',
    '    def push_frontend_feature_flag(name, *args, **kwargs)',
    '      enabled = Feature.enabled?(name, *args, **kwargs)',
    '',
    '      push_to_gon_attributes(:features, name, enabled)',
    '    end',
    '',
    '    def push_to_gon_attributes(key, name, enabled)',
    '      var_name = name.to_s.camelize(:lower)',
    '      gon.push({ key => { var_name => enabled } }, true)',
    '    end',
    '',
    '    def add_gon_features',
    "      gon.push({ features: { 'notificationsTodosButtons' => Feature.enabled?(:notifications_todos_buttons, current_user) } }, true)",
    '    end',
    '  end',
    'end',
    '',
  ].join('\n'));
  write(root, 'ee/app/controllers/groups/usage_quotas_controller.rb', [
    'class Groups::UsageQuotasController < Groups::ApplicationController',
    '  before_action :push_additional_repo_storage_by_namespace_feature, only: :index',
    '',
    '  private',
    '',
    '  def push_additional_repo_storage_by_namespace_feature',
    '    push_to_gon_attributes(:features, :additional_repo_storage_by_namespace, @group.additional_repo_storage_by_namespace_enabled?)',
    '  end',
    'end',
    '',
  ].join('\n'));
  write(root, 'app/assets/javascripts/projects/settings/branch_rules/index.js', 'export const editable = () => gon.features?.editBranchRules;\n');
  write(root, 'app/assets/javascripts/merge_requests/sidebar.vue', [
    '<script>',
    "import glFeatureFlagsMixin from '~/vue_shared/mixins/gl_feature_flags_mixin';",
    'export default {',
    '  mixins: [glFeatureFlagsMixin()],',
    '  computed: {',
    '    moved() {',
    '      return this.glFeatures.movedMrSidebar;',
    '    },',
    '  },',
    '};',
    '</script>',
    '<template><div v-if="glFeatures.workItemsViewPreference && glFeatures.workItemsBeta" /></template>',
    '',
  ].join('\n'));
  write(root, 'app/assets/javascripts/issues/list/index.js', [
    'export const drawer = gon.features.issuesListDrawer;',
    'export const todos = window.gon?.features?.notificationsTodosButtons;',
    'export const storage = gon.features.additionalRepoStorageByNamespace;',
    '',
  ].join('\n'));
  // Never pushed: read in two files, reported once, at the first read.
  write(root, 'app/assets/javascripts/content_editor/index.js', 'export const onIssues = gon.features.contentEditorOnIssues;\n');
  write(root, 'app/assets/javascripts/notes/components/note_form.vue', '<template><div v-if="glFeatures.contentEditorOnIssues" /></template>\n');
  // Spec reads of a flag nothing pushes are not frontend code: no warning.
  write(root, 'spec/frontend/styles_spec.js', "window.gon = { features: { pageSpecificStyles: true } };\nit('reads', () => expect(gon.features.pageSpecificStyles).toBe(true));\n");
  return root;
}

test('on GitLab shapes, frontend-flag-not-pushed is one warning per unpushed flag, and every push form counts', () => {
  const root = pushFormsTree();
  const run = cli(['lint', '--root', root, '--json', '--severity', 'stale-flag=off', '--severity', 'unused-definition=off', ...NO_CACHE]);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
  assert.deepEqual(JSON.parse(run.stdout), [
    {
      kind: 'frontend-flag-not-pushed',
      flag: 'content_editor_on_issues',
      path: 'app/assets/javascripts/content_editor/index.js',
      line: 0,
      character: 37,
      message: "'contentEditorOnIssues' is read in the frontend, but no controller calls push_frontend_feature_flag(:content_editor_on_issues), so it is always undefined there. It is read in 1 more place.",
      severity: 'warning',
      related: [{ path: 'app/assets/javascripts/notes/components/note_form.vue', line: 0, character: 32, message: "'content_editor_on_issues' is also read here" }],
    },
    {
      kind: 'dynamic-flag-name',
      path: 'lib/gitlab/gon_helper.rb',
      line: 3,
      character: 33,
      message: 'Dynamic flag name `name`: references, rename and cleanup cannot follow it; prefer a literal symbol.',
      severity: 'information',
    },
  ]);
  rmSync(root, { recursive: true, force: true });
});

test('the real GitLab definitions alone give only unused definitions and stale hints (housekeeper rules)', () => {
  const run = cli(['lint', '--root', REAL_DEFINITIONS, '--json', ...NO_CACHE]);
  const rows = JSON.parse(run.stdout) as { kind: string; severity: string; flag: string; path: string }[];
  const byKind: Record<string, number> = {};
  for (const row of rows) byKind[`${row.kind} ${row.severity}`] = (byKind[`${row.kind} ${row.severity}`] ?? 0) + 1;
  assert.deepEqual(byKind, { 'unused-definition warning': 48, 'stale-flag hint': 33 });
  // Only the types the housekeeper looks at are ever stale; ops and wip never are.
  assert.deepEqual([...new Set(rows.filter((row) => row.kind === 'stale-flag').map((row) => row.path.split('/')[2]))].sort(), ['beta', 'development', 'gitlab_com_derisk']);
  assert.equal(run.code, 0);
});

test('an undefined flag is one error at its first use, the other uses related', () => {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-undefined-'));
  // Every check passes an actor: this is about undefined flags alone.
  write(root, 'app/models/a.rb', 'Feature.enabled?(:missing_flag, user)\n');
  write(root, 'app/models/b.rb', "x if Feature.disabled?(:missing_flag, project)\nFeature.enabled?(:optional_flag, project, type: :experiment)\n");
  const run = cli(['lint', '--root', root, '--json', ...NO_CACHE]);
  assert.equal(run.code, 1);
  assert.deepEqual(JSON.parse(run.stdout), [
    {
      kind: 'undefined-flag',
      flag: 'missing_flag',
      path: 'app/models/a.rb',
      line: 0,
      character: 18,
      message: "'missing_flag' has no YAML definition. Create config/feature_flags/<type>/missing_flag.yml (bin/feature-flag missing_flag). It is used in 1 more place.",
      severity: 'error',
      related: [{ path: 'app/models/b.rb', line: 0, character: 24, message: "'missing_flag' is also used here" }],
    },
  ]);
  rmSync(root, { recursive: true, force: true });
});

test('--severity changes levels and drops kinds; lint exits 1 only for errors, and --max-warnings as ESLint', () => {
  const base = ['lint', '--root', EXAMPLE, ...NO_CACHE];
  const demoted = cli([...base, '--severity', 'invalid-definition=warning', '--severity', 'undefined-flag=warning', '--severity', 'type-mismatch=information', '--json']);
  assert.equal(demoted.code, 0);
  const severities = (JSON.parse(demoted.stdout) as { kind: string; severity: string }[]).map((row) => `${row.kind} ${row.severity}`);
  assert.deepEqual([...new Set(severities)].sort(), [
    'dynamic-flag-name information',
    'ee-flag-in-foss warning',
    'flag-without-actor warning',
    'frontend-flag-not-pushed warning',
    'invalid-definition warning',
    'stale-flag hint',
    'type-mismatch information',
    'undefined-flag warning',
    'unused-definition warning',
  ]);
  const quiet = ['--severity', 'invalid-definition=off', '--severity', 'undefined-flag=off', '--severity', 'type-mismatch=off'];
  const withWarnings = cli([...base, ...quiet]);
  assert.equal(withWarnings.code, 0);
  // Warnings: an unused definition, an unpushed frontend read, a check without an actor, two uses of an EE-only flag in FOSS.
  assert.equal(withWarnings.stdout.split('\n').at(-2), '7 problems (5 warnings, 2 information), 2 hints');
  const atLimit = cli([...base, ...quiet, '--max-warnings', '5']);
  assert.equal(atLimit.code, 0);
  assert.equal(atLimit.stderr, '');
  const overLimit = cli([...base, ...quiet, '--max-warnings', '4']);
  assert.equal(overLimit.code, 1);
  assert.equal(overLimit.stderr, 'gitlab-flags: too many warnings (5; --max-warnings 4).\n');
  const allOff = cli([
    ...base, ...quiet, '--severity', 'unused-definition=off', '--severity', 'frontend-flag-not-pushed=off', '--severity', 'dynamic-flag-name=off', '--severity', 'stale-flag=off',
    '--severity', 'flag-without-actor=off', '--severity', 'ee-flag-in-foss=off',
  ]);
  assert.equal(allOff.stdout, '0 problems\n');
  assert.equal(allOff.code, 0);
  const stale = cli([...base, '--severity', 'stale-flag=warning', '--json']);
  assert.equal((JSON.parse(stale.stdout) as { kind: string; severity: string }[]).filter((row) => row.kind === 'stale-flag' && row.severity === 'warning').length, 2);
});

test('a bad --severity or --max-warnings is one line and exit 2', () => {
  const kind = cli(['lint', '--root', EXAMPLE, '--severity', 'stale=hint']);
  assert.equal(kind.code, 2);
  assert.equal(
    kind.stderr,
    'gitlab-flags: --severity stale=hint: expected KIND=LEVEL with KIND one of undefined-flag, invalid-definition, type-mismatch, unused-definition, frontend-flag-not-pushed, flag-without-actor, ee-flag-in-foss, dynamic-flag-name, percentage-of-time, ready-to-remove, stale-flag and LEVEL one of error, warning, information, hint, off.\n',
  );
  const level = cli(['scan', '--root', EXAMPLE, '--severity', 'stale-flag=loud']);
  assert.equal(level.code, 2);
  const max = cli(['lint', '--root', EXAMPLE, '--max-warnings', 'few']);
  assert.equal(max.code, 2);
  assert.equal(max.stderr, "gitlab-flags: --max-warnings must be a whole number of 0 or more, not 'few'.\n");
});

test('scan counts exactly what lint reports, under the same severities', () => {
  for (const severity of [[], ['--severity', 'stale-flag=warning', '--severity', 'dynamic-flag-name=off']]) {
    const lint = JSON.parse(cli(['lint', '--root', EXAMPLE, '--json', ...severity, ...NO_CACHE]).stdout) as { severity: string }[];
    const scan = JSON.parse(cli(['scan', '--root', EXAMPLE, '--json', ...severity, ...NO_CACHE]).stdout);
    const count = (level: string) => lint.filter((row) => row.severity === level).length;
    assert.deepEqual(scan.problemsBySeverity, { error: count('error'), warning: count('warning'), information: count('information'), hint: count('hint') });
    assert.equal(scan.problems, lint.length - count('hint'));
  }
  const root = pushFormsTree();
  const lint = JSON.parse(cli(['lint', '--root', root, '--json', ...NO_CACHE]).stdout) as unknown[];
  const scan = JSON.parse(cli(['scan', '--root', root, '--json', ...NO_CACHE]).stdout);
  assert.equal(scan.problems + scan.problemsBySeverity.hint, lint.length);
  rmSync(root, { recursive: true, force: true });
});
