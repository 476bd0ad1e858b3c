// The live-state warning before a cleanup (issue 15 §4, gitlab-org/gitlab#385312): the exact text
// for each state production can be in, and the editor's path (cleanupFlag, behind the
// gitlabFlags/cleanup request) returning it in CleanupResult.warnings. The CLI's stderr line is
// tested against a local GitLab in test/cli/cleanup-live-state.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/index/workspace';
import { cleanupFlag } from '../../server/src/features/cleanup';
import { nodeModulesWasmDir } from '../../server/src/cleanup';
import { liveStateWarning, liveStateWarnings, type LiveStates } from '../../server/src/cleanup/liveState';
import type { Environment, EnvironmentFlagState, FeatureState } from '../../shared/gitlabModel';
import { EXAMPLE, PROJECT } from '../helpers/lspClient';

process.env.GITLAB_FLAGS_WASM_DIR = nodeModulesWasmDir(PROJECT);

const set = (feature: Omit<FeatureState, 'name'>): EnvironmentFlagState => ({ status: 'set', feature: { name: 'my_flag', ...feature }, fetchedAt: 0 });
const OFF = set({ state: 'off', gates: [{ key: 'boolean', value: false }] });
const ON = set({ state: 'on', gates: [{ key: 'boolean', value: true }] });
const ACTORS = set({ state: 'conditional', gates: [{ key: 'actors', value: ['Project:278964', 'Group:9970'] }] });

test('keeping enabled what production has off: gitlab.com and, by default_enabled, self-managed instances turn it on', () => {
  assert.equal(
    liveStateWarning('my_flag', 'enabled', 'production', OFF, false),
    'keeping enabled, but production has my_flag off: the feature turns on there when this is deployed, and on self-managed instances when they upgrade (default_enabled: false). See gitlab-org/gitlab#385312.',
  );
});

test('keeping disabled what production has on by default_enabled', () => {
  assert.equal(
    liveStateWarning('my_flag', 'disabled', 'production', { status: 'default', defaultEnabled: true, fetchedAt: 0 }, true),
    'keeping disabled, but production has my_flag fully on (never set there; default_enabled: true): the feature turns off there when this is deployed, and on self-managed instances when they upgrade (default_enabled: true). See gitlab-org/gitlab#385312.',
  );
});

test('a flag on for some actors only contradicts either kept behaviour, and the gates are named', () => {
  assert.equal(
    liveStateWarning('my_flag', 'enabled', 'gprd', ACTORS, false),
    'keeping enabled, but gprd has my_flag only partly on (on for 2 actors: Project:278964, Group:9970): the feature turns on for everyone there when this is deployed, and on self-managed instances when they upgrade (default_enabled: false). See gitlab-org/gitlab#385312.',
  );
  assert.equal(
    liveStateWarning('my_flag', 'disabled', 'gprd', ACTORS, false),
    'keeping disabled, but gprd has my_flag only partly on (on for 2 actors: Project:278964, Group:9970): the feature turns off for everyone there when this is deployed. See gitlab-org/gitlab#385312.',
  );
});

test('a kept behaviour production already runs says nothing', () => {
  assert.equal(liveStateWarning('my_flag', 'enabled', 'production', ON, false), undefined);
  assert.equal(liveStateWarning('my_flag', 'disabled', 'production', OFF, true), undefined);
  assert.equal(liveStateWarning('my_flag', 'disabled', 'production', { status: 'default', defaultEnabled: false, fetchedAt: 0 }, false), undefined);
});

test('an unreadable production is said, with the reason', () => {
  assert.equal(
    liveStateWarning('my_flag', 'enabled', 'production', { status: 'unknown', reason: 'production: unreachable (ECONNREFUSED).' }, false),
    "cannot tell whether keeping enabled matches production's live state of my_flag: unreachable (ECONNREFUSED)",
  );
});

function fakeLive(environments: Environment[], states: Record<string, EnvironmentFlagState>, asked: string[][] = []): LiveStates {
  return {
    environments,
    async states(_flag, _wait, only) {
      asked.push([...(only ?? [])]);
      return Object.fromEntries(Object.entries(states).filter(([name]) => !only || only.includes(name)));
    },
  };
}

test('only production environments are read; none configured, or no live state at all, says nothing', async () => {
  const asked: string[][] = [];
  const environments: Environment[] = [
    { name: 'staging', url: 'https://staging.gitlab.com' },
    { name: 'production', url: 'https://gitlab.com', production: true },
  ];
  assert.deepEqual(await liveStateWarnings(fakeLive(environments, { staging: OFF, production: ON }, asked), 'my_flag', 'enabled', false, 100), []);
  assert.deepEqual(asked, [['production']]);
  assert.deepEqual(await liveStateWarnings(fakeLive([environments[0]], { staging: OFF }), 'my_flag', 'enabled', false, 100), []);
  assert.deepEqual(await liveStateWarnings(undefined, 'my_flag', 'enabled', false, 100), []);
});

test('the editor: gitlabFlags/cleanup (cleanupFlag) returns the warning in CleanupResult.warnings, and [] without live state', async () => {
  const workspace = new Workspace(EXAMPLE, { useCache: false });
  await workspace.load();
  const production: Environment[] = [{ name: 'production', url: 'https://gitlab.com', production: true }];
  const warned = await cleanupFlag(workspace, 'blame_ignore_revs', 'disabled', (path) => workspace.readText(path), fakeLive(production, { production: ON }));
  // blame_ignore_revs is default_enabled: true in the example workspace.
  assert.deepEqual(warned.warnings, [
    'keeping disabled, but production has blame_ignore_revs fully on: the feature turns off there when this is deployed, and on self-managed instances when they upgrade (default_enabled: true). See gitlab-org/gitlab#385312.',
  ]);
  assert.ok(warned.editedFiles.length > 0, 'the cleanup itself is still offered');
  const plain = await cleanupFlag(workspace, 'blame_ignore_revs', 'enabled');
  assert.deepEqual(plain.warnings, []);
});
