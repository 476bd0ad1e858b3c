// Issue 13's findings, each against a hostile local GitLab (--faults): the CLI's exit code, its
// message, the audit log and the requests GitLab received must always agree.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startLocalGitlab, type LocalGitlabProcess } from '../helpers/localGitlab';
import { auditLines, auditRecords } from '../helpers/audit';
import { runCli, type CliRun } from '../helpers/cliProcess';

const PROJECT = join(__dirname, '..', '..');
const ROOT = join(PROJECT, 'test', 'fixtures', 'gitlab', 'root');
const FLAG = 'safety_flag';
let staging: LocalGitlabProcess;
let production: LocalGitlabProcess;
let home: string;

function environmentsJson(): string {
  return JSON.stringify([
    { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
    { name: 'production', url: production.url, chatopsOption: '--production', production: true, access: 'write' },
  ]);
}

function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return runCli(args, {
    cwd: options.cwd ?? ROOT,
    env: { HOME: home, XDG_STATE_HOME: home, GITLAB_FLAGS_ENVIRONMENTS: environmentsJson(), GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN, ...options.env },
  });
}

const auditFile = (): string => join(home, 'gitlab-flags', 'audit.jsonl');
const writesOn = async (gitlab: LocalGitlabProcess): Promise<string[]> =>
  (await gitlab.requests()).filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);

/** A checkout with one definition of FLAG. */
function checkout(defaultEnabled: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'write-safety-root-'));
  mkdirSync(join(root, 'config', 'feature_flags', 'beta'), { recursive: true });
  writeFileSync(join(root, 'config', 'feature_flags', 'beta', `${FLAG}.yml`), `---\nname: ${FLAG}\ntype: beta\ndefault_enabled: ${defaultEnabled}\n`);
  mkdirSync(join(root, 'app', 'models'), { recursive: true });
  return root;
}

before(async () => {
  [staging, production] = await Promise.all([startLocalGitlab({ name: 'staging', faults: true }), startLocalGitlab({ name: 'production', faults: true })]);
});
after(async () => {
  await Promise.all([staging.stop(), production.stop()]);
});
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'write-safety-'));
  for (const gitlab of [staging, production]) {
    await gitlab.clearFaults();
    await gitlab.api('DELETE', `/api/v4/features/${FLAG}`);
    await gitlab.clearRequests();
  }
});

test('finding 1: staging unreadable once while planning refuses production on, and nothing is written though the next read would succeed', async () => {
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  await staging.setFault({ kind: 'status', status: 500, method: 'GET', path: '/api/v4/features' });
  const run = await cli(['set', FLAG, 'true', '--production', '--yes'], { cwd: checkout(false) });
  assert.deepEqual(run, {
    code: 1,
    stdout: '',
    stderr:
      `gitlab-flags: Cannot check that staging is on before turning on production: staging: GitLab server error (500 Internal Server Error) for GET /api/v4/features.\n` +
      'gitlab-flags: Refusing because the environments would become inconsistent (or that cannot be checked). If you absolutely must, confirm with the SRE on call and pass --ignore-feature-flag-consistency-check.\n',
  });
  assert.deepEqual(await writesOn(production), []);
  assert.deepEqual(auditLines(auditFile()), [
    `production refused: Cannot check that staging is on before turning on production: staging: GitLab server error (500 Internal Server Error) for GET /api/v4/features. If you absolutely must, confirm with the SRE on call and override the consistency check.`,
  ]);
});

test('finding 2: outside any checkout, a delete takes the default from GitLab\'s own definition, and default-on while staging is off refuses', async () => {
  await production.addDefinition({ name: FLAG, type: 'beta', default_enabled: true });
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'false' });
  await production.api('POST', `/api/v4/features/${FLAG}`, { value: 'false' });
  await production.clearRequests();
  const outside = mkdtempSync(join(tmpdir(), 'write-safety-outside-'));
  try {
    const run = await cli(['delete', FLAG, '--production', '--yes'], { cwd: outside });
    assert.deepEqual(run.stderr.split('\n').slice(0, 2), [
      `gitlab-flags: warning: no YAML definition of ${FLAG} was found (no directory with config/feature_flags at or above ${outside}; pass --root); using default_enabled: true from production's own definition.`,
      'gitlab-flags: production may not be turned on while staging is off (staging: off).',
    ]);
    assert.equal(run.code, 1);
    assert.deepEqual(await writesOn(production), []);
  } finally {
    await production.clearDefinitions();
  }
});

