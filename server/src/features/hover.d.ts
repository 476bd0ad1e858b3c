import type { FlagIndex } from '../index/flagIndex';
import type { LiveStateSource } from './liveState';
/** Text from YAML or servers is shown literally: Markdown and HTML in it must not render. */
export declare function escapeMarkdown(text: string): string;
export declare function referenceSummary(index: FlagIndex, name: string): string;
export interface FlagCardOptions {
    currentMilestone?: string;
    /** Markdown rows for live state, from the gitlab/ layer; omitted when no environments are configured. */
    environments?: string;
    /** A client command that refreshes one flag's state, offered as a link beside the table. */
    refreshCommand?: string;
    /** Live state, to say "ready to remove" rather than "stale" when it is on everywhere. */
    liveState?: LiveStateSource;
}
export declare function flagCard(index: FlagIndex, name: string, options?: FlagCardOptions): string;
