// gitlab-flags scan: index the tree and print what was found.

import type { CliIo } from '../cliIo';
import { countTree, isTreeCounts, updateTreeCounts } from '../features/treeCounts';
import { INDEX_OPTIONS, parseCommandArgs, reportSkipped } from './options';
import { describeDiscovery } from '../index/discover';
import { loadRoot } from './loadRoot';
import { trace } from '../index/trace';

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
  const { definitions, flags, references, problems } = workspace.remembered('scan-counts', countTree, isTreeCounts, updateTreeCounts);
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
    ...(stats?.discoveryWhy ? { discoveryReason: stats.discoveryWhy.reason } : {}),
    ...(stats?.discoveryWhy?.detail ? { discoveryDetail: stats.discoveryWhy.detail } : {}),
    cache: stats?.cache,
    milliseconds,
  };
  if (values.json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
  else {
    io.stdout(
      `${summary.files} files (${summary.scanned} scanned, ${summary.fromCache} from cache), ${definitions} definitions, ${flags} flags, ${references} references, ${problems} problems in ${milliseconds} ms\n`,
    );
    const listed = describeDiscovery(stats?.discovery, stats?.discoveryWhy);
    io.stdout(`${listed[0].toUpperCase()}${listed.slice(1)}.\n`);
  }
  if (stats) reportSkipped(io, stats);
  return 0;
}
