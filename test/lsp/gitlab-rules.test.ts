// GitLab's own lint rules through the real server: the diagnostics on the generated cases
// (test/fixtures/gitlab-rules) with their ranges, the quick fixes each offers (an actor the
// surrounding code has, the definition moved to config/, --actors) as exact edits, and a fix
// applied in the editor clearing its diagnostic at once.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { PROJECT, TestServer, uri } from '../helpers/lspClient';

const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-rules-lsp-'));
cpSync(join(PROJECT, 'test/fixtures/gitlab-rules'), root, { recursive: true });
let server: TestServer;

before(async () => {
  server = await TestServer.start({ roots: [root] });
});

after(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

const at = (path: string) => uri(join(root, path));

function short(diagnostics: Diagnostic[] | undefined): string[] {
  return (diagnostics ?? []).map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code}${d.data ? ` ${JSON.stringify(d.data)}` : ''}`);
}

async function actionsFor(path: string, code: string, index = 0): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
  const diagnostic = server.diagnostics.get(at(path))!.filter((d) => d.code === code)[index];
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: at(path) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  return { diagnostic, actions: actions.filter((action) => action.kind === 'quickfix') };
}

function edits(action: CodeAction, path: string): TextEdit[] {
  return action.edit!.changes![at(path)];
}

test('the status bar and the Problems panel count what lint counts on the generated cases', async () => {
  const ready = await server.ready();
  assert.equal(ready.problems, 14);
  assert.deepEqual(short(server.diagnostics.get(at('app/services/projects/sync_service.rb'))), [
    '10:38-10:45 2 flag-without-actor {"flag":"ce_flag"}',
    '13:40-13:47 2 flag-without-actor {"flag":"ce_flag"}',
    '15:49-15:61 2 ee-flag-in-foss {"flag":"ee_only_flag"}',
  ]);
  assert.deepEqual(short(server.diagnostics.get(at('plans/ce_flag_rollout.md'))), [
    '3:40-3:48 3 percentage-of-time {"flag":"ce_flag"}',
    '4:32-4:40 3 percentage-of-time {"flag":"ce_flag"}',
  ]);
  assert.deepEqual(short(server.diagnostics.get(at('.gitlab/issue_templates/Feature Flag Roll Out.md'))), ['10:77-10:85 3 percentage-of-time']);
  assert.equal(server.diagnostics.get(at('app/models/legacy.rb')), undefined);
});

test('a check without an actor: pass one the method has (preferred), or Feature.current_request, or :instance', async () => {
  const { diagnostic, actions } = await actionsFor('app/services/projects/sync_service.rb', 'flag-without-actor');
  assert.deepEqual(
    actions.map((action) => `${action.isPreferred ? '* ' : ''}${action.title}`),
    [
      // execute(group)'s parameter, then the instance variables the class sets.
      '* Pass `group` as the actor',
      'Pass `@project` as the actor',
      'Pass `@current_user` as the actor',
      'Pass Feature.current_request as the actor (a percentage of requests)',
      'Pass :instance as the actor (a flag about the whole instance)',
    ],
  );
  assert.deepEqual(actions[0].diagnostics, [diagnostic]);
  assert.deepEqual(edits(actions[0], 'app/services/projects/sync_service.rb'), [{ range: { start: { line: 10, character: 45 }, end: { line: 10, character: 45 } }, newText: ', group' }]);

  // A string name: the actor goes after the closing quote; the method's `user` parameter is offered.
  const string = await actionsFor('lib/gitlab/widgets.rb', 'flag-without-actor');
  assert.equal(string.actions[0].title, 'Pass `user` as the actor');
  assert.deepEqual(edits(string.actions[0], 'lib/gitlab/widgets.rb'), [{ range: { start: { line: 13, character: 32 }, end: { line: 13, character: 32 } }, newText: ', user' }]);

  // A call over three lines in a worker: the local assigned before it.
  const worker = await actionsFor('app/workers/sync_worker.rb', 'flag-without-actor');
  assert.deepEqual(worker.actions.map((action) => action.title), ['Pass `project` as the actor', 'Pass Feature.current_request as the actor (a percentage of requests)', 'Pass :instance as the actor (a flag about the whole instance)']);
  assert.deepEqual(edits(worker.actions[0], 'app/workers/sync_worker.rb'), [{ range: { start: { line: 12, character: 14 }, end: { line: 12, character: 14 } }, newText: ', project' }]);

  // A spec with no actor in reach: only the fallbacks, none preferred.
  const spec = await actionsFor('spec/services/projects/sync_service_spec.rb', 'flag-without-actor');
  assert.deepEqual(spec.actions.map((action) => `${action.isPreferred ? '* ' : ''}${action.title}`), ['Pass Feature.current_request as the actor (a percentage of requests)', 'Pass :instance as the actor (a flag about the whole instance)']);
});

test('applying the actor in the editor clears the diagnostic at once', async () => {
  const path = join(root, 'app/services/projects/sync_service.rb');
  const text = readFileSync(path, 'utf8');
  const { actions } = await actionsFor('app/services/projects/sync_service.rb', 'flag-without-actor');
  const edit = edits(actions[0], 'app/services/projects/sync_service.rb')[0];
  const lines = text.split('\n');
  lines[edit.range.start.line] = lines[edit.range.start.line].slice(0, edit.range.start.character) + edit.newText + lines[edit.range.start.line].slice(edit.range.start.character);
  const next = server.nextDiagnostics(at('app/services/projects/sync_service.rb'));
  server.notify('textDocument/didOpen', { textDocument: { uri: at('app/services/projects/sync_service.rb'), languageId: 'ruby', version: 1, text: lines.join('\n') } });
  assert.deepEqual(short(await next), ['13:40-13:47 2 flag-without-actor {"flag":"ce_flag"}', '15:49-15:61 2 ee-flag-in-foss {"flag":"ee_only_flag"}']);
  assert.equal(lines[10], '      return unless Feature.enabled?(:ce_flag, group)');
  const back = server.nextDiagnostics(at('app/services/projects/sync_service.rb'));
  server.notify('textDocument/didClose', { textDocument: { uri: at('app/services/projects/sync_service.rb') } });
  assert.equal((await back).length, 3);
});

test('an EE-only flag in FOSS code: move its definition (and its removal patch) to config/feature_flags/', async () => {
  const { diagnostic, actions } = await actionsFor('app/controllers/projects/widgets_controller.rb', 'ee-flag-in-foss');
  assert.deepEqual(actions, [
    {
      title: "Move the definition of 'ee_only_flag' to config/feature_flags/beta/",
      kind: 'quickfix',
      diagnostics: [diagnostic],
      edit: {
        documentChanges: [
          { kind: 'rename', oldUri: uri(join(root, 'ee/config/feature_flags/beta/ee_only_flag.yml')), newUri: uri(join(root, 'config/feature_flags/beta/ee_only_flag.yml')), options: { overwrite: false } },
        ],
      },
    },
  ]);
  const worker = await actionsFor('app/workers/sync_worker.rb', 'ee-flag-in-foss');
  assert.deepEqual(worker.actions.map((action) => action.edit!.documentChanges!.map((change) => 'kind' in change && change.kind === 'rename' && `${change.oldUri.replace(uri(root), '')} -> ${change.newUri.replace(uri(root), '')}`)), [
    ['/ee/config/feature_flags/wip/ee_worker_flag.yml -> /config/feature_flags/wip/ee_worker_flag.yml', '/ee/config/feature_flags/wip/ee_worker_flag.patch -> /config/feature_flags/wip/ee_worker_flag.patch'],
  ]);

  // The editor applies the rename: every FOSS use of the flag is fine at once, the EE one too.
  const [from, to] = ['ee/config/feature_flags/beta/ee_only_flag.yml', 'config/feature_flags/beta/ee_only_flag.yml'];
  const users = ['app/controllers/projects/widgets_controller.rb', 'app/services/projects/sync_service.rb', 'app/views/projects/_widget.html.haml', 'lib/gitlab/widgets.rb'];
  const republished = Promise.all(users.map((path) => server.nextDiagnostics(at(path))));
  const statuses = server.statuses.length;
  renameSync(join(root, from), join(root, to));
  server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: at(from), type: 3 }, { uri: at(to), type: 1 }] });
  const [controller] = await republished;
  assert.deepEqual(controller, []);
  const left = [...server.diagnostics.values()].flat().filter((d) => d.code === 'ee-flag-in-foss');
  assert.deepEqual(left.map((d) => (d.data as { flag: string }).flag), ['ee_worker_flag']);
  // The status bar follows: four problems fewer.
  while (server.statuses.length === statuses) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(server.statuses.at(-1)!.problems, 10);
});

test('a rollout plan\'s --random: roll out by --actors, dropping the deprecation override', async () => {
  const { actions } = await actionsFor('plans/ce_flag_rollout.md', 'percentage-of-time');
  assert.deepEqual(actions.map((action) => `${action.isPreferred ? '* ' : ''}${action.title}`), ['* Roll out by percentage of actors (--actors)']);
  assert.deepEqual(edits(actions[0], 'plans/ce_flag_rollout.md'), [
    { range: { start: { line: 3, character: 40 }, end: { line: 3, character: 48 } }, newText: '--actors' },
    { range: { start: { line: 3, character: 48 }, end: { line: 3, character: 82 } }, newText: '' },
  ]);
  const template = await actionsFor('.gitlab/issue_templates/Feature Flag Roll Out.md', 'percentage-of-time');
  assert.deepEqual(edits(template.actions[0], '.gitlab/issue_templates/Feature Flag Roll Out.md'), [{ range: { start: { line: 10, character: 77 }, end: { line: 10, character: 85 } }, newText: '--actors' }]);
});
