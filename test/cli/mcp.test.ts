// `gitlab-flags mcp` spawned as an MCP client spawns it, driven with the official SDK's client over
// stdio: the handshake, the tools and resources, and each tool's answer on the example workspace
// compared with the CLI's own answer on the same tree. Live state comes from two local GitLabs,
// which also show that no MCP call ever sends a POST or a DELETE.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ADMIN_TOKEN, startLocalGitlab, type LocalGitlabProcess } from '../helpers/localGitlab';
import { runCli, type CliRun } from '../helpers/cliProcess';
import { startMcp, type McpSession } from '../helpers/mcpClient';
import { EXAMPLE } from '../helpers/lspClient';
import { findDefinition } from '../../server/src/commands/state';
import { rolloutIssueMarkdown } from '../../server/src/gitlab/rollout';

const TOOLS = ['apply_cleanup', 'find_flag_references', 'flag_info', 'lint', 'list_flags', 'plan_cleanup', 'plan_flag_change'];
const FLAG = 'ci_pipeline_creation_requests_realtime';

let staging: LocalGitlabProcess;
let production: LocalGitlabProcess;
let home: string;
let auditLog: string;
const sessions: McpSession[] = [];

function environments(options: { stagingAccess?: 'read' | 'write' } = {}): string {
  return JSON.stringify([
    { name: 'staging', url: staging.url, chatopsOption: '--staging', access: options.stagingAccess ?? 'write' },
    { name: 'production', url: production.url, chatopsOption: '--production', production: true, access: 'write', incidentProject: 'gitlab-com/gl-infra/production' },
  ]);
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: home,
    XDG_STATE_HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    GITLAB_FLAGS_AUDIT_LOG: auditLog,
    GITLAB_FLAGS_ENVIRONMENTS: environments(),
    GITLAB_FLAGS_TOKEN_STAGING: ADMIN_TOKEN,
    GITLAB_FLAGS_TOKEN_PRODUCTION: ADMIN_TOKEN,
    ...extra,
  };
}

function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return runCli(args, { cwd: options.cwd ?? EXAMPLE, env: env(options.env) });
}

