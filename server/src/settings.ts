// The `gitlabFlags.*` settings as one typed shape, with every default in one place.
// Adding a setting: package.json contribution, this type, from() default, README (see docs/architecture.md).

import type { Environment } from '../../shared/gitlabModel';
import type { ProblemKind } from './flags/model';
import { severityOverridesFrom, type SeverityLevel } from './features/severity';

export interface Settings {
  environments: unknown[];
  stateCacheTtlSeconds: number;
  requestTimeoutSeconds: number;
  /** Staleness is measured against this milestone; null means the newest one among the definitions. */
  currentMilestone: string | null;
  rolloutMinimumWaitMinutes: number;
  /** Skip files larger than this when indexing. */
  maxFileSizeMB: number;
  /** gitlabFlags.diagnostics.severity: per problem kind, its severity or 'off' (the valid entries). */
  diagnosticsSeverity: Partial<Record<ProblemKind, SeverityLevel>>;
  /** Entries of that setting that were not understood (`kind=level`), for a message. */
  diagnosticsSeverityIgnored: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  environments: [],
  stateCacheTtlSeconds: 60,
  requestTimeoutSeconds: 5,
  currentMilestone: null,
  rolloutMinimumWaitMinutes: 15,
  maxFileSizeMB: 5,
  diagnosticsSeverity: {},
  diagnosticsSeverityIgnored: [],
};

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Normalises whatever the client sent (possibly nothing, possibly wrong types) into Settings. */
export function settingsFrom(raw: unknown): Settings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const rollout = (typeof value.rollout === 'object' && value.rollout !== null ? value.rollout : {}) as Record<string, unknown>;
  const diagnostics = (typeof value.diagnostics === 'object' && value.diagnostics !== null ? value.diagnostics : {}) as Record<string, unknown>;
  const severity = severityOverridesFrom(diagnostics.severity);
  return {
    environments: Array.isArray(value.environments) ? value.environments : DEFAULT_SETTINGS.environments,
    stateCacheTtlSeconds: positiveNumber(value.stateCacheTtlSeconds, DEFAULT_SETTINGS.stateCacheTtlSeconds),
    requestTimeoutSeconds: positiveNumber(value.requestTimeoutSeconds, DEFAULT_SETTINGS.requestTimeoutSeconds),
    currentMilestone: typeof value.currentMilestone === 'string' && value.currentMilestone.trim() ? value.currentMilestone.trim() : null,
    rolloutMinimumWaitMinutes: positiveNumber(rollout.minimumWaitMinutes ?? value.rolloutMinimumWaitMinutes, DEFAULT_SETTINGS.rolloutMinimumWaitMinutes),
    maxFileSizeMB: positiveNumber(value.maxFileSizeMB, DEFAULT_SETTINGS.maxFileSizeMB),
    diagnosticsSeverity: severity.overrides,
    diagnosticsSeverityIgnored: severity.ignored,
  };
}

export type { Environment };
