import type { FlagDefinition } from '../flags/definition';
import type { LiveVerdict } from './liveState';
export declare const HOUSEKEEPER_KEEP = "delete_old_feature_flags";
export declare const ENABLED_CUTOFF_MILESTONES = 4;
export declare const DISABLED_CUTOFF_MILESTONES = 12;
export interface Staleness {
    kind: 'stale-flag' | 'ready-to-remove';
    /** The diagnostic's message. */
    message: string;
    /** One line for the hover card (plain words: no Markdown to escape but the milestones). */
    summary: string;
}
export interface StalenessInput {
    /** Path of the definition relative to the root. */
    relativePath: string;
    currentMilestone?: string;
    live?: LiveVerdict;
    /** Milliseconds since the epoch, for intended_to_rollout_by; default now. */
    now?: number;
}
export declare function stalenessOf(definition: FlagDefinition, input: StalenessInput): Staleness | undefined;
