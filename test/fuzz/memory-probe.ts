// Not a test: runs the editing loop of test/fuzz/memory-retention.test.ts against a server whose old
// space is capped (NODE_OPTIONS), to tell a leak (the capped server dies or slows to a crawl) from
// V8 keeping RSS headroom (the capped server runs on in bounded memory).
//   node --import tsx test/fuzz/memory-probe.ts [seconds] [max-old-space-mb]

import { join } from 'node:path';
import { EXAMPLE, uri } from '../helpers/lspClient';
import { LoadSession } from './support/lspSession';

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 40);
  const cap = Number(process.argv[3] ?? 48);
  const session = await LoadSession.open(EXAMPLE, { NODE_OPTIONS: `--max-old-space-size=${cap}` });
  session.startIndexing();
  await session.readyAfter(0);
  const documentUri = uri(join(EXAMPLE, 'app/services/scratch_editing_service.rb'));
  const text = (i: number) => `class S\n  def x\n    return unless Feature.enabled?(:edit_flag_${i % 500}, project)\n    push_frontend_feature_flag(:edit_flag_${i}, project)\n  end\nend\n`;
  session.notify('textDocument/didOpen', { textDocument: { uri: documentUri, languageId: 'ruby', version: 1, text: text(0) } });
  const started = performance.now();
  let i = 0;
  let next = 0;
  while (performance.now() - started < seconds * 1000 && session.child.exitCode === null) {
    i++;
    session.notify('textDocument/didChange', { textDocument: { uri: documentUri, version: i + 1 }, contentChanges: [{ text: text(i) }] });
    await session.request('textDocument/hover', { textDocument: { uri: documentUri }, position: { line: 2, character: 36 } });
    if (performance.now() - started >= next) {
      process.stdout.write(`${Math.round((performance.now() - started) / 1000)} s: ${i} edits, RSS ${session.rssKb()} kB\n`);
      next += 5000;
    }
  }
  process.stdout.write(`end: ${i} edits, exit code ${session.child.exitCode}, stderr ${session.stderr.slice(0, 200)}\n`);
  await session.close();
}

void main();
