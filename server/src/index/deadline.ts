// A per-file time budget for the scanners. Hostile or generated files (a 5 MB line of
// `glFeatures: {`) can make the bounded look-aheads add up to minutes; past the budget the file
// is skipped and reported as 'timeout' instead of stalling the whole index.

import { scanTimeoutMs } from '../environmentVariables';

/** Thrown by Deadline.tick once the budget is spent; readAndScan turns it into a skip. */
export class ScanTimeout extends Error {
  constructor(readonly budgetMs: number) {
    super(`scanning took longer than ${budgetMs} ms`);
    this.name = 'ScanTimeout';
  }
}

export const DEFAULT_SCAN_TIMEOUT_MS = 3000;

// NOTE: reading the clock costs about as much as one cheap match; checking every 16 matches keeps
// the overhead invisible while the worst overshoot stays at 16 bounded look-aheads (a few ms).
const CHECK_EVERY = 16;

export class Deadline {
  private countdown = CHECK_EVERY;
  private readonly at: number;

  constructor(readonly budgetMs: number) {
    this.at = budgetMs === Infinity ? Infinity : performance.now() + budgetMs;
  }

  /** Called once per regex match in the scanners' loops. */
  tick(): void {
    if (--this.countdown > 0) return;
    this.countdown = CHECK_EVERY;
    if (performance.now() > this.at) throw new ScanTimeout(this.budgetMs);
  }
}

/** A deadline that never expires, for callers that scan trusted text (tests, small buffers). */
export const NO_DEADLINE = new Deadline(Infinity);

/** The budget: GITLAB_FLAGS_SCAN_TIMEOUT_MS when set to a positive number, else the default. */
export function scanTimeoutFromEnvironment(env: NodeJS.ProcessEnv = process.env): number {
  return scanTimeoutMs(env) ?? DEFAULT_SCAN_TIMEOUT_MS;
}
