// How loud each kind of problem is: a default per kind, overridden by the
// `gitlabFlags.diagnostics.severity` setting or `--severity kind=level` on the command line.
// `off` drops the kind. Every consumer (diagnostics, lint, scan, the status bar, the flag list)
// applies the same map, so they all count the same problems.

import type { Problem, ProblemKind, Severity } from '../flags/model';

export type SeverityLevel = Severity | 'off';

export const PROBLEM_KINDS: readonly ProblemKind[] = [
  'undefined-flag',
  'invalid-definition',
  'type-mismatch',
  'unused-definition',
  'frontend-flag-not-pushed',
  'flag-without-actor',
  'ee-flag-in-foss',
  'dynamic-flag-name',
  'percentage-of-time',
  'ready-to-remove',
  'stale-flag',
];

export const SEVERITY_LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'information', 'hint', 'off'];

/**
 * Defaults. A stale flag is a reminder, not a defect: a hint shows in the editor (VS Code draws
 * three dots) but not in the Problems panel, so it is there when you look at the flag and never
 * fills the panel. A flag that is on everywhere and old enough is worth acting on: information.
 * GitLab's own cops (flag-without-actor, ee-flag-in-foss) fail its CI, so they are warnings;
 * a rollout plan's percentage of time is advice about a plan, not code: information.
 */
export const DEFAULT_SEVERITY: Readonly<Record<ProblemKind, Severity>> = {
  'undefined-flag': 'error',
  'invalid-definition': 'error',
  'type-mismatch': 'error',
  'unused-definition': 'warning',
  'frontend-flag-not-pushed': 'warning',
  'flag-without-actor': 'warning',
  'ee-flag-in-foss': 'warning',
  'dynamic-flag-name': 'information',
  'percentage-of-time': 'information',
  'ready-to-remove': 'information',
  'stale-flag': 'hint',
};

export type SeverityMap = Readonly<Record<ProblemKind, SeverityLevel>>;

export function isProblemKind(value: unknown): value is ProblemKind {
  return PROBLEM_KINDS.includes(value as ProblemKind);
}

export function isSeverityLevel(value: unknown): value is SeverityLevel {
  return SEVERITY_LEVELS.includes(value as SeverityLevel);
}

/** The defaults with these overrides on top. */
export function severityMap(overrides: Partial<Record<ProblemKind, SeverityLevel>> = {}): SeverityMap {
  return { ...DEFAULT_SEVERITY, ...overrides };
}

export const DEFAULT_SEVERITY_MAP: SeverityMap = severityMap();

/**
 * The setting's value, as far as it is valid: unknown kinds and levels are left out (and named
 * in `ignored`, for a message), so one typo never switches every diagnostic back to its default.
 */
export function severityOverridesFrom(raw: unknown): { overrides: Partial<Record<ProblemKind, SeverityLevel>>; ignored: string[] } {
  const overrides: Partial<Record<ProblemKind, SeverityLevel>> = {};
  const ignored: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { overrides, ignored: raw === undefined || raw === null ? [] : ['(not an object)'] };
  for (const [kind, level] of Object.entries(raw as Record<string, unknown>)) {
    if (isProblemKind(kind) && isSeverityLevel(level)) overrides[kind] = level;
    else ignored.push(`${kind}=${String(level)}`);
  }
  return { overrides, ignored };
}

/** `--severity kind=level`, repeatable. Throws an Error naming the bad argument and the choices. */
export function severityOverridesFromArguments(values: readonly string[]): Partial<Record<ProblemKind, SeverityLevel>> {
  const overrides: Partial<Record<ProblemKind, SeverityLevel>> = {};
  for (const value of values) {
    const [kind, level, extra] = value.split('=');
    if (extra !== undefined || !isProblemKind(kind) || !isSeverityLevel(level)) {
      throw new Error(`--severity ${value}: expected KIND=LEVEL with KIND one of ${PROBLEM_KINDS.join(', ')} and LEVEL one of ${SEVERITY_LEVELS.join(', ')}.`);
    }
    overrides[kind] = level;
  }
  return overrides;
}

/** The problems with their configured severity; kinds that are `off` are dropped. */
export function applySeverity(problems: Problem[], map: SeverityMap): Problem[] {
  const out: Problem[] = [];
  for (const problem of problems) {
    const level = map[problem.kind];
    if (level === 'off') continue;
    out.push(level === problem.severity ? problem : { ...problem, severity: level });
  }
  return out;
}

/** Counts per severity; `problems` is what VS Code's Problems panel shows (hints are not in it). */
export interface SeverityCounts {
  problems: number;
  errors: number;
  warnings: number;
  information: number;
  hints: number;
}

export function countBySeverity(byKind: Partial<Record<ProblemKind, number>>, map: SeverityMap): SeverityCounts {
  const counts: SeverityCounts = { problems: 0, errors: 0, warnings: 0, information: 0, hints: 0 };
  for (const kind of PROBLEM_KINDS) {
    const count = byKind[kind] ?? 0;
    const level = map[kind];
    if (count === 0 || level === 'off') continue;
    if (level === 'error') counts.errors += count;
    else if (level === 'warning') counts.warnings += count;
    else if (level === 'information') counts.information += count;
    else counts.hints += count;
  }
  counts.problems = counts.errors + counts.warnings + counts.information;
  return counts;
}

/** "15 problems (11 errors, 2 warnings, 2 information), 2 hints", leaving out what is zero. */
export function describeCounts(counts: SeverityCounts): string {
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(`${counts.errors} error${counts.errors === 1 ? '' : 's'}`);
  if (counts.warnings > 0) parts.push(`${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}`);
  if (counts.information > 0) parts.push(`${counts.information} information`);
  const problems = `${counts.problems} problem${counts.problems === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  return counts.hints > 0 ? `${problems}, ${counts.hints} hint${counts.hints === 1 ? '' : 's'}` : problems;
}
