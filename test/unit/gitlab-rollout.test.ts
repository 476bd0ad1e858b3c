import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rollbackIntents, rolloutIssueMarkdown, rolloutSteps } from '../../server/src/gitlab/rollout';
import { parseEnvironments } from '../../server/src/gitlab/environments';
import type { EnvironmentFlagState, Gate } from '../../shared/gitlabModel';

const ENVIRONMENTS = parseEnvironments(
  [
    { name: 'staging', url: 'https://staging.gitlab.com', chatopsOption: '--staging' },
    { name: 'production', url: 'https://gitlab.com', chatopsOption: '--production' },
  ],
  'test',
);
const OFF: EnvironmentFlagState = { status: 'default', defaultEnabled: false, fetchedAt: 0 };
const ON: EnvironmentFlagState = { status: 'set', feature: { name: 'f', state: 'on', gates: [{ key: 'boolean', value: true }] }, fetchedAt: 0 };
const partial = (gates: Gate[]): EnvironmentFlagState => ({ status: 'set', feature: { name: 'f', state: 'conditional', gates }, fetchedAt: 0 });
const NOW = Date.parse('2025-03-01T12:00:00Z');
const MINUTE = 60_000;

function statuses(staging: EnvironmentFlagState, production: EnvironmentFlagState, lastProductionChange?: number) {
  return rolloutSteps({ flag: 'f', environments: ENVIRONMENTS, states: { staging, production }, lastProductionChange, now: NOW }).map((step) =>
    step.availableAt ? `${step.id}:${step.status}@${new Date(step.availableAt).toISOString()}` : `${step.id}:${step.status}`,
  );
}

test('a fresh flag starts at non-production 50% of actors, with its write and chatops line', () => {
  const steps = rolloutSteps({ flag: 'f', environments: ENVIRONMENTS, states: { staging: OFF, production: OFF }, now: NOW });
  assert.deepEqual(steps[0], {
    id: 'non-production-percentage',
    title: 'Non-production: 50% of actors',
    status: 'current',
    intent: { flag: 'f', environments: ['staging'], operation: 'set', value: '50', percentageOf: 'actors' },
    chatops: '/chatops run feature set f 50 --actors --staging',
  });
  assert.deepEqual(statuses(OFF, OFF), [
    'non-production-percentage:current',
    'non-production-on:pending',
    'production-actors:pending',
    'production-25:pending',
    'production-50:pending',
    'production-75:pending',
    'production-on:pending',
    'verify:pending',
  ]);
});

test('the current step follows live state', () => {
  assert.deepEqual(statuses(partial([{ key: 'percentage_of_actors', value: 50 }]), OFF).slice(0, 2), ['non-production-percentage:done', 'non-production-on:current']);
  assert.deepEqual(statuses(ON, OFF).slice(1, 3), ['non-production-on:done', 'production-actors:current']);
});

test('the first production actors are the template projects', () => {
  const step = rolloutSteps({ flag: 'f', environments: ENVIRONMENTS, states: { staging: ON, production: OFF }, now: NOW })[2];
  assert.equal(step.title, 'Production: on for projects gitlab-org/gitlab, gitlab-org/gitlab-foss, gitlab-com/www-gitlab-com');
  assert.equal(step.chatops, '/chatops run feature set --project=gitlab-org/gitlab,gitlab-org/gitlab-foss,gitlab-com/www-gitlab-com f true');
});

test('production percentages wait 15 minutes after the last production change', () => {
  const production = partial([{ key: 'actors', value: ['Project:278964'] }, { key: 'percentage_of_actors', value: 25 }]);
  assert.deepEqual(statuses(ON, production, NOW - 5 * MINUTE).slice(2, 7), [
    'production-actors:done',
    'production-25:done',
    'production-50:waiting@2025-03-01T12:10:00.000Z',
    'production-75:pending',
    'production-on:pending',
  ]);
  assert.deepEqual(statuses(ON, production, NOW - 20 * MINUTE)[4], 'production-50:current');
});

test('fully on production leaves one day of verification', () => {
  assert.deepEqual(statuses(ON, ON, NOW - 60 * MINUTE).slice(6), ['production-on:done', 'verify:waiting@2025-03-02T11:00:00.000Z']);
  assert.deepEqual(statuses(ON, ON, NOW - 25 * 60 * MINUTE).slice(6), ['production-on:done', 'verify:done']);
});

