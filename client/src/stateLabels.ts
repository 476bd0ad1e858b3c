// Compact and spoken forms of a flag's live state for the tree. The words and symbols come from the
// server's gates module (bundled in), so the tree, hover and CLI describe a state the same way; the
// one addition is a state that is unknown only because no answer has come yet ("not fetched yet",
// …), which must not look like ⚠, "could not be read".

import type { FlagSummary } from '../../server/src/protocol';
import type { EnvironmentFlagState } from '../../server/src/gitlab/model';
import { fetchedAgo, stateInWords as serverStateInWords, stateLevel, stateSymbol as serverStateSymbol } from '../../server/src/gitlab/gates';

const SHORT_NAMES: Record<string, string> = {
  development: 'dev',
  dev: 'dev',
  staging: 'stg',
  gstg: 'stg',
  'staging-ref': 'ref',
  'staging-canary': 'cny',
  production: 'prd',
  gprd: 'prd',
  pre: 'pre',
  ops: 'ops',
};

/** "stg" for staging, "prd" for production; other names are cut to four characters. */
export function shortEnvironmentName(name: string): string {
  return SHORT_NAMES[name.toLowerCase()] ?? name.slice(0, 4);
}

/**
 * Unknown without any fetch time: the environment has not answered yet (first fetch, or the fetch
 * after a write). A failed fetch always carries the time it failed.
 */
export function notFetchedYet(state: EnvironmentFlagState): boolean {
  return state.status === 'unknown' && state.fetchedAt === undefined;
}

/** ● on, ◐ partial, ○ off, ⚠ could not be read, … not fetched yet. */
export function stateSymbol(state: EnvironmentFlagState): string {
  return notFetchedYet(state) ? '…' : serverStateSymbol(state);
}

/** "on", "off (default)", "state unknown: staging unreachable (...)", "not fetched yet". */
export function stateInWords(state: EnvironmentFlagState): string {
  return notFetchedYet(state) ? 'not fetched yet' : serverStateInWords(state);
}

/** The tree's icon for a state: a codicon id. */
export function stateIcon(state: EnvironmentFlagState): string {
  if (notFetchedYet(state)) return 'clock';
  return { on: 'circle-filled', partial: 'color-mode', off: 'circle-outline', unknown: 'warning' }[stateLevel(state)];
}

/** `dev ● stg ◐ prd ○`, in the order the server lists the environments. */
export function compactStates(flag: FlagSummary): string {
  return Object.entries(flag.states)
    .map(([environment, state]) => `${shortEnvironmentName(environment)} ${stateSymbol(state)}`)
    .join(' ');
}

/** One line per environment in words, for tooltips: "staging: 25% of actors (fetched 3 min ago)". */
export function statesInWords(flag: FlagSummary, now = Date.now()): string[] {
  return Object.entries(flag.states).map(([environment, state]) => {
    const age = fetchedAgo(state, now);
    return `${environment}: ${stateInWords(state)}${age ? ` (${age})` : ''}`;
  });
}

export { fetchedAgo };
