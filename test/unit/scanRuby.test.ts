import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanFile } from '../../server/src/index/scanFile';

/** Compact view of a scan: name, kind and 0-based line:character of the name token. */
function refs(path: string, text: string): string[] {
  const scan = scanFile(`/root/${path}`, path, text);
  return scan.references.map((r) => `${r.name} ${r.kind} ${r.range.start.line}:${r.range.start.character}-${r.range.end.character}${r.typeArg ? ` type=${r.typeArg}` : ''}`);
}

function dynamic(path: string, text: string): string[] {
  return scanFile(`/root/${path}`, path, text).dynamic.map((d) => `${d.expression} prefix=${d.prefix} ${d.range.start.line}:${d.range.start.character}`);
}

test('Feature.enabled? and disabled? with ::, string names and type:', () => {
  const text = [
    'return unless Feature.enabled?(:my_flag, project)',
    'x if ::Feature.disabled?(:other_flag, group, type: :beta)',
    "Feature.enabled?('string_flag')",
    'Feature.enabled? :no_parens, project',
  ].join('\n');
  assert.deepEqual(refs('app/models/a.rb', text), [
    'my_flag check 0:32-39',
    'other_flag check 1:26-36 type=beta',
    'string_flag check 2:18-29',
    'no_parens check 3:18-27',
  ]);
});

test('a call spread over several lines is found with its type argument', () => {
  const text = 'if ::Feature.enabled?(\n  :multi_line,\n  user,\n  type: :ops\n)\nend\n';
  assert.deepEqual(refs('app/a.rb', text), ['multi_line check 1:3-13 type=ops']);
});

test('push calls, worker options and toggles', () => {
  const text = [
    'push_frontend_feature_flag(:pushed, project)',
    'push_force_frontend_feature_flag(:forced, true)',
    'data_consistency :delayed, feature_flag: :worker_flag',
    'deduplicate :until_executed, feature_flag: :dedup_flag',
    'Feature.enable(:on_flag)',
    'Feature.disable(:off_flag, project)',
    'Feature.remove(:gone_flag)',
    'Feature.enable_percentage_of_actors(:pct_flag, 25)',
    'self.limit_feature_flag = :limited',
    'constraints(::Constraints::FeatureConstrainer.new(:routed)) do',
  ].join('\n');
  assert.deepEqual(refs('app/a.rb', text), [
    'on_flag toggle 4:16-23',
    'off_flag toggle 5:17-25',
    'gone_flag toggle 6:16-25',
    'pct_flag toggle 7:37-45',
    'pushed push 0:28-34',
    'forced push 1:34-40',
    'worker_flag option 2:42-53',
    'dedup_flag option 3:44-54',
    'limited option 8:27-34',
    'routed route 9:51-57',
  ]);
});

test('a method definition or a local variable named like a form is not a reference', () => {
  const text = ['def push_frontend_feature_flag(name, *args)', '  feature_flag = :not_an_option', 'end', 'def stub_feature_flags(features)', 'end'].join('\n');
  assert.deepEqual(refs('app/a.rb', text), []);
  assert.deepEqual(dynamic('app/a.rb', text), []);
});

test('stub_feature_flags with one key, several keys and a multi-line hash', () => {
  const text = [
    'stub_feature_flags(one: false)',
    'stub_feature_flags(a_flag: true, b_flag: project)',
    'stub_feature_flags(',
    '  c_flag: false,',
    "  'd_flag' => true,",
    '  :e_flag => [project, group]',
    ')',
    "it 'x', stub_feature_flags: false do",
    'expect(response).to have_pushed_frontend_feature_flags(myFlag: true)',
  ].join('\n');
  assert.deepEqual(refs('spec/a_spec.rb', text), [
    'one stub 0:19-22',
    'a_flag stub 1:19-25',
    'b_flag stub 1:33-39',
    'c_flag stub 3:2-8',
    'd_flag stub 4:3-9',
    'e_flag stub 5:3-9',
    'myFlag matcher 8:55-61',
  ]);
});

test('QA metadata and Runtime::Feature', () => {
  const text = [
    "RSpec.describe 'Plan', feature_flag: { name: 'qa_flag', scope: :project } do",
    '  Runtime::Feature.enable(:runtime_flag, project: project)',
  ].join('\n');
  assert.deepEqual(refs('qa/qa/specs/a_spec.rb', text), ['runtime_flag qa 1:27-39', 'qa_flag qa 0:46-53']);
});

test('a constant holding the flag name is resolved at the call', () => {
  const text = ['MY_FEATURE_FLAG = :const_flag', 'OTHER = :indirect', 'Feature.enabled?(MY_FEATURE_FLAG, project)', 'Feature.enabled?(OTHER)'].join('\n');
  assert.deepEqual(refs('app/a.rb', text), ['const_flag check 2:17-32', 'indirect check 3:17-22', 'const_flag constant 0:19-29', 'indirect constant 1:9-17']);
});

test('dynamic names are reported with their static prefix', () => {
  const text = ['Feature.enabled?(:"run_sidekiq_jobs_#{worker}", type: :worker)', 'Feature.enabled?(flag_name)', 'stub_feature_flags(flag => false)'].join('\n');
  assert.deepEqual(refs('app/a.rb', text), []);
  assert.deepEqual(dynamic('app/a.rb', text), [
    ':"run_sidekiq_jobs_#{worker}" prefix=run_sidekiq_jobs_ 0:17',
    'flag_name prefix= 1:17',
    'flag prefix= 2:19',
  ]);
});

test('HAML and ERB views use the Ruby forms', () => {
  assert.deepEqual(refs('app/views/a.html.haml', "- if Feature.enabled?(:haml_flag, @project)\n  = render 'x' if ::Feature.enabled?(:modifier_flag, current_user)\n"), [
    'haml_flag check 0:23-32',
    'modifier_flag check 1:38-51',
  ]);
  assert.deepEqual(refs('app/views/a.html.erb', '<% if Feature.enabled?(:erb_flag) %>\n'), ['erb_flag check 0:24-32']);
});

test('files without "eature" are not tokenized at all', () => {
  assert.deepEqual(refs('app/a.rb', 'enabled?(:nope)\n'), []);
});

test('values pushed to gon.features directly are gon references; the generic helpers with a variable are not', () => {
  const text = [
    'push_to_gon_attributes(:features, :real_time_issue_sidebar, real_time_enabled)',
    "gon.push({ features: { 'vscodeWebIde' => true }, licensed_features: { epics: true } }, true)",
    'gon.push(features: { work_items_beta: enabled })',
    'def push_to_gon_attributes(key, name, enabled)',
    '  push_to_gon_attributes(:features, name, enabled)',
    '  gon.push({ features: { var_name => enabled } }, true)',
    'end',
  ].join('\n');
  assert.deepEqual(refs('lib/gitlab/gon_helper.rb', text), ['real_time_issue_sidebar gon 0:35-58', 'vscodeWebIde gon 1:24-36', 'work_items_beta gon 2:21-36']);
  assert.deepEqual(dynamic('lib/gitlab/gon_helper.rb', text), []);
});
