// Lists the files of a root that may hold flag references: `git ls-files` when the root is a
// git work tree (fast, and honours .gitignore), otherwise fast-glob. Symbolic links are never
// followed, and the result is sorted so every run sees the same order.

import { execFile } from 'node:child_process';
import { languageOf } from './languages';

export const IGNORED_DIRECTORIES = ['node_modules', 'tmp', 'public/assets', '.git', 'coverage', 'log'];

const IGNORED_PREFIX = new RegExp(`(?:^|/)(?:${IGNORED_DIRECTORIES.map((d) => d.replace('/', '\\/')).join('|')})/`);

export function isIgnoredPath(relativePath: string): boolean {
  return IGNORED_PREFIX.test(relativePath);
}

export function isIndexable(relativePath: string): boolean {
  return languageOf(relativePath) !== undefined && !isIgnoredPath(relativePath);
}

export interface Discovery {
  /** Relative paths (forward slashes) of indexable files under root, sorted. */
  files: string[];
  method: 'git' | 'glob';
  /** Everything the listing saw before filtering, and when it started: to stamp the listing. */
  listed: string[];
  startedMs: number;
}

export async function discoverFiles(root: string): Promise<Discovery> {
  const startedMs = Date.now();
  const fromGit = await gitListFiles(root);
  if (fromGit) return { files: fromGit.filter(isIndexable).sort(), method: 'git', listed: fromGit, startedMs };
  // NOTE: loaded only here: most roots are git work trees, and workers start faster without it.
  const { default: fg } = await import('fast-glob');
  const files = await fg(['**/*.{rb,rake,haml,erb,ru,js,mjs,cjs,jsx,ts,mts,cts,tsx,vue}', '**/config/feature_flags/*/*.yml'], {
    cwd: root,
    ignore: IGNORED_DIRECTORIES.map((directory) => `**/${directory}/**`),
    followSymbolicLinks: false,
    onlyFiles: true,
    dot: false,
    suppressErrors: true,
  });
  return { files: files.filter(isIndexable).sort(), method: 'glob', listed: files, startedMs };
}

function gitListFiles(root: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      { cwd: root, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout) => {
        // Not a git work tree, git missing, or root is inside .git: fall back to globbing.
        if (error) return resolve(undefined);
        // NOTE: a file deleted from the work tree is still listed by --cached; the caller's stat drops it.
        resolve([...new Set(stdout.split('\0').filter((path) => path.length > 0))]);
      },
    );
  });
}
