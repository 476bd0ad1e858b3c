// Stale means what GitLab's housekeeper keep delete_old_feature_flags means; ready-to-remove when
// live state says the flag is on in every environment. And the severity map behind every count.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlagDefinition } from '../../server/src/flags/definition';
import { stalenessOf } from '../../server/src/features/staleness';
import { liveVerdict } from '../../server/src/features/liveState';
import { applySeverity, countBySeverity, describeCounts, severityMap, severityOverridesFrom, severityOverridesFromArguments } from '../../server/src/features/severity';
import { settingsFrom } from '../../server/src/settings';

const NOW = Date.UTC(2025, 2, 15);
const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function definition(type: string, milestone: string | undefined, defaultEnabled: boolean, extra: Partial<FlagDefinition> = {}): FlagDefinition {
  return { file: `/r/config/feature_flags/${type}/f.yml`, name: 'f', nameRange: ZERO, type, milestone, defaultEnabled, keyRanges: {}, valueRanges: {}, problems: [], ...extra };
}

function kind(type: string, milestone: string | undefined, defaultEnabled: boolean, options: { path?: string; live?: 'on' | 'off' | 'partial'; extra?: Partial<FlagDefinition> } = {}): string {
  const found = stalenessOf(definition(type, milestone, defaultEnabled, options.extra), {
    relativePath: options.path ?? `config/feature_flags/${type}/f.yml`,
    currentMilestone: '17.10',
    now: NOW,
    ...(options.live ? { live: { state: options.live, environments: ['staging', 'production'] } } : {}),
  });
  return found?.kind ?? '-';
}

test('a disabled (or unknown) flag is stale after more than 12 milestones, an enabled one after 4', () => {
  // 17.10 - 12 = 16.10: 16.10 is not older, 16.9 is.
  assert.equal(kind('beta', '16.10', false), '-');
  assert.equal(kind('beta', '16.9', false), 'stale-flag');
  // 17.10 - 4 = 17.6.
  assert.equal(kind('beta', '17.6', true), '-');
  assert.equal(kind('beta', '17.5', true), 'stale-flag');
  assert.equal(kind('development', '14.11', false), 'stale-flag');
  assert.equal(kind('gitlab_com_derisk', '16.1', false), 'stale-flag');
});

test('only development, gitlab_com_derisk and beta definitions in config/ or ee/config/ are ever stale', () => {
  for (const type of ['wip', 'ops', 'experiment', 'worker', 'undefined']) assert.equal(kind(type, '12.0', false), '-', type);
  assert.equal(kind('beta', '12.0', false, { path: 'ee/config/feature_flags/beta/f.yml' }), 'stale-flag');
  assert.equal(kind('beta', '12.0', false, { path: 'jh/config/feature_flags/beta/f.yml' }), '-');
  assert.equal(kind('beta', '12.0', false, { path: 'vendor/gems/x/config/feature_flags/beta/f.yml' }), '-');
});

test('no milestone, or an intended_to_rollout_by date still ahead, is never stale', () => {
  assert.equal(kind('beta', undefined, false), '-');
  assert.equal(kind('beta', '12.0', false, { extra: { intendedToRolloutBy: '2025-04-01' } }), '-');
  assert.equal(kind('beta', '12.0', false, { extra: { intendedToRolloutBy: '2025-03-15' } }), 'stale-flag');
  assert.equal(kind('beta', '12.0', false, { extra: { intendedToRolloutBy: 'next spring' } }), 'stale-flag');
});

test('live state: on everywhere is ready-to-remove after 4 milestones; partly on is being rolled out; off everywhere after 12', () => {
  assert.equal(kind('gitlab_com_derisk', '17.5', false, { live: 'on' }), 'ready-to-remove');
  assert.equal(kind('gitlab_com_derisk', '17.6', false, { live: 'on' }), '-');
  assert.equal(kind('gitlab_com_derisk', '12.0', false, { live: 'partial' }), '-');
  assert.equal(kind('gitlab_com_derisk', '16.10', false, { live: 'off' }), '-');
  assert.equal(kind('gitlab_com_derisk', '16.9', false, { live: 'off' }), 'stale-flag');
  // default_enabled counts as enabled whatever the environments say.
  assert.equal(kind('beta', '17.5', true, { live: 'partial' }), 'stale-flag');
  assert.equal(kind('beta', '17.5', true, { live: 'on' }), 'ready-to-remove');
});

