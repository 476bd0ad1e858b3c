// Live state per environment: one GET /features per environment, cached for a TTL, with at most
// one fetch in flight per environment. Readers never wait longer than they ask to, and an
// unreachable environment only ever affects its own column.

import type { Environment, EnvironmentFlagState, FeatureState } from '../../../shared/gitlabModel';
import { GitLabError } from './errors';

export const DEFAULT_TTL_MS = 60_000;
/** A failed fetch is retried on demand after this, so a dead host is not hammered by every hover. */
const FAILURE_TTL_MS = 10_000;

interface Entry {
  features?: Map<string, FeatureState>;
  fetchedAt?: number;
  error?: string;
  failedAt?: number;
  inFlight?: Promise<void>;
  /** Bumped by invalidate() so a fetch started before a write cannot store pre-write data as fresh. */
  generation: number;
}

export interface StateCacheOptions {
  environments: readonly Environment[];
  fetchFeatures: (environment: Environment) => Promise<FeatureState[]>;
  ttlMs?: number;
  now?: () => number;
  /** Called after each fetch (success or failure) with the environment's name. */
  onFetched?: (environment: string) => void;
}

export interface EnvironmentReachability {
  reachability: 'reachable' | 'unreachable' | 'unknown';
  message?: string;
  fetchedAt?: number;
}

export class StateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: StateCacheOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.now = options.now ?? Date.now;
    for (const environment of options.environments) this.entries.set(environment.name, { generation: 0 });
  }

  /**
   * The flag's state on each environment (all of them, or `only`). Fresh cache answers at once;
   * otherwise waits at most maxWaitMs for the fetches, then reports what it has.
   */
  async states(flag: string, defaultEnabled: boolean | undefined, { maxWaitMs, only }: { maxWaitMs: number; only?: readonly string[] }): Promise<Record<string, EnvironmentFlagState>> {
    const environments = this.options.environments.filter((environment) => !only || only.includes(environment.name));
    const pending = environments.map((environment) => this.ensureFresh(environment)).filter((promise): promise is Promise<void> => promise !== undefined);
    if (pending.length > 0) await waitAtMost(Promise.all(pending), maxWaitMs);
    const result: Record<string, EnvironmentFlagState> = {};
    for (const environment of environments) result[environment.name] = this.stateNow(environment.name, flag, defaultEnabled);
    return result;
  }

  /** What the cache knows right now, without fetching. */
  stateNow(environment: string, flag: string, defaultEnabled: boolean | undefined): EnvironmentFlagState {
    const entry = this.entries.get(environment);
    if (!entry) return { status: 'unknown', reason: `no environment named '${environment}'` };
    if (entry.error !== undefined && (entry.fetchedAt === undefined || (entry.failedAt ?? 0) >= entry.fetchedAt)) {
      return { status: 'unknown', reason: entry.error, fetchedAt: entry.failedAt };
    }
    if (!entry.features || entry.fetchedAt === undefined) return { status: 'unknown', reason: `${environment} still fetching` };
    const feature = entry.features.get(flag);
    if (feature) return { status: 'set', feature, fetchedAt: entry.fetchedAt };
    return { status: 'default', defaultEnabled: defaultEnabled ?? false, fetchedAt: entry.fetchedAt };
  }

  /**
   * Every flag persisted on each environment (all, or `only`), fetching what is not fresh and
   * waiting at most maxWaitMs; an environment that could not be read carries its error instead.
   */
  async persisted({ maxWaitMs, only }: { maxWaitMs: number; only?: readonly string[] }): Promise<Record<string, { features?: FeatureState[]; error?: string }>> {
    const environments = this.options.environments.filter((environment) => !only || only.includes(environment.name));
    const pending = environments.map((environment) => this.ensureFresh(environment)).filter((promise): promise is Promise<void> => promise !== undefined);
    if (pending.length > 0) await waitAtMost(Promise.all(pending), maxWaitMs);
    const result: Record<string, { features?: FeatureState[]; error?: string }> = {};
    for (const environment of environments) {
      const entry = this.entries.get(environment.name) as Entry;
      const state = this.stateNow(environment.name, '', false);
      if (state.status === 'unknown') result[environment.name] = { error: state.reason };
      else result[environment.name] = { features: [...(entry.features?.values() ?? [])] };
    }
    return result;
  }

  /** Fetches again now (all environments, or the named ones) and waits for the result. */
  async refresh(names?: readonly string[]): Promise<void> {
    const environments = this.options.environments.filter((environment) => !names || names.includes(environment.name));
    await Promise.all(environments.map((environment) => this.fetch(environment, true)));
  }

  /** Marks an environment stale (after a write or a token change); the next read fetches again. */
  invalidate(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.generation++;
    entry.fetchedAt = undefined;
    entry.failedAt = undefined;
    entry.error = undefined;
    entry.inFlight = undefined;
  }

  reachability(name: string): EnvironmentReachability {
    const entry = this.entries.get(name);
    if (!entry || (entry.fetchedAt === undefined && entry.error === undefined)) return { reachability: 'unknown' };
    if (entry.error !== undefined && (entry.fetchedAt === undefined || (entry.failedAt ?? 0) >= entry.fetchedAt)) {
      return { reachability: 'unreachable', message: entry.error, fetchedAt: entry.failedAt };
    }
    return { reachability: 'reachable', fetchedAt: entry.fetchedAt };
  }

  private ensureFresh(environment: Environment): Promise<void> | undefined {
    const entry = this.entries.get(environment.name) as Entry;
    const now = this.now();
    if (entry.inFlight) return entry.inFlight;
    const failedRecently = entry.failedAt !== undefined && now - entry.failedAt < Math.min(this.ttlMs, FAILURE_TTL_MS) && (entry.fetchedAt === undefined || entry.failedAt >= entry.fetchedAt);
    if (failedRecently) return undefined;
    if (entry.fetchedAt !== undefined && now - entry.fetchedAt < this.ttlMs) return undefined;
    return this.fetch(environment, false);
  }

  private fetch(environment: Environment, force: boolean): Promise<void> {
    const entry = this.entries.get(environment.name) as Entry;
    if (entry.inFlight && !force) return entry.inFlight;
    const generation = entry.generation;
    const promise = this.options
      .fetchFeatures(environment)
      .then(
        (features) => {
          if (entry.generation !== generation) return;
          entry.features = new Map(features.map((feature) => [feature.name, feature]));
          entry.fetchedAt = this.now();
          entry.error = undefined;
        },
        (error: unknown) => {
          if (entry.generation !== generation) return;
          entry.error = error instanceof GitLabError ? error.message : `${environment.name}: ${(error as Error)?.message ?? String(error)}`;
          entry.failedAt = this.now();
        },
      )
      .finally(() => {
        if (entry.inFlight === promise) entry.inFlight = undefined;
        this.options.onFetched?.(environment.name);
      });
    entry.inFlight = promise;
    return promise;
  }
}

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
export async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))]);
  clearTimeout(timer);
}
