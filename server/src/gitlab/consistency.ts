// Chatops' consistency rules, on live state:
//   1. production may not be turned on while staging is off;
//   2. staging may not be turned off while production is on.
//
// What "on" and "off" mean here, and why:
// - A write turns a flag ON when it sets true or a percentage above 0 (globally or for actors:
//   chatops checks any enabling value), or deletes it when the YAML says default_enabled: true.
//   It turns a flag OFF when it sets false or 0 (globally or for actors), or deletes it when the
//   default is off.
// - An environment IS OFF only when nothing of the flag is on there: persisted with no open gate,
//   or unset with default_enabled: false. A partial state (25% of actors, some projects) counts as
//   on: it is what the rollout template asks for on staging before production, and switching
//   staging fully off while production serves some actors is exactly the drift rule 2 prevents.
// - An environment whose state is unknown (unreachable, no token) cannot prove the rule holds, so
//   it is reported as a violation; the explicit override still exists.
// - A delete whose effect depends on a default nobody could read (no YAML definition found, and
//   GitLab did not say either) cannot be checked, so it is a violation wherever a rule applies.
// - When the same write also changes the other environment (e.g. --staging --production true),
//   the check uses the state that write leaves behind, as running chatops over both would.
// Staging is the environment with chatopsOption --staging; production is every environment
// marked production.

import type { WriteIntent } from '../../../shared/protocol';
import type { Environment, EnvironmentFlagState } from '../../../shared/gitlabModel';
import { stateInWords, stateLevel } from '../../../shared/stateWording';

export type WriteDirection = 'enables' | 'disables' | 'unknown';

/** `defaultEnabled` undefined: the flag's default could not be read. */
export function writeDirection(intent: WriteIntent, defaultEnabled: boolean | undefined): WriteDirection {
  if (intent.operation === 'delete') return defaultEnabled === undefined ? 'unknown' : defaultEnabled ? 'enables' : 'disables';
  const value = intent.value ?? '';
  if (value === 'true') return 'enables';
  if (value === 'false') return 'disables';
  const number = Number(value);
  if (value === '' || Number.isNaN(number)) return 'unknown';
  return number > 0 ? 'enables' : 'disables';
}

export interface ConsistencyInput {
  intent: WriteIntent;
  environments: readonly Environment[];
  /** Live state by environment name (at least staging and production). */
  states: Record<string, EnvironmentFlagState>;
  /** undefined when the default could not be read; `unknownDefault` then says why. */
  defaultEnabled: boolean | undefined;
  unknownDefault?: string;
}

export function consistencyViolations({ intent, environments, states, defaultEnabled, unknownDefault }: ConsistencyInput): string[] {
  const direction = writeDirection(intent, defaultEnabled);
  const targeted = new Set(intent.environments);
  const staging = environments.find((environment) => environment.chatopsOption === '--staging');
  const productions = environments.filter((environment) => environment.production);
  const violations: string[] = [];

  if (direction === 'unknown') {
    const ruled = environments.filter((environment) => targeted.has(environment.name) && (environment.production || environment === staging));
    if (ruled.length > 0) {
      const names = ruled.map((environment) => environment.name).join(', ');
      violations.push(`Cannot tell whether this turns ${intent.flag} on or off on ${names}, so the consistency rules cannot be checked: ${(unknownDefault ?? 'its default_enabled is unknown').replace(/\.$/, '')}.`);
    }
    return violations;
  }

  const describe = (environment: Environment): { off: boolean; on: boolean; unknown?: string; words: string } => {
    const state = states[environment.name] ?? { status: 'unknown' as const, reason: `${environment.name} was not checked` };
    const level = stateLevel(state);
    if (level === 'unknown') return { off: false, on: false, unknown: state.status === 'unknown' ? state.reason : '', words: stateInWords(state) };
    return { off: level === 'off', on: level !== 'off', words: stateInWords(state) };
  };

  const targetedProductions = productions.filter((environment) => targeted.has(environment.name));
  if (direction === 'enables' && targetedProductions.length > 0 && !(staging && targeted.has(staging.name))) {
    const names = targetedProductions.map((environment) => environment.name).join(', ');
    if (!staging) {
      violations.push(`Cannot check that staging is on before turning on ${names}: no environment has chatopsOption --staging.`);
    } else {
      const state = describe(staging);
      if (state.unknown !== undefined) violations.push(`Cannot check that ${staging.name} is on before turning on ${names}: ${state.unknown.replace(/\.$/, '')}.`);
      else if (state.off) violations.push(`${names} may not be turned on while ${staging.name} is off (${staging.name}: ${state.words}).`);
    }
  }

  if (direction === 'disables' && staging && targeted.has(staging.name)) {
    const untouched = productions.filter((environment) => !targeted.has(environment.name));
    if (productions.length === 0) {
      violations.push(`Cannot check that production is off before turning off ${staging.name}: no environment is marked production.`);
    }
    for (const production of untouched) {
      const state = describe(production);
      if (state.unknown !== undefined) violations.push(`Cannot check that ${production.name} is off before turning off ${staging.name}: ${state.unknown.replace(/\.$/, '')}.`);
      else if (state.on) violations.push(`${staging.name} may not be turned off while ${production.name} is on (${production.name}: ${state.words}).`);
    }
  }
  return violations;
}
