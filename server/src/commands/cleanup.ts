// gitlab-flags cleanup: remove a flag from the codebase, keeping one behaviour. Prints a unified
// diff by default; --write applies it; --json lists edited and deleted files and manual items.
// With --write, `edited` and `deleted` are what was done; a file that could not be written stops
// the run with exit code 1, naming it, what was written before it, and what was not.

import { applyCleanup, skipUnsafeTargets, type AppliedCleanup, type PlanContext } from '../cleanup/applyCleanup';
import { UsageError } from '../cliIo';
import type { CliIo } from '../cliIo';
import { runCleanup } from '../features/cleanup';
import { INDEX_OPTIONS, parseCommandArgs } from './options';
import { loadRoot } from './loadRoot';

const USAGE = 'Usage: gitlab-flags cleanup NAME --keep enabled|disabled [--write] [--json] [--root DIR]\n';

export async function runCleanupCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...INDEX_OPTIONS, keep: { type: 'string' }, write: { type: 'boolean', default: false } });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`cleanup takes exactly one flag name.\n${USAGE}`);
  if (values.keep !== 'enabled' && values.keep !== 'disabled') throw new UsageError(`--keep must be 'enabled' or 'disabled'.\n${USAGE}`);
  const workspace = await loadRoot(io, values);
  const flag = positionals[0];
  if (workspace.index.references(flag).length === 0 && workspace.index.definitions(flag).length === 0) {
    throw new UsageError(`no references to '${flag}' under ${workspace.root}.`, 1);
  }
  const keep = values.keep === 'enabled' ? 'enabled' : 'disabled';
  const context: PlanContext = { root: workspace.root, flag: workspace.index.displayName(flag), keep };
  const output = skipUnsafeTargets(await runCleanup(workspace, flag, keep, (path) => workspace.readText(path)), context);
  const applied: AppliedCleanup | undefined = values.write ? applyCleanup(output, context) : undefined;
  const result = applied?.output ?? output;
  const relative = (path: string): string => workspace.relativePath(path);
  if (values.json) {
    io.stdout(
      JSON.stringify(
        {
          flag: workspace.index.displayName(flag),
          keep,
          // True only when --write was given and every planned change was made.
          written: applied !== undefined && applied.failed === undefined,
          edited: (applied?.written ?? result.changes.map((change) => change.path)).map(relative),
          deleted: (applied?.deleted ?? result.deletes).map(relative),
          manual: result.manual.map((item) => ({ ...item, path: relative(item.path) })),
          refused: result.refused.map((item) => ({ ...item, path: relative(item.path) })),
          failed: applied?.failed ? { path: relative(applied.failed.path), reason: applied.failed.reason } : null,
          notWritten: (applied?.notWritten ?? []).map((item) => ({ path: relative(item.path), action: item.action })),
          commitMessage: result.commitMessage,
          checklist: result.checklist,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    if (!applied) io.stdout((await import('../cleanup')).unifiedDiff(result, workspace.root));
    else io.stdout(`Edited ${applied.written.length} files, deleted ${applied.deleted.length}.\n`);
    for (const item of result.manual) io.stderr(`manual: ${relative(item.path)}:${item.line + 1}:${item.character + 1}: ${item.reason}\n`);
    for (const item of result.refused) io.stderr(`refused: ${relative(item.path)}: ${item.reason}\n`);
    if (!applied?.failed) io.stderr(`\nCommit message:\n${result.commitMessage}\n\nThen:\n${result.checklist.map((step) => `- ${step}`).join('\n')}\n`);
  }
  if (applied?.failed) io.stderr(failureReport(applied, relative));
  return result.refused.length > 0 || applied?.failed ? 1 : 0;
}

/** What a failed --write did and did not do, and how to finish. */
function failureReport(applied: AppliedCleanup, relative: (path: string) => string): string {
  const failed = applied.failed!;
  const done = [...applied.written, ...applied.deleted].map(relative);
  const lines = [
    `gitlab-flags: could not ${applied.notWritten[0]?.action === 'delete' ? 'delete' : 'write'} ${relative(failed.path)}: ${failed.reason}; stopped there.`,
    `Written before it: ${done.length > 0 ? done.join(', ') : 'nothing'}.`,
    `Not written: ${applied.notWritten.map((item) => `${relative(item.path)}${item.action === 'delete' ? ' (delete)' : ''}`).join(', ')}.`,
    'Fix the cause and run the same command again to finish: it plans from the files as they are now.',
  ];
  return `${lines.join('\n')}\n`;
}
