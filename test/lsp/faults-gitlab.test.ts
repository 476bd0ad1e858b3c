// Faults between us and GitLab, injected by the local Features API (--faults): delays beyond
// the timeout, connection resets, 500/502/503/429, truncated, non-JSON and wrong-shape bodies,
// redirects. Each one gives its own message; reads retry only transient faults; a write is
// never retried (counted on the server side); and the hover recovers once the fault clears.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { FeaturesClient } from '../../server/src/gitlab/client';
import { GitLabError } from '../../server/src/gitlab/errors';
import { RefreshStateRequest } from '../../shared/protocol';
import { planAndExecute } from '../helpers/serverWrites';
import { ADMIN_TOKEN, startLocalGitlab, type LocalGitlabProcess } from '../helpers/localGitlab';
import { TestServer, uri } from '../helpers/lspClient';

let gitlab: LocalGitlabProcess;

before(async () => {
  gitlab = await startLocalGitlab({ faults: true, seed: 'demo', name: 'staging' });
});
after(async () => gitlab.stop());
beforeEach(async () => {
  await gitlab.clearFaults();
  await gitlab.clearRequests();
});

type Operation = 'GET' | 'POST' | 'DELETE';

async function attempt(operation: Operation): Promise<{ outcome: string; requests: number }> {
  const client = new FeaturesClient({ environment: { name: 'staging', url: gitlab.url }, token: ADMIN_TOKEN, backoffMs: 1, timeoutMs: 300, retries: 2 });
  let outcome = 'ok';
  try {
    if (operation === 'GET') await client.listFeatures();
    else if (operation === 'POST') await client.setFeature('fault_flag', { value: 'true' });
    else await client.deleteFeature('fault_flag');
  } catch (error) {
    assert.ok(error instanceof GitLabError, String(error));
    assert.ok(!error.message.includes(ADMIN_TOKEN), 'the token leaked into an error');
    outcome = `${error.kind}: ${error.message}`;
  }
  await gitlab.clearFaults();
  const requests = (await gitlab.requests()).filter((request) => request.method === operation).length;
  await gitlab.clearRequests();
  return { outcome, requests };
}

const PATHS: Record<Operation, string> = { GET: '/api/v4/features', POST: '/api/v4/features/fault_flag', DELETE: '/api/v4/features/fault_flag' };

/** [fault, expected outcome per operation as (method, path) => text, GET attempts]. */
const FAULTS: [Record<string, unknown>, (method: Operation, path: string) => string, number][] = [
  [{ kind: 'delay', ms: 3000 }, () => 'timeout: staging unreachable (timeout after 300 ms)', 3],
  [{ kind: 'reset' }, () => 'unreachable: staging unreachable (connection reset)', 3],
  [{ kind: 'status', status: 500 }, (m, p) => `server-error: staging: GitLab server error (500 Internal Server Error) for ${m} ${p}.`, 1],
  [{ kind: 'status', status: 502 }, (m, p) => `server-error: staging: GitLab server error (502 Bad Gateway) for ${m} ${p}.`, 3],
  [{ kind: 'status', status: 503 }, (m, p) => `server-error: staging: GitLab server error (503 Service Unavailable) for ${m} ${p}.`, 3],
  [{ kind: 'status', status: 429, retryAfter: 120 }, () => 'rate-limited: staging: rate limited (429): wait 120 s and retry.', 1],
  [{ kind: 'truncated' }, (m, p) => `malformed: staging: malformed response from ${m} ${p}: the body is not valid JSON (cut off or not JSON at all) (is the URL the GitLab instance?).`, 1],
  [{ kind: 'non-json' }, (m, p) => `malformed: staging: malformed response from ${m} ${p}: an HTML page instead of JSON (is the URL the GitLab instance?).`, 1],
];

for (const [fault, expected, getAttempts] of FAULTS) {
  const label = `${fault.kind}${fault.status ? ` ${fault.status}` : ''}`;
  test(`${label}: a specific message; GET tried ${getAttempts} time(s), POST and DELETE exactly once`, async () => {
    for (const operation of ['GET', 'POST', 'DELETE'] as Operation[]) {
      await gitlab.setFault({ ...fault, times: -1 });
      assert.deepEqual(await attempt(operation), { outcome: expected(operation, PATHS[operation]), requests: operation === 'GET' ? getAttempts : 1 }, `${label} ${operation}`);
    }
  });
}

