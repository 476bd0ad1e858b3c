// gitlab-flags scan: index the tree and print what was found.

import type { CliIo } from '../cliIo';
import { countTree, isTreeCounts, updateTreeCounts } from '../features/treeCounts';
import { INDEX_OPTIONS, parseCommandArgs, reportSkipped, SEVERITY_OPTION, severityFromArguments } from './options';
import { countBySeverity, describeCounts, PROBLEM_KINDS } from '../features/severity';
import { describeDiscovery } from '../index/discover';
import { loadRoot } from './loadRoot';
import { trace } from '../index/trace';

export async function runScan(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...INDEX_OPTIONS, ...SEVERITY_OPTION });
  if (values.help) {
    io.stdout('Usage: gitlab-flags scan [--root DIR] [--json] [--severity KIND=LEVEL]... [--no-cache] [--cache-dir DIR]\n');
    return 0;
  }
  const severity = severityFromArguments(values.severity);
  const started = performance.now();
  // The counts are remembered beside the cache: when no file changed, the index is never needed.
  const workspace = await loadRoot(io, values, true);
  const { stats } = workspace;
  const { definitions, flags, references, problemsByKind } = workspace.remembered('scan-counts', countTree, isTreeCounts, updateTreeCounts);
  // Counted as lint and the Problems panel count them: `problems` leaves hints out, as VS Code does.
  const counts = countBySeverity(problemsByKind, severity);
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
    problems: counts.problems,
    problemsBySeverity: { error: counts.errors, warning: counts.warnings, information: counts.information, hint: counts.hints },
    problemsByKind: Object.fromEntries(PROBLEM_KINDS.filter((kind) => severity[kind] !== 'off').map((kind) => [kind, problemsByKind[kind]])),
    discovery: stats?.discovery,
    ...(stats?.discoveryWhy ? { discoveryReason: stats.discoveryWhy.reason } : {}),
    ...(stats?.discoveryWhy?.detail ? { discoveryDetail: stats.discoveryWhy.detail } : {}),
    cache: stats?.cache,
    milliseconds,
  };
  if (values.json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
  else {
    io.stdout(
      `${summary.files} files (${summary.scanned} scanned, ${summary.fromCache} from cache), ${definitions} definitions, ${flags} flags, ${references} references, ${describeCounts(counts)} in ${milliseconds} ms\n`,
    );
    const listed = describeDiscovery(stats?.discovery, stats?.discoveryWhy);
    io.stdout(`${listed[0].toUpperCase()}${listed.slice(1)}.\n`);
  }
  if (stats) reportSkipped(io, stats);
  return 0;
}
