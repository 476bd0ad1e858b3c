// Runs the built CLI as a user would, capturing its output and exit code.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT } from './lspClient';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [join(PROJECT, 'dist/cli.js'), ...args], {
    cwd: options.cwd ?? PROJECT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    // refs --json on a GitLab-sized tree is tens of megabytes.
    maxBuffer: 1024 * 1024 * 1024,
    input: options.input ?? '',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
