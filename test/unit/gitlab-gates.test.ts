import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchedAgo, formatAge, gatesInWords, stateInWords, stateSymbol } from '../../shared/stateWording';
import type { EnvironmentFlagState, Gate } from '../../shared/gitlabModel';

const set = (gates: Gate[], state: 'on' | 'off' | 'conditional' = 'conditional'): EnvironmentFlagState => ({
  status: 'set',
  feature: { name: 'f', state, gates },
  fetchedAt: 0,
});

test('a true boolean gate reads "on" whatever else is set', () => {
  assert.equal(gatesInWords([{ key: 'boolean', value: true }, { key: 'actors', value: ['User:1'] }]), 'on');
});

test('a false boolean gate alone reads "off"', () => {
  assert.equal(gatesInWords([{ key: 'boolean', value: false }]), 'off');
});

test('percentages read as "% of actors" and "% of time (deprecated)"', () => {
  assert.equal(gatesInWords([{ key: 'boolean', value: false }, { key: 'percentage_of_actors', value: 25 }]), '25% of actors');
  assert.equal(gatesInWords([{ key: 'percentage_of_time', value: 10 }]), '10% of time (deprecated)');
  assert.equal(gatesInWords([{ key: 'percentage_of_actors', value: 12.5 }]), '12.5% of actors');
});

test('actors are counted and listed', () => {
  assert.equal(gatesInWords([{ key: 'actors', value: ['Project:278964', 'Group:9970', 'User:1'] }]), 'on for 3 actors: Project:278964, Group:9970, User:1');
  assert.equal(gatesInWords([{ key: 'actors', value: ['User:1'] }]), 'on for 1 actor: User:1');
});

test('feature groups are named', () => {
  assert.equal(gatesInWords([{ key: 'groups', value: ['gitlab_team_members'] }]), 'on for feature group gitlab_team_members');
  assert.equal(gatesInWords([{ key: 'groups', value: ['a', 'b'] }]), 'on for feature groups a, b');
});

test('several partial gates are joined with " · " in gate order', () => {
  const gates: Gate[] = [
    { key: 'boolean', value: false },
    { key: 'actors', value: ['Project:278964'] },
    { key: 'percentage_of_actors', value: 25 },
    { key: 'groups', value: ['gitlab_team_members'] },
  ];
  assert.equal(gatesInWords(gates), 'on for 1 actor: Project:278964 · 25% of actors · on for feature group gitlab_team_members');
});

test('default and unknown states read as the rest of the product shows them', () => {
  assert.equal(stateInWords({ status: 'default', defaultEnabled: false, fetchedAt: 0 }), 'off (default)');
  assert.equal(stateInWords({ status: 'default', defaultEnabled: true, fetchedAt: 0 }), 'on (default_enabled)');
  assert.equal(stateInWords({ status: 'unknown', reason: 'staging unreachable (timeout after 5 s)' }), 'state unknown: staging unreachable (timeout after 5 s)');
});

test('GitLab\'s own state wins over gates this tool does not know', () => {
  assert.equal(stateInWords(set([{ key: 'boolean', value: false }], 'conditional')), 'partly on (by a gate this tool does not show)');
  assert.equal(stateInWords(set([{ key: 'boolean', value: false }], 'on')), 'on');
});

test('each state level has its symbol', () => {
  assert.equal(stateSymbol(set([{ key: 'boolean', value: true }], 'on')), '●');
  assert.equal(stateSymbol(set([{ key: 'percentage_of_actors', value: 50 }])), '◐');
  assert.equal(stateSymbol(set([{ key: 'boolean', value: false }], 'off')), '○');
  assert.equal(stateSymbol({ status: 'default', defaultEnabled: true, fetchedAt: 0 }), '●');
  assert.equal(stateSymbol({ status: 'default', defaultEnabled: false, fetchedAt: 0 }), '○');
  assert.equal(stateSymbol({ status: 'unknown', reason: 'x' }), '⚠');
});

test('ages are short and rounded down', () => {
  const now = 10_000_000;
  assert.equal(formatAge(now - 400, now), 'just now');
  assert.equal(formatAge(now - 40_900, now), '40 s ago');
  assert.equal(formatAge(now - 3 * 60_000 - 5000, now), '3 min ago');
  assert.equal(formatAge(now - 2 * 3_600_000, now), '2 h ago');
  assert.equal(formatAge(now - 3 * 86_400_000, now), '3 d ago');
  assert.equal(fetchedAgo({ status: 'default', defaultEnabled: false, fetchedAt: now - 40_000 }, now), 'fetched 40 s ago');
  assert.equal(fetchedAgo({ status: 'unknown', reason: 'x' }, now), '');
});