test('a 200 with the wrong shape is reported for reads and writes, and never retried', async () => {
  await gitlab.setFault({ kind: 'wrong-shape', times: -1 });
  assert.deepEqual(await attempt('GET'), { outcome: 'wrong-shape: staging: unexpected response from GET /api/v4/features: expected a list of features, got an object.', requests: 1 });
  await gitlab.setFault({ kind: 'wrong-shape', times: -1 });
  assert.deepEqual(await attempt('POST'), { outcome: 'wrong-shape: staging: unexpected response from POST /api/v4/features/fault_flag: the response has no name.', requests: 1 });
});

test('a 429 whose Retry-After is short is waited out for a GET, then the GET succeeds', async () => {
  await gitlab.setFault({ kind: 'status', status: 429, retryAfter: 0, times: 1 });
  assert.deepEqual(await attempt('GET'), { outcome: 'ok', requests: 2 });
});

test('one transient GET fault is retried and succeeds; one transient POST fault fails once and is not retried', async () => {
  await gitlab.setFault({ kind: 'status', status: 503, times: 1 });
  assert.deepEqual(await attempt('GET'), { outcome: 'ok', requests: 2 });
  await gitlab.setFault({ kind: 'reset', times: 1 });
  assert.deepEqual(await attempt('POST'), { outcome: 'unreachable: staging unreachable (connection reset)', requests: 1 });
});

// ---------------------------------------------------------------------------------------------
// The language server against the same faults.

function workspaceWithFlag(): { root: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-faults-'));
  mkdirSync(join(root, 'app'), { recursive: true });
  mkdirSync(join(root, 'config/feature_flags/beta'), { recursive: true });
  writeFileSync(join(root, 'config/feature_flags/beta/code_suggestions_context.yml'), '---\nname: code_suggestions_context\ntype: beta\nmilestone: \'16.8\'\ndefault_enabled: false\n');
  const file = join(root, 'app/suggest.rb');
  writeFileSync(file, 'Feature.enabled?(:code_suggestions_context, project)\n');
  return { root, file };
}

async function stagingRow(server: TestServer, file: string): Promise<string | undefined> {
  const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 0, character: 20 } });
  return (hover.contents as { value: string }).value.split('\n').find((line) => line.startsWith('| staging'));
}

test('the hover shows the fault in the staging row, then recovers after the fault clears and state is refreshed', async () => {
  const { root, file } = workspaceWithFlag();
  await gitlab.setFault({ kind: 'status', status: 503, times: -1, method: 'GET' });
  const server = await TestServer.start({
    roots: [root],
    env: { GITLAB_FLAGS_ENVIRONMENTS: JSON.stringify([{ name: 'staging', url: gitlab.url, access: 'write' }]), GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_NO_CACHE: '1' },
  });
  try {
    await server.request(RefreshStateRequest.method, {});
    const failing = await stagingRow(server, file);
    assert.match(failing ?? '', /^\| staging \| ⚠ state unknown: staging: GitLab server error \\\(503 Service Unavailable\\\) for GET /);

    await gitlab.clearFaults();
    await server.request(RefreshStateRequest.method, {});
    assert.match((await stagingRow(server, file)) ?? '', /^\| staging \| ● on \| /);

    // A write that meets a reset is sent once, not retried, reported as unknown with the state
    // read back (the reset came before GitLab applied it), and the hover still answers.
    await gitlab.clearRequests();
    await gitlab.setFault({ kind: 'reset', times: -1, method: 'POST' });
    const results = await planAndExecute(server.request.bind(server), { flag: 'code_suggestions_context', environments: ['staging'], operation: 'set', value: 'false' }, {
      confirmedProduction: false,
      ignoreConsistencyCheck: true,
    });
    assert.deepEqual(results.map(({ environment, outcome, message }) => ({ environment, outcome, message })), [
      {
        environment: 'staging',
        outcome: 'unknown',
        message: 'staging: the answer to POST was lost (staging unreachable (connection reset)), so the change may or may not have been applied. GitLab now reports code_suggestions_context on.',
      },
    ]);
    assert.equal((await gitlab.requests()).filter((request) => request.method === 'POST').length, 1);
    await gitlab.clearFaults();
    await server.request(RefreshStateRequest.method, {});
    assert.match((await stagingRow(server, file)) ?? '', /^\| staging \| ● on \| /);
    assert.ok(!server.stderr.includes(ADMIN_TOKEN));
  } finally {
    await server.stop();
  }
});
