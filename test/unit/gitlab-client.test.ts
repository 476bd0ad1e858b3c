// The Features API client against the local GitLab over real HTTP: every error kind.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FeaturesClient, type FeaturesClientOptions } from '../../server/src/gitlab/client';
import { GitLabError } from '../../server/src/gitlab/errors';
import { ADMIN_TOKEN, startLocalGitlab, USER_TOKEN, type LocalGitlabProcess } from '../helpers/localGitlab';

let gitlab: LocalGitlabProcess;
let other: LocalGitlabProcess;

before(async () => {
  [gitlab, other] = await Promise.all([startLocalGitlab({ faults: true, seed: 'demo', name: 'staging' }), startLocalGitlab({})]);
});
after(async () => {
  await Promise.all([gitlab.stop(), other.stop()]);
});
beforeEach(async () => {
  await gitlab.clearFaults();
  await gitlab.clearRequests();
});

function client(options: Partial<FeaturesClientOptions> = {}): FeaturesClient {
  return new FeaturesClient({ environment: { name: 'staging', url: gitlab.url }, token: ADMIN_TOKEN, backoffMs: 1, ...options });
}

async function failure(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GitLabError, `not a GitLabError: ${String(error)}`);
    assert.ok(!error.message.includes(ADMIN_TOKEN) && !error.message.includes(USER_TOKEN), 'a token leaked into the message');
    return { kind: error.kind, message: error.message };
  }
  assert.fail('expected a failure');
}

test('lists features with their gates', async () => {
  const features = await client().listFeatures();
  assert.deepEqual(
    features.map(({ name, state, gates }) => ({ name, state, gates })),
    [
      { name: 'ci_pipeline_creation_requests_realtime', state: 'on', gates: [{ key: 'boolean', value: true }] },
      { name: 'code_suggestions_context', state: 'on', gates: [{ key: 'boolean', value: true }] },
      { name: 'deduplicate_archive_traces_cron_worker', state: 'on', gates: [{ key: 'boolean', value: true }] },
      { name: 'work_items_beta', state: 'conditional', gates: [{ key: 'boolean', value: false }, { key: 'percentage_of_actors', value: 50 }] },
    ],
  );
});

test('lists definitions', async () => {
  assert.deepEqual((await client().listDefinitions()).map((definition) => definition.name), ['code_suggestions_context', 'ci_pipeline_creation_requests_realtime', 'blame_ignore_revs']);
});

test('sets and deletes a flag', async () => {
  const feature = await client().setFeature('client_test_flag', { value: 'true', project: 'gitlab-org/gitlab' });
  assert.deepEqual(feature, { name: 'client_test_flag', state: 'conditional', gates: [{ key: 'boolean', value: false }, { key: 'actors', value: ['Project:278964'] }], definition: null });
  await client().deleteFeature('client_test_flag');
  assert.equal((await client().listFeatures()).some((candidate) => candidate.name === 'client_test_flag'), false);
});

test('no token: nothing is sent', async () => {
  assert.deepEqual(await failure(client({ token: undefined }).listFeatures()), {
    kind: 'no-token',
    message: 'staging: no token; set GITLAB_FLAGS_TOKEN_STAGING or add one in the editor (an admin token is needed).',
  });
  assert.deepEqual(await gitlab.requests(), []);
});

test('401: the token is wrong or expired', async () => {
  assert.deepEqual(await failure(client({ token: 'expired-token' }).listFeatures()), {
    kind: 'unauthorized',
    message: 'staging: 401 Unauthorized: the token is missing, expired or revoked (GITLAB_FLAGS_TOKEN_STAGING).',
  });
});

test('403: the token is not an administrator\'s', async () => {
  assert.deepEqual(await failure(client({ token: USER_TOKEN }).listFeatures()), {
    kind: 'forbidden',
    message: "staging: 403 Forbidden: the token's user is not an administrator; the Features API needs an admin token.",
  });
});

test('404: the URL is wrong', async () => {
  const wrong = new FeaturesClient({ environment: { name: 'staging', url: `${gitlab.url}/nope` }, token: ADMIN_TOKEN });
  assert.deepEqual(await failure(wrong.listFeatures()), {
    kind: 'not-found',
    message: `staging: 404 Not Found for GET /api/v4/features: check the environment URL (${gitlab.url}/nope).`,
  });
});

test("400: GitLab's own message", async () => {
  assert.deepEqual(await failure(client().setFeature('code_suggestions_context', { value: '25', key: 'percentage_of_actors' })), {
    kind: 'bad-request',
    message: 'staging: GitLab refused the request (400): Cannot enable percentage of actors for a fully-enabled flag',
  });
  assert.deepEqual(await failure(client().setFeature('x', { value: 'true', project: 'no/such-project' })), {
    kind: 'bad-request',
    message: 'staging: GitLab refused the request (400): no/such-project is not found!',
  });
});

test("422: GitLab's validation messages", async () => {
  await gitlab.setFault({ kind: 'status', status: 422, message: 'Name is invalid' });
  assert.deepEqual(await failure(client().setFeature('x', { value: 'true' })), { kind: 'bad-request', message: 'staging: GitLab refused the request (422): Name is invalid' });
});

test('429 on a write: no retry, and the wait GitLab asks for is named', async () => {
  await gitlab.setFault({ kind: 'status', status: 429, retryAfter: 30 });
  assert.deepEqual(await failure(client().setFeature('x', { value: 'true' })), { kind: 'rate-limited', message: 'staging: rate limited (429): wait 30 s and retry.' });
  assert.equal((await gitlab.requests()).length, 1);
});