test('finding 2: when the default can be read from neither the YAML nor every environment, a delete on production refuses', async () => {
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'false' });
  await production.api('POST', `/api/v4/features/${FLAG}`, { value: 'false' });
  await production.clearRequests();
  await staging.setFault({ kind: 'status', status: 500, method: 'GET', path: '/api/v4/features/definitions' });
  const outside = mkdtempSync(join(tmpdir(), 'write-safety-outside-'));
  const run = await cli(['delete', FLAG, '--production', '--yes'], { cwd: outside });
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr.split('\n')[0],
    `gitlab-flags: Cannot tell whether this turns ${FLAG} on or off on production, so the consistency rules cannot be checked: no YAML definition of ${FLAG} was found (no directory with config/feature_flags at or above ${outside}; pass --root), and not every environment could be asked for its definition (1 of 2 did not answer), so its default_enabled is unknown.`,
  );
  assert.deepEqual(await writesOn(production), []);
});

test('finding 2: from a subdirectory of the checkout, the definition is found, and deleting a default-on flag on production while staging is off is a violation', async () => {
  const root = checkout(true);
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'false' });
  await production.api('POST', `/api/v4/features/${FLAG}`, { value: 'false' });
  await production.clearRequests();
  const run = await cli(['delete', FLAG, '--production', '--yes'], { cwd: join(root, 'app', 'models') });
  assert.equal(run.code, 1);
  assert.equal(run.stderr.split('\n')[0], `gitlab-flags: production may not be turned on while staging is off (staging: off).`);
  assert.deepEqual(await writesOn(production), []);
});

test('finding 3: a plain-http environment on another host is refused before anything is sent; allowInsecureHttp warns on every use', async () => {
  const insecure = (extra: Record<string, unknown>) => JSON.stringify([{ name: 'staging', url: 'http://gitlab.invalid', chatopsOption: '--staging', access: 'write', ...extra }]);
  const refused = await cli(['get', FLAG], { env: { GITLAB_FLAGS_ENVIRONMENTS: insecure({}) } });
  assert.deepEqual(refused, {
    code: 2,
    stdout: '',
    stderr:
      "gitlab-flags: GITLAB_FLAGS_ENVIRONMENTS: environment 'staging': http://gitlab.invalid is plain http, so the admin token would travel unencrypted. Use https://, or add \"allowInsecureHttp\": true to this environment if you accept that (you will be warned on every use).\n",
  });
  const allowed = await cli(['get', FLAG], { env: { GITLAB_FLAGS_ENVIRONMENTS: insecure({ allowInsecureHttp: true }) } });
  assert.equal(allowed.stderr.split('\n')[0], 'gitlab-flags: warning: staging is configured with allowInsecureHttp: its admin token travels unencrypted to http://gitlab.invalid.');
});

test('finding 4: "production": false beside chatopsOption --production is a configuration error', async () => {
  const environments = JSON.stringify([{ name: 'prd', url: production.url, chatopsOption: '--production', production: false, access: 'write' }]);
  const run = await cli(['set', FLAG, 'true', '--production'], { env: { GITLAB_FLAGS_ENVIRONMENTS: environments } });
  assert.deepEqual(run, {
    code: 2,
    stdout: '',
    stderr:
      "gitlab-flags: GITLAB_FLAGS_ENVIRONMENTS: environment 'prd': \"production\": false contradicts the other signs (its chatopsOption is --production): such an environment is always production. Remove \"production\": false, or fix the chatopsOption or URL.\n",
  });
  assert.deepEqual(await writesOn(production), []);
});

