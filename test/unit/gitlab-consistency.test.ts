import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consistencyViolations } from '../../server/src/gitlab/consistency';
import { parseEnvironments } from '../../server/src/gitlab/environments';
import type { EnvironmentFlagState, Gate } from '../../shared/gitlabModel';
import type { WriteIntent } from '../../shared/protocol';

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
const set = (value: string, environments: string[], extra: Partial<WriteIntent> = {}): WriteIntent => ({ flag: 'f', operation: 'set', value, environments, ...extra });

function check(intent: WriteIntent, staging: EnvironmentFlagState, production: EnvironmentFlagState, defaultEnabled = false): string[] {
  return consistencyViolations({ intent, environments: ENVIRONMENTS, states: { staging, production }, defaultEnabled });
}

test('production may not be turned on while staging is off', () => {
  assert.deepEqual(check(set('true', ['production']), OFF, OFF), ['production may not be turned on while staging is off (staging: off (default)).']);
  assert.deepEqual(check(set('25', ['production'], { percentageOf: 'actors' }), OFF, OFF), ['production may not be turned on while staging is off (staging: off (default)).']);
  assert.deepEqual(check(set('true', ['production'], { actors: { project: ['a/b'] } }), OFF, OFF), ['production may not be turned on while staging is off (staging: off (default)).']);
});

test('a partly enabled staging counts as on', () => {
  assert.deepEqual(check(set('true', ['production']), partial([{ key: 'percentage_of_actors', value: 50 }]), OFF), []);
});

test('staging may not be turned off while production is on, even partly', () => {
  assert.deepEqual(check(set('false', ['staging']), ON, partial([{ key: 'actors', value: ['Project:1'] }])), [
    'staging may not be turned off while production is on (production: on for 1 actor: Project:1).',
  ]);
  assert.deepEqual(check(set('0', ['staging']), ON, ON), ['staging may not be turned off while production is on (production: on).']);
});

test('deleting counts as turning on or off according to default_enabled', () => {
  assert.deepEqual(check({ flag: 'f', operation: 'delete', environments: ['staging'] }, ON, ON, false), ['staging may not be turned off while production is on (production: on).']);
  assert.deepEqual(check({ flag: 'f', operation: 'delete', environments: ['staging'] }, ON, ON, true), []);
});

test('one write over both environments is judged by the state it leaves', () => {
  assert.deepEqual(check(set('true', ['staging', 'production']), OFF, OFF), []);
  assert.deepEqual(check(set('false', ['staging', 'production']), ON, ON), []);
});

test('an unknown state cannot prove the rule, so it is a violation', () => {
  assert.deepEqual(check(set('true', ['production']), { status: 'unknown', reason: 'staging unreachable (timeout after 5 s)' }, OFF), [
    'Cannot check that staging is on before turning on production: staging unreachable (timeout after 5 s).',
  ]);
});

test('writes that change neither rule pass', () => {
  assert.deepEqual(check(set('true', ['staging']), OFF, OFF), []);
  assert.deepEqual(check(set('false', ['production']), ON, ON), []);
});
