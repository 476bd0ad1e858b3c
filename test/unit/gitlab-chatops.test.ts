import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chatopsLine, ChatopsError, environmentsForOptions, intentFromChatops, parseChatopsArguments, parseChatopsLine } from '../../server/src/gitlab/chatops';
import { parseEnvironments } from '../../server/src/gitlab/environments';

const ENVIRONMENTS = parseEnvironments(
  [
    { name: 'dev', url: 'https://dev.gitlab.org', chatopsOption: '--dev' },
    { name: 'pre', url: 'https://pre.gitlab.com', chatopsOption: '--pre' },
    { name: 'staging', url: 'https://staging.gitlab.com', chatopsOption: '--staging' },
    { name: 'staging-ref', url: 'https://staging-ref.gitlab.com', chatopsOption: '--staging-ref' },
    { name: 'production', url: 'https://gitlab.com', chatopsOption: '--production' },
    { name: 'local', url: 'http://127.0.0.1:3101' },
  ],
  'test',
);

// Copies of ../shared/seeds (the two real rollout issues), so the suite is self-contained.
const SEEDS = join(__dirname, '..', 'fixtures', 'seeds');

/** Every `/chatops run feature` command in the seed issues, with the page's stray punctuation removed. */
function seedCommands(): string[] {
  const commands = new Set<string>();
  for (const file of readdirSync(SEEDS)) {
    const text = readFileSync(join(SEEDS, file), 'utf8');
    for (const piece of text.split('/chatops run feature ').slice(1)) {
      const kept: string[] = [];
      for (const word of piece.split('\n')[0].split(/\s+/)) {
        const cleaned = word.replace(/(\.|-->|-)$/, '');
        if (!/^(set|get|delete|--[a-z]+(-[a-z]+)*(=\S+)?|<[a-z-]+>|[a-z0-9_]+)$/.test(cleaned)) break;
        kept.push(cleaned);
        if (cleaned !== word) break;
      }
      commands.add(
        `/chatops run feature ${kept.join(' ')}`
          .replace(/<feature-flag-name>/g, 'ci_pipeline_creation_requests_realtime')
          .replace(/<rollout-percentage>/g, '50')
          .replace(/<gitlab-username-of-dri>/g, 'root'),
      );
    }
  }
  return [...commands].sort();
}

test('the seed issues hold the chatops commands this parser must understand', () => {
  assert.deepEqual(seedCommands(), [
    '/chatops run feature delete ci_pipeline_creation_requests_realtime --dev --pre --staging --staging-ref --production',
    '/chatops run feature delete code_suggestions_context --dev --pre --staging --staging-ref --production',
    '/chatops run feature get ci_pipeline_creation_requests_realtime',
    '/chatops run feature get code_suggestions_context',
    '/chatops run feature set --feature-group=gitlab_team_members ci_pipeline_creation_requests_realtime true',
    '/chatops run feature set --group=gitlab-org,gitlab-com ci_pipeline_creation_requests_realtime true',
    '/chatops run feature set --group=gitlab-org,gitlab-com code_suggestions_context true',
    '/chatops run feature set --project=gitlab-org/gitlab,gitlab-org/gitlab-foss,gitlab-com/www-gitlab-com ci_pipeline_creation_requests_realtime true',
    '/chatops run feature set --project=gitlab-org/gitlab,gitlab-org/gitlab-foss,gitlab-com/www-gitlab-com code_suggestions_context true',
    '/chatops run feature set --user=root ci_pipeline_creation_requests_realtime true',
    '/chatops run feature set --user=root code_suggestions_context true',
    '/chatops run feature set ci_pipeline_creation_requests_realtime 50 --actors',
    '/chatops run feature set ci_pipeline_creation_requests_realtime 50 --actors --dev --pre --staging --staging-ref',
    '/chatops run feature set ci_pipeline_creation_requests_realtime false',
    '/chatops run feature set ci_pipeline_creation_requests_realtime false --dev --pre --staging --staging-ref',
    '/chatops run feature set ci_pipeline_creation_requests_realtime true',
    '/chatops run feature set ci_pipeline_creation_requests_realtime true --dev --pre --staging --staging-ref',
    '/chatops run feature set code_suggestions_context 50 --actors',
    '/chatops run feature set code_suggestions_context 50 --actors --dev --pre --staging --staging-ref',
    '/chatops run feature set code_suggestions_context false',
    '/chatops run feature set code_suggestions_context false --dev --pre --staging --staging-ref',
    '/chatops run feature set code_suggestions_context true',
    '/chatops run feature set code_suggestions_context true --dev --pre --staging --staging-ref',
  ]);
});

test('every seed command parses and the builder gives back exactly the same line', () => {
  for (const line of seedCommands()) {
    const parsed = parseChatopsLine(line);
    const environments = environmentsForOptions(parsed.environmentOptions, ENVIRONMENTS);
    const rebuilt =
      parsed.command === 'get'
        ? chatopsLine({ operation: 'get', flag: parsed.flag as string, environments }, ENVIRONMENTS)
        : chatopsLine(intentFromChatops(parsed, environments), ENVIRONMENTS);
    assert.equal(rebuilt, line);
  }
});

