// Compact and spoken forms of a flag's live state for the tree. The words and symbols come from the
// server's gates module (bundled in), so the tree, hover and CLI describe a state the same way.

import type { FlagSummary } from '../../server/src/protocol';
import { fetchedAgo, stateInWords, stateSymbol } from '../../server/src/gitlab/gates';

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

export { fetchedAgo, stateInWords, stateSymbol };
