// gitlab-flags lint: every problem in the tree; exits 1 when any is an error.

import type { CliIo } from '../cliIo';
import { newestMilestone, problemsForFile } from '../features/problems';
import { INDEX_OPTIONS, parseCommandArgs, reportSkipped } from './options';
import { loadRoot } from './loadRoot';

export interface LintRow {
  kind: string;
  flag?: string;
  path?: string;
  line?: number;
  character?: number;
  message: string;
  severity: string;
}

export async function runLint(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...INDEX_OPTIONS, 'current-milestone': { type: 'string' } });
  if (values.help) {
    io.stdout('Usage: gitlab-flags lint [--root DIR] [--json] [--current-milestone 17.10] [--no-cache] [--cache-dir DIR]\n');
    return 0;
  }
  const workspace = await loadRoot(io, values);
  const { index } = workspace;
  const currentMilestone = values['current-milestone'] ?? newestMilestone(index.allDefinitions());
  const rows: LintRow[] = [];
  const seenGroups = new Set<string>();
  for (const path of [...index.paths()].sort()) {
    for (const problem of problemsForFile({ index, currentMilestone }, path)) {
      if (problem.group) {
        if (seenGroups.has(problem.group)) continue;
        seenGroups.add(problem.group);
      }
      rows.push({
        kind: problem.kind,
        ...(problem.flag ? { flag: problem.flag } : {}),
        path: workspace.relativePath(problem.file),
        line: problem.range.start.line,
        character: problem.range.start.character,
        message: problem.message,
        severity: problem.severity,
      });
    }
  }
  if (values.json) io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else {
    for (const row of rows) io.stdout(`${row.path}:${(row.line ?? 0) + 1}:${(row.character ?? 0) + 1}: ${row.severity} [${row.kind}] ${row.message}\n`);
    const errors = rows.filter((row) => row.severity === 'error').length;
    io.stdout(`${rows.length} problem${rows.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'})\n`);
  }
  if (workspace.stats) reportSkipped(io, workspace.stats);
  return rows.some((row) => row.severity === 'error') ? 1 : 0;
}
