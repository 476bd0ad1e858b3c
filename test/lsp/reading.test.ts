// The reading features over a real stdio connection, on the example workspace.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Location, Hover, CompletionItem, WorkspaceEdit, SymbolInformation, CodeAction } from 'vscode-languageserver-protocol';
import { EXAMPLE, TestServer, uri } from '../helpers/lspClient';
import { positionOf } from '../helpers/positions';

const CONTROLLER = join(EXAMPLE, 'app/controllers/projects/pipelines_controller.rb');
const VUE = join(EXAMPLE, 'app/assets/javascripts/pipelines/components/pipeline_creation_status.vue');
const SERVICE = join(EXAMPLE, 'app/services/ci/create_pipeline_request_service.rb');
const REALTIME_YAML = join(EXAMPLE, 'config/feature_flags/gitlab_com_derisk/ci_pipeline_creation_requests_realtime.yml');

let server: TestServer;
before(async () => {
  server = await TestServer.start({ roots: [EXAMPLE] });
});
after(async () => server.stop());

function short(location: Location): string {
  return `${location.uri.replace(uri(EXAMPLE) + '/', '')}:${location.range.start.line}:${location.range.start.character}-${location.range.end.character}`;
}

test('indexing reports ready with the counts of the example workspace', () => {
  const ready = server.statuses.find((status) => status.state === 'ready');
  // problems: what the Problems panel lists (every diagnostic but the 2 stale hints), as `lint` counts them:
  // 15 before issue 15, and since then one check without an actor and two uses of an EE-only flag in FOSS code.
  assert.deepEqual({ ...ready, elapsedMs: undefined }, { state: 'ready', files: 36, flags: 21, definitions: 21, references: 37, problems: 18, elapsedMs: undefined });
  const published = [...server.diagnostics.values()].flat();
  assert.equal(published.filter((d) => d.severity !== 4).length, 18);
  assert.deepEqual(published.filter((d) => d.severity === 4).map((d) => d.code), ['stale-flag', 'stale-flag']);
});

test('hover on Feature.enabled? shows the flag card', async () => {
  const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri: uri(CONTROLLER) }, position: positionOf(CONTROLLER, ':ci_pipeline_creation_requests_realtime, project)\n        render', 1, 5) });
  assert.deepEqual(hover, {
    contents: {
      kind: 'markdown',
      value: [
        '**`ci_pipeline_creation_requests_realtime`** · gitlab_com_derisk · group::pipeline authoring · milestone 17.9 · default off',
        '',
        'Realtime pipeline creation requests over a GraphQL subscription',
        '',
        '10 references: 2 checks · 1 push · 1 option · 2 frontend · 4 in specs',
        '',
        `[Definition](${uri(REALTIME_YAML)}#L2) · [Rollout issue](https://gitlab.com/gitlab-org/gitlab/-/issues/514001) · [Feature issue](https://gitlab.com/gitlab-org/gitlab/-/issues/501234) · [Introduced by](https://gitlab.com/gitlab-org/gitlab/-/merge_requests/178001)`,
      ].join('\n'),
    },
    range: { start: { line: 18, character: 29 }, end: { line: 18, character: 67 } },
  });
});

test('hover on a stale flag says so', async () => {
  const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri: uri(SERVICE) }, position: positionOf(SERVICE, ':old_derisk_flag', 1, 3) });
  const value = (hover.contents as { value: string }).value;
  assert.equal(value.split('\n').find((line) => line.startsWith('⚠')), "⚠ stale: introduced in 16.9, more than 12 milestones before 17.10; GitLab's housekeeper would propose deleting it");
});

test('go to definition from a camelCase Vue read opens the YAML name', async () => {
  const result = await server.request<Location[]>('textDocument/definition', { textDocument: { uri: uri(VUE) }, position: positionOf(VUE, 'glFeatures.ciPipeline', 2, 12) });
  assert.deepEqual(result.map(short), ['config/feature_flags/gitlab_com_derisk/ci_pipeline_creation_requests_realtime.yml:1:6-44']);
});

