// Before a cleanup: does the behaviour it keeps match what production runs? Keeping "enabled"
// for a flag production has off (or only partly on), or "disabled" for one production has on,
// changes behaviour on GitLab.com when the change is deployed, and on self-managed instances
// whose default differs when they upgrade (gitlab-org/gitlab#385312). The cleanup goes ahead;
// these are warnings, said by the CLI on stderr and returned to the editor in CleanupResult.

import { stateInWords, stateLevel } from '../../../shared/stateWording';
import type { Environment, EnvironmentFlagState } from '../../../shared/gitlabModel';

/** What GitLabService offers; a small interface so the cleanup does not depend on the service. */
export interface LiveStates {
  readonly environments: readonly Environment[];
  states(flag: string, maxWaitMs: number, only?: readonly string[]): Promise<Record<string, EnvironmentFlagState>>;
}

/** One warning per production environment whose state the kept behaviour contradicts, or that could not be read. */
export async function liveStateWarnings(
  live: LiveStates | undefined,
  flag: string,
  keep: 'enabled' | 'disabled',
  defaultEnabled: boolean | undefined,
  maxWaitMs: number,
): Promise<string[]> {
  const production = live?.environments.filter((environment) => environment.production) ?? [];
  if (!live || production.length === 0) return [];
  let states: Record<string, EnvironmentFlagState>;
  try {
    states = await live.states(flag, maxWaitMs, production.map((environment) => environment.name));
  } catch (error) {
    states = {};
    for (const environment of production) states[environment.name] = { status: 'unknown', reason: (error as Error).message };
  }
  return production.flatMap((environment) => {
    const warning = liveStateWarning(flag, keep, environment.name, states[environment.name], defaultEnabled);
    return warning ? [warning] : [];
  });
}

/** The warning for one environment, or undefined when the kept behaviour is what it runs. */
export function liveStateWarning(
  flag: string,
  keep: 'enabled' | 'disabled',
  environment: string,
  state: EnvironmentFlagState | undefined,
  defaultEnabled: boolean | undefined,
): string | undefined {
  if (!state || state.status === 'unknown') {
    const reason = state?.status === 'unknown' ? state.reason.replace(/\.$/, '') : 'not read';
    const prefix = `${environment}: `;
    return `cannot tell whether keeping ${keep} matches ${environment}'s live state of ${flag}: ${reason.startsWith(prefix) ? reason.slice(prefix.length) : reason}`;
  }
  const keptOn = keep === 'enabled';
  const level = stateLevel(state);
  if (level === (keptOn ? 'on' : 'off')) return undefined;
  const never = state.status === 'default' ? ` (never set there; default_enabled: ${state.defaultEnabled})` : '';
  const described = level === 'partial' ? `only partly on (${stateInWords(state)})` : level === 'on' ? `fully on${never}` : `off${never}`;
  const turns = keptOn ? 'on' : 'off';
  let text = `keeping ${keep}, but ${environment} has ${flag} ${described}: the feature turns ${turns}${level === 'partial' ? ' for everyone' : ''} there when this is deployed`;
  if (defaultEnabled !== undefined && defaultEnabled !== keptOn) {
    text += `, and on self-managed instances when they upgrade (default_enabled: ${defaultEnabled})`;
  }
  return `${text}. See gitlab-org/gitlab#385312.`;
}
