// The VS Code client's pure helpers: inline state text, extinct flags' compact states, and the bulk
// delete's summary. They import no vscode module, so they run here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactExtinct, compactStatesWithDetail, inlineText, partialDetail, symbolOfWords } from '../../client/src/stateLabels';
import { bulkSummary, deleteEverywhere } from '../../client/src/extinct';
import { featureInWords } from '../../shared/stateWording';
import type { EnvironmentFlagState, FeatureState, Gate } from '../../shared/gitlabModel';

const feature = (gates: Gate[], state: FeatureState['state'] = 'conditional'): FeatureState => ({ name: 'f', state, gates });
const set = (gates: Gate[], state: FeatureState['state'] = 'conditional'): EnvironmentFlagState => ({ status: 'set', feature: feature(gates, state), fetchedAt: 1 });

test('inline state: each environment by short name and symbol, a partial state with what it amounts to', () => {
  assert.equal(
    compactStatesWithDetail({
      staging: set([{ key: 'boolean', value: true }], 'on'),
      production: set([{ key: 'percentage_of_actors', value: 50 }]),
    }),
    'stg ● prd ◐ 50%',
  );
  assert.equal(
    compactStatesWithDetail({
      staging: { status: 'default', defaultEnabled: false, fetchedAt: 1 },
      production: { status: 'unknown', reason: 'production unreachable', fetchedAt: 1 },
      dev: { status: 'unknown', reason: 'dev still fetching' },
    }),
    'stg ○ prd ⚠ dev …',
  );
});

test('a partial state in a few characters: percentages, time, actors and groups, joined by +', () => {
  assert.equal(partialDetail(set([{ key: 'percentage_of_actors', value: 12.5 }])), '12.5%');
  assert.equal(partialDetail(set([{ key: 'percentage_of_time', value: 10 }])), '10% time');
  assert.equal(partialDetail(set([{ key: 'actors', value: ['Project:1'] }, { key: 'percentage_of_actors', value: 25 }])), '1 actor+25%');
  assert.equal(partialDetail(set([{ key: 'groups', value: ['gitlab_team_members', 'other'] }])), '2 groups');
  // Fully on or off says nothing more than its symbol.
  assert.equal(partialDetail(set([{ key: 'percentage_of_actors', value: 100 }])), '');
  assert.equal(partialDetail(set([], 'off')), '');
});

test('a line with one flag shows its states; several flags are each named; a flag without states shows nothing', () => {
  const states = new Map<string, Record<string, EnvironmentFlagState>>([
    ['a', { staging: set([{ key: 'boolean', value: true }], 'on') }],
    ['b', { staging: set([], 'off') }],
    ['unconfigured', {}],
  ]);
  assert.equal(inlineText(['a'], states), 'stg ●');
  assert.equal(inlineText(['a', 'b'], states), 'a: stg ● · b: stg ○');
  assert.equal(inlineText(['unconfigured'], states), '');
  assert.equal(inlineText(['not-listed'], states), '');
  assert.equal(inlineText(['a', 'unconfigured'], states), 'stg ●');
});

test("an extinct flag's states in words get the symbol stateSymbol gives the same feature", () => {
  const features = [
    feature([{ key: 'boolean', value: true }], 'on'),
    feature([], 'off'),
    feature([{ key: 'percentage_of_time', value: 10 }]),
    feature([{ key: 'actors', value: ['User:1'] }]),
    feature([], 'conditional'),
  ];
  assert.deepEqual(features.map((item) => symbolOfWords(featureInWords(item))), ['●', '○', '◐', '◐', '◐']);
  assert.equal(
    compactExtinct([
      { environment: 'staging', state: 'on' },
      { environment: 'production', state: '10% of time (deprecated)' },
    ]),
    'stg ● prd ◐',
  );
});

test('deleting an extinct flag is one intent on every environment where it is set', () => {
  assert.deepEqual(
    deleteEverywhere({
      flag: 'old_flag',
      environments: [
        { environment: 'staging', state: 'on' },
        { environment: 'production', state: 'off' },
      ],
      chatops: '/chatops run feature delete old_flag --staging --production',
    }),
    { flag: 'old_flag', environments: ['staging', 'production'], operation: 'delete' },
  );
});

test('the bulk delete summary counts what was deleted, cancelled, refused and not attempted', () => {
  const none = { total: 3, deleted: 0, cancelled: 0, refused: 0, failed: 0, skipped: 0 };
  assert.equal(bulkSummary({ ...none, deleted: 3 }), 'Deleted 3 of 3 extinct flags.');
  assert.equal(bulkSummary({ ...none, deleted: 2, cancelled: 1 }), 'Deleted 2 of 3 extinct flags; 1 cancelled.');
  assert.equal(bulkSummary({ ...none, deleted: 0, cancelled: 1, skipped: 2 }), 'Deleted 0 of 3 extinct flags; 1 cancelled, 2 not attempted.');
  assert.equal(bulkSummary({ ...none, total: 1, refused: 1 }), 'Deleted 0 of 1 extinct flag; 1 refused.');
  assert.equal(bulkSummary({ ...none, deleted: 1, failed: 2 }), 'Deleted 1 of 3 extinct flags; 2 not fully deleted.');
});
