// The rollout issue follows every change (a note, as chatops leaves one), and `gitlab-flags finish`
// retires a flag whose code is gone: deletes everywhere it is set, closes the rollout issue.
// The CLI as a child process, against two local GitLabs; the issue lives on production.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startLocalGitlab, type LocalGitlabProcess } from '../helpers/localGitlab';
import { runCli, type CliRun } from '../helpers/cliProcess';
import { write } from '../helpers/gitTree';
import { auditRecords } from '../helpers/audit';

const FLAG = 'finish_flag';
const PROJECT = 'gitlab-org/gitlab';
let staging: LocalGitlabProcess;
let production: LocalGitlabProcess;
let root: string;
let home: string;
let issueUrl: string;

function cli(args: string[]): Promise<CliRun> {
  const environments = JSON.stringify([
    { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
    { name: 'production', url: production.url, chatopsOption: '--production', access: 'write' },
  ]);
  return runCli(args, {
    cwd: root,
    env: { HOME: home, XDG_STATE_HOME: home, GITLAB_FLAGS_ENVIRONMENTS: environments, GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN },
  });
}

async function issue(): Promise<{ state: string; notes: string[] }> {
  const path = `/api/v4/projects/${encodeURIComponent(PROJECT)}/issues/1`;
  const found = (await production.api('GET', path)).json as { state: string };
  const notes = (await production.api('GET', `${path}/notes`)).json as { body: string }[];
  return { state: found.state, notes: notes.map((note) => note.body) };
}

before(async () => {
  [staging, production] = await Promise.all([startLocalGitlab({ name: 'staging', faults: true }), startLocalGitlab({ name: 'production', faults: true })]);
});
after(async () => {
  await Promise.all([staging.stop(), production.stop()]);
});
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'finish-home-'));
  root = mkdtempSync(join(tmpdir(), 'finish-tree-'));
  for (const gitlab of [staging, production]) {
    await gitlab.clearFaults();
    await gitlab.clearIssues();
    await gitlab.clearDefinitions();
    await gitlab.api('DELETE', `/api/v4/features/${FLAG}`);
  }
  await production.addIssue({ project: PROJECT, title: `[Feature flag] Rollout of \`${FLAG}\`` });
  issueUrl = `${production.url}/${PROJECT}/-/issues/1`;
  write(root, `config/feature_flags/beta/${FLAG}.yml`, `---\nname: ${FLAG}\ntype: beta\nrollout_issue_url: ${issueUrl}\ndefault_enabled: false\n`);
  write(root, 'app/models/project.rb', `Feature.enabled?(:${FLAG}, project)\n`);
});

test('a write GitLab accepted leaves a note on the rollout issue: the chatops line, where, the state and who', async () => {
  assert.deepEqual(await cli(['set', FLAG, '50', '--actors', '--staging']), {
    code: 0,
    stdout: `staging: ${FLAG} is now 50% of actors.\nNoted on the rollout issue ${PROJECT}#1.\n`,
    stderr: '',
  });
  assert.deepEqual(await issue(), {
    state: 'opened',
    notes: [`Feature flag changed with gitlab-flags: \`/chatops run feature set ${FLAG} 50 --actors --staging\`\n\n- staging: now 50% of actors (by @root)`],
  });
});

test('a note that fails never hides the write: it is said beside the result and recorded', async () => {
  await production.setFault({ kind: 'status', status: 500, method: 'POST', path: `/api/v4/projects/${encodeURIComponent(PROJECT)}/issues/1/notes` });
  assert.deepEqual(await cli(['set', FLAG, 'true', '--staging']), {
    code: 0,
    stdout:
      `staging: ${FLAG} is now on.\n` +
      `The rollout issue ${PROJECT}#1 was not updated: production: GitLab server error (500 Internal Server Error) for POST /api/v4/projects/gitlab-org%2Fgitlab/issues/1/notes. The change itself stands.\n`,
    stderr: '',
  });
  const notes = auditRecords(join(home, 'gitlab-flags', 'audit.jsonl')).filter((record) => record.phase === 'note');
  assert.deepEqual(notes.map((record) => [record.environment, record.outcome, record.request.path]), [['production', 'failed', '/api/v4/projects/gitlab-org%2Fgitlab/issues/1/notes']]);
  assert.deepEqual((await staging.api('GET', '/api/v4/features')).json, [{ name: FLAG, state: 'on', gates: [{ key: 'boolean', value: true }], definition: null }]);
});

test('finish refuses while the YAML or a reference remains, and names them', async () => {
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  assert.deepEqual(await cli(['finish', FLAG, '--root', root]), {
    code: 1,
    stdout: '',
    stderr:
      `gitlab-flags: ${FLAG} is still in the working tree (2 references, its YAML included):\n` +
      `  app/models/project.rb:1  check\n` +
      `  config/feature_flags/beta/${FLAG}.yml:2  definition\n` +
      `Remove them first (gitlab-flags cleanup ${FLAG} --keep enabled|disabled --write), or pass --force.\n`,
  });
  assert.deepEqual(((await staging.api('GET', '/api/v4/features')).json as unknown[]).length, 1);
});

test('finish deletes the flag everywhere it is set, production with --yes, then closes the rollout issue with a note', async () => {
  // The code is gone; the production instance still has the definition with the issue's URL.
  const emptied = mkdtempSync(join(tmpdir(), 'finish-done-'));
  write(emptied, 'config/feature_flags/beta/other_flag.yml', '---\nname: other_flag\ntype: beta\ndefault_enabled: false\n');
  root = emptied;
  await production.addDefinition({ name: FLAG, type: 'beta', default_enabled: false, rollout_issue_url: issueUrl } as { name: string; default_enabled: boolean });
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  await production.api('POST', `/api/v4/features/${FLAG}`, { value: '25', key: 'percentage_of_actors' });

  const dryRun = await cli(['finish', FLAG, '--root', root, '--dry-run']);
  assert.equal(dryRun.code, 0, dryRun.stderr);
  assert.equal(
    dryRun.stdout,
    'Dry run: no change was sent (the state was read to check the rules).\n' +
      `production: DELETE /api/v4/features/${FLAG}\n` +
      `staging: DELETE /api/v4/features/${FLAG}\n` +
      `chatops: /chatops run feature delete ${FLAG} --staging --production\n` +
      `needs --yes: This changes PRODUCTION (production): delete it (back to the YAML default) for ${FLAG}.\n` +
      `then: a closing note on ${issueUrl}, and the issue closed\n`,
  );

  const refused = await cli(['finish', FLAG, '--root', root]);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr.split('\n').at(-2), 'gitlab-flags: Refusing: pass --yes to confirm the production change.');

  assert.deepEqual(await cli(['finish', FLAG, '--root', root, '--yes']), {
    code: 0,
    stdout: `production: ${FLAG} is now off (default).\nstaging: ${FLAG} is now off (default).\nClosed the rollout issue ${PROJECT}#1 with a note.\n`,
    stderr: `gitlab-flags: warning: no YAML definition of ${FLAG} was found under ${root}; using default_enabled: false from production's own definition.\n`,
  });
  for (const gitlab of [staging, production]) assert.deepEqual((await gitlab.api('GET', '/api/v4/features')).json, []);
  assert.deepEqual(await issue(), {
    state: 'closed',
    notes: [`Feature flag \`${FLAG}\` retired with gitlab-flags: deleted on staging, production (\`/chatops run feature delete ${FLAG} --staging --production\`).\n\nClosing this rollout issue.`],
  });
});
