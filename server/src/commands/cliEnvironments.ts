// The environment list for a CLI command: --environments FILE, else GITLAB_FLAGS_ENVIRONMENTS.
// An empty or invalid list is a usage error (exit 2) with one line per problem.

import { resolve } from 'node:path';
import type { CliIo } from '../cliIo';
import { UsageError } from '../cliIo';
import type { Environment } from '../../../shared/gitlabModel';
import { EnvironmentConfigError, loadEnvironments } from '../gitlab/environments';

export function cliEnvironments(io: CliIo, file: string | undefined): Environment[] {
  let environments: Environment[];
  try {
    environments = loadEnvironments({ file: file ? resolve(io.cwd, file) : undefined, env: io.env });
  } catch (error) {
    if (error instanceof EnvironmentConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (environments.length === 0) {
    throw new UsageError('No environments configured: pass --environments FILE or set GITLAB_FLAGS_ENVIRONMENTS (see docs/environments.md).');
  }
  return environments;
}

/** `--env a,b` checked against the list; undefined when not given. */
export function chosenEnvironments(text: string | undefined, environments: readonly Environment[]): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !environments.some((environment) => environment.name === name));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown environment ${unknown.map((name) => `'${name}'`).join(', ')}; configured: ${environments.map((environment) => environment.name).join(', ')}.`);
  }
  return names;
}
