// The folders' import rules (docs/architecture.md), checked from the source text so a `require()`
// or a dynamic import the compiler's project references cannot see fails too.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(root, folder, file));
}

/** Every module a file imports, requires or dynamically imports, resolved to a root-relative folder or a package name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return specifiers.map((specifier) =>
    specifier.startsWith('.') ? relative(root, resolve(file, '..', specifier)).split(sep).join('/') : specifier,
  );
}

function violations(folder: string, allowed: (target: string) => boolean): string[] {
  return sourceFiles(folder).flatMap((file) =>
    importsOf(file)
      .filter((target) => !allowed(target))
      .map((target) => `${relative(root, file)} imports ${target}`),
  );
}

const isNodeBuiltin = (target: string) => target.startsWith('node:');

test('the client imports only vscode, vscode-languageclient, Node built-ins, shared/ and itself', () => {
  const allowed = (target: string) =>
    target === 'vscode' ||
    target.startsWith('vscode-languageclient') ||
    isNodeBuiltin(target) ||
    target.startsWith('shared/') ||
    target.startsWith('client/');
  assert.deepEqual(violations('client/src', allowed), []);
});

test('shared/ imports only the LSP protocol types and itself, never Node, the client or the server', () => {
  const allowed = (target: string) => target === 'vscode-languageserver-protocol' || target.startsWith('shared/');
  assert.deepEqual(violations('shared', allowed), []);
});

test('the server never imports the client', () => {
  assert.deepEqual(violations('server/src', (target) => !target.startsWith('client/') && target !== 'vscode'), []);
});

// The layers inside the server, lowest first. A folder may import the folders named here (and
// shared/, packages, Node); the front doors (server.ts, cli.ts, handlers/, commands/, mcp/) may
// import any of them, and none of them may import a front door.
const SERVER_LAYERS: Record<string, readonly string[]> = {
  flags: [],
  index: ['flags', 'environmentVariables'],
  gitlab: ['flags', 'environmentVariables'],
  cleanup: ['flags', 'index'],
  // flagList.ts lists flags across every root, so it reads the type of the roots' collection.
  features: ['flags', 'index', 'cleanup', 'environmentVariables', 'workspaces'],
};

for (const [folder, allowed] of Object.entries(SERVER_LAYERS)) {
  test(`server/src/${folder}/ imports ${allowed.length === 0 ? 'no other server folder' : `only ${allowed.join(', ')} of the server`}`, () => {
    const inServer = (target: string) => target.startsWith('server/src/');
    const ok = (target: string) => {
      if (!inServer(target)) return !target.startsWith('client/');
      const top = target.slice('server/src/'.length).split('/')[0];
      return top === folder || allowed.includes(top);
    };
    assert.deepEqual(violations(`server/src/${folder}`, ok), []);
  });
}

test('the boundary check sees require() and relative imports that leave the folder', () => {
  // Guards the check itself: a rule that matched nothing would pass for ever.
  const imports = importsOf(join(root, 'test/unit/mcp-registration.test.ts'));
  assert.ok(imports.includes('client/src/mcpServer'), imports.join(', '));
});
