// Load on the language server over stdio, on a tree from the bench generator:
// - 1,000 concurrent hover / references / completion requests sent before and while the server
//   does its cold index all get the same answers as after it is ready;
// - 10,000 file events in about a second (after mutating the files on disk) leave the server's
//   index equal to a fresh cold index (`gitlab-flags refs --json --no-cache` on the same tree).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompletionItem, Hover, Location } from 'vscode-languageserver-protocol';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { FlagDetailsRequest, ListFlagsRequest, type FlagDetails, type FlagSummary } from '../../shared/protocol';
import { spawnSync } from 'node:child_process';
import { PROJECT, uri } from '../helpers/lspClient';
import { LoadSession } from '../fuzz/support/lspSession';
import { generatedTree, type Tree } from '../fuzz/support/generatedTree';
import type { ReferenceRow } from '../../server/src/commands/refs';

let tree: Tree;
let session: LoadSession;

before(async () => {
  tree = generatedTree(17);
  session = await LoadSession.open(tree.root);
});
after(async () => {
  await session.close();
  tree.remove();
});

interface Probe {
  method: string;
  params: unknown;
}

/** 1,000 requests over the planted references: a third each hover, references, completion. */
function probes(): { list: Probe[]; opened: { uri: string; text: string }[] } {
  const references = tree.manifest.references.filter((reference) => reference.kind !== 'definition');
  const opened = Array.from({ length: 10 }, (_, index) => ({
    uri: uri(join(tree.root, `app/scratch/completion_${index}.rb`)),
    text: `class Scratch${index}\n  def call\n    Feature.enabled?(:${tree.manifest.flags[index].name.slice(0, 3)}\n  end\nend\n`,
  }));
  const list: Probe[] = [];
  for (let i = 0; list.length < 1000; i++) {
    const reference = references[(i * 7919) % references.length];
    const textDocument = { uri: uri(join(tree.root, reference.path)) };
    const position = { line: reference.line, character: reference.character + 1 };
    if (i % 3 === 0) list.push({ method: 'textDocument/hover', params: { textDocument, position } });
    else if (i % 3 === 1) list.push({ method: 'textDocument/references', params: { textDocument, position, context: { includeDeclaration: true } } });
    else {
      const document = opened[i % opened.length];
      const character = document.text.split('\n')[2].length;
      list.push({ method: 'textDocument/completion', params: { textDocument: { uri: document.uri }, position: { line: 2, character } } });
    }
  }
  return { list, opened };
}

test('1,000 concurrent hover/references/completion requests sent before and during the cold index equal the answers after ready', async () => {
  const { list, opened } = probes();
  for (const document of opened) session.notify('textDocument/didOpen', { textDocument: { uri: document.uri, languageId: 'ruby', version: 1, text: document.text } });
  // Half are queued before indexing may start, half while it runs.
  const early = list.slice(0, 500).map((probe) => session.request<unknown>(probe.method, probe.params));
  session.startIndexing();
  const during = list.slice(500).map((probe) => session.request<unknown>(probe.method, probe.params));
  const readyBeforeAllSent = session.statuses.some((status) => status.state === 'ready');
  const answers = await Promise.all([...early, ...during]);
  await session.readyAfter(0);
  assert.equal(readyBeforeAllSent, false, 'the index was ready before the requests were sent');

  const afterReady = await Promise.all(list.map((probe) => session.request<unknown>(probe.method, probe.params)));
  assert.deepEqual(answers, afterReady);
  // And the answers are real: every planted reference hovers and lists itself, completion offers flags.
  list.forEach((probe, index) => {
    const answer = answers[index];
    if (probe.method === 'textDocument/hover') assert.ok((answer as Hover | null)?.contents, `no hover for ${JSON.stringify(probe.params)}`);
    else if (probe.method === 'textDocument/references') {
      const { textDocument, position } = probe.params as { textDocument: { uri: string }; position: { line: number; character: number } };
      assert.ok((answer as Location[]).some((location) => location.uri === textDocument.uri && location.range.start.line === position.line), 'a reference does not list itself');
    } else assert.ok((answer as CompletionItem[]).length > 0, 'no completion items');
  });
  for (const document of opened) session.notify('textDocument/didClose', { textDocument: { uri: document.uri } });
});

