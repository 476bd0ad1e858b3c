// gitlab-flags lint: every problem in the tree, one line each (or JSON). Exits 1 when any is an
// error, or when there are more warnings than --max-warnings allows (as ESLint does).

import type { CliIo } from '../cliIo';
import { UsageError } from '../cliIo';
import { newestMilestone, problemsForFile } from '../features/problems';
import { countBySeverity, describeCounts } from '../features/severity';
import type { LiveStateSource } from '../features/liveState';
import type { ProblemKind } from '../flags/model';
import type { FlagIndex } from '../index/flagIndex';
import { INDEX_OPTIONS, parseCommandArgs, reportSkipped, SEVERITY_OPTION, severityFromArguments } from './options';
import { loadRoot } from './loadRoot';

export interface LintRow {
  kind: string;
  flag?: string;
  path?: string;
  line?: number;
  character?: number;
  message: string;
  severity: string;
  /** The other places of a problem reported once (other reads, other uses, other definitions). */
  related?: { path: string; line: number; character: number; message: string }[];
}

const USAGE = `Usage: gitlab-flags lint [--root DIR] [--json] [--severity KIND=LEVEL]... [--max-warnings N]
                         [--current-milestone 17.10] [--live | --environments FILE] [--no-cache] [--cache-dir DIR]

  --severity KIND=LEVEL   LEVEL is error, warning, information, hint or off (repeatable)
  --max-warnings N        exit 1 when there are more than N warnings
  --live                  read live state from $GITLAB_FLAGS_ENVIRONMENTS (or --environments FILE),
                          to tell flags on in every environment ('ready-to-remove') from stale ones
`;

export async function runLint(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...INDEX_OPTIONS,
    ...SEVERITY_OPTION,
    'current-milestone': { type: 'string' },
    'max-warnings': { type: 'string' },
    live: { type: 'boolean', default: false },
    environments: { type: 'string' },
  });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const severity = severityFromArguments(values.severity);
  const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) throw new UsageError(`--max-warnings must be a whole number of 0 or more, not '${values['max-warnings']}'.`);
  const workspace = await loadRoot(io, values);
  const { index } = workspace;
  const currentMilestone = values['current-milestone'] ?? newestMilestone(index.allDefinitions());
  const liveState = values.live || values.environments !== undefined ? await readLiveState(io, index, values.environments) : undefined;
  const rows: LintRow[] = [];
  const byKind: Partial<Record<ProblemKind, number>> = {};
  for (const path of [...index.paths()].sort()) {
    for (const problem of problemsForFile({ index, currentMilestone, severity, liveState }, path)) {
      byKind[problem.kind] = (byKind[problem.kind] ?? 0) + 1;
      rows.push({
        kind: problem.kind,
        ...(problem.flag ? { flag: problem.flag } : {}),
        path: workspace.relativePath(problem.file),
        line: problem.range.start.line,
        character: problem.range.start.character,
        message: problem.message,
        severity: problem.severity,
        ...(problem.related
          ? { related: problem.related.map((place) => ({ path: workspace.relativePath(place.file), line: place.range.start.line, character: place.range.start.character, message: place.message })) }
          : {}),
      });
    }
  }
  const counts = countBySeverity(byKind, severity);
  if (values.json) io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else {
    for (const row of rows) io.stdout(`${row.path}:${(row.line ?? 0) + 1}:${(row.character ?? 0) + 1}: ${row.severity} [${row.kind}] ${row.message}\n`);
    io.stdout(`${describeCounts(counts)}\n`);
  }
  if (workspace.stats) reportSkipped(io, workspace.stats);
  const tooManyWarnings = maxWarnings !== undefined && counts.warnings > maxWarnings;
  if (tooManyWarnings) io.stderr(`gitlab-flags: too many warnings (${counts.warnings}; --max-warnings ${maxWarnings}).\n`);
  return counts.errors > 0 || tooManyWarnings ? 1 : 0;
}

/**
 * Every configured environment's flags, read once, for stale vs ready-to-remove. An environment
 * that cannot be read leaves live state unknown (the definitions alone decide), and is named.
 */
async function readLiveState(io: CliIo, index: FlagIndex, file: string | undefined): Promise<LiveStateSource | undefined> {
  const { resolve } = await import('node:path');
  const { EnvironmentConfigError, loadEnvironments, TokenStore } = await import('../gitlab/environments');
  const { GitLabService } = await import('../gitlab/service');
  const { liveStatesFrom } = await import('../features/liveState');
  let environments;
  try {
    environments = loadEnvironments({ file: file ? resolve(io.cwd, file) : undefined, env: io.env });
  } catch (error) {
    if (error instanceof EnvironmentConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (environments.length === 0) throw new UsageError('--live: no environments configured: pass --environments FILE or set GITLAB_FLAGS_ENVIRONMENTS (see docs/environments.md).');
  const service = new GitLabService({ environments, tokens: new TokenStore(io.env), lookupDefinition: (name) => index.definitions(name)[0] });
  await service.refresh().catch(() => undefined);
  // NOTE: any flag will do to learn whether each environment was read: the list is per environment.
  const probe = service.statesNow('gitlab_flags_probe', undefined);
  for (const [name, state] of Object.entries(probe)) {
    if (state.status === 'unknown') io.stderr(`gitlab-flags: live state unknown on ${name} (${state.reason}); stale flags are judged by their definitions alone.\n`);
  }
  return liveStatesFrom(service);
}