test('the messages name the housekeeper rule and what to do', () => {
  const at = (defaultEnabled: boolean, milestone: string, live?: 'on' | 'off') =>
    stalenessOf(definition('beta', milestone, defaultEnabled), { relativePath: 'config/feature_flags/beta/f.yml', currentMilestone: '17.10', now: NOW, ...(live ? { live: { state: live, environments: ['staging', 'production'] } } : {}) });
  assert.deepEqual(at(false, '16.9'), {
    kind: 'stale-flag',
    message: "'f' is stale: it was introduced in 16.9, more than 12 milestones before 17.10; GitLab's housekeeper (keep delete_old_feature_flags) proposes deleting a flag that old unless it is being rolled out. Roll it out, or clean it up.",
    summary: "⚠ stale: introduced in 16.9, more than 12 milestones before 17.10; GitLab's housekeeper would propose deleting it",
  });
  assert.equal(
    at(true, '17.5')?.message,
    "'f' is stale: it is default_enabled and was introduced in 17.5, more than 4 milestones before 17.10; GitLab's housekeeper (keep delete_old_feature_flags) proposes deleting an enabled flag after 4 milestones. Clean it up, keeping the enabled behaviour.",
  );
  assert.equal(
    at(false, '16.9', 'off')?.message,
    "'f' is stale: it is off in every environment (staging, production) and was introduced in 16.9, more than 12 milestones before 17.10; GitLab's housekeeper (keep delete_old_feature_flags) proposes deleting a disabled flag after 12 milestones. Roll it out, or clean it up keeping the disabled behaviour.",
  );
  assert.deepEqual(at(false, '17.5', 'on'), {
    kind: 'ready-to-remove',
    message: "'f' is ready to remove: it is on in every environment (staging, production) and was introduced in 17.5, more than 4 milestones before 17.10; GitLab's housekeeper (keep delete_old_feature_flags) proposes deleting an enabled flag after 4 milestones. Clean it up, keeping the enabled behaviour.",
    summary: "✓ ready to remove: on in every environment, introduced in 17.5, more than 4 milestones before 17.10; GitLab's housekeeper would propose deleting it",
  });
});

test('live verdict: on or off everywhere (a flag never set follows default_enabled), partial otherwise, unknown until every environment is read', () => {
  const set = (state: 'on' | 'off' | 'conditional') => ({ status: 'set' as const, feature: { name: 'f', state, gates: [] }, fetchedAt: 1 });
  const byDefault = (defaultEnabled: boolean) => ({ status: 'default' as const, defaultEnabled, fetchedAt: 1 });
  assert.deepEqual(liveVerdict({ staging: set('on'), production: byDefault(true) }), { state: 'on', environments: ['staging', 'production'] });
  assert.deepEqual(liveVerdict({ staging: set('off'), production: byDefault(false) }), { state: 'off', environments: ['staging', 'production'] });
  assert.equal(liveVerdict({ staging: set('on'), production: set('conditional') })?.state, 'partial');
  assert.equal(liveVerdict({ staging: set('on'), production: { status: 'unknown', reason: 'timeout' } }), undefined);
  assert.equal(liveVerdict({}), undefined);
});

test('severity: stale-flag is a hint by default; overrides from the setting and the command line; off drops a kind', () => {
  const map = severityMap(severityOverridesFromArguments(['stale-flag=warning', 'dynamic-flag-name=off']));
  assert.equal(severityMap()['stale-flag'], 'hint');
  const problem = (kind: 'stale-flag' | 'dynamic-flag-name' | 'undefined-flag') => ({ kind, severity: 'error' as const, message: '', file: '/f', range: ZERO });
  assert.deepEqual(applySeverity([problem('stale-flag'), problem('dynamic-flag-name'), problem('undefined-flag')], map).map((p) => `${p.kind} ${p.severity}`), ['stale-flag warning', 'undefined-flag error']);
  assert.throws(() => severityOverridesFromArguments(['stale-flag']), /--severity stale-flag: expected KIND=LEVEL/);
  assert.deepEqual(severityOverridesFrom({ 'stale-flag': 'off', 'unused-definition': 'loud', nope: 'hint' }), { overrides: { 'stale-flag': 'off' }, ignored: ['unused-definition=loud', 'nope=hint'] });
  assert.deepEqual(settingsFrom({ diagnostics: { severity: { 'stale-flag': 'information' } } }).diagnosticsSeverity, { 'stale-flag': 'information' });
  assert.deepEqual(settingsFrom({}).diagnosticsSeverity, {});
  const counts = countBySeverity({ 'undefined-flag': 2, 'stale-flag': 3, 'dynamic-flag-name': 1 }, severityMap());
  assert.deepEqual(counts, { problems: 3, errors: 2, warnings: 0, information: 1, hints: 3 });
  assert.equal(describeCounts(counts), '3 problems (2 errors, 1 information), 3 hints');
  assert.equal(describeCounts(countBySeverity({}, severityMap())), '0 problems');
});
