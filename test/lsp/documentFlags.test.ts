// gitlabFlags/documentFlags, the request behind the editor's inline state: one document's flag
// references with their ranges, named as the flag list names them, following unsaved edits.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE, TestServer, uri } from '../helpers/lspClient';

interface DocumentFlag {
  name: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  kind: string;
}

const CAMEL = 'ciPipelineCreationRequestsRealtime';
const VUE = join(EXAMPLE, 'app/assets/javascripts/pipelines/components/pipeline_creation_status.vue');

let server: TestServer;
before(async () => {
  server = await TestServer.start({ roots: [EXAMPLE] });
  await server.ready();
});
after(async () => server.stop());

const short = (flag: DocumentFlag) => `${flag.range.start.line}:${flag.range.start.character}-${flag.range.end.character} ${flag.kind} ${flag.name}`;

test("a Vue file's camelCase reads are listed under the flag list's snake_case name, in document order", async () => {
  const flags = await server.request<DocumentFlag[]>('gitlabFlags/documentFlags', { uri: uri(VUE) });
  // Every line of the file that spells the flag, at the spelling.
  const spelled = readFileSync(VUE, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      const at = line.indexOf(CAMEL);
      return at < 0 ? [] : [`${index}:${at}-${at + CAMEL.length} frontend ci_pipeline_creation_requests_realtime`];
    });
  assert.equal(spelled.length, 2);
  assert.deepEqual(flags.map(short), spelled);
  const listed = await server.request<{ name: string }[]>('gitlabFlags/listFlags', {});
  assert.ok(flags.every((flag) => listed.some((summary) => summary.name === flag.name)));
});

test('an unsaved edit is what the request answers for', async () => {
  const path = join(EXAMPLE, 'app/models/document_flags_probe.rb');
  server.notify('textDocument/didOpen', {
    textDocument: { uri: uri(path), languageId: 'ruby', version: 1, text: 'x = 1\nFeature.enabled?(:unused_flag_example, project)\n' },
  });
  assert.deepEqual((await server.request<DocumentFlag[]>('gitlabFlags/documentFlags', { uri: uri(path) })).map(short), ['1:18-37 check unused_flag_example']);
  server.notify('textDocument/didChange', { textDocument: { uri: uri(path), version: 2 }, contentChanges: [{ text: 'x = 1\n' }] });
  assert.deepEqual(await server.request<DocumentFlag[]>('gitlabFlags/documentFlags', { uri: uri(path) }), []);
  server.notify('textDocument/didClose', { textDocument: { uri: uri(path) } });
});

test('a file outside every root has no flags', async () => {
  assert.deepEqual(await server.request<DocumentFlag[]>('gitlabFlags/documentFlags', { uri: 'file:///nowhere/app.rb' }), []);
});
