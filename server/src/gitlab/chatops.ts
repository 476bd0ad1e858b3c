// `/chatops run feature ...`: the exact line for a write, and the parser that turns chatops-style
// arguments back into a WriteIntent, refusing what chatops refuses. Pasting a rollout issue's
// line with `/chatops run feature` replaced by `gitlab-flags` must do the same thing.

import type { ActorKind, WriteIntent } from '../../../shared/protocol';
import type { Environment } from '../../../shared/gitlabModel';
import { CHATOPS_OPTIONS, isChatopsOption } from './environments';

/** A refusal in chatops' manner: one sentence saying what to do instead. */
export class ChatopsError extends Error {}

/** Actor options in chatops' order, with the WriteIntent kind each maps to. */
export const ACTOR_OPTIONS: ReadonlyArray<readonly [string, ActorKind]> = [
  ['--project', 'project'],
  ['--group', 'group'],
  ['--feature-group', 'feature_group'],
  ['--namespace', 'namespace'],
  ['--user', 'user'],
  ['--repository', 'repository'],
];

const BOOLEAN_OPTIONS = new Set([
  '--actors',
  '--random',
  '--ignore-production-check',
  '--ignore-random-deprecation-check',
  '--ignore-feature-flag-consistency-check',
  ...CHATOPS_OPTIONS,
]);
const STRING_OPTIONS = new Set(['--match', ...ACTOR_OPTIONS.map(([option]) => option)]);

export interface ParsedChatops {
  command: 'get' | 'set' | 'delete' | 'list';
  flag?: string;
  value?: string;
  percentageOf?: 'actors' | 'time';
  actors: Partial<Record<ActorKind, string[]>>;
  /** --dev, --staging... in the order given. */
  environmentOptions: string[];
  ignoreConsistencyCheck: boolean;
  ignoreProductionCheck: boolean;
  match?: string;
}

const PREFIX = /^\s*\/chatops\s+(?:gitlab\s+)?run\s+feature\s+/;

/** Parses a whole line such as "/chatops run feature set my_flag true --staging". */
export function parseChatopsLine(line: string): ParsedChatops {
  if (!PREFIX.test(line)) throw new ChatopsError(`Not a chatops feature command: '${line.trim()}'. It should start with /chatops run feature.`);
  return parseChatopsArguments(line.replace(PREFIX, '').trim().split(/\s+/));
}

const NUMBER = /^\d+(\.\d+)?$/;

/** Parses `set NAME VALUE [options]` (options anywhere, as chatops allows). */
export function parseChatopsArguments(argv: readonly string[]): ParsedChatops {
  const positional: string[] = [];
  const switches = new Set<string>();
  const strings = new Map<string, string>();
  const environmentOptions: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const option = equals >= 0 ? arg.slice(0, equals) : arg;
    if (STRING_OPTIONS.has(option)) {
      const value = equals >= 0 ? arg.slice(equals + 1) : argv[++index];
      if (value === undefined || value === '' || value.startsWith('--')) throw new ChatopsError(`The option ${option} needs a value, for example ${option}=${exampleFor(option)}.`);
      if (strings.has(option)) throw new ChatopsError(`The option ${option} was given twice; separate several values with commas instead.`);
      strings.set(option, value);
    } else if (BOOLEAN_OPTIONS.has(option) && equals < 0) {
      if (isChatopsOption(option)) {
        if (!environmentOptions.includes(option)) environmentOptions.push(option);
      } else switches.add(option);
    } else {
      throw new ChatopsError(`Unknown option ${arg}. Run 'feature --help' in chatops for the list of options.`);
    }
  }

  const [command, rawName, value, ...extra] = positional;
  if (command !== 'get' && command !== 'set' && command !== 'delete' && command !== 'list') {
    throw new ChatopsError(`The feature subcommand ${command === undefined ? 'is missing' : `'${command}' is invalid`}; use get, set, list or delete.`);
  }
  // Slack turns some names into emoji, so chatops accepts them in backticks.
  const flag = rawName?.replace(/^`(.*)`$/, '$1');
  const actors: Partial<Record<ActorKind, string[]>> = {};
  for (const [option, kind] of ACTOR_OPTIONS) {
    const list = strings.get(option);
    if (list !== undefined) actors[kind] = list.split(',').filter((item) => item !== '');
  }
  const parsed: ParsedChatops = {
    command,
    flag,
    actors,
    environmentOptions,
    ignoreConsistencyCheck: switches.has('--ignore-feature-flag-consistency-check'),
    ignoreProductionCheck: switches.has('--ignore-production-check'),
    match: strings.get('--match'),
  };
  const hasActorOptions = Object.keys(actors).length > 0;

  if (command === 'list') return parsed;
  if (command !== 'set') {
    if (!flag) throw new ChatopsError(`You must give the name of the feature flag, for example: feature ${command} my_flag.`);
    if (value !== undefined) throw new ChatopsError(`Unexpected argument '${value}': feature ${command} takes only the flag name.`);
    if (hasActorOptions || switches.has('--actors') || switches.has('--random')) {
      throw new ChatopsError(`feature ${command} applies to the whole flag; actor options, --actors and --random only go with feature set.`);
    }
    return parsed;
  }

  if (!flag || value === undefined) throw new ChatopsError('You must give the name of the feature flag and its new value, for example: feature set my_flag true.');
  if (extra.length > 0) throw new ChatopsError(`Unexpected argument '${extra[0]}' after the value '${value}'.`);
  const isBoolean = value === 'true' || value === 'false';
  if (!isBoolean && !(NUMBER.test(value) && Number(value) <= 100)) {
    throw new ChatopsError(`The value "${value}" is invalid. Use true, false, or a number from 0 to 100.`);
  }
  const actorsSwitch = switches.has('--actors');
  const randomSwitch = switches.has('--random');
  if (actorsSwitch && randomSwitch) throw new ChatopsError('Use either --actors or --random, not both.');
  const percentage = !isBoolean && Number(value) > 0 && Number(value) < 100;
  if (percentage && !actorsSwitch && !randomSwitch) {
    throw new ChatopsError('A percentage needs --actors (percentage of actors) or --random (percentage of time).');
  }
  if (isBoolean && (actorsSwitch || randomSwitch)) {
    throw new ChatopsError(`--actors and --random apply to a percentage, not to ${value}.`);
  }
  if ((actorsSwitch || randomSwitch) && hasActorOptions) {
    throw new ChatopsError('--actors and --random cannot be combined with --project, --group, --feature-group, --namespace, --user or --repository.');
  }
  if (randomSwitch && !switches.has('--ignore-random-deprecation-check')) {
    throw new ChatopsError('Percentage of time (--random) is deprecated in favour of percentage of actors (--actors). If you understand the consequences, add --ignore-random-deprecation-check.');
  }
  parsed.value = value;
  if (actorsSwitch) parsed.percentageOf = 'actors';
  if (randomSwitch) parsed.percentageOf = 'time';
  return parsed;
}

