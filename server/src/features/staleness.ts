// When a flag is stale, by the rules of GitLab's housekeeper keep `delete_old_feature_flags`
// (keeps/delete_old_feature_flags.rb and keeps/helpers/milestones.rb in gitlab-org/gitlab),
// which proposes the merge requests that delete old flags:
//
// - it considers only definitions in config/feature_flags/ and ee/config/feature_flags/ under
//   the directories development, gitlab_com_derisk and beta (never ops, wip, experiment, …);
// - a definition without a milestone is skipped, and so is one whose intended_to_rollout_by
//   date is still in the future (an unreadable date is ignored);
// - default_enabled: true counts as enabled; otherwise the state comes from the rollout issue,
//   and a flag that is being rolled out (partly on) is never proposed;
// - an enabled flag is proposed once its milestone is more than 4 milestones old, a disabled one
//   once it is more than 12 old ("older than" = before the milestone that many releases ago).
//
// We read the state from the environments when it is known (on everywhere: `ready-to-remove`,
// worth more than a milestone count), else from default_enabled alone; without live state a
// default-off flag's state is unknown, so only the 12-milestone bound applies to it.

import type { FlagDefinition } from '../flags/definition';
import type { LiveVerdict } from './liveState';
import { milestoneDistance } from './milestones';

export const HOUSEKEEPER_KEEP = 'delete_old_feature_flags';
export const ENABLED_CUTOFF_MILESTONES = 4;
export const DISABLED_CUTOFF_MILESTONES = 12;

const HOUSEKEEPER_WOULD = "; GitLab's housekeeper would propose deleting it";

const HOUSEKEEPER_PATH = /^(?:ee\/)?config\/feature_flags\/(?:development|gitlab_com_derisk|beta)\/[^/]+\.yml$/;

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

export function stalenessOf(definition: FlagDefinition, input: StalenessInput): Staleness | undefined {
  const { currentMilestone, live } = input;
  if (!HOUSEKEEPER_PATH.test(input.relativePath) || !definition.milestone || !currentMilestone) return undefined;
  if (rolloutDateAhead(definition.intendedToRolloutBy, input.now ?? Date.now())) return undefined;
  const age = milestoneDistance(definition.milestone, currentMilestone);
  if (age === undefined) return undefined;
  const name = definition.name;
  const since = `introduced in ${definition.milestone}`;
  const rule = `GitLab's housekeeper (keep ${HOUSEKEEPER_KEEP}) proposes deleting`;
  const where = live ? ` (${live.environments.join(', ')})` : '';
  if (live?.state === 'on' && age > ENABLED_CUTOFF_MILESTONES) {
    return {
      kind: 'ready-to-remove',
      message: `'${name}' is ready to remove: it is on in every environment${where} and was ${since}, more than ${ENABLED_CUTOFF_MILESTONES} milestones before ${currentMilestone}; ${rule} an enabled flag after ${ENABLED_CUTOFF_MILESTONES} milestones. Clean it up, keeping the enabled behaviour.`,
      summary: `✓ ready to remove: on in every environment, ${since}, more than ${ENABLED_CUTOFF_MILESTONES} milestones before ${currentMilestone}${HOUSEKEEPER_WOULD}`,
    };
  }
  if (definition.defaultEnabled === true) {
    if (age <= ENABLED_CUTOFF_MILESTONES) return undefined;
    return {
      kind: 'stale-flag',
      message: `'${name}' is stale: it is default_enabled and was ${since}, more than ${ENABLED_CUTOFF_MILESTONES} milestones before ${currentMilestone}; ${rule} an enabled flag after ${ENABLED_CUTOFF_MILESTONES} milestones. Clean it up, keeping the enabled behaviour.`,
      summary: `⚠ stale: default on, ${since}, more than ${ENABLED_CUTOFF_MILESTONES} milestones before ${currentMilestone}${HOUSEKEEPER_WOULD}`,
    };
  }
  // Partly on somewhere: being rolled out, which the housekeeper never proposes to delete.
  if (live && live.state !== 'off') return undefined;
  if (age <= DISABLED_CUTOFF_MILESTONES) return undefined;
  if (live?.state === 'off') {
    return {
      kind: 'stale-flag',
      message: `'${name}' is stale: it is off in every environment${where} and was ${since}, more than ${DISABLED_CUTOFF_MILESTONES} milestones before ${currentMilestone}; ${rule} a disabled flag after ${DISABLED_CUTOFF_MILESTONES} milestones. Roll it out, or clean it up keeping the disabled behaviour.`,
      summary: `⚠ stale: off in every environment, ${since}, more than ${DISABLED_CUTOFF_MILESTONES} milestones before ${currentMilestone}${HOUSEKEEPER_WOULD}`,
    };
  }
  return {
    kind: 'stale-flag',
    message: `'${name}' is stale: it was ${since}, more than ${DISABLED_CUTOFF_MILESTONES} milestones before ${currentMilestone}; ${rule} a flag that old unless it is being rolled out. Roll it out, or clean it up.`,
    summary: `⚠ stale: ${since}, more than ${DISABLED_CUTOFF_MILESTONES} milestones before ${currentMilestone}${HOUSEKEEPER_WOULD}`,
  };
}

/** intended_to_rollout_by (YYYY-MM-DD) after today: the owners asked for more time. */
function rolloutDateAhead(value: string | undefined, now: number): boolean {
  if (!value) return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return false;
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(day)) return false;
  const today = new Date(now);
  return day > Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
}
