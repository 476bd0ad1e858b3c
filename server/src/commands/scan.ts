// gitlab-flags scan: index the tree and print what was found.

import type { CliIo } from '../cliIo';
import { problemsForFile, newestMilestone } from '../features/problems';
import { INDEX_OPTIONS, parseCommandArgs, reportSkipped } from './options';
import { loadRoot } from './loadRoot';
import { trace } from '../index/trace';

export async function runScan(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, INDEX_OPTIONS);
  if (values.help) {
    io.stdout('Usage: gitlab-flags scan [--root DIR] [--json] [--no-cache] [--cache-dir DIR]\n');
    return 0;
  }
  const started = performance.now();
  const workspace = await loadRoot(io, values);
  const { index, stats } = workspace;
  let definitions = 0;
  let references = 0;
  let problems = 0;
  const currentMilestone = newestMilestone(index.allDefinitions());
  for (const path of index.paths()) {
    const file = index.file(path);
    if (!file) continue;
    if (file.definition) definitions++;
    for (const reference of file.references) if (reference.kind !== 'definition') references++;
    if (file.references.length > 0 || file.dynamic.length > 0 || file.definition) problems += problemsForFile({ index, currentMilestone }, path).length;
  }
  const flags = [...index.keys()].length;
  trace('summary computed');
  const milliseconds = Math.round(performance.now() - started);
  const summary = {
    root: workspace.root,
    files: stats?.files ?? 0,
    scanned: stats?.scanned ?? 0,
    fromCache: stats?.fromCache ?? 0,
    skipped: stats?.skipped,
    flags,
    definitions,
    references,
    problems,
    discovery: stats?.discovery,
    cache: stats?.cache,
    milliseconds,
  };
  if (values.json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
  else {
    io.stdout(
      `${summary.files} files (${summary.scanned} scanned, ${summary.fromCache} from cache), ${definitions} definitions, ${flags} flags, ${references} references, ${problems} problems in ${milliseconds} ms\n`,
    );
  }
  if (stats) reportSkipped(io, stats);
  return 0;
}
