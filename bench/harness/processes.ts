// Runs a command to completion and measures its wall time, process start included.
// stdout is piped and discarded rather than sent to /dev/null: ripgrep notices /dev/null
// and stops at the first match, which would make its time meaningless.

import { spawn } from 'node:child_process';

export interface TimedRun {
  ms: number;
  stdout: string;
}

export function timeCommand(command: string, args: string[], options: { okCodes?: number[]; keepStdout?: boolean } = {}): Promise<TimedRun> {
  const okCodes = options.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (options.keepStdout) out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 4000) err += chunk.toString();
    });
    child.on('error', (error) => reject(new Error(`could not start ${command}: ${error.message}`)));
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== null && okCodes.includes(code)) resolve({ ms, stdout: Buffer.concat(out).toString() });
      else reject(new Error(`'${[command, ...args].join(' ')}' exited with ${code}: ${err.trim().split('\n')[0] ?? ''}`));
    });
  });
}