test('find all references lists snake and camel uses, and the YAML when asked', async () => {
  const params = { textDocument: { uri: uri(VUE) }, position: positionOf(VUE, 'glFeatures.ciPipeline', 2, 12) };
  const withYaml = await server.request<Location[]>('textDocument/references', { ...params, context: { includeDeclaration: true } });
  assert.deepEqual(withYaml.map(short), [
    'app/assets/javascripts/pipelines/components/pipeline_creation_status.vue:11:29-63',
    'app/assets/javascripts/pipelines/components/pipeline_creation_status.vue:19:27-61',
    'app/controllers/projects/pipelines_controller.rb:5:34-72',
    'app/controllers/projects/pipelines_controller.rb:18:29-67',
    'app/graphql/types/pipeline_type.rb:7:21-59',
    'app/services/ci/create_pipeline_request_service.rb:12:54-92',
    'config/feature_flags/gitlab_com_derisk/ci_pipeline_creation_requests_realtime.yml:1:6-44',
    'spec/controllers/projects/pipelines_controller_spec.rb:10:59-93',
    'spec/frontend/pipelines/pipeline_creation_status_spec.js:11:10-44',
    'spec/services/ci/create_pipeline_request_service_spec.rb:11:25-63',
    'spec/services/ci/create_pipeline_request_service_spec.rb:20:8-46',
  ]);
  const withoutYaml = await server.request<Location[]>('textDocument/references', { ...params, context: { includeDeclaration: false } });
  assert.equal(withoutYaml.length, 10);
});

test('diagnostics land on the offending token with a specific message', () => {
  const diagnostics = server.diagnostics.get(uri(SERVICE))!.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code} ${d.message}`);
  assert.deepEqual(diagnostics, [
    "24:24 1 type-mismatch 'typed_beta_flag' is passed type: :ops but its definition says type: beta.",
    "32:24 1 undefined-flag 'undefined_flag_example' has no YAML definition. Create config/feature_flags/<type>/undefined_flag_example.yml (bin/feature-flag undefined_flag_example).",
    '28:23 2 flag-without-actor The flag `:"run_sidekiq_jobs_#{worker_name}"` is checked without an actor, which GitLab\'s rubocop cop Gitlab/FeatureFlagWithoutActor forbids: with no actor the flag can only be on or off for everyone, or a percentage of time. Pass the project, group or user the feature is for; Feature.current_request, or :instance for a flag about the whole instance, where there is none.',
    '28:23 3 dynamic-flag-name Dynamic flag name `:"run_sidekiq_jobs_#{worker_name}"`: references, rename and cleanup cannot follow it; prefer a literal symbol.',
  ]);
  const unused = server.diagnostics.get(uri(join(EXAMPLE, 'config/feature_flags/wip/unused_flag_example.yml')))!;
  assert.deepEqual(
    unused.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.message}`),
    ["1:6 2 'unused_flag_example' is defined but no code references it. Remove the definition, or clean up the flag."],
  );
});

test('completion offers defined flags after Feature.enabled?(:', async () => {
  const path = join(EXAMPLE, 'app/models/new_model.rb');
  server.notify('textDocument/didOpen', { textDocument: { uri: uri(path), languageId: 'ruby', version: 1, text: 'Feature.enabled?(:blame' } });
  const items = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uri(path) }, position: { line: 0, character: 23 } });
  assert.deepEqual(items.slice(0, 2).map((item) => `${item.label} | ${item.detail}`), [
    'auto_merge_skip_conflict_check | wip · group::code review · milestone 17.10',
    'blame_ignore_revs | beta · group::source code · milestone 17.9',
  ]);
  assert.equal(items.length, 12);
  const js = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uri(path) }, position: { line: 0, character: 0 } });
  assert.deepEqual(js, []);
  server.notify('textDocument/didClose', { textDocument: { uri: uri(path) } });
});

