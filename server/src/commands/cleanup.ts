// gitlab-flags cleanup: remove a flag from the codebase, keeping one behaviour. Prints a unified
// diff by default; --write applies it; --json lists edited and deleted files and manual items.
// With --write, `edited` and `deleted` are what was done; a file that could not be written stops
// the run with exit code 1, naming it, what was written before it, and what was not.
// With environments configured, production's live state is read first, and a kept behaviour that
// contradicts it is a warning (cleanup/liveState.ts). --housekeeper-patch writes the change as the
// .patch beside the definition that GitLab's housekeeper applies (cleanup/housekeeperPatch.ts).

import { resolve } from 'node:path';
import { applyCleanup, skipUnsafeTargets, type AppliedCleanup, type PlanContext } from '../cleanup/applyCleanup';
import { HOUSEKEEPER_TYPES, housekeeperPatch } from '../cleanup/housekeeperPatch';
import { liveStateWarnings, type LiveStates } from '../cleanup/liveState';
import { replaceFile } from '../cleanup/safeWrite';
import { UsageError } from '../cliIo';
import type { CliIo } from '../cliIo';
import { runCleanup } from '../features/cleanup';
import type { FlagIndex } from '../index/flagIndex';
import { INDEX_OPTIONS, parseCommandArgs } from './options';
import { loadRoot } from './loadRoot';
import { environmentsJson } from '../environmentVariables';

const USAGE =
  'Usage: gitlab-flags cleanup NAME --keep enabled|disabled [--write | --housekeeper-patch] [--json] [--root DIR]\n' +
  '                            [--environments FILE]\n' +
  '  --write               apply the change (default: print it as a diff)\n' +
  "  --housekeeper-patch   write it as <definition>.patch, which GitLab's housekeeper applies when it removes the flag\n" +
  "  --environments FILE   read production's live state from FILE (default: $GITLAB_FLAGS_ENVIRONMENTS) and warn\n" +
  '                        when the kept behaviour contradicts it\n';

export async function runCleanupCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...INDEX_OPTIONS,
    keep: { type: 'string' },
    write: { type: 'boolean', default: false },
    'housekeeper-patch': { type: 'boolean', default: false },
    environments: { type: 'string' },
  });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`cleanup takes exactly one flag name.\n${USAGE}`);
  if (values.keep !== 'enabled' && values.keep !== 'disabled') throw new UsageError(`--keep must be 'enabled' or 'disabled'.\n${USAGE}`);
  if (values.write && values['housekeeper-patch']) throw new UsageError(`--write and --housekeeper-patch exclude each other: the housekeeper applies the patch later.\n${USAGE}`);
  const workspace = await loadRoot(io, values);
  const flag = positionals[0];
  if (workspace.index.references(flag).length === 0 && workspace.index.definitions(flag).length === 0) {
    throw new UsageError(`no references to '${flag}' under ${workspace.root}.`, 1);
  }
  const keep = values.keep === 'enabled' ? 'enabled' : 'disabled';
  const context: PlanContext = { root: workspace.root, flag: workspace.index.displayName(flag), keep };
  // Production's state is read while the rewrites run; its warning comes before anything is written.
  const pendingWarnings = liveWarnings(io, values.environments, workspace.index, context.flag, keep);
  const output = skipUnsafeTargets(await runCleanup(workspace, flag, keep, (path) => workspace.readText(path)), context);
  const warnings = await pendingWarnings;
  for (const warning of warnings) io.stderr(`gitlab-flags: warning: ${warning}\n`);
  const relative = (path: string): string => workspace.relativePath(path);
  if (values['housekeeper-patch']) return writeHousekeeperPatch(io, workspace.index, context, output, warnings, relative, Boolean(values.json));
  const applied: AppliedCleanup | undefined = values.write ? applyCleanup(output, context) : undefined;
  const result = applied?.output ?? output;
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
          warnings,
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

