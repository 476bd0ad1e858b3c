// gitlab-flags extinct: flags still set on a GitLab environment that the working tree no longer
// defines or references, i.e. what needs `/chatops run feature delete` after a cleanup.

import type { CliIo } from '../cliIo';
import { UsageError } from '../cliIo';
import { TokenStore } from '../gitlab/environments';
import { chosenEnvironments, cliEnvironments } from './cliEnvironments';
import { GitLabService } from '../gitlab/service';
import { DEFAULT_TIMEOUT_MS } from '../gitlab/client';
import { chatopsLine } from '../gitlab/chatops';
import { extinctFlags, groupExtinct } from '../features/extinct';
import { INDEX_OPTIONS, parseCommandArgs, reportSkipped } from './options';
import { loadRoot } from './loadRoot';

const USAGE = `Usage: gitlab-flags extinct [--env a,b] [--json] [--root DIR] [--environments FILE]

Lists flags set on a configured environment that have no YAML definition and no reference under
--root (the working tree, uncommitted changes included): what is left to delete after a cleanup.
--json prints [{ "flag", "environment", "state" }], one row per flag and environment.
Exit 1 when an environment could not be read (its rows are missing).
`;

export async function runExtinct(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...INDEX_OPTIONS, env: { type: 'string' }, environments: { type: 'string' } });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`extinct takes no flag names.\n${USAGE}`);
  const environments = cliEnvironments(io, values.environments);
  const only = chosenEnvironments(values.env, environments);
  const workspace = await loadRoot(io, values);
  const service = new GitLabService({
    environments,
    tokens: new TokenStore(io.env),
    warn: (line) => io.stderr(`gitlab-flags: warning: ${line}\n`),
    lookupDefinition: () => undefined,
  });
  const persisted = await service.persisted(DEFAULT_TIMEOUT_MS * 3 + 1000, only);
  const { rows, errors } = extinctFlags([workspace.index], persisted);
  if (values.json) io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else if (rows.length === 0 && errors.length === 0) io.stdout('No extinct flags: every flag set on GitLab is defined or referenced in the working tree.\n');
  else {
    const width = Math.max(0, ...rows.map((row) => row.flag.length));
    const environmentWidth = Math.max(0, ...rows.map((row) => row.environment.length));
    for (const row of rows) io.stdout(`${row.flag.padEnd(width)}  ${row.environment.padEnd(environmentWidth)}  ${row.state}\n`);
    // One delete per flag, on every environment where it is set: the lines to run after review.
    const flags = groupExtinct(rows, (flag, names) => chatopsLine({ flag, environments: names, operation: 'delete' }, environments));
    if (flags.length > 0) io.stdout('\nTo delete them (or the chatops line under each):\n');
    for (const entry of flags) {
      io.stdout(`  gitlab-flags delete ${entry.flag} --env ${entry.environments.map((item) => item.environment).join(',')}\n    ${entry.chatops}\n`);
    }
  }
  for (const error of errors) io.stderr(`gitlab-flags: ${error.replace(/\.$/, '')}; its extinct flags are not listed.\n`);
  if (workspace.stats) reportSkipped(io, workspace.stats);
  return errors.length > 0 ? 1 : 0;
}
