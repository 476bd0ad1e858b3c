import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvironmentConfigError, environmentsForChatopsOptions, parseEnvironments, TokenStore, tokenVariableName } from '../../server/src/gitlab/environments';

function problems(value: unknown): string[] {
  try {
    parseEnvironments(value, 'settings');
  } catch (error) {
    assert.ok(error instanceof EnvironmentConfigError);
    return error.problems;
  }
  return [];
}

test('a valid list gets read access by default and production from --production', () => {
  assert.deepEqual(
    parseEnvironments(
      [
        { name: 'staging', url: 'https://staging.gitlab.com/', chatopsOption: '--staging' },
        { name: 'production', url: 'https://gitlab.com', chatopsOption: '--production', access: 'write' },
        { name: 'local', url: 'http://127.0.0.1:3101/gitlab', production: false },
      ],
      'settings',
    ),
    [
      { name: 'staging', url: 'https://staging.gitlab.com', chatopsOption: '--staging', production: false, access: 'read' },
      { name: 'production', url: 'https://gitlab.com', chatopsOption: '--production', production: true, access: 'write' },
      { name: 'local', url: 'http://127.0.0.1:3101/gitlab', production: false, access: 'read' },
    ],
  );
});

test('bad entries are all reported, one clear line each', () => {
  assert.deepEqual(
    problems([
      { name: 'a', url: 'not a url' },
      { name: 'b', url: 'ftp://gitlab.example.com' },
      { name: 'c', url: 'https://c.example.com', chatopsOption: '--canary' },
      { name: 'A', url: 'https://a.example.com' },
      { name: 'd', url: 'https://user:pw@d.example.com' },
      { name: 'e', url: 'https://e.example.com/api/v4' },
      { url: 'https://x.example.com' },
      { name: 'f', url: 'https://f.example.com', access: 'admin' },
    ]),
    [
      `settings: environment 'a': "not a url" is not a valid URL; write it like https://staging.gitlab.com.`,
      `settings: environment 'b': "ftp://gitlab.example.com" must start with https:// (or http:// for a local instance).`,
      `settings: environment 'c': unknown chatopsOption '--canary'; use one of --dev --pre --staging --staging-ref --ops --production.`,
      `settings: environment 'A': duplicate name (also environment 1).`,
      `settings: environment 'd': the URL must not contain a user name or password; tokens go in GITLAB_FLAGS_TOKEN_<NAME>.`,
      `settings: environment 'e': "https://e.example.com/api/v4" must be the instance's base URL, without /api/v4.`,
      'settings: environment 7 has no "name".',
      `settings: environment 'f': access must be "read" or "write", not "admin".`,
    ],
  );
});

test('names whose token variables collide are refused', () => {
  assert.deepEqual(problems([{ name: 'staging-ref', url: 'https://a.example.com' }, { name: 'staging_ref', url: 'https://b.example.com' }]), [
    `settings: environment 'staging_ref': its token variable GITLAB_FLAGS_TOKEN_STAGING_REF is also 'staging-ref's; rename one.`,
  ]);
});

test('a non-array is refused with an example', () => {
  assert.deepEqual(problems({ name: 'x' }), ['settings: expected a JSON array of environments such as [{"name":"staging","url":"https://staging.gitlab.com"}].']);
});

test('token variables upper-case the name and turn - into _', () => {
  assert.equal(tokenVariableName('staging-ref'), 'GITLAB_FLAGS_TOKEN_STAGING_REF');
});

test('a token set in the store wins over the variable, and removing it falls back', () => {
  const store = new TokenStore({ GITLAB_FLAGS_TOKEN_STAGING: 'from-env' });
  assert.equal(store.get('staging'), 'from-env');
  store.set('staging', 'from-editor');
  assert.equal(store.get('staging'), 'from-editor');
  store.set('staging', null);
  assert.equal(store.get('staging'), 'from-env');
  assert.equal(store.has('production'), false);
});

test('chatops options select environments and report the ones not configured', () => {
  const environments = parseEnvironments(
    [
      { name: 'staging', url: 'https://staging.gitlab.com', chatopsOption: '--staging' },
      { name: 'production', url: 'https://gitlab.com', chatopsOption: '--production' },
    ],
    'settings',
  );
  const selected = environmentsForChatopsOptions(environments, ['--production', '--staging', '--pre']);
  assert.deepEqual(selected.environments.map((environment) => environment.name), ['staging', 'production']);
  assert.deepEqual(selected.missing, ['--pre']);
});

test('an environment is production by any sign: the marker, chatopsOption --production, or the host gitlab.com', () => {
  assert.deepEqual(
    parseEnvironments(
      [
        { name: 'com', url: 'https://gitlab.com' },
        { name: 'prd', url: 'https://prd.example.com', chatopsOption: '--production' },
        { name: 'marked', url: 'https://marked.example.com', production: true },
        { name: 'staging', url: 'https://staging.gitlab.com', chatopsOption: '--staging' },
      ],
      'settings',
    ).map((environment) => `${environment.name} ${environment.production}`),
    ['com true', 'prd true', 'marked true', 'staging false'],
  );
  assert.deepEqual(
    problems([
      { name: 'com', url: 'https://GitLab.com/' , production: false },
      { name: 'prd', url: 'https://prd.example.com', chatopsOption: '--production', production: false },
    ]),
    [
      `settings: environment 'com': "production": false contradicts the other signs (its host is gitlab.com): such an environment is always production. Remove "production": false, or fix the chatopsOption or URL.`,
      `settings: environment 'prd': "production": false contradicts the other signs (its chatopsOption is --production): such an environment is always production. Remove "production": false, or fix the chatopsOption or URL.`,
    ],
  );
});

test('plain http is accepted only for loopback hosts by literal name, or with allowInsecureHttp', () => {
  const urls = ['http://localhost:3000', 'http://127.0.0.1:3101', 'http://127.8.9.10', 'http://[::1]:8080'];
  assert.deepEqual(problems(urls.map((url, index) => ({ name: `l${index}`, url }))), []);
  assert.deepEqual(
    problems([
      { name: 'a', url: 'http://gitlab.example.com' },
      { name: 'b', url: 'http://localhost.example.com' },
      { name: 'c', url: 'http://10.0.0.1' },
      { name: 'd', url: 'http://gitlab.example.com', allowInsecureHttp: 'yes' },
    ]).map((line) => line.slice(0, line.indexOf(':', 'settings: environment'.length + 4))),
    ["settings: environment 'a'", "settings: environment 'b'", "settings: environment 'c'", "settings: environment 'd'", "settings: environment 'd'"],
  );
  const [allowed] = parseEnvironments([{ name: 'lab', url: 'http://gitlab.lab', allowInsecureHttp: true }], 'settings');
  assert.deepEqual(allowed, { name: 'lab', url: 'http://gitlab.lab', production: false, access: 'read', allowInsecureHttp: true });
});
