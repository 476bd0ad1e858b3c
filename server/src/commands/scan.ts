// gitlab-flags scan: index the tree and print what was found.

import type { CliIo } from '../cliIo';
import { problemsForFile, newestMilestone } from '../features/problems';
import { INDEX_OPTIONS, parseCommandArgs, reportSkipped } from './options';
import { loadRoot } from './loadRoot';
import { trace } from '../index/trace';
import type { FlagIndex } from '../index/flagIndex';

export async function runScan(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, INDEX_OPTIONS);
  if (values.help) {
    io.stdout('Usage: gitlab-flags scan [--root DIR] [--json] [--no-cache] [--cache-dir DIR]\n');
    return 0;
  }
  const started = performance.now();
  // The counts are remembered beside the cache: when no file changed, the index is never needed.
  const workspace = await loadRoot(io, values, true);
  const { stats } = workspace;
  const { definitions, flags, references, problems } = workspace.remembered('scan-counts', countFindings, isFindingCounts);
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

interface FindingCounts {
  definitions: number;
  flags: number;
  references: number;
  problems: number;
}

function countFindings(index: FlagIndex): FindingCounts {
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
  return { definitions, flags: [...index.keys()].length, references, problems };
}

function isFindingCounts(value: unknown): value is FindingCounts {
  if (typeof value !== 'object' || value === null) return false;
  const counts = value as Record<string, unknown>;
  return ['definitions', 'flags', 'references', 'problems'].every((field) => Number.isInteger(counts[field]) && (counts[field] as number) >= 0);
}
