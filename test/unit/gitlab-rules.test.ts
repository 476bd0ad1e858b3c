// GitLab's own lint rules, below the problems: what the scanners record for them (checks
// without an actor, rubocop directives, rollout plans' --random lines), which Markdown files are
// rollout plans, rubocop's todo lists, the actors the quick fix offers, and the cache round trip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanFile } from '../../server/src/index/scanFile';
import { languageOf } from '../../server/src/index/languages';
import { decodeScan, encodeScan } from '../../server/src/index/cacheCodec';
import { excludesFrom } from '../../server/src/features/rubocopTodo';
import { actorCandidates } from '../../server/src/features/actorCandidates';

/** `name line noActor` for every check, `dynamic:expression line noActor` for computed names. */
function checks(path: string, text: string): string[] {
  const scan = scanFile(`/root/${path}`, path, text);
  return [
    ...scan.references.map((r) => `${r.name} ${r.kind} ${r.range.start.line}${r.noActor ? ' no-actor' : ''}${r.eeInFossAllowed ? ' ee-allowed' : ''}`),
    ...scan.dynamic.map((d) => `dynamic:${d.expression} ${d.range.start.line}${d.noActor ? ' no-actor' : ''}`),
  ];
}

test('a check without an actor, as Gitlab/FeatureFlagWithoutActor reads it: keyword options are no actor', () => {
  const text = [
    'Feature.enabled?(:a)',
    'Feature.enabled?(:b, type: :ops)',
    'Feature.disabled?(:c, type: :development, default_enabled_if_undefined: nil)',
    '::Feature.enabled?(:d, type: :ops)',
    '::Feature.disabled?(:e, thing, type: :ops)',
    'Feature.enabled?(:f, thing, type: :development, default_enabled_if_undefined: nil)',
    'return unless Feature.enabled? :g',
    'Feature.enabled? :h, project',
    'Feature.enabled?(:i, **options)',
    'Feature.enabled?(:j, { type: :ops })',
    "Feature.enabled?(:k, 'type' => :ops)",
    'Feature.enabled?(:l, :instance)',
    'Feature.enabled?(:m, Feature.current_request)',
    'Feature.enabled?(:n, nil)',
    "Feature.enabled?('o')",
    'Feature.enabled?(:p, foo(a, b))',
    'x = Feature.enabled?(:q) ? a : b',
    'Feature.enabled?(:r,',
    '  project)',
    'Feature.enabled?(:s, # the actor follows',
    '  user)',
    'Feature.enabled?(:t) && other(a, b)',
  ].join('\n');
  assert.deepEqual(checks('app/models/a.rb', text), [
    'a check 0 no-actor',
    'b check 1 no-actor',
    'c check 2 no-actor',
    'd check 3 no-actor',
    'e check 4',
    'f check 5',
    'g check 6 no-actor',
    'h check 7',
    'i check 8 no-actor',
    'j check 9 no-actor',
    'k check 10 no-actor',
    'l check 11',
    'm check 12',
    'n check 13',
    'o check 14 no-actor',
    'p check 15',
    'q check 16 no-actor',
    'r check 17',
    's check 19',
    't check 21 no-actor',
  ]);
});

test('only Feature and ::Feature with enabled?/disabled? are the cop\'s calls; splats and dynamic names as rubocop sees them', () => {
  const text = [
    'Foo::Feature.enabled?(:a)',
    'FeatureFlags.enabled?(:b)',
    'Gitlab::AiGateway.push_feature_flag(:c)',
    'Runtime::Feature.enabled?(:d)',
    'Feature.enable(:e)',
    'Feature.enabled?(name, *args, **kwargs)',
    'Feature.enabled?(:"run_sidekiq_jobs_#{worker}", type: :worker)',
    'Feature.enabled?("prefix_#{suffix}", project)',
  ].join('\n');
  assert.deepEqual(checks('app/models/a.rb', text), [
    'a check 0',
    'b check 1',
    'c push 2',
    'd qa 3',
    'e toggle 4',
    'dynamic:name 5',
    'dynamic::"run_sidekiq_jobs_#{worker}" 6 no-actor',
    'dynamic:"prefix_#{suffix}" 7',
  ]);
});

