import type { Problem } from '../flags/model';
import type { FlagDefinition } from '../flags/definition';
import type { FlagIndex } from '../index/flagIndex';
import type { LiveStateSource } from './liveState';
import { SeverityMap } from './severity';
import { type Staleness } from './staleness';
export interface ProblemContext {
    index: FlagIndex;
    /** The milestone staleness is measured against, e.g. '17.10'. */
    currentMilestone?: string;
    /** Severity per kind (`off` drops it); default DEFAULT_SEVERITY. */
    severity?: SeverityMap;
    /** Live state per flag, when environments are configured and read (see liveState.ts). */
    liveState?: LiveStateSource;
    /** Milliseconds since the epoch, for intended_to_rollout_by; default now. */
    now?: number;
}
/** Problems to show in one file, with the configured severities. */
export declare function problemsForFile(context: ProblemContext, path: string): Problem[];
/** Code the EE-only rule applies to: outside ee/ (and jh/, which runs with EE) and outside specs, as the cop skips spec/. */
export declare function isFossCode(relativePath: string, spec: boolean): boolean;
/**
 * The files that hold a problem this file takes part in without holding it (the first read of
 * a flag it also reads, the first definition of a name it also defines): after an edit here,
 * their related locations may have moved too.
 */
export declare function filesReportingFor(index: FlagIndex, path: string): Set<string>;
/** Defined flags whose name starts with a dynamic reference's static prefix (as the rubocop cop links them). */
export declare function flagsWithPrefix(index: FlagIndex, prefix: string): string[];
/** A definition's staleness (ready-to-remove only with live state), for hover and the flag list. */
export declare function stalenessOfDefinition(index: FlagIndex, definition: FlagDefinition, currentMilestone: string | undefined, liveState?: LiveStateSource): Staleness | undefined;
/** The newest milestone among the definitions: the default "current milestone". */
export declare function newestMilestone(definitions: FlagDefinition[]): string | undefined;
