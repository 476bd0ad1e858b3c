// The local GitLab speaks the Features API contract: auth, Flipper gate semantics, GitLab's
// validation errors, persistence across restarts, and actor stickiness.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { startLocalGitlab, USER_TOKEN, type LocalGitlabProcess } from '../helpers/localGitlab';

let gitlab: LocalGitlabProcess;
before(async () => {
  gitlab = await startLocalGitlab({});
});
after(async () => {
  await gitlab.stop();
});

async function post(name: string, body: Record<string, string>) {
  return gitlab.api('POST', `/api/v4/features/${name}`, body);
}

test('the admin token is required: 401 without or with a wrong token, 403 for a non-admin', async () => {
  const none = await fetch(`${gitlab.url}/api/v4/features`);
  assert.deepEqual([none.status, await none.json()], [401, { message: '401 Unauthorized' }]);
  const wrong = await fetch(`${gitlab.url}/api/v4/features`, { headers: { 'PRIVATE-TOKEN': 'nope' } });
  assert.deepEqual([wrong.status, await wrong.json()], [401, { message: '401 Unauthorized' }]);
  const user = await fetch(`${gitlab.url}/api/v4/features`, { headers: { 'PRIVATE-TOKEN': USER_TOKEN } });
  assert.deepEqual([user.status, await user.json()], [403, { message: '403 Forbidden' }]);
});

test('true clears every other gate', async () => {
  await post('semantics_true', { value: '25', key: 'percentage_of_actors' });
  await post('semantics_true', { value: 'true', project: 'gitlab-org/gitlab' });
  assert.deepEqual(await post('semantics_true', { value: 'true' }), {
    status: 201,
    json: { name: 'semantics_true', state: 'on', gates: [{ key: 'boolean', value: true }], definition: null },
  });
});

test('false clears all gates but keeps the flag persisted', async () => {
  await post('semantics_false', { value: 'true', group: 'gitlab-org' });
  assert.deepEqual((await post('semantics_false', { value: 'false' })).json, { name: 'semantics_false', state: 'off', gates: [{ key: 'boolean', value: false }], definition: null });
});

test('actor gates accumulate, and false for an actor removes only that actor', async () => {
  await post('semantics_actors', { value: 'true', project: 'gitlab-org/gitlab,gitlab-org/gitlab-foss' });
  await post('semantics_actors', { value: 'true', group: 'gitlab-org', user: 'root', feature_group: 'gitlab_team_members' });
  await post('semantics_actors', { value: 'true', namespace: 'alice', repository: 'gitlab-org/gitlab.git' });
  assert.deepEqual((await post('semantics_actors', { value: 'false', project: 'gitlab-org/gitlab-foss' })).json, {
    name: 'semantics_actors',
    state: 'conditional',
    gates: [
      { key: 'boolean', value: false },
      { key: 'actors', value: ['Project:278964', 'User:1', 'Group:9970', 'Namespaces::UserNamespace:2', 'Repository:gitlab-org/gitlab'] },
      { key: 'groups', value: ['gitlab_team_members'] },
    ],
    definition: null,
  });
});

test('a number is a percentage of time unless key says actors; 0 disables and 100 enables', async () => {
  assert.deepEqual((await post('semantics_pct', { value: '10' })).json, {
    name: 'semantics_pct', state: 'conditional', gates: [{ key: 'boolean', value: false }, { key: 'percentage_of_time', value: 10 }], definition: null,
  });
  assert.deepEqual((await post('semantics_pct', { value: '12.5', key: 'percentage_of_actors' })).json, {
    name: 'semantics_pct',
    state: 'conditional',
    gates: [{ key: 'boolean', value: false }, { key: 'percentage_of_actors', value: 12.5 }, { key: 'percentage_of_time', value: 10 }],
    definition: null,
  });
  assert.deepEqual((await post('semantics_pct', { value: '0', key: 'percentage_of_actors' })).json, { name: 'semantics_pct', state: 'off', gates: [{ key: 'boolean', value: false }], definition: null });
  assert.deepEqual((await post('semantics_pct', { value: '100', key: 'percentage_of_actors' })).json, { name: 'semantics_pct', state: 'on', gates: [{ key: 'boolean', value: true }], definition: null });
});