/** Production's live state against the kept behaviour, when environments are configured; never refuses. */
async function liveWarnings(io: CliIo, file: string | undefined, index: FlagIndex, flag: string, keep: 'enabled' | 'disabled'): Promise<string[]> {
  if (file === undefined && environmentsJson(io.env) === undefined) return [];
  const { EnvironmentConfigError, loadEnvironments, TokenStore } = await import('../gitlab/environments');
  let environments;
  try {
    environments = loadEnvironments({ file: file ? resolve(io.cwd, file) : undefined, env: io.env });
  } catch (error) {
    if (!(error instanceof EnvironmentConfigError)) throw error;
    return [`cannot read live state, so whether keeping ${keep} matches production is not checked: ${error.message.replace(/\.$/, '')}`];
  }
  const { GitLabService } = await import('../gitlab/service');
  const { DEFAULT_TIMEOUT_MS } = await import('../gitlab/client');
  const definition = index.definitions(flag)[0];
  const service: LiveStates = new GitLabService({
    environments,
    tokens: new TokenStore(io.env),
    warn: (line) => io.stderr(`gitlab-flags: warning: ${line}\n`),
    lookupDefinition: (name) => (index.definitions(name)[0]),
  });
  return liveStateWarnings(service, flag, keep, definition?.defaultEnabled, DEFAULT_TIMEOUT_MS * 3 + 1000);
}

/** --housekeeper-patch: the change as the .patch beside the definition; nothing else is touched. */
function writeHousekeeperPatch(
  io: CliIo,
  index: FlagIndex,
  context: PlanContext,
  output: Awaited<ReturnType<typeof runCleanup>>,
  warnings: string[],
  relative: (path: string) => string,
  json: boolean,
): number {
  const definitions = index.definitions(context.flag);
  if (definitions.length !== 1) {
    throw new UsageError(
      definitions.length === 0
        ? `${context.flag} has no definition, so there is nothing for the housekeeper to remove.`
        : `${context.flag} is defined ${definitions.length} times (${definitions.map((found) => relative(found.file)).join(', ')}); the housekeeper treats each definition on its own: remove the duplicate first.`,
    );
  }
  const definition = definitions[0];
  for (const item of output.manual) io.stderr(`manual: ${relative(item.path)}:${item.line + 1}:${item.character + 1}: ${item.reason}\n`);
  for (const item of output.refused) io.stderr(`refused: ${relative(item.path)}: ${item.reason}\n`);
  if (output.refused.length > 0) {
    io.stderr('gitlab-flags: no patch written: the housekeeper would apply it without the refused files.\n');
    return 1;
  }
  if (definition.type && !HOUSEKEEPER_TYPES.includes(definition.type)) {
    io.stderr(`gitlab-flags: warning: the housekeeper only removes ${HOUSEKEEPER_TYPES.join(', ')} flags; it will not apply this patch for a flag of type ${definition.type}.\n`);
  }
  const command = `gitlab-flags cleanup ${context.flag} --keep ${context.keep} --housekeeper-patch`;
  const patch = housekeeperPatch(output, index.root, definition.file, command);
  const report = (path: string | null, files: string[]) => {
    if (json) {
      io.stdout(JSON.stringify({ flag: context.flag, keep: context.keep, housekeeperPatch: path, patched: files.map(relative), manual: output.manual.map((item) => ({ ...item, path: relative(item.path) })), refused: [], warnings }, null, 2) + '\n');
    }
  };
  if (!patch) {
    report(null, []);
    if (output.manual.length === 0) {
      if (!json) io.stdout(`Only the definition mentions ${context.flag}: the housekeeper needs no patch to remove it.\n`);
      return 0;
    }
    io.stderr(
      `gitlab-flags: no patch written: no file could be rewritten, and the ${output.manual.length} place(s) above need a person. ` +
        `Without a patch the housekeeper edits the files mentioning ${context.flag} with its AI editor instead.\n`,
    );
    return 1;
  }
  const failure = replaceFile(patch.path, patch.text, { root: index.root });
  if (failure) {
    io.stderr(`gitlab-flags: could not write ${relative(patch.path)}: ${'skipped' in failure ? failure.skipped : failure.failed}\n`);
    return 1;
  }
  if (!json) {
    io.stdout(`Wrote ${relative(patch.path)} (${patch.files.length} file${patch.files.length === 1 ? '' : 's'}). GitLab's housekeeper applies it when its delete_old_feature_flags keep removes ${context.flag}; make it again if those files change before then.\n`);
  }
  report(relative(patch.path), patch.files);
  return 0;
}
