// `gitlab-flags get|set|delete` spawned as a user runs it, against two local GitLab instances.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startLocalGitlab, type LocalGitlabProcess } from '../helpers/localGitlab';
import { auditLines } from '../helpers/audit';
import { runCli, type CliRun } from '../helpers/cliProcess';

const PROJECT = join(__dirname, '..', '..');
const ROOT = join(PROJECT, 'test', 'fixtures', 'gitlab', 'root');
let staging: LocalGitlabProcess;
let production: LocalGitlabProcess;
let stateHome: string;

type Run = CliRun;

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const environments = JSON.stringify([
    { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
    { name: 'production', url: production.url, chatopsOption: '--production', production: true, access: 'write' },
  ]);
  return runCli(args, {
    cwd: ROOT,
    env: { HOME: stateHome, XDG_STATE_HOME: stateHome, GITLAB_FLAGS_ENVIRONMENTS: environments, GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN, ...env },
  });
}

/** Runs a few CLI processes at a time: enough to overlap start-up, not enough to starve a 2-core machine. */
async function inBatches(jobs: (() => Promise<Run>)[], size = 3): Promise<Run[]> {
  const results: Run[] = [];
  for (let index = 0; index < jobs.length; index += size) results.push(...(await Promise.all(jobs.slice(index, index + size).map((job) => job()))));
  return results;
}

before(async () => {
  [staging, production] = await Promise.all([startLocalGitlab({ name: 'staging' }), startLocalGitlab({ name: 'production' })]);
});
after(async () => {
  await Promise.all([staging.stop(), production.stop()]);
});
beforeEach(async () => {
  stateHome = mkdtempSync(join(tmpdir(), 'cli-state-'));
  for (const gitlab of [staging, production]) await gitlab.api('DELETE', '/api/v4/features/cli_flag');
});

test('get shows every environment with the YAML default', async () => {
  await staging.api('POST', '/api/v4/features/cli_flag', { value: '50', key: 'percentage_of_actors' });
  assert.deepEqual(await cli(['get', 'cli_flag']), {
    code: 0,
    stdout: 'cli_flag (default off)\n  staging     ◐ 50% of actors\n  production  ○ off (default)\n',
    stderr: '',
  });
});

test('get finds EE definitions and shows default_enabled', async () => {
  assert.deepEqual(await cli(['get', 'ee_ops_flag', '--staging']), { code: 0, stdout: 'ee_ops_flag (default on)\n  staging  ● on (default_enabled)\n', stderr: '' });
});

test('get --json gives the states as data', async () => {
  const run = await cli(['get', 'cli_flag', '--env', 'production', '--json']);
  const json = JSON.parse(run.stdout);
  assert.equal(typeof json.environments.production.fetchedAt, 'number');
  delete json.environments.production.fetchedAt;
  assert.deepEqual(json, { flag: 'cli_flag', defaultEnabled: false, environments: { production: { status: 'default', defaultEnabled: false, words: 'off (default)' } } });
});

// Every parameter combination chatops allows, on staging: the write, then what get shows.
const ROUND_TRIPS: [string[], string][] = [
  [['set', 'cli_flag', 'true', '--staging'], 'on'],
  [['set', 'cli_flag', 'false', '--staging'], 'off'],
  [['set', 'cli_flag', '100', '--staging'], 'on'],
  [['set', 'cli_flag', '0', '--staging'], 'off'],
  [['set', 'cli_flag', '50', '--actors', '--staging'], '50% of actors'],
  [['set', 'cli_flag', '10', '--random', '--ignore-random-deprecation-check', '--staging'], '10% of time (deprecated)'],
  [['set', '--project=gitlab-org/gitlab,gitlab-org/gitlab-foss', 'cli_flag', 'true', '--staging'], 'on for 2 actors: Project:278964, Project:13083'],
  [['set', '--group=gitlab-org,gitlab-com', 'cli_flag', 'true', '--staging'], 'on for 2 actors: Group:9970, Group:6543'],
  [['set', '--namespace=alice', 'cli_flag', 'true', '--staging'], 'on for 1 actor: Namespaces::UserNamespace:2'],
  [['set', '--user=root', 'cli_flag', 'true', '--staging'], 'on for 1 actor: User:1'],
  [['set', '--feature-group=gitlab_team_members', 'cli_flag', 'true', '--staging'], 'on for feature group gitlab_team_members'],
  [['set', '--repository=gitlab-org/gitlab.git', 'cli_flag', 'true', '--staging'], 'on for 1 actor: Repository:gitlab-org/gitlab'],
  [['set', '--project', 'gitlab-org/gitlab', '--staging', 'cli_flag', 'true'], 'on for 1 actor: Project:278964'],
  [['set', 'cli_flag', 'true', '--env', 'staging'], 'on'],
];

