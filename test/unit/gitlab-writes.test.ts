// The write service through GitLabService, against two local GitLab instances over HTTP.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitLabService } from '../../server/src/gitlab/service';
import { liveStateTable } from '../../server/src/features/liveStateTable';
import { releaseEdit } from '../../server/src/features/releaseEdit';
import { AuditLog, defaultAuditLogPath } from '../../server/src/gitlab/auditLog';
import { parseEnvironments, TokenStore } from '../../server/src/gitlab/environments';
import { parseDefinition } from '../../server/src/flags/definition';
import { ADMIN_TOKEN, startLocalGitlab, type LocalGitlabProcess } from '../helpers/localGitlab';

let staging: LocalGitlabProcess;
let production: LocalGitlabProcess;
let auditLogPath: string;
let logLines: string[];
let service: GitLabService;

before(async () => {
  [staging, production] = await Promise.all([startLocalGitlab({ name: 'staging' }), startLocalGitlab({ name: 'production' })]);
});
after(async () => {
  await Promise.all([staging.stop(), production.stop()]);
});
beforeEach(async () => {
  const directory = mkdtempSync(join(tmpdir(), 'writes-'));
  auditLogPath = join(directory, 'audit.jsonl');
  logLines = [];
  for (const gitlab of [staging, production]) {
    for (const name of ['write_flag', 'ordered_flag']) await gitlab.api('DELETE', `/api/v4/features/${name}`);
  }
  const environments = parseEnvironments(
    [
      { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
      { name: 'production', url: production.url, chatopsOption: '--production', access: 'write' },
      { name: 'mirror', url: staging.url },
    ],
    'test',
  );
  service = new GitLabService({
    environments,
    tokens: new TokenStore({ GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_MIRROR: ADMIN_TOKEN }),
    auditLogPath,
    log: (line) => logLines.push(line),
    lookupDefinition: (name) => DEFINITIONS[name],
    retries: 0,
  });
});

const DEFINITIONS: Record<string, ReturnType<typeof parseDefinition>> = Object.fromEntries(
  ['write_flag', 'ordered_flag'].map((name) => [
    name,
    parseDefinition(`/r/config/feature_flags/wip/${name}.yml`, `---\nname: ${name}\ntype: wip\ndefault_enabled: false\n`, `config/feature_flags/wip/${name}.yml`),
  ]),
);

interface Entry {
  phase: 'intent' | 'result';
  environment: string;
  flag: string;
  request: unknown;
  outcome?: string;
  overrides: string[];
  detail?: string;
  chatops?: string;
  before?: { status: string };
  after?: { status: string };
}
/** The audit records without time, user and id (checked here), oldest first. */
function auditEntries(): Entry[] {
  if (!existsSync(auditLogPath)) return [];
  return readFileSync(auditLogPath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { time, user, id, ...rest } = JSON.parse(line);
      assert.match(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(typeof user, 'string');
      assert.match(id, new RegExp(`^[0-9a-f-]{36}/${rest.environment}$`));
      return rest as Entry;
    });
}

test('a production write is refused without confirmation, and the refusal is logged', async () => {
  const results = await service.planAndExecute({ flag: 'write_flag', environments: ['production'], operation: 'set', value: 'false' }, { confirmedProduction: false, ignoreConsistencyCheck: false });
  const message = 'Production was not confirmed: This changes PRODUCTION (production): set it to false for write_flag. Confirm it explicitly to proceed.';
  assert.deepEqual(results, [{ environment: 'production', outcome: 'refused', ok: false, message }]);
  assert.deepEqual(auditEntries(), [
    { phase: 'result', environment: 'production', flag: 'write_flag', request: { method: 'POST', path: '/api/v4/features/write_flag', body: { value: 'false' } }, overrides: [], outcome: 'refused', detail: message },
  ]);
  assert.deepEqual(await production.requests().then((requests) => requests.filter((request) => request.method === 'POST')), []);
});

test('a confirmed production write is logged as an intent before and a result after, with before and after states', async () => {
  await staging.api('POST', '/api/v4/features/write_flag', { value: 'true' });
  const results = await service.planAndExecute({ flag: 'write_flag', environments: ['production'], operation: 'set', value: '25', percentageOf: 'actors' }, { confirmedProduction: true, ignoreConsistencyCheck: false });
  assert.deepEqual(results.map(({ outcome, message }) => ({ outcome, message })), [{ outcome: 'ok', message: 'production: write_flag is now 25% of actors.' }]);
  const request = { method: 'POST', path: '/api/v4/features/write_flag', body: { value: '25', key: 'percentage_of_actors' } };
  const [intent, result] = auditEntries();
  assert.deepEqual({ ...intent, before: intent.before?.status }, {
    phase: 'intent',
    environment: 'production',
    flag: 'write_flag',
    request,
    overrides: [],
    chatops: '/chatops run feature set write_flag 25 --actors',
    before: 'default',
  });
  assert.deepEqual(
    { ...result, after: result.after && (result.after as unknown as { feature: { gates: unknown } }).feature.gates },
    {
      phase: 'result',
      environment: 'production',
      flag: 'write_flag',
      request,
      overrides: [],
      outcome: 'ok',
      detail: 'production: write_flag is now 25% of actors.',
      after: [{ key: 'boolean', value: false }, { key: 'percentage_of_actors', value: 25 }],
    },
  );
  // State was fetched again after the write, so a read right away is fresh.
  const states = await service.states('write_flag', 0);
  assert.equal(states.production.status, 'set');
});

test('a consistency violation is refused unless explicitly overridden, and the override is audited', async () => {
  const intent = { flag: 'write_flag', environments: ['production'], operation: 'set' as const, value: 'true' };
  const plan = await service.plan(intent);
  const violation = 'production may not be turned on while staging is off (staging: off (default)).';
  assert.deepEqual(plan.consistencyViolations, [violation]);
  assert.equal(plan.chatops, '/chatops run feature set write_flag true');
  service.discard(plan.id);
  const refused = await service.planAndExecute(intent, { confirmedProduction: true, ignoreConsistencyCheck: false });
  const message = `${violation} If you absolutely must, confirm with the SRE on call and override the consistency check.`;
  assert.deepEqual(refused, [{ environment: 'production', outcome: 'refused', ok: false, message }]);
  const forced = await service.planAndExecute(intent, { confirmedProduction: true, ignoreConsistencyCheck: true });
  assert.deepEqual(forced.map(({ ok, message }) => ({ ok, message })), [{ ok: true, message: 'production: write_flag is now on (consistency check overridden).' }]);
  assert.deepEqual(
    auditEntries().map((entry) => [entry.phase, entry.outcome, entry.overrides]),
    [
      ['result', 'refused', []],
      ['intent', undefined, [`consistency check: ${violation}`]],
      ['result', 'ok', [`consistency check: ${violation}`]],
    ],
  );
});

test('a read-only environment is refused with a message saying how to allow writes', async () => {
  const results = await service.planAndExecute({ flag: 'write_flag', environments: ['mirror'], operation: 'delete' }, { confirmedProduction: false, ignoreConsistencyCheck: false });
  const message = 'mirror is read-only (access "read"); set "access": "write" for it in the environment list to change flags there.';
  assert.deepEqual(results, [{ environment: 'mirror', outcome: 'refused', ok: false, message }]);
  assert.deepEqual(auditEntries(), [
    { phase: 'result', environment: 'mirror', flag: 'write_flag', request: { method: 'DELETE', path: '/api/v4/features/write_flag' }, overrides: [], outcome: 'refused', detail: message },
  ]);
});

test('turning on goes staging first, turning off production first', async () => {
  await staging.clearRequests();
  await production.clearRequests();
  const on = await service.planAndExecute({ flag: 'ordered_flag', environments: ['production', 'staging'], operation: 'set', value: 'true' }, { confirmedProduction: true, ignoreConsistencyCheck: false });
  assert.deepEqual(on.map((result) => result.environment), ['staging', 'production']);
  const off = await service.planAndExecute({ flag: 'ordered_flag', environments: ['staging', 'production'], operation: 'set', value: 'false' }, { confirmedProduction: true, ignoreConsistencyCheck: false });
  assert.deepEqual(off.map((result) => result.environment), ['production', 'staging']);
  assert.deepEqual(
    auditEntries().map((entry) => `${entry.environment} ${entry.phase} ${entry.outcome ?? ''}`.trim()),
    ['staging intent', 'staging result ok', 'production intent', 'production result ok', 'production intent', 'production result ok', 'staging intent', 'staging result ok'],
  );
});

test('tokens never reach the audit log or the log lines', async () => {
  await service.planAndExecute({ flag: 'write_flag', environments: ['staging', 'production'], operation: 'set', value: 'true' }, { confirmedProduction: true, ignoreConsistencyCheck: false });
  await service.planAndExecute({ flag: 'write_flag', environments: ['production'], operation: 'delete' }, { confirmedProduction: false, ignoreConsistencyCheck: false });
  assert.equal(readFileSync(auditLogPath, 'utf8').includes(ADMIN_TOKEN), false);
  assert.equal(logLines.join('\n').includes(ADMIN_TOKEN), false);
  // Two intents and two results for the set, one refusal (production not confirmed) for the delete.
  assert.equal(logLines.length, 5);
});

test('the hover section has one row per environment with state and age', async () => {
  await staging.api('POST', '/api/v4/features/write_flag', { value: 'true', project: 'gitlab-org/gitlab' });
  const stopped = await startLocalGitlab({});
  await stopped.stop();
  const now = Date.now();
  const hoverService = new GitLabService({
    environments: parseEnvironments([{ name: 'staging', url: staging.url }, { name: 'down', url: stopped.url }], 'test'),
    tokens: new TokenStore({ GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_DOWN: ADMIN_TOKEN }),
    lookupDefinition: () => undefined,
    retries: 0,
    now: () => now,
  });
  assert.equal(
    await liveStateTable(hoverService, 'write_flag', 10_000),
    [
      '| environment | state | fetched |',
      '| --- | --- | --- |',
      '| staging | ◐ on for 1 actor: Project:278964 | just now |',
      '| down | ⚠ state unknown: down unreachable \\(connection refused\\) | just now |',
    ].join('\n'),
  );
});

test('release with the flag edits only default_enabled, and refuses types that may not', () => {
  const text = "---\nname: my_flag\ntype: beta\ngroup: group::x\ndefault_enabled: false # not yet\n";
  const definition = parseDefinition('/r/config/feature_flags/beta/my_flag.yml', text, 'config/feature_flags/beta/my_flag.yml');
  assert.deepEqual(releaseEdit(definition, text), { edit: { range: { start: { line: 4, character: 17 }, end: { line: 4, character: 22 } }, newText: 'true' } });
  const derisk = "---\nname: my_flag\ntype: gitlab_com_derisk\ndefault_enabled: false\n";
  assert.deepEqual(releaseEdit(parseDefinition('/r/config/feature_flags/gitlab_com_derisk/my_flag.yml', derisk, 'config/feature_flags/gitlab_com_derisk/my_flag.yml'), derisk), {
    error: "A 'gitlab_com_derisk' flag may not be default_enabled: true. Roll it out fully and remove the flag, or change its type to beta or ops if that is what it is.",
  });
  rmSync(auditLogPath, { force: true });
});

test('the shared audit log default: GITLAB_FLAGS_AUDIT_LOG, else XDG_STATE_HOME, else ~/.local/state', () => {
  assert.equal(defaultAuditLogPath({ GITLAB_FLAGS_AUDIT_LOG: '/x/audit.jsonl', XDG_STATE_HOME: '/state', HOME: '/home/u' }), '/x/audit.jsonl');
  assert.equal(defaultAuditLogPath({ XDG_STATE_HOME: '/state', HOME: '/home/u' }), '/state/gitlab-flags/audit.jsonl');
  assert.equal(defaultAuditLogPath({ HOME: '/home/u' }), '/home/u/.local/state/gitlab-flags/audit.jsonl');
});

test('the minimum wait counts from writes that may have happened: ok with or without overrides, unknown, and intents without a result', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl');
  const log = new AuditLog(file);
  const record = (time: string, id: string, phase: 'intent' | 'result', outcome?: 'ok' | 'refused' | 'unknown' | 'cancelled', overrides: string[] = []) =>
    log.append({ time, id, phase, environment: 'production', flag: 'f', request: { method: 'POST', path: '/api/v4/features/f' }, overrides, ...(outcome ? { outcome } : {}) });
  record('2026-01-01T10:00:00.000Z', 'a/production', 'intent');
  record('2026-01-01T10:00:01.000Z', 'a/production', 'result', 'ok', ['consistency check: staging is off']);
  assert.equal(log.lastChange('f', ['production']), Date.parse('2026-01-01T10:00:01.000Z'));
  record('2026-01-01T11:00:00.000Z', 'b/production', 'result', 'refused');
  record('2026-01-01T11:30:00.000Z', 'c/production', 'result', 'cancelled');
  assert.equal(log.lastChange('f', ['production']), Date.parse('2026-01-01T10:00:01.000Z'));
  record('2026-01-01T12:00:00.000Z', 'd/production', 'intent');
  record('2026-01-01T12:00:05.000Z', 'd/production', 'result', 'unknown');
  assert.equal(log.lastChange('f', ['production']), Date.parse('2026-01-01T12:00:05.000Z'));
  record('2026-01-01T13:00:00.000Z', 'e/production', 'intent');
  assert.equal(log.lastChange('f', ['production']), Date.parse('2026-01-01T13:00:00.000Z'));
  assert.equal(log.lastChange('f', ['staging']), undefined);
});

