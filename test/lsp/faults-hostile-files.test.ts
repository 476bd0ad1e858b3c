// Hostile files meet the per-file scan budget (GITLAB_FLAGS_SCAN_TIMEOUT_MS): the language
// server skips and logs a file that outlasts it, keeps indexing the rest, and stays responsive
// when such text arrives as an open editor buffer; the CLI names the skipped file.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Location } from 'vscode-languageserver-protocol';
import { cli } from '../helpers/cli';
import { uri } from '../helpers/lspClient';
import { LoadSession } from '../fuzz/support/lspSession';

const HOSTILE = 'glFeatures: {'.repeat(400_000);
let root: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'gitlab-flags-hostile-files-'));
  mkdirSync(join(root, 'app/assets/javascripts'), { recursive: true });
  writeFileSync(join(root, 'app/assets/javascripts/minified.js'), HOSTILE);
  writeFileSync(join(root, 'app/ok.rb'), 'Feature.enabled?(:kept_flag)\n');
});
after(() => rmSync(root, { recursive: true, force: true }));

test('the server skips a file that outlasts the scan budget, logs why, and indexes the rest', async () => {
  const session = await LoadSession.open(root, { GITLAB_FLAGS_SCAN_TIMEOUT_MS: '200' });
  try {
    session.startIndexing();
    await session.readyAfter(0);
    assert.ok(session.logs.includes('Skipped app/assets/javascripts/minified.js: timeout (over 200 ms)'), session.logs.join('\n'));
    const references = await session.request<Location[]>('textDocument/references', { textDocument: { uri: uri(join(root, 'app/ok.rb')) }, position: { line: 0, character: 20 }, context: { includeDeclaration: true } });
    assert.deepEqual(references.map((location) => location.range.start), [{ line: 0, character: 18 }]);

    // The same text typed into an editor buffer: it contributes nothing, and the server answers.
    const bufferUri = uri(join(root, 'app/assets/javascripts/pasted.js'));
    session.notify('textDocument/didOpen', { textDocument: { uri: bufferUri, languageId: 'javascript', version: 1, text: `${HOSTILE}\ngon.features.keptFlag;\n` } });
    const again = await session.request<Location[]>('textDocument/references', { textDocument: { uri: uri(join(root, 'app/ok.rb')) }, position: { line: 0, character: 20 }, context: { includeDeclaration: true } });
    assert.deepEqual(again.map((location) => location.uri), [uri(join(root, 'app/ok.rb'))]);
  } finally {
    await session.close();
  }
});

test('the CLI reports a file skipped for the scan budget, like other skipped files', () => {
  const run = cli(['lint', '--root', root, '--no-cache'], { env: { GITLAB_FLAGS_SCAN_TIMEOUT_MS: '200' } });
  assert.match(run.stderr, /^gitlab-flags: skipped 1 file: app\/assets\/javascripts\/minified\.js \(.*200 ms.*\)\n/);
});
