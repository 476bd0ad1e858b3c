// Compact and spoken forms of a flag's live state for the tree. The words and symbols come from the
// server's gates module (bundled in), so the tree, hover and CLI describe a state the same way; the
// one addition is a state that is unknown only because no answer has come yet ("not fetched yet",
// …), which must not look like ⚠, "could not be read".

import type { FlagSummary } from '../../shared/protocol';
import type { EnvironmentFlagState } from '../../shared/gitlabModel';
import { fetchedAgo, stateInWords as serverStateInWords, stateLevel, stateSymbol as serverStateSymbol } from '../../shared/stateWording';

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

/**
 * A partial state in a few characters, for inline state: "50%" of actors, "10% time", "2 actors",
 * "1 group"; '' for a state that is fully on, off or unknown. Several gates join with "+".
 */
export function partialDetail(state: EnvironmentFlagState): string {
  if (state.status !== 'set' || stateLevel(state) !== 'partial') return '';
  const parts: string[] = [];
  for (const gate of state.feature.gates) {
    if (gate.key === 'percentage_of_actors' && gate.value > 0) parts.push(`${Number(gate.value.toFixed(2))}%`);
    else if (gate.key === 'percentage_of_time' && gate.value > 0) parts.push(`${Number(gate.value.toFixed(2))}% time`);
    else if (gate.key === 'actors' && gate.value.length > 0) parts.push(`${gate.value.length} actor${gate.value.length === 1 ? '' : 's'}`);
    else if (gate.key === 'groups' && gate.value.length > 0) parts.push(`${gate.value.length} group${gate.value.length === 1 ? '' : 's'}`);
  }
  return parts.join('+');
}

/** `stg ● prd ◐ 50%`: compactStates with what a partial state amounts to, for inline state. */
export function compactStatesWithDetail(states: Record<string, EnvironmentFlagState>): string {
  return Object.entries(states)
    .map(([environment, state]) => {
      const detail = partialDetail(state);
      return `${shortEnvironmentName(environment)} ${stateSymbol(state)}${detail ? ` ${detail}` : ''}`;
    })
    .join(' ');
}

/** The text after one line: one flag's states, or each flag named when the line has several. */
export function inlineText(names: readonly string[], states: ReadonlyMap<string, Record<string, EnvironmentFlagState>>): string {
  const shown = names.filter((name) => Object.keys(states.get(name) ?? {}).length > 0);
  if (shown.length === 1) return compactStatesWithDetail(states.get(shown[0])!);
  return shown.map((name) => `${name}: ${compactStatesWithDetail(states.get(name)!)}`).join(' · ');
}

/**
 * The symbol of an extinct flag's state, which the server gives in words (featureInWords):
 * ● "on", ○ "off", ◐ anything else (percentages, actors, groups), as stateLevel decides.
 */
export function symbolOfWords(words: string): string {
  return words === 'on' ? '●' : words === 'off' ? '○' : '◐';
}

/** `stg ● prd ◐` for an extinct flag: only the environments where it is set. */
export function compactExtinct(environments: readonly { environment: string; state: string }[]): string {
  return environments.map((item) => `${shortEnvironmentName(item.environment)} ${symbolOfWords(item.state)}`).join(' ');
}

/** One line per environment in words, for tooltips: "staging: 25% of actors (fetched 3 min ago)". */
export function statesInWords(flag: FlagSummary, now = Date.now()): string[] {
  return Object.entries(flag.states).map(([environment, state]) => {
    const age = fetchedAgo(state, now);
    return `${environment}: ${stateInWords(state)}${age ? ` (${age})` : ''}`;
  });
}

export { fetchedAgo };
