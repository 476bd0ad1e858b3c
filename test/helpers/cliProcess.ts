// Runs dist/cli.js as a child process without blocking, so local GitLab instances in this same
// process keep answering while it runs (spawnSync would stall them).

import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const PROJECT = join(__dirname, '..', '..');

/** `env` is the whole environment of the child (plus PATH), so nothing leaks in from the test runner. */
export function runCli(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<CliRun> {
  const child = spawn(process.execPath, [join(PROJECT, 'dist', 'cli.js'), ...args], { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}
