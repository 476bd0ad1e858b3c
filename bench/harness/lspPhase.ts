// One language-server session on the tree: time to ready, request latencies at planted
// reference positions, didChange-to-diagnostics on a large file, and peak memory.

import { join } from 'node:path';
import type { Manifest, ManifestReference } from '../generator/manifest';
import { Random } from '../generator/random';
import { BenchLspClient } from './lspClient';
import { percentile } from './stats';

export const REQUEST_METHODS = ['hover', 'definition', 'references', 'completion'] as const;
export type RequestMethod = (typeof REQUEST_METHODS)[number];

export interface LspPhaseResult {
  readyMs: number;
  /** A second server on the same storage: a warm start from the cache the first one saved. */
  warmReadyMs: number;
  latency: Record<RequestMethod, { p50: number; p95: number }>;
  didChange: { median: number; p95: number; samples: number; error?: string; file?: string };
  peakRssBytes: number;
}

const DIDCHANGE_ROUNDS = 20;

export async function runLspPhase(options: {
  serverJs: string;
  tree: string;
  storagePath: string;
  manifest: Manifest;
  requests: number;
  seed: number;
  round: number;
}): Promise<LspPhaseResult> {
  const { tree, manifest } = options;
  const rng = new Random(options.seed * 1000 + options.round);
  const started = performance.now();
  const client = await BenchLspClient.start(options.serverJs, tree, options.storagePath);
  let measured: Omit<LspPhaseResult, 'warmReadyMs'>;
  try {
    await client.waitUntilReady();
    const readyMs = performance.now() - started;

    const positions: ManifestReference[] = [];
    for (let i = 0; i < options.requests; i++) positions.push(rng.pick(manifest.references));
    for (const ref of positions) client.open(join(tree, ref.path));
    // A round trip after the opens, so the requests below are not queued behind them.
    await client.timedRequest('textDocument/hover', join(tree, positions[0].path), positions[0].line, positions[0].character);

    const latency = {} as LspPhaseResult['latency'];
    for (const method of REQUEST_METHODS) {
      const samples: number[] = [];
      for (const ref of positions) {
        const character = ref.character + Math.floor((ref.endCharacter - ref.character) / 2);
        samples.push(await client.timedRequest(`textDocument/${method}`, join(tree, ref.path), ref.line, character));
      }
      latency[method] = { p50: percentile(samples, 50), p95: percentile(samples, 95) };
    }

    const didChange = await measureDidChange(client, tree, manifest, options.round);
    const peakRssBytes = client.peakRssBytes() ?? NaN;
    measured = { readyMs, latency, didChange, peakRssBytes };
  } finally {
    await client.stop();
  }
  return { ...measured, warmReadyMs: await measureReady(options.serverJs, tree, options.storagePath) };
}

/** Spawn to index ready, for a server whose storage already holds the cache. */
async function measureReady(serverJs: string, tree: string, storagePath: string): Promise<number> {
  const started = performance.now();
  const client = await BenchLspClient.start(serverJs, tree, storagePath);
  try {
    await client.waitUntilReady();
    return performance.now() - started;
  } finally {
    await client.stop();
  }
}

/** Alternately adds and removes a reference to an undefined flag, so each change changes the diagnostics. */
async function measureDidChange(client: BenchLspClient, tree: string, manifest: Manifest, round: number): Promise<LspPhaseResult['didChange']> {
  const large = [...manifest.largeFiles].filter((f) => f.path.endsWith('.rb')).sort((a, b) => b.references - a.references)[0];
  if (!large) return { median: NaN, p95: NaN, samples: 0, error: 'the tree has no large Ruby file with references' };
  const path = join(tree, large.path);
  client.open(path);
  await client.timedRequest('textDocument/hover', path, 0, 0);
  const at = { line: large.statementLine, character: 0 };
  const samples: number[] = [];
  try {
    for (let i = 0; i < DIDCHANGE_ROUNDS; i++) {
      const adding = i % 2 === 0;
      const line = `${large.indent}return unless Feature.enabled?(:bench_undefined_flag_${round}_${i}, project)\n`;
      samples.push(
        adding
          ? await client.timedChange(path, { start: at, end: at }, line, 5000)
          : await client.timedChange(path, { start: at, end: { line: at.line + 1, character: 0 } }, '', 5000),
      );
    }
  } catch (error) {
    return { median: NaN, p95: NaN, samples: samples.length, error: (error as Error).message, file: `${large.path} (${large.lines} lines)` };
  }
  return { median: percentile(samples, 50), p95: percentile(samples, 95), samples: samples.length, file: `${large.path} (${large.lines} lines)` };
}