test('429 on a read: retried after Retry-After, then succeeds', async () => {
  await gitlab.setFault({ kind: 'status', status: 429, retryAfter: 0, method: 'GET' });
  assert.equal((await client().listFeatures()).length, 4);
  assert.deepEqual((await gitlab.requests()).map((request) => request.method), ['GET', 'GET']);
});

test('429 asking for a long wait is reported rather than waited out', async () => {
  await gitlab.setFault({ kind: 'status', status: 429, retryAfter: 3600, method: 'GET' });
  assert.deepEqual(await failure(client().listFeatures()), { kind: 'rate-limited', message: 'staging: rate limited (429): wait 3600 s and retry.' });
  assert.equal((await gitlab.requests()).length, 1);
});

test('5xx: reads are retried with backoff, writes never', async () => {
  await gitlab.setFault({ kind: 'status', status: 503, times: -1 });
  assert.deepEqual(await failure(client().listFeatures()), { kind: 'server-error', message: 'staging: GitLab server error (503 Service Unavailable) for GET /api/v4/features.' });
  assert.equal((await gitlab.requests()).length, 3);
  await gitlab.clearRequests();
  assert.deepEqual(await failure(client().setFeature('x', { value: 'true' })), { kind: 'server-error', message: 'staging: GitLab server error (503 Service Unavailable) for POST /api/v4/features/x.' });
  assert.equal((await gitlab.requests()).length, 1);
});

test('a transient 502 on a read is invisible after the retry', async () => {
  await gitlab.setFault({ kind: 'status', status: 502 });
  assert.equal((await client().listFeatures()).length, 4);
});

test('timeout', async () => {
  await gitlab.setFault({ kind: 'delay', ms: 5000 });
  assert.deepEqual(await failure(client({ timeoutMs: 200, retries: 0 }).listFeatures()), { kind: 'timeout', message: 'staging unreachable (timeout after 200 ms)' });
});

test('connection refused', async () => {
  const stopped = await startLocalGitlab({});
  await stopped.stop();
  const dead = new FeaturesClient({ environment: { name: 'staging', url: stopped.url }, token: ADMIN_TOKEN, retries: 0 });
  assert.deepEqual(await failure(dead.listFeatures()), { kind: 'unreachable', message: 'staging unreachable (connection refused)' });
});

test('connection reset', async () => {
  await gitlab.setFault({ kind: 'reset' });
  assert.deepEqual(await failure(client({ retries: 0 }).listFeatures()), { kind: 'unreachable', message: 'staging unreachable (connection reset)' });
});

test('malformed JSON: an HTML page or a cut-off body', async () => {
  await gitlab.setFault({ kind: 'non-json' });
  assert.deepEqual(await failure(client().listFeatures()), {
    kind: 'malformed',
    message: 'staging: malformed response from GET /api/v4/features: an HTML page instead of JSON (is the URL the GitLab instance?).',
  });
  await gitlab.setFault({ kind: 'truncated' });
  assert.deepEqual(await failure(client().listFeatures()), {
    kind: 'malformed',
    message: 'staging: malformed response from GET /api/v4/features: the body is not valid JSON (cut off or not JSON at all) (is the URL the GitLab instance?).',
  });
});

test('200 with the wrong shape', async () => {
  await gitlab.setFault({ kind: 'wrong-shape' });
  assert.deepEqual(await failure(client().listFeatures()), {
    kind: 'wrong-shape',
    message: 'staging: unexpected response from GET /api/v4/features: expected a list of features, got an object.',
  });
});

test('a redirect is not followed, so the token never reaches the other host', async () => {
  await other.clearRequests();
  await gitlab.setFault({ kind: 'redirect', location: `${other.url}/api/v4/features` });
  assert.deepEqual(await failure(client().listFeatures()), {
    kind: 'redirect',
    message: `staging: GET /api/v4/features was redirected (302) to ${other.url}/api/v4/features; not following it, so the token is not sent elsewhere. Check the environment URL (${gitlab.url}).`,
  });
  assert.deepEqual(await other.requests(), []);
});

test('flag names that could change the URL are refused before sending', async () => {
  for (const name of ['../admin', 'a?b=c', 'a/b', 'a b', '%2e%2e']) {
    const { kind } = await failure(client().setFeature(name, { value: 'true' }));
    assert.equal(kind, 'invalid-request');
  }
  assert.deepEqual(await failure(client().deleteFeature('../x')), { kind: 'invalid-request', message: "staging: invalid flag name '../x': use only letters, digits, '_', ':' and '-'." });
  assert.deepEqual(await gitlab.requests(), []);
});

test('every parameter is validated before sending', async () => {
  assert.deepEqual(await failure(client().setFeature('x', { value: '150' })), { kind: 'invalid-request', message: "staging: 'value' must be a percentage from 0 to 100, not 150." });
  assert.deepEqual(await failure(client().setFeature('x', { value: '50', key: 'percentage_of_actors', project: 'a/b' })), {
    kind: 'invalid-request',
    message: "staging: 'key' (percentage_of_actors) cannot be combined with actor parameters (project).",
  });
  assert.deepEqual(await failure(client().setFeature('x', { value: 'true', user: 'a, b' })), {
    kind: 'invalid-request',
    message: "staging: 'user' must be a comma-separated list without spaces or empty items, not 'a, b'.",
  });
  assert.deepEqual(await gitlab.requests(), []);
});

test('dynamic worker flag names are accepted and encoded', async () => {
  const feature = await client().setFeature('run_sidekiq_jobs_Example::SlowWorker', { value: 'false' });
  assert.equal(feature.name, 'run_sidekiq_jobs_Example::SlowWorker');
  assert.deepEqual((await gitlab.requests()).map((request) => request.path), ['/api/v4/features/run_sidekiq_jobs_Example%3A%3ASlowWorker']);
});
