// Several workspace folders: each file is answered from its own root's index.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover, Location } from 'vscode-languageserver-protocol';
import { EXAMPLE, TestServer, uri } from '../helpers/lspClient';

function secondRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-second-'));
  mkdirSync(join(root, 'config/feature_flags/ops'), { recursive: true });
  mkdirSync(join(root, 'app'), { recursive: true });
  writeFileSync(join(root, 'config/feature_flags/ops/second_root_flag.yml'), "---\nname: second_root_flag\nmilestone: '18.1'\ngroup: group::runner\ntype: ops\ndefault_enabled: true\n");
  writeFileSync(join(root, 'app/runner.rb'), 'Feature.enabled?(:second_root_flag)\n');
  return root;
}

test('two workspace folders are indexed separately and answered from their own root', async () => {
  const second = secondRoot();
  const server = await TestServer.start({ roots: [EXAMPLE, second] });
  try {
    const ready = server.statuses.find((status) => status.state === 'ready')!;
    assert.equal(ready.definitions, 22);
    const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri: uri(join(second, 'app/runner.rb')) }, position: { line: 0, character: 20 } });
    assert.equal((hover.contents as { value: string }).value.split('\n')[0], '**`second_root_flag`** · ops · group::runner · milestone 18.1 · default on');
    const definition = await server.request<Location[]>('textDocument/definition', { textDocument: { uri: uri(join(second, 'app/runner.rb')) }, position: { line: 0, character: 20 } });
    assert.deepEqual(definition, [{ uri: uri(join(second, 'config/feature_flags/ops/second_root_flag.yml')), range: { start: { line: 1, character: 6 }, end: { line: 1, character: 22 } } }]);
  } finally {
    await server.stop();
  }
});

test('a folder added later is indexed, and a removed one has its diagnostics cleared', async () => {
  const second = secondRoot();
  // With an actor, so that its one problem is the undefined flag.
  writeFileSync(join(second, 'app/undefined.rb'), 'Feature.enabled?(:not_defined_anywhere, project)\n');
  const server = await TestServer.start({ roots: [EXAMPLE] });
  try {
    const published = server.nextDiagnostics(uri(join(second, 'app/undefined.rb')));
    server.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uri(second), name: 'second' }], removed: [] } });
    assert.deepEqual((await published).map((d) => d.code), ['undefined-flag']);
    const cleared = server.nextDiagnostics(uri(join(second, 'app/undefined.rb')));
    server.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uri(second), name: 'second' }] } });
    assert.deepEqual(await cleared, []);
  } finally {
    await server.stop();
  }
});
