// The hover's live-state section: one Markdown table row per environment, from what the GitLab
// layer reports. Everything from GitLab is escaped: it is never trusted Markdown.

import type { Environment, EnvironmentFlagState } from '../../../shared/gitlabModel';
import { formatAge, stateInWords, stateSymbol } from '../../../shared/stateWording';
import { escapeMarkdown } from './hover';

export interface LiveStates {
  readonly environments: readonly Environment[];
  states(flag: string, maxWaitMs: number): Promise<Record<string, EnvironmentFlagState>>;
  /** The service's clock, so ages agree with its cache. */
  now(): number;
}

/** Empty when no environment is configured; waits at most maxWaitMs for fetches. */
export async function liveStateTable(live: LiveStates, flag: string, maxWaitMs = 1500): Promise<string> {
  if (live.environments.length === 0) return '';
  const states = await live.states(flag, maxWaitMs);
  const now = live.now();
  const rows = live.environments.map((environment) => {
    const state = states[environment.name];
    const fetched = state.fetchedAt === undefined ? '' : formatAge(state.fetchedAt, now);
    return `| ${escapeMarkdown(environment.name)} | ${stateSymbol(state)} ${escapeMarkdown(stateInWords(state))} | ${fetched} |`;
  });
  return ['| environment | state | fetched |', '| --- | --- | --- |', ...rows].join('\n');
}