test('an unsaved edit adds a reference and updates diagnostics at once', async () => {
  const path = join(EXAMPLE, 'app/models/edited.rb');
  const next = server.nextDiagnostics(uri(path));
  server.notify('textDocument/didOpen', { textDocument: { uri: uri(path), languageId: 'ruby', version: 1, text: 'Feature.enabled?(:brand_new_flag)\n' } });
  assert.deepEqual((await next).map((d) => d.code), ['flag-without-actor', 'undefined-flag']);
  const yaml = uri(join(EXAMPLE, 'config/feature_flags/wip/unused_flag_example.yml'));
  const cleared = server.nextDiagnostics(uri(path));
  const yamlCleared = server.nextDiagnostics(yaml);
  server.notify('textDocument/didChange', { textDocument: { uri: uri(path), version: 2 }, contentChanges: [{ text: 'Feature.enabled?(:unused_flag_example, project)\n' }] });
  // A defined flag, now with an actor: both problems go.
  assert.deepEqual(await cleared, []);
  assert.deepEqual(await yamlCleared, []);
  const back = server.nextDiagnostics(yaml);
  server.notify('textDocument/didClose', { textDocument: { uri: uri(path) } });
  assert.equal((await back).length, 1);
});

test('rename changes every spelling and renames the YAML file', async () => {
  const edit = await server.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uri(VUE) }, position: positionOf(VUE, 'glFeatures.ciPipeline', 2, 12), newName: 'realtime_pipeline_requests' });
  const relative = (value: string): string => value.replace(uri(EXAMPLE) + '/', '');
  const summary = edit.documentChanges!.map((change) => {
    if ('kind' in change) return change.kind === 'rename' ? `rename ${relative(change.oldUri)} -> ${relative(change.newUri)}` : change.kind;
    return `${relative(change.textDocument.uri)} ${change.edits.map((e) => `${e.range.start.line}:${'newText' in e ? e.newText : ''}`).join(',')}`;
  });
  assert.deepEqual(summary, [
    'app/assets/javascripts/pipelines/components/pipeline_creation_status.vue 11:realtimePipelineRequests,19:realtimePipelineRequests',
    'app/controllers/projects/pipelines_controller.rb 5:realtime_pipeline_requests,18:realtime_pipeline_requests',
    'app/graphql/types/pipeline_type.rb 7:realtime_pipeline_requests',
    'app/services/ci/create_pipeline_request_service.rb 12:realtime_pipeline_requests',
    'config/feature_flags/gitlab_com_derisk/ci_pipeline_creation_requests_realtime.yml 1:realtime_pipeline_requests',
    'spec/controllers/projects/pipelines_controller_spec.rb 10:realtimePipelineRequests',
    'spec/frontend/pipelines/pipeline_creation_status_spec.js 11:realtimePipelineRequests',
    'spec/services/ci/create_pipeline_request_service_spec.rb 11:realtime_pipeline_requests,20:realtime_pipeline_requests',
    'rename config/feature_flags/gitlab_com_derisk/ci_pipeline_creation_requests_realtime.yml -> config/feature_flags/gitlab_com_derisk/realtime_pipeline_requests.yml',
  ]);
});

test('rename refuses an invalid name with a clear message', async () => {
  await assert.rejects(
    server.request('textDocument/rename', { textDocument: { uri: uri(VUE) }, position: positionOf(VUE, 'glFeatures.ciPipeline', 2, 12), newName: 'Not-Valid' }),
    { message: "'Not-Valid' is not a valid flag name: use lower-case words separated by single underscores." },
  );
});

test('an undefined flag gets quick fixes that create its definition', async () => {
  const diagnostic = server.diagnostics.get(uri(SERVICE))!.find((d) => d.code === 'undefined-flag')!;
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(SERVICE) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  assert.deepEqual(actions.map((action) => action.title), [
    "Create gitlab_com_derisk definition for 'undefined_flag_example'",
    "Create wip definition for 'undefined_flag_example'",
    "Create beta definition for 'undefined_flag_example'",
    "Create ops definition for 'undefined_flag_example'",
    "Remove flag 'undefined_flag_example', keep enabled behaviour",
    "Remove flag 'undefined_flag_example', keep disabled behaviour",
  ]);
  const created = join(EXAMPLE, 'config/feature_flags/wip/undefined_flag_example.yml');
  assert.deepEqual(actions[1].edit, {
    documentChanges: [
      { kind: 'create', uri: uri(created), options: { overwrite: false, ignoreIfExists: true } },
      {
        textDocument: { uri: uri(created), version: null },
        edits: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            newText: "---\nname: undefined_flag_example\ndescription:\nfeature_issue_url:\nintroduced_by_url:\nrollout_issue_url:\nmilestone: '17.10'\ngroup:\ntype: wip\ndefault_enabled: false\n",
          },
        ],
      },
    ],
  });
});

