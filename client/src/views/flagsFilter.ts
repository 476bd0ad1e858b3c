// The Flags view's grouping and filters. Each condition reads a field the server computed
// (stale, unused, undefined, problems, states); nothing is decided here.

import type { FlagSummary } from '../../../shared/protocol';

export type GroupBy = 'type' | 'group' | 'milestone';

export type Condition =
  | { kind: 'stale' }
  | { kind: 'unused' }
  | { kind: 'undefined' }
  | { kind: 'problems' }
  | { kind: 'changed'; environment: string };

export interface FlagFilter {
  text: string;
  conditions: Condition[];
}

export const NO_FILTER: FlagFilter = { text: '', conditions: [] };

export function conditionLabel(condition: Condition): string {
  switch (condition.kind) {
    case 'stale':
      return 'stale';
    case 'unused':
      return 'unused';
    case 'undefined':
      return 'undefined';
    case 'problems':
      return 'has problems';
    case 'changed':
      return `changed on ${condition.environment}`;
  }
}

function matches(flag: FlagSummary, condition: Condition): boolean {
  switch (condition.kind) {
    case 'stale':
      return flag.stale;
    case 'unused':
      return flag.unused;
    case 'undefined':
      return flag.undefined;
    case 'problems':
      return flag.problems > 0;
    case 'changed':
      // "Changed" means someone set it there: a persisted state rather than the YAML default.
      return flag.states[condition.environment]?.status === 'set';
  }
}

/** Flags that meet every chosen condition (the text filter is applied by the server). */
export function applyConditions(flags: FlagSummary[], conditions: Condition[]): FlagSummary[] {
  return flags.filter((flag) => conditions.every((condition) => matches(flag, condition)));
}

export function describeFilter(filter: FlagFilter): string {
  const parts = [filter.text ? `“${filter.text}”` : '', ...filter.conditions.map(conditionLabel)].filter(Boolean);
  return parts.join(' · ');
}

const NONE: Record<GroupBy, string> = { type: 'no type', group: 'no group', milestone: 'no milestone' };

function milestoneOrder(a: string, b: string): number {
  // Newest milestone first: 17.10 after 17.9 needs numeric comparison.
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  if (Number.isNaN(aMajor) || Number.isNaN(bMajor)) return a.localeCompare(b);
  return bMajor - aMajor || (bMinor || 0) - (aMinor || 0);
}

/** Groups in display order; flags inside each group sorted by name. */
export function groupFlags(flags: FlagSummary[], by: GroupBy): { label: string; flags: FlagSummary[] }[] {
  const groups = new Map<string, FlagSummary[]>();
  for (const flag of flags) {
    const key = flag[by] ?? NONE[by];
    const list = groups.get(key) ?? [];
    list.push(flag);
    groups.set(key, list);
  }
  const labels = [...groups.keys()].sort((a, b) => {
    if (a === NONE[by]) return 1;
    if (b === NONE[by]) return -1;
    return by === 'milestone' ? milestoneOrder(a, b) : a.localeCompare(b);
  });
  return labels.map((label) => ({ label, flags: groups.get(label)!.sort((a, b) => a.name.localeCompare(b.name)) }));
}