test('a declined confirmation is recorded as cancelled and the plan can no longer run', async () => {
  await production.clearRequests();
  const plan = await service.plan({ flag: 'write_flag', environments: ['staging', 'production'], operation: 'set', value: 'true' });
  assert.equal(service.cancel(plan.id, 'production confirmation cancelled'), true);
  const results = await service.execute({ planId: plan.id, confirmedProduction: true, ignoreConsistencyCheck: false });
  assert.deepEqual(results.map(({ outcome }) => outcome), ['refused']);
  assert.deepEqual(auditEntries().map((entry) => `${entry.environment} ${entry.outcome}: ${entry.detail}`), [
    'staging cancelled: production confirmation cancelled',
    'production cancelled: production confirmation cancelled',
  ]);
  assert.deepEqual(await production.requests().then((requests) => requests.filter((request) => request.method !== 'GET')), []);
});

test('a state that changed between plan and execute refuses the whole write, naming the change', async () => {
  await staging.clearRequests();
  const plan = await service.plan({ flag: 'write_flag', environments: ['staging'], operation: 'set', value: 'true' });
  await production.api('POST', '/api/v4/features/write_flag', { value: '25', key: 'percentage_of_actors' });
  const results = await service.execute({ planId: plan.id, confirmedProduction: false, ignoreConsistencyCheck: false });
  assert.deepEqual(results, [
    {
      environment: 'staging',
      outcome: 'refused',
      ok: false,
      message: 'Nothing was sent: write_flag changed on production since the plan: it was off (default), it is now 25% of actors. Plan the change again.',
    },
  ]);
  assert.deepEqual((await staging.requests()).filter((request) => request.method !== 'GET'), []);
});