test('rubocop directives: inline on the call\'s first line, blocks until enable, todo, all, the department, HAML comments', () => {
  const ruby = [
    'Feature.enabled?(:a) # rubocop:disable Gitlab/FeatureFlagWithoutActor -- global',
    'Feature.enabled?(:b)',
    '# rubocop: disable Gitlab/FeatureFlagWithoutActor, Gitlab/EeFeatureFlagInFoss',
    'Feature.enabled?(:c)',
    '# rubocop:enable Gitlab/FeatureFlagWithoutActor',
    'Feature.enabled?(:d)',
    'Feature.enabled?(:e) # rubocop:todo Gitlab/FeatureFlagWithoutActor',
    'Feature.enabled?(:f) # rubocop:disable all',
    'Feature.enabled?(:g) # rubocop:disable Gitlab',
    'Feature.enabled?(:h) # rubocop:disable Gitlab/FeatureAvailableUsage',
    'Feature.enabled?( # rubocop:disable Gitlab/FeatureFlagWithoutActor',
    '  :i, type: :ops)',
    '',
    '# rubocop:disable Gitlab/FeatureFlagWithoutActor',
    'Feature.enabled?(:j)',
  ].join('\n');
  assert.deepEqual(checks('app/models/a.rb', ruby), [
    'a check 0',
    'b check 1 no-actor',
    'c check 3 ee-allowed',
    // EeFeatureFlagInFoss is still disabled: only the other cop was enabled again.
    'd check 5 no-actor ee-allowed',
    'e check 6 ee-allowed',
    'f check 7 ee-allowed',
    'g check 8 ee-allowed',
    'h check 9 no-actor ee-allowed',
    'i check 11 ee-allowed',
    'j check 14 ee-allowed',
  ]);
  const haml = ['-# rubocop:disable Gitlab/FeatureFlagWithoutActor', '- if Feature.enabled?(:a)', '  = render "x"', '-# rubocop:enable Gitlab/FeatureFlagWithoutActor', '- if Feature.enabled?(:b)'].join('\n');
  assert.deepEqual(checks('app/views/a.html.haml', haml), ['a check 1', 'b check 4 no-actor']);
});

test('Markdown rollout plans: issue templates and files named for a rollout, never doc/', () => {
  assert.equal(languageOf('.gitlab/issue_templates/Feature Flag Roll Out.md'), 'markdown');
  assert.equal(languageOf('.gitlab/issue_templates/Bug.md'), 'markdown');
  assert.equal(languageOf('plans/search_rollout.md'), 'markdown');
  assert.equal(languageOf('ROLLOUT-PLAN.md'), 'markdown');
  assert.equal(languageOf('doc/development/feature_flags/rollout.md'), undefined);
  assert.equal(languageOf('README.md'), undefined);
  assert.equal(languageOf('rollouts/plan.md'), undefined);
  assert.equal(languageOf('plans/rollout.txt'), undefined);
});

test('a rollout plan\'s --random lines are found on feature set commands, with the flag they name', () => {
  const text = [
    '- [ ] `/chatops run feature set my_flag 25 --random --ignore-random-deprecation-check`',
    '- [ ] `/chatops run feature set <feature-flag-name> <rollout-percentage> --random`',
    '- [ ] `/chatops run feature set --project=gitlab-org/gitlab my_flag true`',
    '`gitlab-flags set other_flag 10 --random --staging`',
    '/chatops run feature set my_flag 50 --actors',
    'Avoid --random: it is no command on this line.',
    '/chatops run feature set my_flag 50 --random-ish',
    '/chatops run feature get my_flag --random',
  ].join('\n');
  const scan = scanFile('/root/plans/my_rollout.md', 'plans/my_rollout.md', text);
  assert.deepEqual(scan.references, []);
  assert.deepEqual(scan.timeRollouts, [
    { range: { start: { line: 0, character: 43 }, end: { line: 0, character: 51 } }, flag: 'my_flag' },
    { range: { start: { line: 1, character: 73 }, end: { line: 1, character: 81 } } },
    { range: { start: { line: 3, character: 32 }, end: { line: 3, character: 40 } }, flag: 'other_flag' },
  ]);
  // No --random at all: nothing to keep, the file leaves the index.
  assert.deepEqual(scanFile('/root/plans/my_rollout.md', 'plans/my_rollout.md', '/chatops run feature set my_flag 50 --actors\n'), { references: [], dynamic: [] });
});