test('rollback turns production off first, then the rest, then deletes everywhere', () => {
  assert.deepEqual(rollbackIntents('f', ['staging', 'production'], ENVIRONMENTS), [
    { flag: 'f', environments: ['production'], operation: 'set', value: 'false' },
    { flag: 'f', environments: ['staging'], operation: 'set', value: 'false' },
    { flag: 'f', environments: ['staging', 'production'], operation: 'delete' },
  ]);
});

test('the rollout issue is filled in for the flag', () => {
  const markdown = rolloutIssueMarkdown({
    name: 'code_suggestions_context',
    type: 'beta',
    group: 'group::code creation',
    featureIssueUrl: 'https://gitlab.com/gitlab-org/gitlab/-/issues/1',
    introducedByUrl: 'https://gitlab.com/gitlab-org/gitlab/-/merge_requests/2',
    milestone: '16.8',
  });
  const lines = markdown.split('\n');
  assert.equal(lines[0], '# [Feature flag] Roll out `code_suggestions_context`');
  for (const expected of [
    '- [Feature issue](https://gitlab.com/gitlab-org/gitlab/-/issues/1)',
    '- [Merge request that introduced the flag](https://gitlab.com/gitlab-org/gitlab/-/merge_requests/2)',
    '- Group: ~"group::code creation"',
    '- [ ] Turn the flag on for half of the actors: `/chatops run feature set code_suggestions_context 50 --actors --dev --pre --staging --staging-ref`',
    '  - projects: `/chatops run feature set --project=gitlab-org/gitlab,gitlab-org/gitlab-foss,gitlab-com/www-gitlab-com code_suggestions_context true`',
    '  - all team members: `/chatops run feature set --feature-group=gitlab_team_members code_suggestions_context true`',
    '- [ ] Turn it off on production: `/chatops run feature set code_suggestions_context false`',
    '- [ ] Remove it from every environment: `/chatops run feature delete code_suggestions_context --dev --pre --staging --staging-ref --production`',
    '/label ~"feature flag" ~"group::code creation"',
  ]) {
    assert.ok(lines.includes(expected), `missing line: ${expected}`);
  }
  assert.deepEqual(lines.filter((line) => line.startsWith('#')), [
    '# [Feature flag] Roll out `code_suggestions_context`',
    '## Summary',
    '## Owners',
    '## Expectations',
    '### What should happen when the flag is on?',
    '### What could go wrong, and how would we notice?',
    '## Rollout steps',
    '### Non-production environments',
    '### Production, for specific actors',
    '### Before the global rollout',
    '### Production, globally',
    '## Release with the flag (optional)',
    '## Clean up',
    '## Rollback',
  ]);
});

test('10% of actors on production does not make "on for projects" done: each step needs its own condition', () => {
  assert.deepEqual(statuses(ON, partial([{ key: 'percentage_of_actors', value: 10 }]), NOW - 60 * MINUTE).slice(2, 4), ['production-actors:current', 'production-25:pending']);
  assert.deepEqual(statuses(partial([{ key: 'actors', value: ['Project:1'] }]), OFF)[0], 'non-production-percentage:current');
});

test('production ahead of staging is a warning row before the steps', () => {
  const steps = rolloutSteps({ flag: 'f', environments: ENVIRONMENTS, states: { staging: OFF, production: ON }, now: NOW });
  assert.deepEqual(steps[0], {
    id: 'ahead-production-staging',
    title: 'production is ahead of staging (production: on; staging: off (default)): roll staging forward or production back',
    status: 'warning',
  });
  assert.equal(steps[1].id, 'non-production-percentage');
  assert.deepEqual(
    rolloutSteps({ flag: 'f', environments: ENVIRONMENTS, states: { staging: partial([{ key: 'percentage_of_actors', value: 50 }]), production: partial([{ key: 'percentage_of_actors', value: 25 }]) }, now: NOW }).filter((step) => step.status === 'warning'),
    [],
  );
});

test('a state that could not be read is a warning, and no step that needs it is done', () => {
  const unknown: EnvironmentFlagState = { status: 'unknown', reason: 'staging unreachable (timeout after 5 s)' };
  const steps = rolloutSteps({ flag: 'f', environments: ENVIRONMENTS, states: { staging: unknown, production: ON }, now: NOW });
  assert.deepEqual(steps[0], { id: 'unknown-staging', title: 'staging: state unknown (staging unreachable (timeout after 5 s)); steps that need it are not marked done', status: 'warning' });
  assert.deepEqual(steps.slice(1, 3).map((step) => `${step.id}:${step.status}`), ['non-production-percentage:current', 'non-production-on:pending']);
});
