// Lists the files of a root that may hold flag references: `git ls-files` when the root is a
// git work tree (fast, and honours .gitignore), otherwise tinyglobby. Symbolic links are never
// followed, and the result is sorted so every run sees the same order.

import { execFile } from 'node:child_process';
import { languageOf } from './languages';
import { trace } from './trace';

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
  const parts = discoverInParts(root);
  for (;;) {
    const next = await parts.next();
    if (next.done) return next.value;
  }
}

/**
 * The same listing in parts, so scanning can start before it is complete: in a git work tree,
 * the tracked files (git reads them from its index in ~60 ms) come first, and the untracked ones
 * (a walk of the whole tree, ~250 ms on a GitLab checkout) after. Returns the whole Discovery.
 */
export async function* discoverInParts(root: string): AsyncGenerator<string[], Discovery> {
  const startedMs = Date.now();
  const trackedPaths = await gitListFiles(root, ['--cached']);
  trace('git listed the tracked files');
  if (trackedPaths) {
    // NOTE: the untracked walk starts once the tracked files are handed out: started together, the
    // two compete for the CPU, and spawning git costs this thread ~20 ms that the scanners of the
    // tracked files would wait for. It is done by the time they are.
    const untracked = new Promise<string[] | undefined>((resolve) => setImmediate(() => resolve(gitListFiles(root, ['--others', '--exclude-standard']))));
    // NOTE: a file deleted from the work tree is still listed as tracked; the caller's read drops it.
    const trackedFiles = sortedUnique(trackedPaths.filter(isIndexable));
    trace(`tracked files listed`);
    yield trackedFiles;
    // Untracked files are by definition not in the index, so the two lists never overlap.
    const untrackedPaths = (await untracked) ?? [];
    const untrackedFiles = sortedUnique(untrackedPaths.filter(isIndexable));
    if (untrackedFiles.length > 0) yield untrackedFiles;
    return { files: mergeSorted(trackedFiles, untrackedFiles), method: 'git', listed: trackedPaths.concat(untrackedPaths), startedMs };
  }
  // NOTE: loaded only here: most roots are git work trees, and workers start faster without it.
  // tinyglobby (fdir underneath) walks a GitLab-sized tree in ~0.3 s, fast-glob took ~0.8 s.
  const { glob } = await import('tinyglobby');
  const globbed = await glob(['**/*.{rb,rake,haml,erb,ru,js,mjs,cjs,jsx,ts,mts,cts,tsx,vue}', '**/config/feature_flags/*/*.yml'], {
    cwd: root,
    ignore: IGNORED_DIRECTORIES.map((directory) => `**/${directory}/**`),
    followSymbolicLinks: false,
    onlyFiles: true,
    dot: false,
    expandDirectories: false,
  });
  const files = sortedUnique(globbed.filter(isIndexable));
  yield files;
  return { files, method: 'glob', listed: globbed, startedMs };
}

/**
 * Sorted, without repeats. git lists paths sorted already (a path with merge conflicts once per
 * stage), so this is usually one linear pass; the sort only runs when the order differs.
 */
function sortedUnique(paths: string[]): string[] {
  let ordered = true;
  for (let i = 1; i < paths.length && ordered; i++) ordered = paths[i - 1] < paths[i];
  if (ordered) return paths;
  paths.sort();
  return paths.filter((path, i) => i === 0 || path !== paths[i - 1]);
}

function mergeSorted(a: string[], b: string[]): string[] {
  if (b.length === 0) return a;
  return [...a, ...b].sort();
}

function gitListFiles(root: string, which: string[]): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['-c', 'core.quotepath=off', 'ls-files', '-z', ...which], { cwd: root, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' }, (error, stdout) => {
      // Not a git work tree, git missing, or root is inside .git: fall back to globbing.
      if (error) return resolve(undefined);
      resolve(stdout.split('\0').filter((path) => path.length > 0));
    });
  });
}
