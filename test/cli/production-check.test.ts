// Chatops' production check: while an incident labelled severity::1 or severity::2 is open in the
// production environment's incident project, production writes are refused unless overridden
// with --ignore-production-check. Spawned as a user runs the CLI, against two local GitLabs.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startLocalGitlab, type LocalGitlabProcess } from '../helpers/localGitlab';
import { runCli, type CliRun } from '../helpers/cliProcess';
import { auditLines } from '../helpers/audit';

const PROJECT = join(__dirname, '..', '..');
const ROOT = join(PROJECT, 'test', 'fixtures', 'gitlab', 'root');
const INCIDENTS = 'gitlab-com/gl-infra/production';
let staging: LocalGitlabProcess;
let production: LocalGitlabProcess;
let stateHome: string;

function cli(args: string[], incidentProject = INCIDENTS): Promise<CliRun> {
  const environments = JSON.stringify([
    // Staging names an incident project too: only production environments are checked.
    { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write', incidentProject: INCIDENTS },
    { name: 'production', url: production.url, chatopsOption: '--production', production: true, access: 'write', incidentProject },
  ]);
  return runCli(args, {
    cwd: ROOT,
    env: { HOME: stateHome, XDG_STATE_HOME: stateHome, GITLAB_FLAGS_ENVIRONMENTS: environments, GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN },
  });
}

function auditResults(): string[] {
  return auditLines(join(stateHome, 'gitlab-flags', 'audit.jsonl'));
}

before(async () => {
  [staging, production] = await Promise.all([startLocalGitlab({ name: 'staging' }), startLocalGitlab({ name: 'production' })]);
});
after(async () => {
  await Promise.all([staging.stop(), production.stop()]);
});
beforeEach(async () => {
  stateHome = mkdtempSync(join(tmpdir(), 'cli-production-check-'));
  for (const gitlab of [staging, production]) {
    await gitlab.api('DELETE', '/api/v4/features/prodcheck_flag');
    await gitlab.clearIssues();
    await gitlab.clearRequests();
  }
});

const INCIDENT_LINE = `production: incident #1 "Elevated error rates on web" (severity::2) is open in ${INCIDENTS}.`;

test('an open severity::2 incident refuses a production write, names the incident, and sends no write', async () => {
  await production.addIssue({ project: INCIDENTS, title: 'Elevated error rates on web', issue_type: 'incident', labels: ['incident', 'severity::2', 'Service::Web'] });
  assert.deepEqual(await cli(['set', 'prodcheck_flag', 'false', '--production', '--yes']), {
    code: 1,
    stdout: '',
    stderr:
      `gitlab-flags: ${INCIDENT_LINE}\n` +
      'gitlab-flags: Refusing because the production check did not pass: production changes are blocked during active high-severity incidents. If the change is unrelated or part of the fix, pass --ignore-production-check.\n',
  });
  const requests = await production.requests();
  assert.deepEqual(requests.filter((request) => request.method !== 'GET'), []);
  assert.ok(requests.some((request) => request.path === `/api/v4/projects/${encodeURIComponent(INCIDENTS)}/issues`));
  assert.deepEqual(auditResults(), [
    `production refused: Production changes are blocked during active high-severity incidents: ${INCIDENT_LINE} Override the production check only if the change is unrelated or part of the fix.`,
  ]);
});

test('--ignore-production-check writes, says so, and the audit log records the override', async () => {
  await production.addIssue({ project: INCIDENTS, title: 'Elevated error rates on web', issue_type: 'incident', labels: ['severity::2'] });
  assert.deepEqual(await cli(['set', 'prodcheck_flag', 'false', '--production', '--yes', '--ignore-production-check']), {
    code: 0,
    stdout: 'production: prodcheck_flag is now off (production check overridden).\n',
    stderr: '',
  });
  assert.deepEqual(auditResults(), [`production intent [overridden production check: ${INCIDENT_LINE}]`, `production ok [overridden production check: ${INCIDENT_LINE}]`]);
  assert.deepEqual((await production.api('GET', '/api/v4/features')).json, [{ name: 'prodcheck_flag', state: 'off', gates: [{ key: 'boolean', value: false }], definition: null }]);
});

test('closed incidents, plain issues, lower severities and staging writes are not blocked', async () => {
  await production.addIssue({ project: INCIDENTS, title: 'Resolved outage', issue_type: 'incident', state: 'closed', labels: ['severity::1'] });
  await production.addIssue({ project: INCIDENTS, title: 'A change request', issue_type: 'issue', labels: ['severity::1'] });
  await production.addIssue({ project: INCIDENTS, title: 'Slow CI', issue_type: 'incident', labels: ['severity::3'] });
  await staging.addIssue({ project: INCIDENTS, title: 'Staging is down', issue_type: 'incident', labels: ['severity::1'] });
  assert.deepEqual(await cli(['set', 'prodcheck_flag', 'true', '--staging']), { code: 0, stdout: 'staging: prodcheck_flag is now on.\n', stderr: '' });
  assert.deepEqual((await staging.requests()).filter((request) => request.path.includes('/issues')), []);
  assert.deepEqual(await cli(['set', 'prodcheck_flag', 'true', '--production', '--yes']), { code: 0, stdout: 'production: prodcheck_flag is now on.\n', stderr: '' });
});

test('an incident project that cannot be read blocks with the reason, and --dry-run shows the check', async () => {
  const missing = await cli(['set', 'prodcheck_flag', 'false', '--production', '--yes'], 'gitlab-com/no-such-project');
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr.split('\n')[0],
    'gitlab-flags: production: could not check gitlab-com/no-such-project for open incidents (production: project gitlab-com/no-such-project not found (404); check incidentProject in the environment list).',
  );
  await production.addIssue({ project: INCIDENTS, title: 'Elevated error rates on web', issue_type: 'incident', labels: ['severity::2'] });
  const dryRun = await cli(['set', 'prodcheck_flag', 'true', '--production', '--dry-run']);
  assert.equal(dryRun.code, 0);
  assert.match(dryRun.stdout, new RegExp(`^production check: ${INCIDENT_LINE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
});
