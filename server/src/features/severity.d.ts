import type { Problem, ProblemKind, Severity } from '../flags/model';
export type SeverityLevel = Severity | 'off';
export declare const PROBLEM_KINDS: readonly ProblemKind[];
export declare const SEVERITY_LEVELS: readonly SeverityLevel[];
/**
 * Defaults. A stale flag is a reminder, not a defect: a hint shows in the editor (VS Code draws
 * three dots) but not in the Problems panel, so it is there when you look at the flag and never
 * fills the panel. A flag that is on everywhere and old enough is worth acting on: information.
 * GitLab's own cops (flag-without-actor, ee-flag-in-foss) fail its CI, so they are warnings;
 * a rollout plan's percentage of time is advice about a plan, not code: information.
 */
export declare const DEFAULT_SEVERITY: Readonly<Record<ProblemKind, Severity>>;
export type SeverityMap = Readonly<Record<ProblemKind, SeverityLevel>>;
export declare function isProblemKind(value: unknown): value is ProblemKind;
export declare function isSeverityLevel(value: unknown): value is SeverityLevel;
/** The defaults with these overrides on top. */
export declare function severityMap(overrides?: Partial<Record<ProblemKind, SeverityLevel>>): SeverityMap;
export declare const DEFAULT_SEVERITY_MAP: SeverityMap;
/**
 * The setting's value, as far as it is valid: unknown kinds and levels are left out (and named
 * in `ignored`, for a message), so one typo never switches every diagnostic back to its default.
 */
export declare function severityOverridesFrom(raw: unknown): {
    overrides: Partial<Record<ProblemKind, SeverityLevel>>;
    ignored: string[];
};
/** `--severity kind=level`, repeatable. Throws an Error naming the bad argument and the choices. */
export declare function severityOverridesFromArguments(values: readonly string[]): Partial<Record<ProblemKind, SeverityLevel>>;
/** The problems with their configured severity; kinds that are `off` are dropped. */
export declare function applySeverity(problems: Problem[], map: SeverityMap): Problem[];
/** Counts per severity; `problems` is what VS Code's Problems panel shows (hints are not in it). */
export interface SeverityCounts {
    problems: number;
    errors: number;
    warnings: number;
    information: number;
    hints: number;
}
export declare function countBySeverity(byKind: Partial<Record<ProblemKind, number>>, map: SeverityMap): SeverityCounts;
/** "15 problems (11 errors, 2 warnings, 2 information), 2 hints", leaving out what is zero. */
export declare function describeCounts(counts: SeverityCounts): string;
