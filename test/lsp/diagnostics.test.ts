// Diagnostics through the real server: the severity setting, one entry per unpushed flag with
// its other reads as related information (kept current across edits), a status-bar count equal
// to lint's, and ready-to-remove from live state, which follows the environments as they change.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { EXAMPLE, TestServer, uri } from '../helpers/lspClient';
import { cli } from '../helpers/cli';
import { write } from '../helpers/gitTree';
import { ADMIN_TOKEN, startLocalGitlab } from '../helpers/localGitlab';

function exampleCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-diagnostics-'));
  cpSync(EXAMPLE, root, { recursive: true });
  return root;
}

function short(diagnostics: Diagnostic[] | undefined): string[] {
  return (diagnostics ?? []).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code}`);
}

test('gitlabFlags.diagnostics.severity sets each kind; the status bar counts what lint counts with the same levels', async () => {
  const severity = { 'stale-flag': 'warning', 'dynamic-flag-name': 'off', 'invalid-definition': 'information' };
  const server = await TestServer.start({ roots: [EXAMPLE], initializationOptions: { settings: { diagnostics: { severity } } } });
  try {
    const ready = await server.ready();
    const lint = JSON.parse(cli(['lint', '--root', EXAMPLE, '--json', '--no-cache', ...Object.entries(severity).flatMap(([kind, level]) => ['--severity', `${kind}=${level}`])]).stdout) as { severity: string; kind: string }[];
    assert.equal(ready.problems, lint.filter((row) => row.severity !== 'hint').length);
    // 18 by default, + 2 stale flags now warnings, - 2 dynamic names now off.
    assert.equal(ready.problems, 18);
    assert.deepEqual(short(server.diagnostics.get(uri(join(EXAMPLE, 'config/feature_flags/gitlab_com_derisk/old_derisk_flag.yml')))), ['1:6 2 stale-flag']);
    assert.deepEqual(short(server.diagnostics.get(uri(join(EXAMPLE, 'config/feature_flags/beta/Bad_Name.yml')))), ['1:6 3 invalid-definition']);
    const published = [...server.diagnostics.values()].flat();
    assert.equal(published.filter((d) => d.code === 'dynamic-flag-name').length, 0);
    assert.equal(published.length, ready.problems);
  } finally {
    await server.stop();
  }
});

test('an unpushed flag read in three places is one warning with the other reads related, kept current as files change', async () => {
  const root = exampleCopy();
  write(root, 'app/assets/javascripts/blob/second_read.js', '// reads it too\nexport const again = gon.features.notPushedFlag;\n');
  write(root, 'app/assets/javascripts/blob/third_read.vue', '<template><div v-if="glFeatures.notPushedFlag" /></template>\n');
  const first = join(root, 'app/assets/javascripts/blob/blame_ignore_revs.js');
  const second = join(root, 'app/assets/javascripts/blob/second_read.js');
  const server = await TestServer.start({ roots: [root] });
  try {
    const ready = await server.ready();
    assert.equal(ready.problems, 18);
    const warnings = [...server.diagnostics.values()].flat().filter((d) => d.code === 'frontend-flag-not-pushed');
    assert.equal(warnings.length, 1);
    assert.deepEqual(server.diagnostics.get(uri(first))!.find((d) => d.code === 'frontend-flag-not-pushed'), {
      range: { start: { line: 4, character: 44 }, end: { line: 4, character: 57 } },
      severity: 2,
      source: 'gitlab-flags',
      code: 'frontend-flag-not-pushed',
      message: "'notPushedFlag' is read in the frontend, but no controller calls push_frontend_feature_flag(:not_pushed_flag), so it is always undefined there. It is read in 2 more places.",
      relatedInformation: [
        { location: { uri: uri(second), range: { start: { line: 1, character: 34 }, end: { line: 1, character: 47 } } }, message: "'not_pushed_flag' is also read here" },
        { location: { uri: uri(join(root, 'app/assets/javascripts/blob/third_read.vue')), range: { start: { line: 0, character: 32 }, end: { line: 0, character: 45 } } }, message: "'not_pushed_flag' is also read here" },
      ],
      data: { flag: 'not_pushed_flag' },
    });

    // Lines added above the second read: the warning in the first file points at its new line.
    const moved = server.nextDiagnostics(uri(first));
    server.notify('textDocument/didOpen', { textDocument: { uri: uri(second), languageId: 'javascript', version: 1, text: '// reads it too\n\n\nexport const again = gon.features.notPushedFlag;\n' } });
    const related = (await moved).find((d) => d.code === 'frontend-flag-not-pushed')!.relatedInformation!;
    assert.deepEqual(related[0].location.range.start, { line: 3, character: 34 });

    // A push in a concern: the warning goes.
    const cleared = server.nextDiagnostics(uri(first));
    write(root, 'app/controllers/concerns/pushes.rb', 'module Pushes\n  included { before_action { push_frontend_feature_flag(:not_pushed_flag, project) } }\nend\n');
    server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(join(root, 'app/controllers/concerns/pushes.rb')), type: 1 }] });
    assert.deepEqual((await cleared).map((d) => d.code), ['dynamic-flag-name']);
    await server.ready();
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('live state on every environment makes an old flag ready-to-remove, in the server and in lint --environments; partly on, it is neither', async () => {
  const root = exampleCopy();
  const [staging, production] = await Promise.all([startLocalGitlab({ name: 'staging' }), startLocalGitlab({ name: 'production' })]);
  const environments = [
    { name: 'staging', url: staging.url, chatopsOption: '--staging' },
    { name: 'production', url: production.url, chatopsOption: '--production', production: true },
  ];
  const env = { GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN };
  const yaml = uri(join(root, 'config/feature_flags/gitlab_com_derisk/old_derisk_flag.yml'));
  await staging.api('POST', '/api/v4/features/old_derisk_flag', { value: 'true' });
  await production.api('POST', '/api/v4/features/old_derisk_flag', { value: 'true' });
  const server = await TestServer.start({ roots: [root], env, initializationOptions: { settings: { requestTimeoutSeconds: 2, environments } } });
  try {
    await server.ready();
    let diagnostics = server.diagnostics.get(yaml);
    while (diagnostics?.[0]?.code !== 'ready-to-remove') diagnostics = await server.nextDiagnostics(yaml);
    assert.deepEqual(diagnostics, [
      {
        range: { start: { line: 1, character: 6 }, end: { line: 1, character: 21 } },
        severity: 3,
        source: 'gitlab-flags',
        code: 'ready-to-remove',
        message: "'old_derisk_flag' is ready to remove: it is on in every environment (staging, production) and was introduced in 16.9, more than 4 milestones before 17.10; GitLab's housekeeper (keep delete_old_feature_flags) proposes deleting an enabled flag after 4 milestones. Clean it up, keeping the enabled behaviour.",
        data: { flag: 'old_derisk_flag' },
      },
    ]);
    const environmentsFile = join(root, '..', `${root.split('/').pop()}-environments.json`);
    writeFileSync(environmentsFile, JSON.stringify(environments));
    const lint = cli(['lint', '--root', root, '--json', '--no-cache', '--environments', environmentsFile], { env });
    const rows = JSON.parse(lint.stdout) as { kind: string; flag?: string; severity: string; message: string }[];
    assert.deepEqual(rows.filter((row) => row.flag === 'old_derisk_flag'), [{ kind: 'ready-to-remove', flag: 'old_derisk_flag', path: 'config/feature_flags/gitlab_com_derisk/old_derisk_flag.yml', line: 1, character: 6, message: diagnostics[0].message, severity: 'information' }]);
    assert.equal(lint.stderr, '');

    // Production turned off: partly on, being rolled out, so neither stale nor ready.
    await production.api('POST', '/api/v4/features/old_derisk_flag', { value: 'false' });
    const cleared = server.nextDiagnostics(yaml);
    await server.request('gitlabFlags/refreshState', {});
    assert.deepEqual(await cleared, []);
    rmSync(environmentsFile, { force: true });
  } finally {
    await server.stop();
    await Promise.all([staging.stop(), production.stop()]);
    rmSync(root, { recursive: true, force: true });
  }
});
