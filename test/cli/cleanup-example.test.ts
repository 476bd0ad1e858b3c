// Cleanup of every flag of the example workspace, both ways: the rewritten Ruby passes `ruby -c`,
// the rewritten JS (and Vue scripts) pass `node --check`, and afterwards no reference to the flag
// is left except the places cleanup listed for manual review.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../server/src/index/workspace';
import { runCleanup } from '../../server/src/features/cleanup';
import { nodeModulesWasmDir } from '../../server/src/cleanup';
import { EXAMPLE, PROJECT } from '../helpers/lspClient';
import { hasRuby } from '../helpers/tools';

process.env.GITLAB_FLAGS_WASM_DIR = nodeModulesWasmDir(PROJECT);


function syntaxError(path: string, text: string, scratch: string): string | undefined {
  const isRuby = /\.(rb|rake)$/.test(path);
  const isJs = /\.(js|mjs|cjs)$/.test(path) || path.endsWith('.vue');
  if (!isRuby && !isJs) return undefined;
  if (isRuby && !hasRuby()) return undefined;
  const source = path.endsWith('.vue') ? (/<script[^>]*>([\s\S]*?)<\/script>/.exec(text)?.[1] ?? '') : text;
  const file = join(scratch, isRuby ? 'check.rb' : 'check.mjs');
  writeFileSync(file, source);
  try {
    execFileSync(isRuby ? 'ruby' : process.execPath, isRuby ? ['-c', file] : ['--check', file], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `${path}: ${(error as { stderr?: Buffer }).stderr?.toString().trim()}`;
  }
}

test('cleanup of every example flag, both ways, parses and leaves only manual-review references', { skip: hasRuby() ? false : 'ruby is not installed (apt-get install -y ruby)' }, async () => {
  const source = new Workspace(EXAMPLE, { useCache: false });
  await source.load();
  const flags = [...new Set([...source.index.keys()].map((key) => source.index.displayName(key)))].sort();
  assert.equal(flags.length, 21);
  const scratch = mkdtempSync(join(tmpdir(), 'gitlab-flags-check-'));
  const problems: string[] = [];
  for (const flag of flags) {
    for (const keep of ['enabled', 'disabled'] as const) {
      const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-example-'));
      cpSync(EXAMPLE, root, { recursive: true });
      const workspace = new Workspace(root, { useCache: false });
      await workspace.load();
      const output = await runCleanup(workspace, flag, keep, (path) => workspace.readText(path));
      for (const change of output.changes) {
        writeFileSync(change.path, change.after);
        const error = syntaxError(change.path, change.after, scratch);
        if (error) problems.push(`${flag} keep ${keep}: ${error}`);
      }
      for (const path of output.deletes) rmSync(path, { force: true });
      const after = new Workspace(root, { useCache: false });
      await after.load();
      const manualLines = new Set(output.manual.map((item) => `${item.path}:${item.line}`));
      for (const found of after.index.references(flag)) {
        if (!manualLines.has(`${found.file}:${found.item.range.start.line}`)) {
          problems.push(`${flag} keep ${keep}: reference left at ${workspace.relativePath(found.file)}:${found.item.range.start.line + 1} (${found.item.kind})`);
        }
      }
      rmSync(root, { recursive: true, force: true });
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  assert.deepEqual(problems, []);
});

test('cleanup --json: every manual entry has path (relative), line, character and reason, and the checklist counts them', async () => {
  const { runCleanupCommand } = await import('../../server/src/commands/cleanup');
  const source = new Workspace(EXAMPLE, { useCache: false });
  await source.load();
  const flags = [...new Set([...source.index.keys()].map((key) => source.index.displayName(key)))].sort();
  const problems: string[] = [];
  let counted = 0;
  for (const flag of flags) {
    for (const keep of ['enabled', 'disabled'] as const) {
      let stdout = '';
      const io = { stdout: (text: string) => void (stdout += text), stderr: () => undefined, cwd: EXAMPLE, env: { GITLAB_FLAGS_ENVIRONMENTS: '' } };
      await runCleanupCommand([flag, '--keep', keep, '--json', '--root', EXAMPLE, '--no-cache'], io);
      const result = JSON.parse(stdout) as { manual: Record<string, unknown>[]; checklist: string[]; warnings: string[] };
      for (const item of result.manual) {
        const shape =
          Object.keys(item).sort().join(',') === 'character,line,path,reason' &&
          typeof item.path === 'string' && !item.path.startsWith('/') &&
          Number.isInteger(item.line) && (item.line as number) >= 0 &&
          Number.isInteger(item.character) && (item.character as number) >= 0 &&
          typeof item.reason === 'string' && item.reason.length > 0;
        if (!shape) problems.push(`${flag} keep ${keep}: ${JSON.stringify(item)}`);
      }
      const review = result.checklist.find((step) => step.startsWith('Review the '));
      if (result.manual.length > 0 && review !== `Review the ${result.manual.length} place(s) listed for manual review.`) {
        problems.push(`${flag} keep ${keep}: ${result.manual.length} manual entries, checklist says ${review}`);
      }
      assert.deepEqual(result.warnings, []);
      counted += result.manual.length;
    }
  }
  assert.deepEqual(problems, []);
  assert.equal(counted, 16);
});
