// Extinct flags: set on a GitLab environment (persisted in its Flipper table) but with no YAML
// definition and no reference anywhere in the working tree. They are what a cleanup leaves behind
// and exactly what `/chatops run feature delete` is for. The index reflects the working tree, so a
// flag whose YAML and references were just removed (not yet committed) already counts.

import type { FlagIndex } from '../index/flagIndex';
import type { ExtinctFlag } from '../../../shared/protocol';
import type { FeatureState } from '../../../shared/gitlabModel';
import { featureInWords } from '../../../shared/stateWording';
import { flagKey } from '../flags/naming';

export interface ExtinctRow {
  flag: string;
  environment: string;
  /** GitLab's state in words: "on", "off", "25% of actors"… */
  state: string;
}

export interface ExtinctResult {
  /** One row per flag and environment, by flag, then in the environment list's order. */
  rows: ExtinctRow[];
  /** Environments that could not be read, one line each: their rows are missing. */
  errors: string[];
}

/**
 * `persisted`: each environment's persisted flags (or why it could not be read), in the
 * environment list's order. A name that a dynamic flag name in the code could produce
 * (`run_sidekiq_jobs_Foo::BarWorker` for "run_sidekiq_jobs_#{…}") is still in use, not extinct.
 */
export function extinctFlags(indexes: readonly FlagIndex[], persisted: Record<string, { features?: FeatureState[]; error?: string }>): ExtinctResult {
  const prefixes = indexes.flatMap((index) => index.dynamicPrefixes());
  const known = (name: string): boolean => {
    const key = flagKey(name);
    if (indexes.some((index) => index.hasReferences(key) || index.definitions(name).length > 0)) return true;
    return prefixes.some((prefix) => name.startsWith(prefix));
  };
  const rows: ExtinctRow[] = [];
  const errors: string[] = [];
  const order = Object.keys(persisted);
  for (const [environment, { features, error }] of Object.entries(persisted)) {
    if (error !== undefined) {
      errors.push(error);
      continue;
    }
    for (const feature of features ?? []) if (!known(feature.name)) rows.push({ flag: feature.name, environment, state: featureInWords(feature) });
  }
  rows.sort((a, b) => a.flag.localeCompare(b.flag) || order.indexOf(a.environment) - order.indexOf(b.environment));
  return { rows, errors };
}

/** The rows grouped per flag, with the chatops delete for every environment where it is set. */
export function groupExtinct(rows: readonly ExtinctRow[], chatopsFor: (flag: string, environments: string[]) => string): ExtinctFlag[] {
  const byFlag = new Map<string, ExtinctFlag>();
  for (const row of rows) {
    let entry = byFlag.get(row.flag);
    if (!entry) byFlag.set(row.flag, (entry = { flag: row.flag, environments: [], chatops: '' }));
    entry.environments.push({ environment: row.environment, state: row.state });
  }
  for (const entry of byFlag.values()) entry.chatops = chatopsFor(entry.flag, entry.environments.map((item) => item.environment));
  return [...byFlag.values()];
}
