// Phase timings for performance work: with GITLAB_FLAGS_TRACE=1 each phase of building an index
// prints its time since process start to stderr. Off by default, and cheap when off.

const enabled = process.env.GITLAB_FLAGS_TRACE === '1';

export function trace(phase: string): void {
  if (enabled) process.stderr.write(`[trace] ${performance.now().toFixed(0).padStart(6)} ms  ${phase}\n`);
}
