// A git repository that ignores a folder holding a copy of the example workspace: what
// `npm start` used to open (.cache/demo/workspace in this checkout), and what any folder opened
// inside a repository that ignores it looks like.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE } from './lspClient';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgSign=false', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });
}

/** { repository, workspace }: workspace is `.cache/demo/workspace` inside a repository whose .gitignore has `.cache/`. */
export function ignoredExampleCopy(): { repository: string; workspace: string } {
  const repository = mkdtempSync(join(tmpdir(), 'gitlab-flags-ignoring-'));
  writeFileSync(join(repository, '.gitignore'), 'node_modules/\n.cache/\n');
  mkdirSync(join(repository, 'src'));
  writeFileSync(join(repository, 'src/index.ts'), 'export {};\n');
  git(repository, 'init', '-q');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-q', '-m', 'project');
  const workspace = join(repository, '.cache/demo/workspace');
  mkdirSync(join(repository, '.cache/demo'), { recursive: true });
  cpSync(EXAMPLE, workspace, { recursive: true });
  return { repository, workspace };
}