type Row = ReferenceRow;

function cliRows(): string[] {
  // NOTE: not test/helpers/cli.ts: the JSON of a 20,000-file tree is beyond spawnSync's default 1 MB buffer.
  const run = spawnSync(process.execPath, [join(PROJECT, 'dist/cli.js'), 'refs', '--root', tree.root, '--json', '--no-cache'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as Row[]).map((row) => `${row.flag} ${row.path}:${row.line}:${row.character}-${row.endLine}:${row.endCharacter} ${row.kind}`).sort();
}

async function serverRows(): Promise<string[]> {
  const flags = await session.request<FlagSummary[]>(ListFlagsRequest.method, { text: '' });
  const rows: string[] = [];
  const prefix = uri(tree.root) + '/';
  await Promise.all(
    flags.map(async (flag) => {
      const details = await session.request<FlagDetails | null>(FlagDetailsRequest.method, { name: flag.name });
      for (const reference of details?.references ?? []) {
        const { start, end } = reference.location.range;
        rows.push(`${flag.name} ${decodeURIComponent(reference.location.uri.slice(prefix.length))}:${start.line}:${start.character}-${end.line}:${end.character} ${reference.kind}`);
      }
    }),
  );
  return rows.sort();
}

test('10,000 file events in about a second leave the server index equal to a fresh cold index of the tree', async () => {
  await session.readyAfter(0);
  assert.deepEqual(await serverRows(), cliRows(), 'before the storm');

  // The storm: rewrite, delete and create files, then report one event per path touched.
  const flags = tree.manifest.flags.map((flag) => flag.name);
  const sources = [...new Set(tree.manifest.references.filter((reference) => reference.kind !== 'definition').map((reference) => reference.path))];
  const changes: { uri: string; type: number }[] = [];
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(tree.root, path)), { recursive: true });
    writeFileSync(join(tree.root, path), text);
  };
  sources.forEach((path, i) => {
    if (i % 3 === 0) {
      rmSync(join(tree.root, path));
      changes.push({ uri: uri(join(tree.root, path)), type: FileChangeType.Deleted });
    } else if (path.endsWith('.rb')) {
      write(path, `Feature.enabled?(:${flags[i % flags.length]}, project)\nstub_feature_flags(${flags[(i + 1) % flags.length]}: false)\n`);
      changes.push({ uri: uri(join(tree.root, path)), type: FileChangeType.Changed });
    } else {
      write(path, `const on = gon.features.storm${i};\n`);
      changes.push({ uri: uri(join(tree.root, path)), type: FileChangeType.Changed });
    }
  });
  for (let i = 0; changes.length < 9_999; i++) {
    const path = `lib/storm/s${i}.rb`;
    write(path, i % 2 ? `push_frontend_feature_flag(:${flags[i % flags.length]}, project)\n` : 'puts 1\n');
    changes.push({ uri: uri(join(tree.root, path)), type: FileChangeType.Created });
    // The same path reported twice in the burst, as editors and git do.
    if (i % 5 === 0) changes.push({ uri: uri(join(tree.root, path)), type: FileChangeType.Changed });
  }
  // A last event whose effect proves the whole burst was applied: events are applied in order.
  write('lib/storm/sentinel.rb', 'Feature.enabled?(:storm_sentinel_flag)\n');
  changes.push({ uri: uri(join(tree.root, 'lib/storm/sentinel.rb')), type: FileChangeType.Created });
  assert.equal(changes.length >= 10_000, true);

  const seen = session.statuses.length;
  for (let start = 0; start < changes.length; start += 1000) session.notify('workspace/didChangeWatchedFiles', { changes: changes.slice(start, start + 1000) });
  let sentinel: FlagDetails | null = null;
  for (let after = seen; !sentinel?.references.length; after = session.statuses.length) {
    await session.readyAfter(after);
    sentinel = await session.request<FlagDetails | null>(FlagDetailsRequest.method, { name: 'storm_sentinel_flag' });
    if (!sentinel?.references.length) await session.nextStatus();
  }
  assert.ok(existsSync(join(tree.root, 'lib/storm/sentinel.rb')));
  assert.deepEqual(await serverRows(), cliRows(), 'after the storm');
});
