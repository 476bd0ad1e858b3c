// Options shared by the index commands (scan, refs, lint, cleanup).

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../cliIo';
import type { CliIo } from '../cliIo';
import type { BuildStats } from '../index/buildIndex';
import { describeDiscovery } from '../index/discover';
import { severityMap, severityOverridesFromArguments, type SeverityMap } from '../features/severity';

export const INDEX_OPTIONS = {
  root: { type: 'string' },
  json: { type: 'boolean', default: false },
  'no-cache': { type: 'boolean', default: false },
  'cache-dir': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

/** `--severity kind=level`, repeatable (lint and scan). */
export const SEVERITY_OPTION = { severity: { type: 'string', multiple: true } } as const;

/** The severity map the command line asks for, over the defaults. */
export function severityFromArguments(values: string[] | undefined): SeverityMap {
  try {
    return severityMap(severityOverridesFromArguments(values ?? []));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

type CommandOptions = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends CommandOptions>(
  argv: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
}

/** The root as an absolute path, checked to be a readable directory. */
export function resolveRoot(io: CliIo, root: string | undefined): string {
  const absolute = resolve(io.cwd, root ?? '.');
  let isDirectory = false;
  try {
    isDirectory = statSync(absolute).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `--root ${root ?? absolute}: no such directory.` : `--root ${root ?? absolute}: cannot read it (${code}).`);
  }
  if (!isDirectory) throw new UsageError(`--root ${root}: not a directory.`);
  return absolute;
}

const REASONS: Record<string, string> = {
  binary: 'binary',
  'too-large': 'larger than 5 MB',
  unreadable: 'unreadable',
  'not-utf8': 'not UTF-8',
  timeout: 'took too long to scan',
};

/** One line per skipped file (at most a few), so a user learns why a file was not indexed. */
export function reportSkipped(io: CliIo, stats: BuildStats): void {
  const count = stats.skipped.binary + stats.skipped['too-large'] + stats.skipped.unreadable + stats.skipped['not-utf8'] + (stats.skipped.timeout ?? 0);
  if (count === 0) return;
  const listed = stats.skippedFiles.map((file) => `${file.path} (${REASONS[file.reason] ?? file.reason}${file.detail ? `: ${file.detail}` : ''})`);
  io.stderr(`gitlab-flags: skipped ${count} file${count === 1 ? '' : 's'}: ${listed.slice(0, 5).join(', ')}${count > 5 ? ', …' : ''}\n`);
}

/** A root with nothing to index is almost always a mistake (wrong --root, a listing gone wrong): say so. */
export function warnIfEmpty(io: CliIo, root: string, stats: BuildStats | undefined): void {
  if (!stats || stats.files > 0) return;
  io.stderr(`gitlab-flags: warning: no files to index under ${root}; ${describeDiscovery(stats.discovery, stats.discoveryWhy)}.\n`);
}
