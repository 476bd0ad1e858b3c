export interface FlagTypeRule {
    /** A flag of this type must have a YAML definition. */
    definitionRequired: boolean;
    rolloutIssue: boolean;
    /** `default_enabled: true` is allowed. */
    mayBeDefaultEnabled: boolean;
    /**
     * The lifespan GitLab's documentation gives the type, in milestones; undefined means no limit.
     * Informative only: staleness follows the housekeeper's rules (features/staleness.ts).
     */
    lifespanMilestones?: number;
    deprecated?: boolean;
}
export declare const FLAG_TYPES: Record<string, FlagTypeRule>;
export declare function isKnownType(type: string): boolean;
/** Types whose flags may be used in code without a YAML definition (given `type:` at the call). */
export declare function mayBeUndefined(type: string | undefined): boolean;