async function mcp(args: string[] = [], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<McpSession> {
  // NOTE: with the index cache (in the test's own XDG_CACHE_HOME), as people run it.
  const session = await startMcp(args, { cwd: options.cwd ?? EXAMPLE, env: env(options.env) });
  sessions.push(session);
  return session;
}

function copyOfExample(): string {
  const root = mkdtempSync(join(tmpdir(), 'mcp-example-'));
  cpSync(EXAMPLE, root, { recursive: true });
  return root;
}

/** Every file under `root` with its text, for comparing trees. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return out;
}

function without<T extends Record<string, unknown>>(row: T, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));
}

async function readText(session: McpSession, uri: string): Promise<{ mimeType?: string; text: string }> {
  const [content] = (await session.client.readResource({ uri })).contents;
  return { mimeType: content.mimeType, text: 'text' in content ? String(content.text) : '' };
}

function ok(result: { isError: boolean; json?: Record<string, unknown>; text: string }): Record<string, unknown> {
  assert.equal(result.isError, false, result.text);
  return result.json!;
}

before(async () => {
  [staging, production] = await Promise.all([startLocalGitlab({ name: 'staging' }), startLocalGitlab({ name: 'production' })]);
});
after(async () => {
  for (const session of sessions) await session.close().catch(() => undefined);
  await Promise.all([staging.stop(), production.stop()]);
});
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'mcp-home-'));
  auditLog = join(home, 'audit.jsonl');
  for (const gitlab of [staging, production]) {
    for (const feature of (await gitlab.api('GET', '/api/v4/features')).json as { name: string }[]) await gitlab.api('DELETE', `/api/v4/features/${feature.name}`);
    await gitlab.clearIssues();
  }
});

test('handshake: server info, instructions, the seven tools with JSON schemas in and out, and the resources', async () => {
  const session = await mcp();
  assert.equal(session.client.getServerVersion()?.name, 'gitlab-flags');
  assert.match(session.client.getInstructions() ?? '', /No tool changes GitLab/);
  const { tools } = await session.client.listTools();
  assert.deepEqual(tools.map((tool) => tool.name).sort(), TOOLS);
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, 'object', tool.name);
    assert.equal(tool.outputSchema?.type, 'object', tool.name);
    assert.ok((tool.description ?? '').length > 80, tool.name);
    assert.equal(tool.annotations?.readOnlyHint, tool.name !== 'apply_cleanup', tool.name);
  }
  assert.deepEqual(tools.find((tool) => tool.name === 'plan_flag_change')?.inputSchema.required, ['name', 'change', 'environments']);
  assert.deepEqual((tools.find((tool) => tool.name === 'list_flags')?.inputSchema.properties as Record<string, { enum?: string[] }>).filter.enum, ['stale', 'unused', 'undefined', 'extinct', 'ready-to-remove']);
  assert.equal(tools.find((tool) => tool.name === 'apply_cleanup')?.annotations?.destructiveHint, true);
  const { resourceTemplates } = await session.client.listResourceTemplates();
  assert.deepEqual(resourceTemplates.map((template) => template.uriTemplate).sort(), ['gitlab-flags://audit-log/{name}', 'gitlab-flags://flags/{name}/rollout-issue']);
  const { resources } = await session.client.listResources();
  assert.deepEqual(resources.map((resource) => resource.uri), ['gitlab-flags://audit-log']);
  assert.match(session.stderr(), /serving .*examples\/workspace \(2 environments, read-only: apply_cleanup disabled\)/);
});

test('the root defaults to the checkout around the current directory', async () => {
  const session = await mcp([], { cwd: join(EXAMPLE, 'app', 'services') });
  const json = ok(await session.call('find_flag_references', { name: 'vscode_web_ide' }));
  assert.deepEqual(json.definitions, ['config/feature_flags/development/vscode_web_ide.yml']);
});

test('find_flag_references answers what refs --json does, for every flag of the example', async () => {
  const session = await mcp();
  const rows = JSON.parse((await cli(['refs', '--json', '--no-cache'])).stdout) as { flag: string }[];
  const flags = [...new Set(rows.map((row) => row.flag))];
  assert.ok(flags.length >= 20);
  for (const flag of flags) {
    const json = ok(await session.call('find_flag_references', { name: flag }));
    const references = json.references as Record<string, unknown>[];
    assert.deepEqual(references.map((row) => without(row, 'location', 'spec')), rows.filter((row) => row.flag === flag), flag);
    assert.equal(json.count, references.length);
    assert.equal(json.known, true);
    for (const row of references) assert.equal(row.location, `${row.path}:${(row.line as number) + 1}:${(row.character as number) + 1}`);
  }
  // camelCase and a Ruby symbol name the same flag.
  const snake = ok(await session.call('find_flag_references', { name: FLAG }));
  assert.deepEqual(ok(await session.call('find_flag_references', { name: 'ciPipelineCreationRequestsRealtime' })), snake);
  assert.deepEqual(ok(await session.call('find_flag_references', { name: `:${FLAG}` })), snake);
  assert.ok((snake.references as { spec: boolean }[]).some((row) => row.spec));
  const unknown = ok(await session.call('find_flag_references', { name: 'ci_pipeline_creation_request_realtime' }));
  assert.equal(unknown.known, false);
  assert.deepEqual(unknown.references, []);
  assert.deepEqual(unknown.suggestions, [FLAG]);
});

test('lint answers what lint --json does; paths narrow it to files or directories', async () => {
  const session = await mcp();
  const rows = JSON.parse((await cli(['lint', '--json', '--no-cache'])).stdout) as Record<string, unknown>[];
  const json = ok(await session.call('lint', {}));
  const strip = (row: Record<string, unknown>): Record<string, unknown> => {
    const bare = without(row, 'location');
    if (Array.isArray(bare.related)) bare.related = (bare.related as Record<string, unknown>[]).map((place) => without(place, 'location'));
    return bare;
  };
  assert.deepEqual((json.problems as Record<string, unknown>[]).map(strip), rows);
  assert.equal(json.total, rows.length);
  assert.equal(json.errors, rows.filter((row) => row.severity === 'error').length);
  const wip = ok(await session.call('lint', { paths: ['config/feature_flags/wip', 'app/services/ci/create_pipeline_request_service.rb'] }));
  assert.deepEqual(
    (wip.problems as Record<string, unknown>[]).map(strip),
    rows.filter((row) => String(row.path).startsWith('config/feature_flags/wip/') || row.path === 'app/services/ci/create_pipeline_request_service.rb'),
  );
  const outside = await session.call('lint', { paths: ['../../package.json'] });
  assert.equal(outside.isError, true);
  assert.match(outside.text, /is outside the root/);
  const missing = await session.call('lint', { paths: ['app/nowhere'] });
  assert.match(missing.text, /^app\/nowhere: no such file or directory/);
});

test('list_flags lists every flag, and the stale, unused and undefined ones lint reports', async () => {
  const session = await mcp();
  const refs = JSON.parse((await cli(['refs', '--json', '--no-cache'])).stdout) as { flag: string }[];
  const lintRows = JSON.parse((await cli(['lint', '--json', '--no-cache'])).stdout) as { kind: string; flag?: string }[];
  const all = ok(await session.call('list_flags', {}));
  const names = (all.flags as { name: string }[]).map((row) => row.name);
  // A definition whose YAML does not parse has no name reference, but it is a flag all the same.
  assert.deepEqual(names, [...new Set([...refs.map((row) => row.flag), 'malformed_yaml_flag'])].sort((a, b) => a.localeCompare(b)));
  assert.equal(all.truncated, false);
  const flagsOf = (kind: string): string[] => [...new Set(lintRows.filter((row) => row.kind === kind).map((row) => row.flag as string))].sort();
  for (const [filter, kind] of [['stale', 'stale-flag'], ['undefined', 'undefined-flag']]) {
    const json = ok(await session.call('list_flags', { filter }));
    assert.deepEqual((json.flags as { name: string }[]).map((row) => row.name), flagsOf(kind), filter);
    assert.ok(flagsOf(kind).length > 0, kind);
  }
  // Unused: lint's unused definitions, and the invalid ones nothing references (lint reports
  // those as invalid-definition only).
  const unused = ok(await session.call('list_flags', { filter: 'unused' })).flags as { name: string; references: number; definition?: string }[];
  for (const name of flagsOf('unused-definition')) assert.ok(unused.some((row) => row.name === name), name);
  for (const row of unused) {
    assert.equal(row.references, 0, row.name);
    assert.ok(row.definition, row.name);
    assert.ok(flagsOf('unused-definition').includes(row.name) || lintRows.some((item) => item.kind === 'invalid-definition' && String((item as { path?: string }).path) === row.definition), row.name);
  }
  const row = (all.flags as Record<string, unknown>[]).find((item) => item.name === FLAG)!;
  assert.deepEqual(without(row, 'references', 'specReferences', 'problems'), {
    name: FLAG,
    type: 'gitlab_com_derisk',
    group: 'group::pipeline authoring',
    milestone: '17.9',
    defaultEnabled: false,
    definition: `config/feature_flags/gitlab_com_derisk/${FLAG}.yml`,
    stale: false,
    unused: false,
    undefined: false,
  });
  assert.equal(row.references, refs.filter((item) => item.flag === FLAG).length - 1);
  const some = ok(await session.call('list_flags', { limit: 2, text: 'flag' }));
  assert.equal(some.returned, 2);
  assert.equal(some.truncated, true);
  assert.ok((some.total as number) > 2);
  const noLive = await (await mcp([], { env: { GITLAB_FLAGS_ENVIRONMENTS: '' } })).call('list_flags', { filter: 'extinct' });
  assert.equal(noLive.isError, true);
  assert.match(noLive.text, /^extinct needs live state\. No GitLab environments are configured/);
});

test('flag_info: the definition, a reference summary, the problems lint reports and the state get --json shows', async () => {
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  await production.api('POST', `/api/v4/features/${FLAG}`, { value: '25', key: 'percentage_of_actors' });
  const session = await mcp();
  const json = ok(await session.call('flag_info', { name: FLAG }));
  const get = JSON.parse((await cli(['get', FLAG, '--json'])).stdout) as { environments: Record<string, { words: string; status: string }> };
  const live = json.liveState as { configured: boolean; environments: { environment: string; state: string; status: string; production: boolean; access: string; hasToken: boolean }[] };
  assert.equal(live.configured, true);
  assert.deepEqual(
    live.environments.map((row) => [row.environment, row.state, row.status]),
    Object.entries(get.environments).map(([name, state]) => [name, state.words, state.status]),
  );
  assert.deepEqual(live.environments.map((row) => [row.environment, row.state]), [['staging', 'on'], ['production', '25% of actors']]);
  assert.deepEqual(live.environments.map((row) => [row.production, row.access, row.hasToken]), [[false, 'write', true], [true, 'write', true]]);
  assert.deepEqual(json.definition, {
    path: `config/feature_flags/gitlab_com_derisk/${FLAG}.yml`,
    location: `config/feature_flags/gitlab_com_derisk/${FLAG}.yml:2:7`,
    type: 'gitlab_com_derisk',
    group: 'group::pipeline authoring',
    milestone: '17.9',
    defaultEnabled: false,
    description: 'Realtime pipeline creation requests over a GraphQL subscription',
    featureIssueUrl: 'https://gitlab.com/gitlab-org/gitlab/-/issues/501234',
    introducedByUrl: 'https://gitlab.com/gitlab-org/gitlab/-/merge_requests/178001',
    rolloutIssueUrl: 'https://gitlab.com/gitlab-org/gitlab/-/issues/514001',
  });
  const refs = JSON.parse((await cli(['refs', FLAG, '--json', '--no-cache'])).stdout) as { kind: string }[];
  const references = json.references as { total: number; byKind: Record<string, number> };
  assert.equal(references.total, refs.filter((row) => row.kind !== 'definition').length);
  assert.equal(Object.values(references.byKind).reduce((sum, count) => sum + count, 0), references.total);
  assert.equal(json.rolloutIssue, `gitlab-flags://flags/${FLAG}/rollout-issue`);

  // Problems: exactly lint's rows for the flag.
  const lintRows = JSON.parse((await cli(['lint', '--json', '--no-cache'])).stdout) as { flag?: string }[];
  for (const flag of ['typed_beta_flag', 'unused_flag_example', 'not_pushed_flag', 'undefined_flag_example']) {
    const info = ok(await session.call('flag_info', { name: flag }));
    const problems = (info.problems as Record<string, unknown>[]).map((row) => {
      const bare = without(row, 'location');
      if (Array.isArray(bare.related)) bare.related = (bare.related as Record<string, unknown>[]).map((place) => without(place, 'location'));
      return bare;
    });
    assert.deepEqual(problems, lintRows.filter((row) => row.flag === flag), flag);
    assert.ok(problems.length > 0, flag);
  }
  const undefinedFlag = ok(await session.call('flag_info', { name: 'undefined_flag_example' }));
  assert.equal(undefinedFlag.definition, null);
  assert.equal((undefinedFlag.status as { undefined: boolean }).undefined, true);
  assert.equal((ok(await session.call('flag_info', { name: 'unused_flag_example' })).status as { unused: boolean }).unused, true);
  assert.equal((ok(await session.call('flag_info', { name: 'old_derisk_flag' })).status as { stale: boolean }).stale, true);
  const unknown = ok(await session.call('flag_info', { name: 'no_such_flag_anywhere' }));
  assert.equal(unknown.known, false);
  assert.equal(unknown.definition, null);

  const offline = ok(await (await mcp([], { env: { GITLAB_FLAGS_ENVIRONMENTS: '' } })).call('flag_info', { name: FLAG }));
  assert.deepEqual(offline.liveState, { configured: false, note: (offline.liveState as { note: string }).note, environments: [] });
  assert.match((offline.liveState as { note: string }).note, /GITLAB_FLAGS_ENVIRONMENTS/);
});

test('list_flags extinct answers what extinct --json does, and ready-to-remove follows live state', async () => {
  await production.api('POST', '/api/v4/features/long_gone_flag', { value: 'true' });
  await staging.api('POST', '/api/v4/features/long_gone_flag', { value: '10', key: 'percentage_of_actors' });
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  const session = await mcp();
  const cliRows = JSON.parse((await cli(['extinct', '--json', '--no-cache'])).stdout) as { flag: string; environment: string; state: string }[];
  assert.ok(cliRows.length > 0);
  const extinct = ok(await session.call('list_flags', { filter: 'extinct' }));
  const flags = extinct.flags as { name: string; environments: { environment: string; state: string }[]; handOff: { gitlabFlags: string; chatops: string } }[];
  assert.deepEqual(flags.flatMap((row) => row.environments.map((item) => ({ flag: row.name, ...item }))), cliRows);
  assert.deepEqual(flags.find((row) => row.name === 'long_gone_flag')?.handOff, {
    gitlabFlags: 'gitlab-flags delete long_gone_flag --env staging,production',
    chatops: '/chatops run feature delete long_gone_flag --staging --production',
  });

  assert.deepEqual((ok(await session.call('list_flags', { filter: 'ready-to-remove' })).flags as unknown[]).length, 0);
  for (const gitlab of [staging, production]) await gitlab.api('POST', '/api/v4/features/old_derisk_flag', { value: 'true' });
  // A new session: the first one's state cache is fresh for a minute.
  const ready = ok(await (await mcp()).call('list_flags', { filter: 'ready-to-remove' }));
  assert.deepEqual((ready.flags as { name: string }[]).map((row) => row.name), ['old_derisk_flag']);
  assert.match((ready.flags as { summary: string }[])[0].summary, /ready to remove: on in every environment/);
});

test('plan_cleanup shows the diff cleanup prints and the lists cleanup --json gives, and writes nothing', async () => {
  const root = copyOfExample();
  const before = tree(root);
  const session = await mcp(['--root', root]);
  for (const keep of ['enabled', 'disabled']) {
    const json = ok(await session.call('plan_cleanup', { name: FLAG, keep }));
    const diff = await cli(['cleanup', FLAG, '--keep', keep, '--root', root, '--no-cache']);
    assert.equal(json.diff, diff.stdout);
    assert.ok(String(json.diff).includes(`--- a/config/feature_flags/gitlab_com_derisk/${FLAG}.yml`));
    const cliJson = JSON.parse((await cli(['cleanup', FLAG, '--keep', keep, '--json', '--root', root, '--no-cache'])).stdout) as Record<string, unknown>;
    assert.deepEqual(json.edited, cliJson.edited);
    assert.deepEqual(json.deleted, cliJson.deleted);
    assert.deepEqual((json.manual as Record<string, unknown>[]).map((row) => without(row, 'location')), cliJson.manual);
    assert.deepEqual(json.refused, cliJson.refused);
    assert.equal(json.commitMessage, cliJson.commitMessage);
    assert.deepEqual(json.checklist, cliJson.checklist);
    assert.equal(json.canApply, true);
    assert.match(String(json.digest), /^[0-9a-f]{16}$/);
  }
  assert.deepEqual(tree(root), before);
  const unknown = await session.call('plan_cleanup', { name: 'ci_pipeline_creation_request_realtime', keep: 'enabled' });
  assert.equal(unknown.isError, true);
  assert.equal(unknown.text, `No references to 'ci_pipeline_creation_request_realtime' under ${root}. Did you mean ${FLAG}?`);
  const badKeep = await session.call('plan_cleanup', { name: FLAG, keep: 'on' });
  assert.equal(badKeep.isError, true);
  assert.match(badKeep.text, /keep/);
});

test('apply_cleanup needs --allow-write, then writes exactly what cleanup --write writes and the index follows', async () => {
  const mine = copyOfExample();
  const theirs = copyOfExample();
  const before = tree(mine);
  const readOnly = await mcp(['--root', mine]);
  const refused = await readOnly.call('apply_cleanup', { name: FLAG, keep: 'enabled' });
  assert.equal(refused.isError, true);
  assert.match(refused.text, /^apply_cleanup is disabled: this server was started without --allow-write/);
  assert.deepEqual(tree(mine), before);

  const session = await mcp(['--root', mine, '--allow-write']);
  assert.match(session.stderr(), /--allow-write: apply_cleanup may edit files/);
  const plan = ok(await session.call('plan_cleanup', { name: FLAG, keep: 'enabled' }));
  const stale = await session.call('apply_cleanup', { name: FLAG, keep: 'enabled', digest: '0000000000000000' });
  assert.equal(stale.isError, true);
  assert.match(stale.text, /no longer the one with that digest/);
  assert.deepEqual(tree(mine), before);

  const applied = ok(await session.call('apply_cleanup', { name: FLAG, keep: 'enabled', digest: plan.digest }));
  assert.equal(applied.written, true);
  assert.deepEqual(applied.edited, plan.edited);
  assert.deepEqual(applied.deleted, plan.deleted);
  const write = await cli(['cleanup', FLAG, '--keep', 'enabled', '--write', '--root', theirs, '--no-cache']);
  assert.equal(write.code, 0, write.stderr);
  assert.deepEqual(tree(mine), tree(theirs));
  assert.notDeepEqual(tree(mine), before);

  // The next call sees the files as they are now.
  const left = ok(await session.call('find_flag_references', { name: FLAG }));
  assert.deepEqual(left.definitions, []);
  const refs = JSON.parse((await cli(['refs', FLAG, '--json', '--no-cache', '--root', mine])).stdout) as unknown[];
  assert.deepEqual((left.references as Record<string, unknown>[]).map((row) => without(row, 'location', 'spec')), refs);
  const again = await session.call('apply_cleanup', { name: FLAG, keep: 'enabled' });
  assert.equal(again.isError, true);
});

test('apply_cleanup refuses, writing nothing, when a file cannot be rewritten safely', async () => {
  const root = copyOfExample();
  // One more flag-dependent element than the Vue template rewrite takes steps (500): it does not settle.
  const rows = Array.from({ length: 501 }, (_, index) => `    <p v-if="glFeatures.ciPipelineCreationRequestsRealtime">${index}</p>`).join('\n');
  writeFileSync(join(root, 'app/assets/javascripts/pipelines/components/many.vue'), `<template>\n  <div>\n${rows}\n  </div>\n</template>\n<script>\nexport default { name: 'Many' };\n</script>\n`);
  const before = tree(root);
  const session = await mcp(['--root', root, '--allow-write']);
  const result = await session.call('apply_cleanup', { name: FLAG, keep: 'enabled' });
  assert.equal(result.isError, true);
  assert.match(result.text, /^Refused: 1 file could not be rewritten without a parse error, so nothing was written\./);
  assert.match(result.text, /"path": "app\/assets\/javascripts\/pipelines\/components\/many\.vue"/);
  assert.deepEqual(tree(root), before);
});

test('plan_flag_change: the plan set --dry-run --json makes, every check, and lines a person can run', async () => {
  const session = await mcp();
  const json = ok(await session.call('plan_flag_change', { name: FLAG, change: '50 --actors', environments: ['staging'] }));
  const dryRun = JSON.parse((await cli(['set', FLAG, '50', '--actors', '--env', 'staging', '--dry-run', '--json'])).stdout) as Record<string, unknown>;
  assert.equal(json.executed, false);
  assert.equal(json.chatops, dryRun.chatops);
  assert.equal(json.chatops, `/chatops run feature set ${FLAG} 50 --actors --staging`);
  assert.deepEqual(json.requests, (dryRun.requests as { environment: string; method: string; path: string; body?: unknown }[]).map((request) => ({ environment: request.environment, method: request.method, url: `${staging.url}${request.path}`, body: request.body })));
  assert.deepEqual(json.checks, [
    { check: 'valid', verdict: 'pass', detail: [] },
    { check: 'access', verdict: 'pass', detail: [] },
    { check: 'consistency', verdict: 'pass', detail: [] },
    { check: 'production-check', verdict: 'not-applicable', detail: [] },
    { check: 'production-confirmation', verdict: 'not-applicable', detail: [] },
  ]);
  assert.equal(json.wouldBeRefused, false);
  const handOff = json.handOff as { gitlabFlags: string; dryRun: string; chatops: string; notes: string[] };
  assert.equal(handOff.gitlabFlags, `gitlab-flags set ${FLAG} 50 --actors --env=staging`);
  // The line a person is given is one the CLI takes, and it plans the same thing.
  const again = JSON.parse((await cli([...handOff.dryRun.split(' ').slice(1), '--json'])).stdout) as Record<string, unknown>;
  assert.deepEqual(without(again, 'id', 'readStates'), without(dryRun, 'id', 'readStates'));
  assert.equal((await staging.api('GET', '/api/v4/features')).json instanceof Array && ((await staging.api('GET', '/api/v4/features')).json as unknown[]).length, 0);

  // Production while staging is off: chatops' consistency rule, and the confirmation.
  const blocked = ok(await session.call('plan_flag_change', { name: FLAG, change: 'true', environments: ['production'] }));
  const blockedDryRun = JSON.parse((await cli(['set', FLAG, 'true', '--env', 'production', '--dry-run', '--json'])).stdout) as { consistencyViolations: string[]; productionConfirmation: string };
  const checks = Object.fromEntries((blocked.checks as { check: string; verdict: string; detail: string[] }[]).map((check) => [check.check, check]));
  assert.deepEqual(checks.consistency, { check: 'consistency', verdict: 'fail', detail: blockedDryRun.consistencyViolations });
  assert.ok(blockedDryRun.consistencyViolations.length > 0);
  assert.deepEqual(checks['production-confirmation'], { check: 'production-confirmation', verdict: 'needs-confirmation', detail: [blockedDryRun.productionConfirmation] });
  assert.equal(checks['production-check'].verdict, 'pass');
  assert.equal(blocked.wouldBeRefused, true);
  assert.deepEqual(blocked.blockedBy, ['consistency']);
  const notes = (blocked.handOff as { notes: string[] }).notes.join('\n');
  assert.match(notes, /--ignore-feature-flag-consistency-check/);
  assert.match(notes, /refuses without --yes/);
  assert.equal((blocked.handOff as { gitlabFlags: string }).gitlabFlags, `gitlab-flags set ${FLAG} true --env=production`);
  assert.equal(blocked.chatops, `/chatops run feature set ${FLAG} true`);

  // An incident on production: the production check fails, and says which.
  await production.addIssue({ project: 'gitlab-com/gl-infra/production', title: 'Database degraded', issue_type: 'incident', labels: ['severity::2'] });
  const incident = ok(await session.call('plan_flag_change', { name: FLAG, change: 'true', environments: ['staging', 'production'] }));
  const productionCheck = (incident.checks as { check: string; verdict: string; detail: string[] }[]).find((check) => check.check === 'production-check')!;
  assert.equal(productionCheck.verdict, 'fail');
  assert.match(productionCheck.detail[0], /Database degraded/);
  assert.deepEqual(incident.blockedBy, ['production-check']);
  assert.deepEqual((incident.requests as { environment: string }[]).map((request) => request.environment), ['staging', 'production']);
});

test('plan_flag_change on a read-only environment still checks everything, and says gitlab-flags would refuse', async () => {
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  const session = await mcp([], { env: { GITLAB_FLAGS_ENVIRONMENTS: environments({ stagingAccess: 'read' }) } });
  const json = ok(await session.call('plan_flag_change', { name: FLAG, change: 'false', environments: ['staging'] }));
  const checks = Object.fromEntries((json.checks as { check: string; verdict: string; detail: string[] }[]).map((check) => [check.check, check]));
  assert.equal(checks.access.verdict, 'fail');
  assert.match(checks.access.detail[0], /^staging is read-only/);
  assert.equal(checks.valid.verdict, 'pass');
  assert.equal(checks.consistency.verdict, 'pass');
  assert.deepEqual(json.blockedBy, ['access']);
  assert.deepEqual((json.readStates as { environment: string; state: string }[]).map((row) => [row.environment, row.state]), [['staging', 'on'], ['production', 'off (default)']]);

  // A production environment without incidentProject: its incidents could not be asked, which is not a pass.
  const noIncidents = JSON.stringify([
    { name: 'staging', url: staging.url, chatopsOption: '--staging', access: 'write' },
    { name: 'production', url: production.url, chatopsOption: '--production', access: 'write' },
  ]);
  const unchecked = ok(await (await mcp([], { env: { GITLAB_FLAGS_ENVIRONMENTS: noIncidents } })).call('plan_flag_change', { name: FLAG, change: 'true', environments: ['production'] }));
  const productionCheck = (unchecked.checks as { check: string; verdict: string; detail: string[] }[]).find((check) => check.check === 'production-check');
  assert.deepEqual(productionCheck, { check: 'production-check', verdict: 'not-checked', detail: ['production has no incidentProject in the environment list: its incidents were not checked.'] });
  assert.deepEqual(unchecked.blockedBy, []);
});

test('plan_flag_change refuses what it cannot plan, with one clear message', async () => {
  const session = await mcp();
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ name: FLAG, change: 'maybe', environments: ['staging'] }, /^The value "maybe" is invalid\. Use true, false, or a number from 0 to 100\.$/],
    [{ name: FLAG, change: '50', environments: ['staging'] }, /^A percentage needs --actors/],
    [{ name: FLAG, change: 'true --staging', environments: ['staging'] }, /^Choose environments with the `environments` argument/],
    [{ name: FLAG, change: 'true --ignore-production-check', environments: ['production'] }, /^Overrides .* are for the person/],
    [{ name: FLAG, change: 'true', environments: ['dev'] }, /^Unknown environment 'dev'; configured: staging, production\.$/],
    [{ name: 'bad name', change: 'true', environments: ['staging'] }, /is not a flag name/],
    [{ name: FLAG, change: 'true', environments: [] }, /environments/],
  ];
  for (const [args, message] of cases) {
    const result = await session.call('plan_flag_change', args);
    assert.equal(result.isError, true, JSON.stringify(args));
    assert.match(result.text, message);
    assert.doesNotMatch(result.text, /\n\s+at /);
  }
  const none = await (await mcp([], { env: { GITLAB_FLAGS_ENVIRONMENTS: '' } })).call('plan_flag_change', { name: FLAG, change: 'true', environments: ['staging'] });
  assert.equal(none.isError, true);
  assert.match(none.text, /^No GitLab environments are configured/);
});

test('resources: the rollout issue text, and the audit log\'s recent records, read-only', async () => {
  const session = await mcp();
  const issue = await readText(session, `gitlab-flags://flags/${FLAG}/rollout-issue`);
  assert.equal(issue.mimeType, 'text/markdown');
  assert.equal(issue.text, rolloutIssueMarkdown(findDefinition(EXAMPLE, FLAG)!));
  assert.match(issue.text, /https:\/\/gitlab\.com\/gitlab-org\/gitlab\/-\/issues\/501234/);

  const empty = JSON.parse((await readText(session, 'gitlab-flags://audit-log')).text) as { total: number; records: unknown[]; file: string };
  assert.deepEqual([empty.total, empty.records, empty.file], [0, [], auditLog]);
  assert.equal(existsSync(auditLog), false, 'reading the audit log never creates it');

  // Writes made by a person with the CLI, read back by the agent.
  assert.equal((await cli(['set', FLAG, 'true', '--env', 'staging'])).code, 0);
  assert.equal((await cli(['set', 'old_derisk_flag', 'false', '--env', 'staging'])).code, 0);
  const written = readFileSync(auditLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { flag: string });
  const mtime = statSync(auditLog).mtimeMs;
  const all = JSON.parse((await readText(session, 'gitlab-flags://audit-log')).text) as { total: number; records: unknown[] };
  assert.equal(all.total, written.length);
  assert.deepEqual(all.records, written);
  const one = JSON.parse((await readText(session, `gitlab-flags://audit-log/${FLAG}`)).text) as { flag: string; records: unknown[] };
  assert.equal(one.flag, FLAG);
  assert.deepEqual(one.records, written.filter((record) => record.flag === FLAG));
  assert.equal(statSync(auditLog).mtimeMs, mtime);
  const completion = await session.client.complete({ ref: { type: 'ref/resource', uri: 'gitlab-flags://flags/{name}/rollout-issue' }, argument: { name: 'name', value: 'ci_pipeline' } });
  assert.deepEqual(completion.completion.values, [FLAG]);
});

test('no MCP call sends a POST or a DELETE to GitLab, and no answer holds a token', async () => {
  await staging.api('POST', `/api/v4/features/${FLAG}`, { value: 'true' });
  await production.api('POST', '/api/v4/features/long_gone_flag', { value: 'true' });
  await Promise.all([staging.clearRequests(), production.clearRequests()]);
  const root = copyOfExample();
  const session = await mcp(['--root', root, '--allow-write']);
  ok(await session.call('flag_info', { name: FLAG }));
  ok(await session.call('list_flags', { filter: 'extinct' }));
  ok(await session.call('list_flags', { filter: 'ready-to-remove' }));
  ok(await session.call('lint', { live: true }));
  for (const [change, targets] of [['true', ['production']], ['false', ['staging']], ['delete', ['staging', 'production']], ['100 --actors', ['staging', 'production']], ['true --project=gitlab-org/gitlab', ['production']]] as const) {
    ok(await session.call('plan_flag_change', { name: FLAG, change, environments: [...targets] }));
  }
  ok(await session.call('plan_flag_change', { name: 'long_gone_flag', change: 'delete', environments: ['production'] }));
  ok(await session.call('plan_cleanup', { name: FLAG, keep: 'enabled' }));
  ok(await session.call('apply_cleanup', { name: FLAG, keep: 'enabled' }));
  await session.client.readResource({ uri: `gitlab-flags://flags/${FLAG}/rollout-issue` });
  await session.client.readResource({ uri: 'gitlab-flags://audit-log' });
  const requests = [...(await staging.requests()), ...(await production.requests())];
  assert.ok(requests.length > 0);
  assert.deepEqual(requests.filter((request) => request.method !== 'GET'), []);
  assert.equal(existsSync(auditLog), false, 'planning writes nothing to the audit log');

  // A GitLab that fails (wrong token) is an answer, not a leak.
  const broken = await mcp([], { env: { GITLAB_FLAGS_TOKEN_PRODUCTION: 'wrong-token-5e1d' } });
  const info = ok(await broken.call('flag_info', { name: FLAG }));
  assert.match(JSON.stringify(info.liveState), /state unknown/);
  for (const seen of sessions.flatMap((item) => item.seen)) {
    assert.equal(seen.includes(ADMIN_TOKEN), false);
    assert.equal(seen.includes('wrong-token-5e1d'), false);
  }
});

test('a broken environment list stops the server at start with the reason, as the CLI does', async () => {
  const run = await cli(['mcp'], { env: { GITLAB_FLAGS_ENVIRONMENTS: '[{"name":"x"}]' } });
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^gitlab-flags: .*url/);
  const help = await cli(['mcp', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--allow-write/);
});