test('a percentage of actors on non-production environments becomes the intent the rollout needs', () => {
  const parsed = parseChatopsLine('/chatops run feature set code_suggestions_context 50 --actors --dev --pre --staging --staging-ref');
  assert.deepEqual(intentFromChatops(parsed, environmentsForOptions(parsed.environmentOptions, ENVIRONMENTS)), {
    flag: 'code_suggestions_context',
    environments: ['dev', 'pre', 'staging', 'staging-ref'],
    operation: 'set',
    value: '50',
    percentageOf: 'actors',
  });
});

test('options may come before the name and values may follow with a space', () => {
  const parsed = parseChatopsArguments(['set', '--project', 'gitlab-org/gitlab', '--staging', '`my_flag`', 'true']);
  assert.deepEqual(intentFromChatops(parsed, environmentsForOptions(parsed.environmentOptions, ENVIRONMENTS)), {
    flag: 'my_flag',
    environments: ['staging'],
    operation: 'set',
    value: 'true',
    actors: { project: ['gitlab-org/gitlab'] },
  });
});

test('no environment option means production, as in chatops', () => {
  assert.deepEqual(environmentsForOptions([], ENVIRONMENTS), ['production']);
  assert.throws(() => environmentsForOptions([], ENVIRONMENTS.filter((environment) => !environment.production)), {
    message: 'No environment option given, which in chatops means --production, but no configured environment has chatopsOption --production. Pass --env NAME or an option such as --staging.',
  });
});

test('every actor option and --random are built in chatops order', () => {
  assert.equal(
    chatopsLine(
      {
        flag: 'f',
        operation: 'set',
        value: 'true',
        environments: ['staging', 'dev'],
        actors: { user: ['root'], repository: ['gitlab-org/gitlab.git'], project: ['a/b'], group: ['g'], namespace: ['n'], feature_group: ['gitlab_team_members'] },
      },
      ENVIRONMENTS,
    ),
    '/chatops run feature set --project=a/b --group=g --feature-group=gitlab_team_members --namespace=n --user=root --repository=gitlab-org/gitlab.git f true --dev --staging',
  );
  assert.equal(
    chatopsLine({ flag: 'f', operation: 'set', value: '10', percentageOf: 'time', environments: ['production'] }, ENVIRONMENTS),
    '/chatops run feature set f 10 --random --ignore-random-deprecation-check',
  );
});

test('an environment without a chatops option or no environment at all has no chatops line', () => {
  assert.equal(chatopsLine({ flag: 'f', operation: 'delete', environments: ['local', 'staging'] }, ENVIRONMENTS), "(no chatops equivalent: 'local' has no chatopsOption)");
  assert.equal(chatopsLine({ flag: 'f', operation: 'delete', environments: [] }, ENVIRONMENTS), '(no chatops equivalent: no environment selected)');
});

function refusal(argv: string[]): string {
  try {
    parseChatopsArguments(argv);
  } catch (error) {
    assert.ok(error instanceof ChatopsError);
    return error.message;
  }
  return 'accepted';
}

test('what chatops refuses is refused with a sentence saying what to do', () => {
  assert.equal(refusal(['set', 'f', '50']), 'A percentage needs --actors (percentage of actors) or --random (percentage of time).');
  assert.equal(refusal(['set', 'f', '50', '--actors', '--project=a/b']), '--actors and --random cannot be combined with --project, --group, --feature-group, --namespace, --user or --repository.');
  assert.equal(refusal(['set', 'f', '50', '--random', '--ignore-random-deprecation-check', '--user=u']), '--actors and --random cannot be combined with --project, --group, --feature-group, --namespace, --user or --repository.');
  assert.equal(refusal(['set', 'f', 'true', '--actors']), '--actors and --random apply to a percentage, not to true.');
  assert.equal(refusal(['set', 'f', '50', '--actors', '--random']), 'Use either --actors or --random, not both.');
  assert.equal(refusal(['set', 'f', '50', '--random']), 'Percentage of time (--random) is deprecated in favour of percentage of actors (--actors). If you understand the consequences, add --ignore-random-deprecation-check.');
  assert.equal(refusal(['set', 'f', 'yes']), 'The value "yes" is invalid. Use true, false, or a number from 0 to 100.');
  assert.equal(refusal(['set', 'f', '150', '--actors']), 'The value "150" is invalid. Use true, false, or a number from 0 to 100.');
  assert.equal(refusal(['set', 'f']), 'You must give the name of the feature flag and its new value, for example: feature set my_flag true.');
  assert.equal(refusal(['delete']), 'You must give the name of the feature flag, for example: feature delete my_flag.');
  assert.equal(refusal(['delete', 'f', '--project=a/b']), 'feature delete applies to the whole flag; actor options, --actors and --random only go with feature set.');
  assert.equal(refusal(['set', 'f', 'true', '--canary']), "Unknown option --canary. Run 'feature --help' in chatops for the list of options.");
  assert.equal(refusal(['set', '--project', 'a/b', 'f', 'true']), 'accepted');
  assert.equal(refusal(['set', '--project']), 'The option --project needs a value, for example --project=gitlab-org/gitlab.');
  assert.equal(refusal(['toggle', 'f']), "The feature subcommand 'toggle' is invalid; use get, set, list or delete.");
});

test('0 and 100 need no --actors, as GitLab treats them as false and true', () => {
  assert.equal(refusal(['set', 'f', '0']), 'accepted');
  assert.equal(refusal(['set', 'f', '100']), 'accepted');
  assert.equal(refusal(['set', '--project=a/b', 'f', '100']), 'accepted');
});
