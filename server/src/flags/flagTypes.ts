// The flag types GitLab knows (lib/feature/shared.rb), with the rules validation needs.
// Lifespans are in milestones (GitLab ships one milestone a month).

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

export const FLAG_TYPES: Record<string, FlagTypeRule> = {
  gitlab_com_derisk: { definitionRequired: true, rolloutIssue: true, mayBeDefaultEnabled: false, lifespanMilestones: 2 },
  wip: { definitionRequired: true, rolloutIssue: false, mayBeDefaultEnabled: false, lifespanMilestones: 4 },
  beta: { definitionRequired: true, rolloutIssue: true, mayBeDefaultEnabled: true, lifespanMilestones: 6 },
  ops: { definitionRequired: true, rolloutIssue: true, mayBeDefaultEnabled: true },
  experiment: { definitionRequired: false, rolloutIssue: true, mayBeDefaultEnabled: false, lifespanMilestones: 6 },
  worker: { definitionRequired: false, rolloutIssue: false, mayBeDefaultEnabled: false },
  undefined: { definitionRequired: false, rolloutIssue: false, mayBeDefaultEnabled: false },
  development: { definitionRequired: true, rolloutIssue: true, mayBeDefaultEnabled: true, deprecated: true },
};

export function isKnownType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(FLAG_TYPES, type);
}

/** Types whose flags may be used in code without a YAML definition (given `type:` at the call). */
export function mayBeUndefined(type: string | undefined): boolean {
  return type !== undefined && isKnownType(type) && !FLAG_TYPES[type].definitionRequired;
}
