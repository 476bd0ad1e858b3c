// The Flipper gate semantics GitLab's Features API exposes (lib/feature.rb,
// app/services/admin/set_feature_flag_service.rb), as pure functions over a stored feature.
// Messages follow GitLab's where GitLab has one; see docs/environments.md for the differences.

import { crc32 } from 'node:zlib';
import type { Gate } from '../../shared/gitlabModel';

export interface StoredFeature {
  boolean: boolean;
  /** Flipper ids such as "Project:278964", in the order they were added. */
  actors: string[];
  groups: string[];
  percentageOfActors: number;
  percentageOfTime: number;
}

/** Known projects, groups and users by path, so actor parameters resolve to Flipper ids. */
export interface ActorDirectory {
  projects: Record<string, number>;
  groups: Record<string, number>;
  users: Record<string, number>;
}

export const DEFAULT_ACTORS: ActorDirectory = {
  projects: {
    'gitlab-org/gitlab': 278964,
    'gitlab-org/gitlab-foss': 13083,
    'gitlab-com/www-gitlab-com': 7764,
    'gitlab-org/gitaly': 2009901,
  },
  groups: { 'gitlab-org': 9970, 'gitlab-com': 6543 },
  users: { root: 1, alice: 2, bob: 3 },
};

export function emptyFeature(): StoredFeature {
  return { boolean: false, actors: [], groups: [], percentageOfActors: 0, percentageOfTime: 0 };
}

export function featureState(feature: StoredFeature): 'on' | 'off' | 'conditional' {
  if (feature.boolean || feature.percentageOfActors >= 100 || feature.percentageOfTime >= 100) return 'on';
  if (feature.actors.length > 0 || feature.groups.length > 0 || feature.percentageOfActors > 0 || feature.percentageOfTime > 0) return 'conditional';
  return 'off';
}

/** The gates as GET /features shows them: boolean always, zero or empty gates left out. */
export function featureGates(feature: StoredFeature): Gate[] {
  const gates: Gate[] = [{ key: 'boolean', value: feature.boolean }];
  if (feature.actors.length > 0) gates.push({ key: 'actors', value: [...feature.actors] });
  if (feature.percentageOfActors > 0) gates.push({ key: 'percentage_of_actors', value: feature.percentageOfActors });
  if (feature.percentageOfTime > 0) gates.push({ key: 'percentage_of_time', value: feature.percentageOfTime });
  if (feature.groups.length > 0) gates.push({ key: 'groups', value: [...feature.groups] });
  return gates;
}

export type SetParams = Record<string, string | undefined>;

export type SetOutcome =
  | { ok: true; feature: StoredFeature }
  /** `grape` errors are parameter validation ({"error": ...}); the rest are bad_request! ({"message": "400 Bad request - ..."}). */
  | { ok: false; style: 'grape' | 'service'; message: string };

const TARGET_PARAMETERS = ['feature_group', 'user', 'project', 'group', 'namespace', 'repository', 'organization', 'runner', 'endpoint'] as const;
const NUMERIC = /^\d+(\.\d+)?$/;

/** Ruby's String#inspect, for messages that quote a value the way GitLab does. */
function inspect(value: string): string {
  return JSON.stringify(value);
}

/**
 * POST /features/:name applied to `current` (undefined when never persisted). Returns the new
 * feature or GitLab's error; `current` is not modified.
 */
export function applySet(name: string, current: StoredFeature | undefined, params: SetParams, actors: ActorDirectory): SetOutcome {
  const value = params.value;
  if (value === undefined) return { ok: false, style: 'grape', message: 'value is missing' };
  if (params.force !== undefined && !/^(true|false|1|0)$/.test(params.force)) return { ok: false, style: 'grape', message: 'force is invalid' };
  const given = TARGET_PARAMETERS.filter((parameter) => params[parameter] !== undefined);
  if (params.key !== undefined && given.length > 0) {
    return { ok: false, style: 'grape', message: given.map((parameter) => `key, ${parameter} are mutually exclusive`).join(', ') };
  }

  const feature: StoredFeature = current ? structuredClone(current) : emptyFeature();
  const enable = value === 'true' || value === '100' || value === '100.0';
  const disable = value === 'false' || value === '0' || value === '0.0';

  if (given.length > 0) {
    const targets = resolveTargets(params, actors);
    if (!targets.ok) return { ok: false, style: 'service', message: targets.message };
    for (const target of targets.targets) {
      const list = target.kind === 'group' ? feature.groups : feature.actors;
      if (enable) {
        if (!list.includes(target.id)) list.push(target.id);
      } else if (disable) {
        const index = list.indexOf(target.id);
        if (index >= 0) list.splice(index, 1);
      } else {
        return { ok: false, style: 'service', message: `Cannot set '${name}' to ${inspect(value)} for ${target.id}` };
      }
    }
    return { ok: true, feature };
  }

  if (enable) return { ok: true, feature: { ...emptyFeature(), boolean: true } };
  // NOTE: disabling clears every gate, actors included (Flipper's boolean disable).
  if (disable) return { ok: true, feature: emptyFeature() };

  const key = params.key;
  const ofActors = key === 'percentage_of_actors';
  const ofTime = key === 'percentage_of_time' || (key === undefined && NUMERIC.test(value));
  if (!ofActors && !ofTime) {
    return { ok: false, style: 'service', message: key !== undefined ? `Cannot set '${name}' (${inspect(key)}) to ${inspect(value)}` : `Cannot set '${name}' to ${inspect(value)}` };
  }
  if (!NUMERIC.test(value)) return { ok: false, style: 'service', message: 'Not a percentage' };
  const percentage = Number(value);
  if (percentage > 100) {
    return { ok: false, style: 'service', message: `value must be a positive number less than or equal to 100, but was ${value}` };
  }
  if (featureState(feature) === 'on') {
    return { ok: false, style: 'service', message: `Cannot enable percentage of ${ofActors ? 'actors' : 'time'} for a fully-enabled flag` };
  }
  if (ofActors) feature.percentageOfActors = percentage;
  else feature.percentageOfTime = percentage;
  return { ok: true, feature };
}

