// Tokens and URLs under attack. A planted token (GITLAB_FLAGS_TOKEN_<NAME>) never appears in
// any output: CLI stdout/stderr (errors included), server stderr and log messages, the audit
// log, the index cache. Only the configured http(s) environments are contacted; a redirect to
// another host is not followed (that host never sees the token); and flag names from the
// command line, code or YAML are validated before they go into a URL path.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startLocalGitlab, type LocalGitlabProcess } from '../helpers/localGitlab';
import { PROJECT, uri } from '../helpers/lspClient';
import { LoadSession } from '../fuzz/support/lspSession';
import { RefreshStateRequest } from '../../shared/protocol';
import { planAndExecute } from '../helpers/serverWrites';

// The staging token is the local GitLab's real admin token; production's is a planted wrong one.
const WRONG_TOKEN = 'glpat-planted-WRONG-7f3c9a1e5b';
const TOKENS = [ADMIN_TOKEN, WRONG_TOKEN];

let staging: LocalGitlabProcess;
let production: LocalGitlabProcess;
let elsewhere: Server;
let elsewhereUrl: string;
const elsewhereSaw: { path: string; token: string | undefined }[] = [];
let home: string;
let root: string;
const outputs: { label: string; text: string }[] = [];

before(async () => {
  [staging, production] = await Promise.all([startLocalGitlab({ faults: true, seed: 'demo', name: 'staging' }), startLocalGitlab({ faults: true, name: 'production' })]);
  // Another host, as a redirect target: it records whether a token arrived.
  elsewhere = createServer((request, response) => {
    const header = request.headers['private-token'];
    elsewhereSaw.push({ path: request.url ?? '', token: Array.isArray(header) ? header[0] : header });
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end('[]');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', () => resolve()));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  home = mkdtempSync(join(tmpdir(), 'gitlab-flags-security-home-'));
  root = mkdtempSync(join(tmpdir(), 'gitlab-flags-security-root-'));
  mkdirSync(join(root, 'app'), { recursive: true });
  mkdirSync(join(root, 'config/feature_flags/beta'), { recursive: true });
  writeFileSync(join(root, 'config/feature_flags/beta/code_suggestions_context.yml'), "---\nname: code_suggestions_context\ntype: beta\nmilestone: '16.8'\ndefault_enabled: false\n");
  writeFileSync(join(root, 'app/suggest.rb'), "Feature.enabled?(:code_suggestions_context, project)\nFeature.enabled?('../../admin')\n");
});
after(async () => {
  await Promise.all([staging.stop(), production.stop(), new Promise<void>((resolve) => elsewhere.close(() => resolve()))]);
});

function environments(extra: Record<string, unknown>[] = []): string {
  return JSON.stringify([
    { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
    { name: 'production', url: production.url, chatopsOption: '--production', production: true, access: 'write' },
    ...extra,
  ]);
}

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(PROJECT, 'dist/cli.js'), ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      XDG_STATE_HOME: join(home, 'state'),
      XDG_CACHE_HOME: join(home, 'cache'),
      GITLAB_FLAGS_ENVIRONMENTS: environments(),
      GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN,
      GITLAB_FLAGS_TOKEN_PRODUCTION: WRONG_TOKEN,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      outputs.push({ label: `gitlab-flags ${args.join(' ')}`, text: stdout + stderr });
      resolve({ code: code ?? -1, stdout, stderr });
    }),
  );
}