test('round trips: every parameter combination chatops allows, set and then read back', async () => {
  // Each combination gets its own flag so the processes can run side by side.
  const flags = ROUND_TRIPS.map((_, index) => `cli_round_trip_${index}`);
  await Promise.all(flags.map((flag) => staging.api('DELETE', `/api/v4/features/${flag}`)));
  // These flags have no YAML definition, so only an explicit production state lets the
  // consistency rule for turning staging off be checked (an unknown default refuses).
  await Promise.all(flags.map((flag) => production.api('POST', `/api/v4/features/${flag}`, { value: 'false' })));
  const sets = await inBatches(ROUND_TRIPS.map(([args], index) => () => cli(args.map((arg) => (arg === 'cli_flag' ? flags[index] : arg)))));
  const gets = await inBatches(flags.map((flag) => () => cli(['get', flag, '--staging'])));
  ROUND_TRIPS.forEach(([args, words], index) => {
    const symbol = words === 'off' ? '○' : words === 'on' ? '●' : '◐';
    assert.deepEqual(sets[index], { code: 0, stdout: `staging: ${flags[index]} is now ${words}.\n`, stderr: '' }, args.join(' '));
    assert.equal(gets[index].stdout, `${flags[index]} (no YAML definition found, default off)\n  staging  ${symbol} ${words}\n`, args.join(' '));
  });
});

test('false for one actor removes only that actor', async () => {
  await cli(['set', '--project=gitlab-org/gitlab,gitlab-org/gitlab-foss', 'cli_flag', 'true', '--staging']);
  assert.deepEqual(await cli(['set', '--project=gitlab-org/gitlab', 'cli_flag', 'false', '--staging']), {
    code: 0,
    stdout: 'staging: cli_flag is now on for 1 actor: Project:13083.\n',
    stderr: '',
  });
});

test('delete returns the flag to its default', async () => {
  await cli(['set', 'cli_flag', 'true', '--staging']);
  assert.deepEqual(await cli(['delete', 'cli_flag', '--staging']), { code: 0, stdout: 'staging: cli_flag is now off (default).\n', stderr: '' });
});

test('refusals use chatops-style wording and exit 2', async () => {
  assert.deepEqual(await cli(['set', 'cli_flag', '50', '--staging']), { code: 2, stdout: '', stderr: 'gitlab-flags: A percentage needs --actors (percentage of actors) or --random (percentage of time).\n' });
  assert.deepEqual(await cli(['set', 'cli_flag', '50', '--actors', '--project=gitlab-org/gitlab', '--staging']), {
    code: 2,
    stdout: '',
    stderr: 'gitlab-flags: --actors and --random cannot be combined with --project, --group, --feature-group, --namespace, --user or --repository.\n',
  });
  assert.deepEqual(await cli(['set', 'cli_flag', 'true', '--actors', '--staging']), { code: 2, stdout: '', stderr: 'gitlab-flags: --actors and --random apply to a percentage, not to true.\n' });
  assert.deepEqual(await cli(['get', '../admin']), { code: 2, stdout: '', stderr: "gitlab-flags: Invalid flag name '../admin': use only letters, digits, '_', ':' and '-'.\n" });
  assert.deepEqual(await cli(['set', 'cli_flag', 'true', '--env', 'staging', '--production']), {
    code: 2,
    stdout: '',
    stderr: 'gitlab-flags: Choose environments either with --env or with chatops options (--production), not both.\n',
  });
});

test('without an environment option a write goes to production and needs --yes', async () => {
  await staging.api('POST', '/api/v4/features/cli_flag', { value: 'true' });
  assert.deepEqual(await cli(['set', 'cli_flag', 'true']), {
    code: 1,
    stdout: '',
    stderr: 'gitlab-flags: This changes PRODUCTION (production): set it to true for cli_flag. Refusing without confirmation: pass --yes to confirm the production change.\n',
  });
  assert.deepEqual(await cli(['set', 'cli_flag', 'true', '--yes']), { code: 0, stdout: 'production: cli_flag is now on.\n', stderr: '' });
});

test('the consistency check refuses production on while staging is off, unless overridden', async () => {
  assert.deepEqual(await cli(['set', 'cli_flag', 'true', '--yes']), {
    code: 1,
    stdout: '',
    stderr:
      'gitlab-flags: production may not be turned on while staging is off (staging: off (default)).\n' +
      'gitlab-flags: Refusing because the environments would become inconsistent (or that cannot be checked). If you absolutely must, confirm with the SRE on call and pass --ignore-feature-flag-consistency-check.\n',
  });
  assert.deepEqual(await cli(['set', 'cli_flag', 'true', '--yes', '--ignore-feature-flag-consistency-check']), {
    code: 0,
    stdout: 'production: cli_flag is now on (consistency check overridden).\n',
    stderr: '',
  });
});

