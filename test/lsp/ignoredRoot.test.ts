// A workspace folder inside a git repository that ignores it (the demo copy `npm start` used to
// open under this checkout's ignored .cache/): git lists no file there, so the server must walk
// the folder and find the same flags as in the example workspace itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { EXAMPLE, TestServer, uri } from '../helpers/lspClient';
import { ignoredExampleCopy } from '../helpers/ignoringRepository';
import { positionOf } from '../helpers/positions';

test('a folder inside a repository that ignores it is walked, and its flags are found', async () => {
  const { repository, workspace } = ignoredExampleCopy();
  const reference = await TestServer.start({ roots: [EXAMPLE] });
  const server = await TestServer.start({ roots: [workspace] });
  try {
    const expected = await reference.ready();
    const ready = await server.ready();
    assert.deepEqual({ ...ready, elapsedMs: 0 }, { ...expected, elapsedMs: 0 });
    assert.deepEqual({ files: ready.files, flags: ready.flags, definitions: ready.definitions, references: ready.references }, { files: 36, flags: 21, definitions: 21, references: 37 });

    const listed = await server.request<{ name: string; referenceCount: number }[]>('gitlabFlags/listFlags', {});
    const fromExample = await reference.request<{ name: string; referenceCount: number }[]>('gitlabFlags/listFlags', {});
    assert.deepEqual(listed.map((flag) => `${flag.name} ${flag.referenceCount}`), fromExample.map((flag) => `${flag.name} ${flag.referenceCount}`));
    assert.ok(listed.some((flag) => flag.name === 'ci_pipeline_creation_requests_realtime'));

    const service = join(workspace, 'app/services/ci/create_pipeline_request_service.rb');
    const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri: uri(service) }, position: positionOf(service, ':ci_pipeline_creation_requests_realtime', 1, 4) });
    assert.equal((hover.contents as { value: string }).value.split('\n')[0], '**`ci_pipeline_creation_requests_realtime`** · gitlab_com_derisk · group::pipeline authoring · milestone 17.9 · default off');
    // Diagnostics are published for the walked files too.
    assert.deepEqual(
      server.diagnostics.get(uri(join(workspace, 'config/feature_flags/wip/unused_flag_example.yml')))?.map((d) => d.code),
      ['unused-definition'],
    );
  } finally {
    await server.stop();
    await reference.stop();
    rmSync(repository, { recursive: true, force: true });
  }
});
