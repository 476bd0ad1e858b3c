// Extinct flags: set on a GitLab environment, gone from the working tree. The CLI (as a child
// process) and the language server, against two local GitLabs, on a git tree whose cleanup is not
// committed yet.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startLocalGitlab, type LocalGitlabProcess } from '../helpers/localGitlab';
import { runCli, type CliRun } from '../helpers/cliProcess';
import { write } from '../helpers/gitTree';
import { TestServer } from '../helpers/lspClient';
import { ExtinctFlagsRequest, type ExtinctFlag } from '../../shared/protocol';

let staging: LocalGitlabProcess;
let production: LocalGitlabProcess;
let root: string;

function environments(stagingUrl = staging.url): string {
  return JSON.stringify([
    { name: 'staging', url: stagingUrl, chatopsOption: '--staging' },
    { name: 'production', url: production.url, chatopsOption: '--production' },
  ]);
}
const tokens = { GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN };

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const home = mkdtempSync(join(tmpdir(), 'extinct-home-'));
  return runCli(['extinct', '--root', root, '--no-cache', ...args], { cwd: root, env: { HOME: home, GITLAB_FLAGS_ENVIRONMENTS: environments(), ...tokens, ...env } });
}

before(async () => {
  [staging, production] = await Promise.all([startLocalGitlab({ name: 'staging' }), startLocalGitlab({ name: 'production' })]);
});
after(async () => {
  await Promise.all([staging.stop(), production.stop()]);
});
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'extinct-tree-'));
  write(root, 'config/feature_flags/wip/kept_flag.yml', '---\nname: kept_flag\ntype: wip\ndefault_enabled: false\n');
  write(root, 'config/feature_flags/wip/removed_flag.yml', '---\nname: removed_flag\ntype: wip\ndefault_enabled: false\n');
  write(root, 'app/models/user.rb', 'Feature.enabled?(:kept_flag)\nFeature.enabled?(:removed_flag)\n');
  write(root, 'app/assets/javascripts/board.js', 'if (gon.features.frontendOnlyFlag) {}\n');
  write(root, 'app/workers/concern.rb', 'Feature.enabled?(:"run_sidekiq_jobs_#{self.class.name}", type: :worker)\n');
  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['add', '.'], { cwd: root });
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'tree'], { cwd: root });
  // The cleanup of removed_flag, not committed: the working tree is the truth.
  rmSync(join(root, 'config/feature_flags/wip/removed_flag.yml'));
  write(root, 'app/models/user.rb', 'Feature.enabled?(:kept_flag)\n');

  for (const gitlab of [staging, production]) {
    for (const feature of (await gitlab.api('GET', '/api/v4/features')).json as { name: string }[]) await gitlab.api('DELETE', `/api/v4/features/${feature.name}`);
  }
  await staging.api('POST', '/api/v4/features/kept_flag', { value: 'true' });
  await staging.api('POST', '/api/v4/features/frontend_only_flag', { value: 'true' });
  await staging.api('POST', '/api/v4/features/run_sidekiq_jobs_Foo::BarWorker', { value: 'false' });
  await staging.api('POST', '/api/v4/features/removed_flag', { value: '25', key: 'percentage_of_actors' });
  await production.api('POST', '/api/v4/features/removed_flag', { value: 'true' });
  await production.api('POST', '/api/v4/features/long_gone_flag', { value: 'false' });
});

test('extinct --json lists each flag set on GitLab with no definition and no reference, one row per environment, sorted', async () => {
  const run = await cli(['--json']);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
  assert.deepEqual(JSON.parse(run.stdout), [
    { flag: 'long_gone_flag', environment: 'production', state: 'off' },
    { flag: 'removed_flag', environment: 'staging', state: '25% of actors' },
    { flag: 'removed_flag', environment: 'production', state: 'on' },
  ]);
});

test('extinct prints a table and the delete to run for each flag; --env narrows it', async () => {
  assert.deepEqual(await cli([]), {
    code: 0,
    stdout:
      'long_gone_flag  production  off\n' +
      'removed_flag    staging     25% of actors\n' +
      'removed_flag    production  on\n' +
      '\nTo delete them (or the chatops line under each):\n' +
      '  gitlab-flags delete long_gone_flag --env production\n' +
      '    /chatops run feature delete long_gone_flag\n' +
      '  gitlab-flags delete removed_flag --env staging,production\n' +
      '    /chatops run feature delete removed_flag --staging --production\n',
    stderr: '',
  });
  assert.deepEqual(JSON.parse((await cli(['--json', '--env', 'staging'])).stdout), [{ flag: 'removed_flag', environment: 'staging', state: '25% of actors' }]);
});

test('an environment that cannot be read is named, the others are still listed, and the exit code is 1', async () => {
  const stopped = await startLocalGitlab({});
  await stopped.stop();
  const run = await cli(['--json'], { GITLAB_FLAGS_ENVIRONMENTS: environments(stopped.url) });
  assert.equal(run.code, 1);
  assert.deepEqual(JSON.parse(run.stdout), [
    { flag: 'long_gone_flag', environment: 'production', state: 'off' },
    { flag: 'removed_flag', environment: 'production', state: 'on' },
  ]);
  assert.equal(run.stderr, 'gitlab-flags: staging unreachable (connection refused); its extinct flags are not listed.\n');
});

test('the language server answers gitlabFlags/extinctFlags with each flag, its environments and the chatops delete', async () => {
  const server = await TestServer.start({ roots: [root], env: { GITLAB_FLAGS_ENVIRONMENTS: environments(), ...tokens } });
  try {
    const answer = await server.request<{ flags: ExtinctFlag[]; errors: string[] }>(ExtinctFlagsRequest.method, {});
    assert.deepEqual(answer, {
      flags: [
        { flag: 'long_gone_flag', environments: [{ environment: 'production', state: 'off' }], chatops: '/chatops run feature delete long_gone_flag' },
        {
          flag: 'removed_flag',
          environments: [
            { environment: 'staging', state: '25% of actors' },
            { environment: 'production', state: 'on' },
          ],
          chatops: '/chatops run feature delete removed_flag --staging --production',
        },
      ],
      errors: [],
    });
  } finally {
    await server.stop();
  }
});