test('a pasted rollout line names the environments that are not configured', async () => {
  assert.deepEqual(await cli(['set', 'cli_flag', '50', '--actors', '--dev', '--pre', '--staging', '--staging-ref']), {
    code: 2,
    stdout: '',
    stderr: 'gitlab-flags: No configured environment has chatopsOption --dev; add it to the environment list or pass --env NAME.\n',
  });
});

test('--dry-run prints the requests and the chatops line and sends nothing', async () => {
  await staging.clearRequests();
  const run = await cli(['set', '--group=gitlab-org', 'cli_flag', 'true', '--staging', '--dry-run']);
  assert.deepEqual(run, {
    code: 0,
    stdout: `Dry run: no change was sent (the state was read to check the rules).\nstaging: POST ${staging.url}/api/v4/features/cli_flag {"value":"true","group":"gitlab-org"}\nchatops: /chatops run feature set --group=gitlab-org cli_flag true --staging\n`,
    stderr: '',
  });
  assert.deepEqual((await staging.requests()).filter((request) => request.method !== 'GET'), []);
});

test('the audit log goes to $XDG_STATE_HOME/gitlab-flags/audit.jsonl and holds no token; nor does any output', async () => {
  const runs = [
    await cli(['set', 'cli_flag', 'true', '--staging']),
    await cli(['set', 'cli_flag', 'true', '--yes']),
    await cli(['get', 'cli_flag']),
    await cli(['get', 'cli_flag'], { GITLAB_FLAGS_TOKEN_STAGING: `${ADMIN_TOKEN}-revoked` }),
  ];
  assert.equal(runs[3].stdout, `cli_flag (default off)\n  staging     ⚠ state unknown: staging: 401 Unauthorized: the token is missing, expired or revoked (GITLAB_FLAGS_TOKEN_STAGING).\n  production  ● on\n`);
  const audit = readFileSync(join(stateHome, 'gitlab-flags', 'audit.jsonl'), 'utf8');
  assert.deepEqual(auditLines(join(stateHome, 'gitlab-flags', 'audit.jsonl')), ['staging intent', 'staging ok', 'production intent', 'production ok']);
  for (const text of [audit, ...runs.flatMap((run) => [run.stdout, run.stderr])]) assert.equal(text.includes(ADMIN_TOKEN), false);
});

test('--audit-log FILE overrides the location', async () => {
  const file = join(stateHome, 'elsewhere.jsonl');
  await cli(['delete', 'cli_flag', '--staging', '--audit-log', file]);
  assert.equal(existsSync(file), true);
});

test('one instance stopped: the other is still shown, with an unreachable line for the stopped one', async () => {
  const stopped = await startLocalGitlab({});
  await stopped.stop();
  await staging.api('POST', '/api/v4/features/cli_flag', { value: 'true' });
  const environments = JSON.stringify([
    { name: 'staging', url: staging.url },
    { name: 'production', url: stopped.url, production: true },
  ]);
  assert.deepEqual(await cli(['get', 'cli_flag'], { GITLAB_FLAGS_ENVIRONMENTS: environments }), {
    code: 1,
    stdout: 'cli_flag (default off)\n  staging     ● on\n  production  ⚠ state unknown: production unreachable (connection refused)\n',
    stderr: '',
  });
});

test('a read-only environment refuses writes with a clear line', async () => {
  const environments = JSON.stringify([{ name: 'staging', url: staging.url, chatopsOption: '--staging' }]);
  assert.deepEqual(await cli(['delete', 'cli_flag', '--staging'], { GITLAB_FLAGS_ENVIRONMENTS: environments }), {
    code: 1,
    stdout: '',
    stderr: 'gitlab-flags: staging is read-only (access "read"); set "access": "write" for it in the environment list to change flags there.\n',
  });
});

test('missing or broken environment settings are one clear line', async () => {
  assert.deepEqual(await cli(['get', 'cli_flag'], { GITLAB_FLAGS_ENVIRONMENTS: '' }), {
    code: 2,
    stdout: '',
    stderr: 'gitlab-flags: No environments configured: pass --environments FILE or set GITLAB_FLAGS_ENVIRONMENTS (see docs/environments.md).\n',
  });
  assert.deepEqual(await cli(['get', 'cli_flag'], { GITLAB_FLAGS_ENVIRONMENTS: '[{"name":"x","url":"gitlab.com"}]' }), {
    code: 2,
    stdout: '',
    stderr: `gitlab-flags: GITLAB_FLAGS_ENVIRONMENTS: environment 'x': "gitlab.com" is not a valid URL; write it like https://staging.gitlab.com.\n`,
  });
  assert.deepEqual(await cli(['get', 'cli_flag', '--environments', 'missing.json']), {
    code: 2,
    stdout: '',
    stderr: `gitlab-flags: cannot read environments file ${join(ROOT, 'missing.json')}: no such file.\n`,
  });
});
