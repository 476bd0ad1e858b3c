// Live state through the language server: hover with two environments served by two local
// GitLab instances, writes with the server-enforced safety rules, and an environment going away.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { EXAMPLE, TestServer, uri } from '../helpers/lspClient';
import { positionOf } from '../helpers/positions';
import { ADMIN_TOKEN, LocalGitlabProcess, startLocalGitlab } from '../helpers/localGitlab';
import { planAndExecute } from '../helpers/serverWrites';
import { auditLines } from '../helpers/audit';
import { ChatopsLineRequest, CancelWriteRequest, WorkspaceTrustNotification, ExecuteWriteRequest, PlanWriteRequest, type WritePlan, type WriteResult, EnvironmentsRequest, type EnvironmentStatus } from '../../shared/protocol';

const CONTROLLER = join(EXAMPLE, 'app/controllers/projects/pipelines_controller.rb');
const FLAG = 'ci_pipeline_creation_requests_realtime';
const INCIDENTS = 'gitlab-com/gl-infra/production';

let staging: LocalGitlabProcess;
let production: LocalGitlabProcess;
let server: TestServer;

before(async () => {
  [staging, production] = await Promise.all([startLocalGitlab({ name: 'staging' }), startLocalGitlab({ name: 'production' })]);
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  await production.api('POST', `/api/v4/features/${FLAG}`, { value: '25', key: 'percentage_of_actors' });
  server = await TestServer.start({
    roots: [EXAMPLE],
    env: { GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN },
    initializationOptions: {
      settings: {
        requestTimeoutSeconds: 2,
        environments: [
          { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
          { name: 'production', url: production.url, chatopsOption: '--production', production: true, access: 'write', incidentProject: INCIDENTS },
        ],
      },
    },
  });
});

after(async () => {
  await server.stop();
  await Promise.all([staging.stop(), production.stop()]);
});

async function hoverLines(): Promise<string[]> {
  const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri: uri(CONTROLLER) }, position: positionOf(CONTROLLER, `:${FLAG}, project)\n        render`, 1, 5) });
  return (hover.contents as { value: string }).value.split('\n').filter((line) => line.startsWith('|')).map((line) => line.replace(/\d+ s ago|just now/, 'AGE'));
}

test('hover shows the state on both environments', async () => {
  assert.deepEqual(await hoverLines(), ['| environment | state | fetched |', '| --- | --- | --- |', '| staging | ● on | AGE |', '| production | ◐ 25% of actors | AGE |']);
});

test('a production write is planned with a confirmation and refused without it', async () => {
  const intent = { flag: FLAG, environments: ['production'], operation: 'set' as const, value: '50', percentageOf: 'actors' as const };
  const plan = await server.request<WritePlan>(PlanWriteRequest.method, intent);
  // Production is chatops' default environment, so the line names no option for it.
  assert.equal(plan.chatops, `/chatops run feature set ${FLAG} 50 --actors`);
  assert.deepEqual(plan.requests, [{ environment: 'production', method: 'POST', path: `/api/v4/features/${FLAG}`, body: { value: '50', key: 'percentage_of_actors' } }]);
  assert.equal(plan.productionConfirmation, `This changes PRODUCTION (production): set it to 50% of actors for ${FLAG}.`);
  const refused = await server.request<WriteResult[]>(ExecuteWriteRequest.method, { planId: plan.id, confirmedProduction: false, ignoreConsistencyCheck: false });
  assert.deepEqual(refused.map(({ environment, outcome, message }) => ({ environment, outcome, message })), [
    { environment: 'production', outcome: 'refused', message: `Production was not confirmed: This changes PRODUCTION (production): set it to 50% of actors for ${FLAG}. Confirm it explicitly to proceed.` },
  ]);
  // A plan runs at most once, refused or not.
  const again = await server.request<WriteResult[]>(ExecuteWriteRequest.method, { planId: plan.id, confirmedProduction: true, ignoreConsistencyCheck: false });
  assert.deepEqual(again.map(({ outcome }) => outcome), ['refused']);
  const done = await planAndExecute(server.request.bind(server), intent, { confirmedProduction: true, ignoreConsistencyCheck: false });
  assert.equal(done[0].ok, true, done[0].message);
  assert.deepEqual((await hoverLines())[3], '| production | ◐ 50% of actors | AGE |');
});

test('turning staging off while production is on needs the consistency override', async () => {
  const intent = { flag: FLAG, environments: ['staging'], operation: 'set' as const, value: 'false' };
  const plan = await server.request<WritePlan>(PlanWriteRequest.method, intent);
  assert.deepEqual(plan.consistencyViolations, ['staging may not be turned off while production is on (production: 50% of actors).']);
  const refused = await server.request<WriteResult[]>(ExecuteWriteRequest.method, { planId: plan.id, confirmedProduction: false, ignoreConsistencyCheck: false });
  assert.deepEqual(refused.map(({ ok, message }) => ({ ok, message })), [
    { ok: false, message: 'staging may not be turned off while production is on (production: 50% of actors). If you absolutely must, confirm with the SRE on call and override the consistency check.' },
  ]);
  assert.deepEqual((await hoverLines())[2], '| staging | ● on | AGE |');
});

