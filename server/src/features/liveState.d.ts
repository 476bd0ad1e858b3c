import type { FlagDefinition } from '../flags/definition';
import type { EnvironmentFlagState } from '../../../shared/gitlabModel';
export interface LiveVerdict {
    /** on: on everywhere (set on, or never set and default_enabled); off: off everywhere; partial: anything else. */
    state: 'on' | 'off' | 'partial';
    /** The environments it was read on, in configuration order. */
    environments: string[];
}
/** For a flag and its definition, what live state says (undefined: no environments, or not all read). */
export type LiveStateSource = (flag: string, definition: FlagDefinition) => LiveVerdict | undefined;
/** The one call the live-state layer must answer: cached states only (GitLabService.statesNow). */
export interface CachedLiveStates {
    statesNow(flag: string, definition: FlagDefinition | undefined): Record<string, EnvironmentFlagState>;
}
export declare function liveVerdict(states: Record<string, EnvironmentFlagState>): LiveVerdict | undefined;
/** A LiveStateSource over the live-state layer's cache; undefined when there is none. */
export declare function liveStatesFrom(source: CachedLiveStates | undefined): LiveStateSource | undefined;
