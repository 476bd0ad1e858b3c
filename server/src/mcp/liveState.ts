// Live state for MCP answers: each configured environment with the flag's state in the same words
// as the hover, the sidebar and `gitlab-flags get`. Read-only: GETs through the state cache.

import { z } from 'zod';
import type { EnvironmentFlagState } from '../../../shared/gitlabModel';
import { stateInWords, stateSymbol } from '../../../shared/stateWording';
import { DEFAULT_TIMEOUT_MS } from '../gitlab/client';
import type { McpContext } from './context';

/** As long as `gitlab-flags get` waits: the whole fetch, retries included. */
export const STATE_WAIT_MS = DEFAULT_TIMEOUT_MS * 3 + 1000;

export const NO_ENVIRONMENTS =
  'No GitLab environments are configured, so live state is not known: start the server with --environments FILE or set GITLAB_FLAGS_ENVIRONMENTS (and GITLAB_FLAGS_TOKEN_<NAME> for each), see docs/environments.md.';

export const environmentState = z.object({
  environment: z.string(),
  production: z.boolean(),
  access: z.enum(['read', 'write']).describe('what the environment list allows gitlab-flags to do there'),
  hasToken: z.boolean(),
  status: z.enum(['set', 'default', 'unknown']).describe('set on GitLab, never set (the YAML default applies), or could not be read'),
  state: z.string().describe('In words: on, off, off (default), 25% of actors, on for 3 actors: …, state unknown: …'),
  symbol: z.string(),
  reason: z.string().optional().describe('Why the state is unknown'),
  fetchedAt: z.string().optional().describe('ISO 8601'),
});
export type EnvironmentStateRow = z.infer<typeof environmentState>;

export function stateRow(context: McpContext, name: string, state: EnvironmentFlagState): EnvironmentStateRow {
  const environment = context.environments.find((candidate) => candidate.name === name);
  return {
    environment: name,
    // parseEnvironments has already marked production by any sign (flag, --production, gitlab.com).
    production: !!environment?.production,
    access: environment?.access ?? 'read',
    hasToken: context.hasToken(name),
    status: state.status,
    state: stateInWords(state),
    symbol: stateSymbol(state),
    ...(state.status === 'unknown' ? { reason: state.reason } : {}),
    ...(state.fetchedAt !== undefined ? { fetchedAt: new Date(state.fetchedAt).toISOString() } : {}),
  };
}

/** The flag on every configured environment, in the list's order; [] when none is configured. */
export async function liveStates(context: McpContext, flag: string): Promise<EnvironmentStateRow[]> {
  if (context.environments.length === 0) return [];
  const states = await context.gitlab.states(flag, STATE_WAIT_MS);
  return context.environments.map((environment) => stateRow(context, environment.name, states[environment.name]));
}