test('an open severity::1 incident needs the production-check override, which the server enforces', async () => {
  await production.addIssue({ project: INCIDENTS, title: 'Database failover', issue_type: 'incident', labels: ['incident', 'severity::1'] });
  try {
    const intent = { flag: FLAG, environments: ['production'], operation: 'set' as const, value: '30', percentageOf: 'actors' as const };
    const plan = await server.request<WritePlan>(PlanWriteRequest.method, intent);
    const incident = `production: incident #1 "Database failover" (severity::1) is open in ${INCIDENTS}.`;
    assert.deepEqual(plan.activeIncidents, [incident]);
    const refused = await server.request<WriteResult[]>(ExecuteWriteRequest.method, { planId: plan.id, confirmedProduction: true, ignoreConsistencyCheck: false });
    assert.deepEqual(refused.map(({ environment, ok, message }) => ({ environment, ok, message })), [
      { environment: 'production', ok: false, message: `Production changes are blocked during active high-severity incidents: ${incident} Override the production check only if the change is unrelated or part of the fix.` },
    ]);
    assert.deepEqual((await hoverLines())[3], '| production | ◐ 50% of actors | AGE |');
    const done = await planAndExecute(server.request.bind(server), intent, { confirmedProduction: true, ignoreConsistencyCheck: false, ignoreProductionCheck: true });
    assert.deepEqual(done.map(({ ok, message }) => ({ ok, message })), [{ ok: true, message: `production: ${FLAG} is now 30% of actors (production check overridden).` }]);
  } finally {
    await production.clearIssues();
  }
});

test('an environment that goes away shows as unreachable while the other stays visible', async () => {
  await production.stop();
  await server.request('gitlabFlags/refreshState', {});
  const lines = await hoverLines();
  assert.equal(lines[2], '| staging | ● on | AGE |');
  assert.match(lines[3], /^\| production \| ⚠ state unknown: production unreachable/);
  const environments = await server.request<EnvironmentStatus[]>(EnvironmentsRequest.method, undefined);
  assert.deepEqual(environments.map((status) => `${status.environment.name} ${status.hasToken} ${status.reachability}`), ['staging true reachable', 'production true unreachable']);
});

test('with environments, the hover offers a Refresh link to our own command only', async () => {
  const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri: uri(CONTROLLER) }, position: positionOf(CONTROLLER, `:${FLAG}, project)\n        render`, 1, 5) });
  const links = (hover.contents as { value: string }).value.split('\n').pop()!;
  assert.ok(links.endsWith(` · [Refresh](command:gitlabFlags.refreshFlag?%5B%22${FLAG}%22%5D)`), links);
});

test('an untrusted workspace reads flags but refuses writes in the server', async () => {
  const untrusted = await TestServer.start({
    roots: [EXAMPLE],
    initializationOptions: { workspaceTrusted: false, settings: { environments: [{ name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' }] } },
  });
  try {
    await assert.rejects(untrusted.request(PlanWriteRequest.method, { flag: FLAG, environments: ['staging'], operation: 'set', value: 'true' }), {
      message: 'This workspace is not trusted: flags can be read, but not changed on GitLab. Trust the workspace to enable writes.',
    });
    // Granting trust in the editor reaches the server at once, without a reload.
    untrusted.notify(WorkspaceTrustNotification.method, { trusted: true });
    const plan = await untrusted.request<WritePlan>(PlanWriteRequest.method, { flag: FLAG, environments: ['staging'], operation: 'set', value: 'true' });
    assert.deepEqual(plan.errors, []);
  } finally {
    await untrusted.stop();
  }
});

test('without an audit log option, the server writes where the CLI does: $XDG_STATE_HOME/gitlab-flags/audit.jsonl', async () => {
  const stateHome = mkdtempSync(join(tmpdir(), 'lsp-state-'));
  const shared = await TestServer.start({
    roots: [EXAMPLE],
    env: { XDG_STATE_HOME: stateHome, GITLAB_FLAGS_AUDIT_LOG: '', GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN },
    initializationOptions: { auditLogPath: '', settings: { environments: [{ name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' }] } },
  });
  try {
    const plan = await shared.request<WritePlan>(PlanWriteRequest.method, { flag: FLAG, environments: ['staging'], operation: 'set', value: 'true' });
    await shared.request(CancelWriteRequest.method, { planId: plan.id, reason: 'confirmation cancelled' });
    assert.deepEqual(auditLines(join(stateHome, 'gitlab-flags', 'audit.jsonl')), ['staging cancelled: confirmation cancelled']);
  } finally {
    await shared.stop();
  }
});

test('the chatops line for the clipboard needs no trust and no token, reads nothing and audits nothing', async () => {
  const auditLog = join(mkdtempSync(join(tmpdir(), 'lsp-chatops-')), 'audit.jsonl');
  const tokenless = await TestServer.start({
    roots: [EXAMPLE],
    env: { GITLAB_FLAGS_AUDIT_LOG: auditLog },
    initializationOptions: {
      workspaceTrusted: false,
      auditLogPath: auditLog,
      settings: {
        environments: [
          { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
          { name: 'production', url: production.url, chatopsOption: '--production', production: true, access: 'write' },
        ],
      },
    },
  });
  try {
    await staging.clearRequests();
    const line = await tokenless.request<string>(ChatopsLineRequest.method, { flag: FLAG, environments: ['staging', 'production'], operation: 'set', value: '25', percentageOf: 'actors' });
    assert.equal(line, `/chatops run feature set ${FLAG} 25 --actors --staging --production`);
    const deleteLine = await tokenless.request<string>(ChatopsLineRequest.method, { flag: FLAG, environments: ['production'], operation: 'delete' });
    assert.equal(deleteLine, `/chatops run feature delete ${FLAG}`);
    assert.deepEqual((await staging.requests()).filter((request) => request.path.includes(FLAG)), []);
    assert.equal(existsSync(auditLog), false);
  } finally {
    await tokenless.stop();
  }
});