test('workspace symbols find flags by name', async () => {
  const symbols = await server.request<SymbolInformation[]>('workspace/symbol', { query: 'blame' });
  assert.deepEqual(symbols.map((symbol) => `${symbol.name} ${symbol.containerName} ${short(symbol.location)}`), ['blame_ignore_revs beta config/feature_flags/beta/blame_ignore_revs.yml:1:6-23']);
});

test('the cleanup code action resolves to one change-annotated edit that deletes the YAML', async () => {
  const haml = join(EXAMPLE, 'app/views/projects/blob/_header.html.haml');
  const position = positionOf(haml, ':blame_ignore_revs', 1, 2);
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(haml) }, range: { start: position, end: position }, context: { diagnostics: [] } });
  assert.deepEqual(actions.map((action) => action.title), [
    "Remove flag 'blame_ignore_revs', keep enabled behaviour",
    "Remove flag 'blame_ignore_revs', keep disabled behaviour",
  ]);
  const resolved = await server.request<CodeAction>('codeAction/resolve', actions[0]);
  const edit = resolved.edit!;
  assert.deepEqual(edit.changeAnnotations, {
    'gitlab-flags-cleanup': { label: "Remove feature flag 'blame_ignore_revs'", needsConfirmation: true, description: '4 files edited, 1 deleted' },
  });
  const hamlEdit = edit.documentChanges!.find((change) => 'textDocument' in change && change.textDocument.uri === uri(haml));
  assert.deepEqual(hamlEdit, {
    textDocument: { uri: uri(haml), version: null },
    edits: [
      { range: { start: { line: 2, character: 0 }, end: { line: 6, character: 0 } }, newText: "  = render 'projects/blob/ignore_revs_toggle', path: blame_path\n", annotationId: 'gitlab-flags-cleanup' },
    ],
  });
  assert.deepEqual(edit.documentChanges!.filter((change) => 'kind' in change), [
    { kind: 'delete', uri: uri(join(EXAMPLE, 'config/feature_flags/beta/blame_ignore_revs.yml')), options: { ignoreIfNotExists: true }, annotationId: 'gitlab-flags-cleanup' },
  ]);
});

test('the flag list summarises each flag with its problems, references and staleness', async () => {
  const flags = await server.request<{ name: string; type?: string; referenceCount: number; specReferenceCount: number; problems: number; stale: boolean; unused: boolean; undefined: boolean }[]>('gitlabFlags/listFlags', { text: 'flag' });
  assert.deepEqual(
    flags.map((flag) => `${flag.name} ${flag.type ?? '-'} refs=${flag.referenceCount} specs=${flag.specReferenceCount} problems=${flag.problems}${flag.stale ? ' stale' : ''}${flag.unused ? ' unused' : ''}${flag.undefined ? ' undefined' : ''}`),
    [
      // Reported once, in the first file that defines it (the EE one is its related location).
      'duplicated_flag beta refs=1 specs=0 problems=1',
      'malformed_yaml_flag - refs=0 specs=0 problems=1 unused',
      'not_pushed_flag beta refs=1 specs=0 problems=1',
      // A stale flag is a hint, which the flag list does not count as a problem (as the Problems panel).
      'old_derisk_flag gitlab_com_derisk refs=2 specs=1 problems=0 stale',
      'typed_beta_flag beta refs=1 specs=0 problems=1',
      'undefined_flag_example - refs=1 specs=0 problems=1 undefined',
      'unknown_type_flag feature refs=0 specs=0 problems=1 unused',
      'unused_flag_example wip refs=0 specs=0 problems=1 unused',
      'wrong_directory_flag wip refs=0 specs=0 problems=1 unused',
    ],
  );
});
