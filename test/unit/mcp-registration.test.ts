// client/src/mcpServer.ts against stand-ins for three kinds of VS Code: one with the MCP server
// definition provider API (1.101+), one without it (1.91), and one where it is still a proposed
// API and refuses (code-server 4.100).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface FakeDefinition {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  version: string;
  cwd?: { fsPath: string };
}

type Provider = { provideMcpServerDefinitions(token: unknown): FakeDefinition[]; onDidChangeMcpServerDefinitions?: unknown };

function fakeVscode(options: { api: 'present' | 'absent' | 'proposed'; folders: string[]; trusted: boolean; environments: unknown[] }) {
  const registered: { id: string; provider: Provider }[] = [];
  const event = () => ({ dispose() {} });
  class EventEmitter {
    event = event;
    fire() {}
    dispose() {}
  }
  class McpStdioServerDefinition {
    cwd?: { fsPath: string };
    constructor(readonly label: string, readonly command: string, readonly args: string[], readonly env: Record<string, string>, readonly version: string) {}
  }
  const vscode: Record<string, unknown> = {
    EventEmitter,
    workspace: {
      isTrusted: options.trusted,
      workspaceFolders: options.folders.map((path) => ({ name: path.split('/').pop(), uri: { scheme: 'file', fsPath: path } })),
      getConfiguration: () => ({ get: (_key: string, fallback: unknown) => (options.environments.length > 0 ? options.environments : fallback) }),
      onDidChangeWorkspaceFolders: event,
      onDidGrantWorkspaceTrust: event,
      onDidChangeConfiguration: event,
    },
  };
  if (options.api !== 'absent') {
    vscode.McpStdioServerDefinition = McpStdioServerDefinition;
    vscode.lm = {
      registerMcpServerDefinitionProvider(id: string, provider: Provider) {
        if (options.api === 'proposed') throw new Error("Extension 'x' CANNOT use API proposal: mcpConfigurationProvider.");
        registered.push({ id, provider });
        return { dispose() {} };
      },
    };
  }
  return { vscode, registered };
}

async function register(fake: ReturnType<typeof fakeVscode>) {
  const original = (Module as unknown as { _load: (...args: unknown[]) => unknown })._load;
  (Module as unknown as { _load: (...args: unknown[]) => unknown })._load = function (request: unknown, ...rest: unknown[]) {
    return request === 'vscode' ? fake.vscode : original.call(this, request, ...rest);
  };
  try {
    // A fresh copy of the module each time: it binds 'vscode' when it loads.
    const path = require.resolve('../../client/src/mcpServer');
    delete require.cache[path];
    const { registerMcpServer } = require(path) as typeof import('../../client/src/mcpServer');
    const logged: string[] = [];
    const context = { asAbsolutePath: (path: string) => `/ext/${path}`, extension: { packageJSON: { version: '0.1.0' } } };
    const disposables = registerMcpServer(context as never, { info: (line: string) => logged.push(line) } as never);
    return { disposables, logged };
  } finally {
    (Module as unknown as { _load: unknown })._load = original;
  }
}

function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'mcp-registration-'));
  mkdirSync(join(root, 'config', 'feature_flags', 'wip'), { recursive: true });
  return root;
}

test('with the API: one stdio server per GitLab checkout, running the bundled CLI with the environments and --allow-write when trusted', async () => {
  const gitlab = checkout();
  const other = mkdtempSync(join(tmpdir(), 'mcp-registration-other-'));
  const environments = [{ name: 'staging', url: 'https://staging.gitlab.com', chatopsOption: '--staging' }];
  const fake = fakeVscode({ api: 'present', folders: [gitlab, other], trusted: true, environments });
  const { disposables } = await register(fake);
  assert.ok(disposables.length > 0);
  assert.equal(fake.registered.length, 1);
  assert.equal(fake.registered[0].id, 'gitlabFlags.mcp');
  const definitions = fake.registered[0].provider.provideMcpServerDefinitions(undefined);
  assert.equal(definitions.length, 1);
  const [definition] = definitions;
  assert.equal(definition.label, 'GitLab Feature Flags');
  assert.equal(definition.command, process.execPath);
  assert.deepEqual(definition.args, ['/ext/dist/cli.js', 'mcp', '--root', gitlab, '--allow-write']);
  assert.deepEqual(definition.env, { ELECTRON_RUN_AS_NODE: '1', GITLAB_FLAGS_ENVIRONMENTS: JSON.stringify(environments) });
  assert.equal(definition.version, '0.1.0');
  assert.equal(definition.cwd?.fsPath, gitlab);
  assert.ok(!JSON.stringify(definition).includes('TOKEN'), 'tokens are never put in a definition');
});

test('an untrusted workspace gets a server that cannot write files', async () => {
  const fake = fakeVscode({ api: 'present', folders: [checkout()], trusted: false, environments: [] });
  await register(fake);
  const [definition] = fake.registered[0].provider.provideMcpServerDefinitions(undefined);
  assert.ok(!definition.args.includes('--allow-write'));
  assert.deepEqual(definition.env, { ELECTRON_RUN_AS_NODE: '1' });
});

test('without the API (VS Code 1.91) nothing is registered, and nothing fails', async () => {
  const fake = fakeVscode({ api: 'absent', folders: [checkout()], trusted: true, environments: [] });
  const { disposables, logged } = await register(fake);
  assert.deepEqual(disposables, []);
  assert.deepEqual(logged, []);
});

test('where the API is still proposed (code-server 4.100) the refusal is logged, not thrown', async () => {
  const fake = fakeVscode({ api: 'proposed', folders: [checkout()], trusted: true, environments: [] });
  const { disposables, logged } = await register(fake);
  assert.deepEqual(disposables, []);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /not registered with this VS Code .*docs\/mcp\.md/);
});
