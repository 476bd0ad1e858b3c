// What live state says about a flag for diagnostics: on in every configured environment, off in
// every one, or anything in between. Built from the gitlab/ layer's cached states (never a
// fetch), so computing problems stays synchronous; unknown until every environment was read.

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

export function liveVerdict(states: Record<string, EnvironmentFlagState>): LiveVerdict | undefined {
  const environments = Object.keys(states);
  if (environments.length === 0) return undefined;
  let on = 0;
  let off = 0;
  for (const name of environments) {
    const state = states[name];
    if (state.status === 'unknown') return undefined;
    const value = state.status === 'default' ? (state.defaultEnabled ? 'on' : 'off') : state.feature.state;
    if (value === 'on') on++;
    else if (value === 'off') off++;
  }
  return { state: on === environments.length ? 'on' : off === environments.length ? 'off' : 'partial', environments };
}

/** A LiveStateSource over the live-state layer's cache; undefined when there is none. */
export function liveStatesFrom(source: CachedLiveStates | undefined): LiveStateSource | undefined {
  if (!source) return undefined;
  return (flag, definition) => liveVerdict(source.statesNow(flag, definition));
}