function exampleFor(option: string): string {
  switch (option) {
    case '--project':
      return 'gitlab-org/gitlab';
    case '--group':
    case '--namespace':
      return 'gitlab-org';
    case '--feature-group':
      return 'gitlab_team_members';
    case '--user':
      return 'someuser';
    case '--repository':
      return 'gitlab-org/gitlab.git';
    default:
      return 'text';
  }
}

/**
 * The environments the options select. Chatops means production when no environment option is
 * given, and so do we.
 */
export function environmentsForOptions(options: readonly string[], environments: readonly Environment[]): string[] {
  const wanted = options.length === 0 ? ['--production'] : options;
  const names: string[] = [];
  for (const option of wanted) {
    const environment = environments.find((candidate) => candidate.chatopsOption === option);
    if (!environment) {
      throw new ChatopsError(
        options.length === 0
          ? 'No environment option given, which in chatops means --production, but no configured environment has chatopsOption --production. Pass --env NAME or an option such as --staging.'
          : `No configured environment has chatopsOption ${option}; add it to the environment list or pass --env NAME.`,
      );
    }
    names.push(environment.name);
  }
  return names;
}

/** The WriteIntent a parsed set or delete describes, on the named environments. */
export function intentFromChatops(parsed: ParsedChatops, environmentNames: string[], force = false): WriteIntent {
  if (parsed.command !== 'set' && parsed.command !== 'delete') throw new ChatopsError(`feature ${parsed.command} does not change anything.`);
  const intent: WriteIntent = { flag: parsed.flag as string, environments: environmentNames, operation: parsed.command };
  if (parsed.command === 'set') {
    intent.value = parsed.value;
    if (parsed.percentageOf) intent.percentageOf = parsed.percentageOf;
    if (Object.keys(parsed.actors).length > 0) intent.actors = parsed.actors;
  }
  if (force) intent.force = true;
  return intent;
}

/**
 * The chatops option for each environment, or the names of those that have none (then no
 * chatops line can express the write).
 */
function optionsFor(names: readonly string[], environments: readonly Environment[]): { options: string[]; missing: string[] } {
  const options: string[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const option = environments.find((environment) => environment.name === name)?.chatopsOption;
    if (option) options.push(option);
    else missing.push(name);
  }
  options.sort((a, b) => CHATOPS_OPTIONS.indexOf(a as never) - CHATOPS_OPTIONS.indexOf(b as never));
  return { options, missing };
}

/**
 * The exact chatops line, in the rollout template's spelling: actor options before the name,
 * --actors/--random after the value, environment options last, and none at all for production
 * alone (chatops' default).
 */
/**
 * The words after `feature` that say what a write does, in chatops' order and spelling:
 * `set --project=a,b my_flag 50 --actors`. The chatops line and the `gitlab-flags` line share them.
 */
export function featureWords(intent: Pick<WriteIntent, 'flag' | 'value' | 'percentageOf' | 'actors'> & { operation: 'set' | 'delete' | 'get' }): string[] {
  const words: string[] = [intent.operation];
  if (intent.operation === 'set') {
    for (const [option, kind] of ACTOR_OPTIONS) {
      const list = intent.actors?.[kind];
      if (list && list.length > 0) words.push(`${option}=${list.join(',')}`);
    }
  }
  words.push(intent.flag);
  if (intent.operation === 'set') {
    words.push(intent.value ?? '');
    if (intent.percentageOf === 'actors') words.push('--actors');
    if (intent.percentageOf === 'time') words.push('--random', '--ignore-random-deprecation-check');
  }
  return words;
}

export function chatopsLine(
  intent: Pick<WriteIntent, 'flag' | 'environments' | 'value' | 'percentageOf' | 'actors'> & { operation: 'set' | 'delete' | 'get' },
  environments: readonly Environment[],
): string {
  const { options, missing } = optionsFor(intent.environments, environments);
  // NOTE: an empty option list means production to chatops, so no environments is no line at all.
  if (intent.environments.length === 0) return '(no chatops equivalent: no environment selected)';
  if (missing.length > 0) {
    return `(no chatops equivalent: ${missing.map((name) => `'${name}'`).join(', ')} ${missing.length === 1 ? 'has' : 'have'} no chatopsOption)`;
  }
  const words = ['/chatops run feature', ...featureWords(intent)];
  const productionOnly = options.length === 1 && options[0] === '--production';
  if (!productionOnly) words.push(...options);
  return words.join(' ');
}