test("GitLab's validation errors, in GitLab's two response styles", async () => {
  await post('semantics_errors', { value: 'true' });
  const cases: [Record<string, string>, number, unknown][] = [
    [{ value: '50', key: 'percentage_of_actors' }, 400, { message: '400 Bad request - Cannot enable percentage of actors for a fully-enabled flag' }],
    [{ value: '50' }, 400, { message: '400 Bad request - Cannot enable percentage of time for a fully-enabled flag' }],
    [{}, 400, { error: 'value is missing' }],
    [{ value: '50', key: 'percentage_of_actors', project: 'a/b' }, 400, { error: 'key, project are mutually exclusive' }],
    [{ value: 'maybe' }, 400, { message: `400 Bad request - Cannot set 'semantics_errors' to "maybe"` }],
    [{ value: 'maybe', key: 'percentage_of_actors' }, 400, { message: '400 Bad request - Not a percentage' }],
    [{ value: '50', key: 'sometimes' }, 400, { message: `400 Bad request - Cannot set 'semantics_errors' ("sometimes") to "50"` }],
    [{ value: '50', project: 'gitlab-org/gitlab' }, 400, { message: `400 Bad request - Cannot set 'semantics_errors' to "50" for Project:278964` }],
    [{ value: 'true', project: 'nobody/nothing' }, 400, { message: '400 Bad request - nobody/nothing is not found!' }],
    [{ value: 'true', force: 'perhaps' }, 400, { error: 'force is invalid' }],
  ];
  for (const [body, status, json] of cases) assert.deepEqual(await post('semantics_errors', body), { status, json }, JSON.stringify(body));
});

test('DELETE answers 204 whether or not the flag existed, and the flag is gone', async () => {
  await post('semantics_delete', { value: 'true' });
  assert.equal((await gitlab.api('DELETE', '/api/v4/features/semantics_delete')).status, 204);
  assert.equal((await gitlab.api('DELETE', '/api/v4/features/never_existed')).status, 204);
  const list = (await gitlab.api('GET', '/api/v4/features')).json as { name: string }[];
  assert.equal(list.some((feature) => feature.name === 'semantics_delete'), false);
});

test('percentage of actors is sticky per actor by CRC32', async () => {
  await post('sticky_flag', { value: '30', key: 'percentage_of_actors' });
  for (let id = 1; id <= 20; id++) {
    const actor = `Project:${id}`;
    const expected = crc32(`sticky_flag${actor}`) % 100000 < 30 * 1000;
    assert.equal((await gitlab.enabledFor('sticky_flag', actor)).enabled, expected, actor);
  }
});

test('fault injection exists only with --faults', async () => {
  const response = await fetch(`${gitlab.url}/-/local/faults`, { method: 'POST', body: '{"kind":"reset"}' });
  assert.equal(response.status, 404);
});

test('state survives a restart and is written atomically', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'local-gitlab-'));
  const stateFile = join(directory, 'state.json');
  const first = await startLocalGitlab({ stateFile, seed: 'demo', name: 'production' });
  await first.api('POST', '/api/v4/features/persisted_flag', { value: 'true', user: 'root' });
  await first.stop();
  assert.deepEqual(readdirSync(directory), ['state.json']);
  assert.deepEqual(JSON.parse(readFileSync(stateFile, 'utf8')).features.persisted_flag, {
    boolean: false, actors: ['User:1'], groups: [], percentageOfActors: 0, percentageOfTime: 0,
  });
  const second = await startLocalGitlab({ stateFile, seed: 'demo', name: 'production' });
  const names = ((await second.api('GET', '/api/v4/features')).json as { name: string }[]).map((feature) => feature.name);
  await second.stop();
  assert.deepEqual(names, ['ci_pipeline_creation_requests_realtime', 'code_suggestions_context', 'deduplicate_archive_traces_cron_worker', 'persisted_flag', 'work_items_beta']);
});
