// `gitlab-flags cleanup` reads production's live state when environments are configured and warns
// (never refuses) when the kept behaviour contradicts it (issue 15 §4, gitlab-org/gitlab#385312).
// The built CLI as a child process against a local GitLab playing production, and staging.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startLocalGitlab, type LocalGitlabProcess } from '../helpers/localGitlab';
import { runCli, type CliRun } from '../helpers/cliProcess';
import { write } from '../helpers/gitTree';

const FLAG = 'live_flag';
let staging: LocalGitlabProcess;
let production: LocalGitlabProcess;
let root: string;
let home: string;

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const environments = JSON.stringify([
    { name: 'staging', url: staging.url, chatopsOption: '--staging' },
    { name: 'production', url: production.url, chatopsOption: '--production' },
  ]);
  return runCli(['cleanup', FLAG, '--no-cache', ...args], {
    cwd: root,
    env: { HOME: home, XDG_STATE_HOME: home, XDG_CACHE_HOME: home, GITLAB_FLAGS_ENVIRONMENTS: environments, GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN, ...env },
  });
}

/** The warning lines of a run (stderr also carries the manual items, commit message and checklist). */
function warnings(run: CliRun): string[] {
  return run.stderr.split('\n').filter((line) => line.startsWith('gitlab-flags: warning:'));
}

before(async () => {
  [staging, production] = await Promise.all([startLocalGitlab({ name: 'staging' }), startLocalGitlab({ name: 'production' })]);
});
after(async () => {
  await Promise.all([staging.stop(), production.stop()]);
});
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'cleanup-live-home-'));
  root = mkdtempSync(join(tmpdir(), 'cleanup-live-tree-'));
  for (const gitlab of [staging, production]) await gitlab.api('DELETE', `/api/v4/features/${FLAG}`);
  write(root, `config/feature_flags/beta/${FLAG}.yml`, `---\nname: ${FLAG}\ntype: beta\nmilestone: '17.9'\ndefault_enabled: false\n`);
  write(root, 'app/models/project.rb', `class Project\n  def streaming?\n    Feature.enabled?(:${FLAG}, self)\n  end\nend\n`);
});

test('keeping enabled a flag production has off: the warning says so on stderr, and the diff is still printed', async () => {
  await production.api('POST', `/api/v4/features/${FLAG}`, { value: 'false' });
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  const run = await cli(['--keep', 'enabled']);
  assert.equal(run.code, 0);
  assert.deepEqual(warnings(run), [
    `gitlab-flags: warning: keeping enabled, but production has ${FLAG} off: the feature turns on there when this is deployed, ` +
      'and on self-managed instances when they upgrade (default_enabled: false). See gitlab-org/gitlab#385312.',
  ]);
  assert.ok(run.stderr.startsWith('gitlab-flags: warning: keeping enabled'), 'the warning comes first');
  assert.match(run.stdout, /^diff --git a\/app\/models\/project\.rb/);
});

test('a flag never set on production is off by its default_enabled, and said so', async () => {
  const run = await cli(['--keep', 'enabled']);
  assert.deepEqual(warnings(run), [
    `gitlab-flags: warning: keeping enabled, but production has ${FLAG} off (never set there; default_enabled: false): the feature turns on there ` +
      'when this is deployed, and on self-managed instances when they upgrade (default_enabled: false). See gitlab-org/gitlab#385312.',
  ]);
});

test('keeping disabled a flag production runs at 25% of actors: it turns off for everyone there; self-managed instances already had it off', async () => {
  await production.api('POST', `/api/v4/features/${FLAG}`, { value: '25', key: 'percentage_of_actors' });
  const run = await cli(['--keep', 'disabled']);
  assert.equal(run.code, 0);
  assert.deepEqual(warnings(run), [
    `gitlab-flags: warning: keeping disabled, but production has ${FLAG} only partly on (25% of actors): the feature turns off for everyone there when this is deployed. See gitlab-org/gitlab#385312.`,
  ]);
});

test('keeping disabled a flag production has fully on', async () => {
  await production.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  const run = await cli(['--keep', 'disabled', '--json']);
  assert.equal(run.code, 0);
  const warning = `keeping disabled, but production has ${FLAG} fully on: the feature turns off there when this is deployed. See gitlab-org/gitlab#385312.`;
  assert.deepEqual(warnings(run), [`gitlab-flags: warning: ${warning}`]);
  assert.deepEqual(JSON.parse(run.stdout).warnings, [warning]);
});

test('the kept behaviour matches production: no warning, and --json says none', async () => {
  await production.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  const run = await cli(['--keep', 'enabled', '--json']);
  assert.deepEqual(warnings(run), []);
  assert.equal(run.stderr, '');
  assert.deepEqual(JSON.parse(run.stdout).warnings, []);
});

test('production cannot be read (no token): the warning says the check could not be made, and why', async () => {
  const run = await cli(['--keep', 'enabled'], { GITLAB_FLAGS_TOKEN_PRODUCTION: '' });
  assert.equal(run.code, 0);
  assert.deepEqual(warnings(run), [
    `gitlab-flags: warning: cannot tell whether keeping enabled matches production's live state of ${FLAG}: ` +
      'no token; set GITLAB_FLAGS_TOKEN_PRODUCTION or add one in the editor (an admin token is needed)',
  ]);
});

test('no environments configured: nothing is read and nothing is said', async () => {
  await production.clearRequests();
  const run = await cli(['--keep', 'enabled'], { GITLAB_FLAGS_ENVIRONMENTS: '' });
  assert.equal(run.code, 0);
  assert.deepEqual(warnings(run), []);
  assert.deepEqual(await production.requests(), []);
});

test('--environments FILE that cannot be read: the cleanup goes on and says the check was not made', async () => {
  const run = await cli(['--keep', 'enabled', '--environments', 'missing.json'], { GITLAB_FLAGS_ENVIRONMENTS: '' });
  assert.equal(run.code, 0);
  assert.deepEqual(warnings(run), [
    `gitlab-flags: warning: cannot read live state, so whether keeping enabled matches production is not checked: cannot read environments file ${join(root, 'missing.json')}: no such file`,
  ]);
});