test('the new scan fields survive the cache; a bad one makes it invalid', () => {
  const ruby = scanFile('/root/app/a.rb', 'app/a.rb', 'Feature.enabled?(:a) # rubocop:disable Gitlab/EeFeatureFlagInFoss\nFeature.enabled?(:"x_#{y}")\n');
  const markdown = scanFile('/root/a_rollout.md', 'a_rollout.md', '/chatops run feature set a 5 --random\n');
  for (const [scan, file] of [[ruby, '/root/app/a.rb'], [markdown, '/root/a_rollout.md']] as const) {
    assert.deepEqual(decodeScan(JSON.parse(JSON.stringify(encodeScan(scan))), file), scan);
  }
  assert.deepEqual(encodeScan(ruby).references, [{ name: 'a', kind: 'check', range: ruby.references[0].range, noActor: true, eeInFossAllowed: true }]);
  assert.throws(() => decodeScan({ references: [{ name: 'a', kind: 'check', range: ruby.references[0].range, noActor: 'yes' }] }, '/root/app/a.rb'));
  assert.throws(() => decodeScan({ timeRollouts: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } }] }, '/root/a_rollout.md'));
});

test('rubocop todo lists: the cop\'s Exclude entries, exact or glob, and no other cop\'s', () => {
  const yaml = [
    '---',
    'Gitlab/FeatureFlagWithoutActor:',
    '  Exclude:',
    "    - 'app/models/project.rb'",
    '    - "ee/lib/**/*.rb"',
    '    - spec/lib/feature_spec.rb',
    'Gitlab/Other:',
    '  Exclude:',
    "    - 'app/models/user.rb'",
  ].join('\n');
  const excluded = excludesFrom(yaml, 'Gitlab/FeatureFlagWithoutActor');
  assert.deepEqual(
    ['app/models/project.rb', 'ee/lib/gitlab/geo.rb', 'ee/lib/a/b/c.rb', 'ee/lib/x.rb', 'spec/lib/feature_spec.rb', 'app/models/user.rb', 'app/models/project_setting.rb', 'ee/lib/x.haml'].filter(excluded),
    ['app/models/project.rb', 'ee/lib/gitlab/geo.rb', 'ee/lib/a/b/c.rb', 'ee/lib/x.rb', 'spec/lib/feature_spec.rb'],
  );
  assert.equal(excludesFrom('', 'Gitlab/FeatureFlagWithoutActor')('app/a.rb'), false);
});

test('actors offered: the method\'s parameters and locals, instance variables, other checks\' actors, current_user where Rails has it', () => {
  const service = [
    'class SyncService',
    '  def initialize(project, current_user:)',
    '    @project = project',
    '  end',
    '',
    '  def execute(group, dry_run: false, user: nil, *rest, &block)',
    '    namespace = group.root_ancestor',
    '    items.each do |merge_request, runner|',
    '      go if Feature.enabled?(:x)',
    '    end',
    '    Feature.enabled?(:y, merge_request.target_project)',
    '  end',
    '',
    '  Feature.enabled?(:z)',
    'end',
  ].join('\n');
  const at = (needle: string) => service.indexOf(needle) + needle.length;
  assert.deepEqual(actorCandidates(service, at('Feature.enabled?(:x'), 'app/services/sync_service.rb'), ['group', 'user', 'runner', 'namespace', '@project', 'merge_request.target_project']);
  // Outside any method (the class body): no parameters, no locals.
  assert.deepEqual(actorCandidates(service, at('Feature.enabled?(:z'), 'app/services/sync_service.rb'), ['@project', 'merge_request.target_project']);
  // A view: its instance variables and current_user.
  assert.deepEqual(actorCandidates('- if Feature.enabled?(:a)\n  = @group.name\n', 24, 'app/views/groups/show.html.haml'), ['@group', 'current_user']);
  assert.deepEqual(actorCandidates('Feature.enabled?(:a)\n', 19, 'lib/tasks/a.rake'), []);
});
