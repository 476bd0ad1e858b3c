// gitlab-flags cleanup: remove a flag from the codebase, keeping one behaviour. Prints a unified
// diff by default; --write applies it; --json lists edited and deleted files and manual items.

import { mkdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
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
  const output = await runCleanup(workspace, flag, values.keep, (path) => workspace.readText(path));
  if (values.write) {
    for (const change of output.changes) {
      // Atomic per file: a crash never leaves half a file.
      mkdirSync(dirname(change.path), { recursive: true });
      const temporary = `${change.path}.gitlab-flags.tmp`;
      writeFileSync(temporary, change.after);
      renameSync(temporary, change.path);
    }
    for (const path of output.deletes) rmSync(path, { force: true });
  }
  const relative = (path: string): string => workspace.relativePath(path);
  if (values.json) {
    io.stdout(
      JSON.stringify(
        {
          flag: workspace.index.displayName(flag),
          keep: values.keep,
          written: values.write,
          edited: output.changes.map((change) => relative(change.path)),
          deleted: output.deletes.map(relative),
          manual: output.manual.map((item) => ({ ...item, path: relative(item.path) })),
          refused: output.refused.map((item) => ({ ...item, path: relative(item.path) })),
          commitMessage: output.commitMessage,
          checklist: output.checklist,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    if (!values.write) io.stdout((await import('../cleanup')).unifiedDiff(output, workspace.root));
    else io.stdout(`Edited ${output.changes.length} files, deleted ${output.deletes.length}.\n`);
    for (const item of output.manual) io.stderr(`manual: ${relative(item.path)}:${item.line + 1}:${item.character + 1}: ${item.reason}\n`);
    for (const item of output.refused) io.stderr(`refused: ${relative(item.path)}: ${item.reason}\n`);
    io.stderr(`\nCommit message:\n${output.commitMessage}\n\nThen:\n${output.checklist.map((step) => `- ${step}`).join('\n')}\n`);
  }
  return output.refused.length > 0 ? 1 : 0;
}
