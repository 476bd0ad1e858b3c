// Phase timings for performance work: with GITLAB_FLAGS_TRACE=1 each phase of building an index
// prints its time since process start to stderr (worker threads too: the clock is the process's).
// Off by default, and cheap when off.

import { isMainThread } from 'node:worker_threads';
import { traceEnabled } from '../environmentVariables';

const enabled = traceEnabled();

export function trace(phase: string): void {
  if (enabled) process.stderr.write(`[trace${isMainThread ? '' : ' worker'}] ${(process.uptime() * 1000).toFixed(0).padStart(6)} ms  ${phase}\n`);
}
