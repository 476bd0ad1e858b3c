// Run counts and the seed for every property test. CI uses a fixed seed and small counts so
// `npm test` is repeatable; `npm run fuzz` raises the counts (FUZZ_RUNS) and may vary the seed
// (FUZZ_SEED). A failure prints the seed and path, so it can be replayed exactly.

import type { Parameters } from 'fast-check';

export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 424242;

/** True under `npm run fuzz`: long loops (load, memory) use their long settings. */
export const LONG_RUN = process.env.FUZZ_LONG === '1';

/** The CI count, or FUZZ_RUNS scaled by the property's weight (a slow property has weight < 1). */
export function runs(ciRuns: number, weight = 1): number {
  const configured = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(configured) && configured > 0 ? Math.max(1, Math.round(configured * weight)) : ciRuns;
}

export function params<T>(ciRuns: number, weight = 1): Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: runs(ciRuns, weight), endOnFailure: true };
}