function filesUnder(directory: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

function assertNoToken(label: string, text: string): void {
  for (const token of TOKENS) assert.ok(!text.includes(token), `a token appears in ${label}`);
}

test('CLI reads, writes, errors and index commands never print a token or write one to the audit log or cache', async () => {
  const audit = join(home, 'audit.jsonl');
  assert.equal((await run(['get', 'code_suggestions_context'])).code, 1, 'production answers 401 for the wrong token');
  assert.equal((await run(['set', 'code_suggestions_context', 'true', '--staging', '--audit-log', audit])).code, 0);
  assert.equal((await run(['set', 'code_suggestions_context', 'true', '--production', '--yes', '--ignore-feature-flag-consistency-check', '--audit-log', audit])).code, 1);
  await staging.setFault({ kind: 'status', status: 500, times: -1, method: 'POST' });
  const failed = await run(['set', 'code_suggestions_context', 'false', '--staging', '--ignore-feature-flag-consistency-check', '--audit-log', audit]);
  await staging.clearFaults();
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /GitLab server error \(500/);
  await staging.setFault({ kind: 'reset', times: -1 });
  await run(['delete', 'code_suggestions_context', '--staging', '--ignore-feature-flag-consistency-check', '--audit-log', audit]);
  await staging.clearFaults();
  await run(['get', 'code_suggestions_context', '--json']);
  await run(['set', 'code_suggestions_context', 'true', '--staging', '--dry-run', '--json']);
  await run(['scan', '--root', root]);
  await run(['lint', '--root', root, '--json']);
  await run(['refs', '--root', root]);
  const unauthorized = await run(['get', 'code_suggestions_context', '--production']);
  assert.match(unauthorized.stdout + unauthorized.stderr, /401|token/);

  for (const output of outputs) assertNoToken(output.label, output.text);
  const written = filesUnder(home);
  assert.ok(written.some((path) => path.endsWith('audit.jsonl')), 'no audit log was written');
  assert.ok(written.some((path) => path.endsWith('index.bin')), 'no index cache was written');
  for (const path of written) assertNoToken(path, readFileSync(path, 'latin1'));
});

test('the language server never logs a token, nor writes one to its audit log or cache', async () => {
  const session = await LoadSession.open(root, { GITLAB_FLAGS_ENVIRONMENTS: environments(), GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN, GITLAB_FLAGS_TOKEN_PRODUCTION: WRONG_TOKEN, GITLAB_FLAGS_NO_CACHE: '0' });
  try {
    session.startIndexing();
    await session.readyAfter(0);
    await session.request(RefreshStateRequest.method, {});
    const hover = await session.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uri(join(root, 'app/suggest.rb')) }, position: { line: 0, character: 20 } });
    const write = (environment: string) =>
      planAndExecute(session.request.bind(session), { flag: 'code_suggestions_context', environments: [environment], operation: 'set', value: 'true' }, {
        confirmedProduction: true,
        ignoreConsistencyCheck: true,
      });
    const results = [...(await write('staging')), ...(await write('production'))];
    assert.deepEqual(results.map((result) => result.ok), [true, false]);
    await session.request('shutdown', null);
    const everything = [hover.contents.value, JSON.stringify(results), session.stderr, ...session.logs, ...filesUnder(session.storagePath).map((path) => readFileSync(path, 'latin1'))].join('\n');
    assert.ok(filesUnder(session.storagePath).some((path) => path.endsWith('audit.jsonl')), 'no audit log was written');
    assertNoToken('server output', everything);
  } finally {
    await session.close();
  }
});

test('a redirect to another host is not followed: that host never sees the token', async () => {
  elsewhereSaw.length = 0;
  await staging.setFault({ kind: 'redirect', status: 302, location: `${elsewhereUrl}/api/v4/features`, times: -1 });
  const get = await run(['get', 'code_suggestions_context', '--staging']);
  const set = await run(['set', 'code_suggestions_context', 'true', '--staging']);
  await staging.clearFaults();
  assert.deepEqual(elsewhereSaw, []);
  assert.match(get.stdout, /redirected \(302\) to http:\/\/127\.0\.0\.1:\d+\/api\/v4\/features; not following it/);
  assert.equal(set.code, 1);
  assert.match(set.stderr, /redirected \(302\)/);
});

test('environments that are not http(s) base URLs are refused before anything is sent', async () => {
  for (const url of ['file:///etc/passwd', 'ftp://gitlab.example.com', `http://user:pass@127.0.0.1:1`, `${staging.url}/api/v4`, `${staging.url}/?x=1`]) {
    const result = await run(['get', 'code_suggestions_context'], { GITLAB_FLAGS_ENVIRONMENTS: JSON.stringify([{ name: 'staging', url }]) });
    assert.equal(result.code, 2, url);
    assert.equal(result.stdout, '', url);
    assert.match(result.stderr, /^gitlab-flags: GITLAB_FLAGS_ENVIRONMENTS: environment 'staging': .+\n$/, url);
  }
});

const HOSTILE_NAMES = ['../../admin', 'a/../b', 'flag?private_token=x', 'flag#x', 'flag%2F..', 'a b', '..', 'flag\nname'];

test('hostile flag names on the command line are refused before any request', async () => {
  await staging.clearRequests();
  for (const name of HOSTILE_NAMES) {
    const result = await run(['set', name, 'true', '--staging']);
    assert.equal(result.code, 2, name);
    assert.equal(result.stderr, `gitlab-flags: Invalid flag name '${name}': use only letters, digits, '_', ':' and '-'.\n`, name);
  }
  assert.deepEqual(await staging.requests(), []);
});

test('hostile flag names from code or YAML reach no URL through the server either', async () => {
  const session = await LoadSession.open(root, { GITLAB_FLAGS_ENVIRONMENTS: environments(), GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN });
  try {
    session.startIndexing();
    await session.readyAfter(0);
    await staging.clearRequests();
    for (const name of HOSTILE_NAMES) {
      const [result] = await planAndExecute(session.request.bind(session), { flag: name, environments: ['staging'], operation: 'delete' }, { confirmedProduction: false, ignoreConsistencyCheck: false });
      assert.equal(result.ok, false, name);
      assert.match(result.message, /Invalid flag name/, name);
    }
    assert.deepEqual((await staging.requests()).filter((request) => request.method !== 'GET'), []);
  } finally {
    await session.close();
  }
});