type Target = { kind: 'actor' | 'group'; id: string };

function resolveTargets(params: SetParams, directory: ActorDirectory): { ok: true; targets: Target[] } | { ok: false; message: string } {
  const targets: Target[] = [];
  const items = (parameter: string): string[] => (params[parameter] ?? '').split(',').filter((item) => item !== '');
  // Same order as GitLab's Feature::Target#targets.
  if (params.feature_group !== undefined) targets.push({ kind: 'group', id: params.feature_group });
  for (const user of items('user')) {
    const id = directory.users[user];
    if (id === undefined) return { ok: false, message: `${user} is not found!` };
    targets.push({ kind: 'actor', id: `User:${id}` });
  }
  for (const project of items('project')) {
    const id = directory.projects[project];
    if (id === undefined) return { ok: false, message: `${project} is not found!` };
    targets.push({ kind: 'actor', id: `Project:${id}` });
  }
  for (const group of items('group')) {
    const id = directory.groups[group];
    if (id === undefined) return { ok: false, message: `${group} is not found!` };
    targets.push({ kind: 'actor', id: `Group:${id}` });
  }
  for (const namespace of items('namespace')) {
    // A namespace is a group or a user's personal namespace.
    const groupId = directory.groups[namespace];
    const userId = directory.users[namespace];
    if (groupId !== undefined) targets.push({ kind: 'actor', id: `Group:${groupId}` });
    else if (userId !== undefined) targets.push({ kind: 'actor', id: `Namespaces::UserNamespace:${userId}` });
    else return { ok: false, message: `${namespace} is not found!` };
  }
  for (const repository of items('repository')) {
    const project = repository.replace(/(\.wiki)?\.git$/, '');
    const id = directory.projects[project];
    if (id === undefined || !repository.endsWith('.git')) return { ok: false, message: `${repository} is not found!` };
    targets.push({ kind: 'actor', id: `Repository:${repository.replace(/\.git$/, '')}` });
  }
  for (const organization of items('organization')) {
    if (!/^\d+$/.test(organization)) return { ok: false, message: `${organization} is not found!` };
    targets.push({ kind: 'actor', id: `Organizations::Organization:${organization}` });
  }
  for (const runner of items('runner')) {
    if (!/^\d+$/.test(runner)) return { ok: false, message: `${runner} is not found!` };
    targets.push({ kind: 'actor', id: `Ci::Runner:${runner}` });
  }
  // NOTE: endpoint actors are caller ids such as "ProjectsController#show"; the id is our own spelling.
  for (const endpoint of items('endpoint')) targets.push({ kind: 'actor', id: `Endpoint:${endpoint}` });
  return { ok: true, targets };
}

/**
 * Whether the flag is on for one actor, as Flipper decides it. Percentage of actors is sticky:
 * crc32("<flag><Actor>:<id>") % 100000 < percentage * 1000.
 */
export function enabledFor(
  name: string,
  feature: StoredFeature | undefined,
  actor: string,
  memberOfGroups: readonly string[] = [],
): { enabled: boolean | 'random'; reason: string } {
  if (!feature) return { enabled: false, reason: 'not set: the default applies' };
  if (feature.boolean) return { enabled: true, reason: 'boolean gate' };
  if (feature.actors.includes(actor)) return { enabled: true, reason: 'actor gate' };
  const group = feature.groups.find((candidate) => memberOfGroups.includes(candidate));
  if (group) return { enabled: true, reason: `feature group ${group}` };
  if (feature.percentageOfActors > 0) {
    const bucket = crc32(`${name}${actor}`) % 100000;
    if (bucket < feature.percentageOfActors * 1000) return { enabled: true, reason: `percentage of actors (bucket ${bucket})` };
  }
  if (feature.percentageOfTime > 0) return { enabled: 'random', reason: `percentage of time: ${feature.percentageOfTime}% of calls` };
  return { enabled: false, reason: 'no gate matches' };
}