test('finding 4: an environment with chatopsOption --production and no production marker still needs --yes', async () => {
  const environments = JSON.stringify([{ name: 'prd', url: production.url, chatopsOption: '--production', access: 'write' }]);
  const run = await cli(['set', FLAG, 'false', '--production'], { env: { GITLAB_FLAGS_ENVIRONMENTS: environments } });
  assert.deepEqual(run, {
    code: 1,
    stdout: '',
    stderr: `gitlab-flags: This changes PRODUCTION (prd): set it to false for ${FLAG}. Refusing without confirmation: pass --yes to confirm the production change.\n`,
  });
  assert.deepEqual(await writesOn(production), []);
});

test('finding 5: an answer lost after GitLab applied the write is reported as unknown, with the state read back, and recorded', async () => {
  await production.setFault({ kind: 'reset-after-apply', method: 'POST' });
  const run = await cli(['set', FLAG, 'false', '--production', '--yes']);
  assert.deepEqual(run, {
    code: 1,
    stdout: '',
    stderr: `gitlab-flags: production: the answer to POST was lost (production unreachable (connection reset)), so the change may or may not have been applied. GitLab now reports ${FLAG} off.\n`,
  });
  assert.deepEqual(await writesOn(production), [`POST /api/v4/features/${FLAG}`]);
  const records = auditRecords(auditFile());
  assert.deepEqual(records.map((record) => `${record.phase} ${record.outcome ?? ''}`.trim()), ['intent', 'result unknown']);
  assert.equal(records[0].id, records[1].id);
  assert.deepEqual((records[1] as unknown as { after: { feature: { gates: unknown } } }).after.feature.gates, [{ key: 'boolean', value: false }]);
});

test('finding 5: when the intent cannot be written to the audit log, nothing is sent and the user is told why', async () => {
  const blocked = join(home, 'audit.jsonl');
  mkdirSync(blocked);
  const run = await cli(['set', FLAG, 'true', '--staging', '--audit-log', blocked]);
  assert.deepEqual(run, {
    code: 1,
    stdout: '',
    stderr: `gitlab-flags: staging: nothing was sent, because the audit log ${blocked} cannot be written (EISDIR). Fix that (or set GITLAB_FLAGS_AUDIT_LOG to another file) and try again.\n`,
  });
  assert.deepEqual(await writesOn(staging), []);
});

test('finding 5: a CLI killed while its write is in flight leaves an intent record, and GitLab has the write', async () => {
  await staging.setFault({ kind: 'hang-after-apply', method: 'POST' });
  const child = spawn(process.execPath, [join(PROJECT, 'dist', 'cli.js'), 'set', FLAG, 'true', '--staging'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: home, XDG_STATE_HOME: home, GITLAB_FLAGS_ENVIRONMENTS: environmentsJson(), GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  while ((await writesOn(staging)).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  child.kill('SIGKILL');
  await exited;
  assert.deepEqual(auditLines(auditFile()), ['staging intent']);
  assert.deepEqual((await staging.api('GET', '/api/v4/features')).json, [{ name: FLAG, state: 'on', gates: [{ key: 'boolean', value: true }], definition: null }]);
});

test('finding 8: a huge answer from GitLab is refused after 16 MB, read once and not retried', async () => {
  await staging.setFault({ kind: 'huge', method: 'GET', path: '/api/v4/features', bytes: 64 * 1024 * 1024 });
  const run = await cli(['get', FLAG, '--staging']);
  assert.deepEqual(run, {
    code: 1,
    stdout: `${FLAG} (no YAML definition found, default off)\n  staging  ⚠ state unknown: staging: the answer to GET /api/v4/features is larger than 16 MB; not reading it (is the URL the GitLab instance?).\n`,
    stderr: '',
  });
  assert.equal((await staging.requests()).filter((request) => request.path === '/api/v4/features').length, 1);
});

test('finding 9: a write GitLab applied differently (another gate kept) says so instead of reporting what was asked', async () => {
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: '30', key: 'percentage_of_time' });
  const run = await cli(['set', FLAG, '50', '--actors', '--staging'], { cwd: checkout(false) });
  assert.deepEqual(run, {
    code: 0,
    stdout: `staging: ${FLAG} is now 50% of actors · 30% of time (deprecated). That is not what was asked (50% of actors): a gate GitLab already had still applies.\n`,
    stderr: '',
  });
});
