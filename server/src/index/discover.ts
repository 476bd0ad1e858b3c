// Lists the files of a root that may hold flag references: `git ls-files` when the root is a
// git work tree (fast, and honours .gitignore), otherwise tinyglobby. Symbolic links are never
// followed, and the result is sorted so every run sees the same order.
//
// A root git does not track is walked like a plain directory: a folder opened inside a
// repository that ignores it (the demo copy under the project's ignored .cache/, a checkout
// inside another's ignored directory) is listed by git as empty, though it is full of files.

import { execFile } from 'node:child_process';
import { languageOf } from './languages';
import { trace } from './trace';
import { DEFINITION_GLOB, ROLLOUT_PLAN_GLOBS, SOURCE_GLOB } from '../../../shared/fileTypes';

export const IGNORED_DIRECTORIES = ['node_modules', 'tmp', 'public/assets', '.git', 'coverage', 'log'];

const IGNORED_PREFIX = new RegExp(`(?:^|/)(?:${IGNORED_DIRECTORIES.map((d) => d.replace('/', '\\/')).join('|')})/`);

// Rollout plans (languages.ts isRolloutPlan): the glob finds the candidates, the path decides.

export function isIgnoredPath(relativePath: string): boolean {
  return IGNORED_PREFIX.test(relativePath);
}

export function isIndexable(relativePath: string): boolean {
  return languageOf(relativePath) !== undefined && !isIgnoredPath(relativePath);
}

/**
 * Why a root was listed the way it was, for `scan` and the server's log:
 * - tracked: git lists tracked files under the root (the common case);
 * - untracked: nothing under the root is tracked yet, and git lists its files that are not ignored;
 * - not-a-repository: the root is not in a git work tree (or git is missing): walked;
 * - ignored: git ignores the root itself (`detail` names the rule): walked;
 * - nothing-listed: git lists no file under the root, tracked or untracked: walked.
 */
export type DiscoveryReason = 'tracked' | 'untracked' | 'not-a-repository' | 'ignored' | 'nothing-listed';

export interface DiscoveryWhy {
  reason: DiscoveryReason;
  /** For 'ignored': the rule, as `git check-ignore -v` prints it (source:line:pattern). */
  detail?: string;
}

export const DISCOVERY_REASONS: readonly DiscoveryReason[] = ['tracked', 'untracked', 'not-a-repository', 'ignored', 'nothing-listed'];

/** Does git's view of the root matter to the listing (so its ignore files and index are watched)? */
export function inGitWorkTree(why: DiscoveryWhy | undefined): boolean {
  return why !== undefined && why.reason !== 'not-a-repository';
}

/** How the files of a root were listed, and why, in words (for `scan` and the zero-files warning). */
export function describeDiscovery(method: 'git' | 'glob' | undefined, why: DiscoveryWhy | undefined): string {
  switch (why?.reason) {
    case 'tracked':
      return 'listed with git ls-files (tracked files, and untracked ones git does not ignore)';
    case 'untracked':
      return 'listed with git ls-files (nothing under the root is tracked yet: the untracked files git does not ignore)';
    case 'not-a-repository':
      return 'walked the directory (it is not in a git work tree)';
    case 'ignored':
      return `walked the directory (the enclosing git repository ignores it${why.detail ? `: ${why.detail}` : ''})`;
    case 'nothing-listed':
      return 'walked the directory (git lists no file under it)';
    default:
      return method === 'glob' ? 'walked the directory' : 'listed with git ls-files';
  }
}

export interface Discovery {
  /** Relative paths (forward slashes) of indexable files under root, sorted. */
  files: string[];
  method: 'git' | 'glob';
  why: DiscoveryWhy;
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
  if (trackedPaths && trackedPaths.length > 0) {
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
    return { files: mergeSorted(trackedFiles, untrackedFiles), method: 'git', why: { reason: 'tracked' }, listed: trackedPaths.concat(untrackedPaths), startedMs };
  }
  let why: DiscoveryWhy = { reason: 'not-a-repository' };
  if (trackedPaths) {
    // NOTE: only here does discovery cost more git calls than before: no tracked file under the
    // root is rare (a new repository, an untracked or ignored folder), and a normal checkout
    // never gets here. An untracked folder that git does not ignore is still listed by git, so
    // that .gitignore rules hold; one it ignores, or lists as empty, is walked.
    const untrackedPaths = (await gitListFiles(root, ['--others', '--exclude-standard'])) ?? [];
    if (untrackedPaths.length > 0) {
      const files = sortedUnique(untrackedPaths.filter(isIndexable));
      yield files;
      return { files, method: 'git', why: { reason: 'untracked' }, listed: untrackedPaths, startedMs };
    }
    const rule = await gitIgnoreRule(root);
    why = rule === undefined ? { reason: 'nothing-listed' } : { reason: 'ignored', ...(rule ? { detail: rule } : {}) };
    trace(`git lists nothing under the root (${why.reason}): walking it`);
  }
  // NOTE: loaded only here: most roots are git work trees, and workers start faster without it.
  // tinyglobby (fdir underneath) walks a GitLab-sized tree in ~0.3 s, fast-glob took ~0.8 s.
  const { glob } = await import('tinyglobby');
  const globbed = await glob([SOURCE_GLOB, DEFINITION_GLOB, ...ROLLOUT_PLAN_GLOBS], {
    cwd: root,
    ignore: IGNORED_DIRECTORIES.map((directory) => `**/${directory}/**`),
    followSymbolicLinks: false,
    onlyFiles: true,
    dot: false,
    expandDirectories: false,
  });
  const files = sortedUnique(globbed.filter(isIndexable));
  yield files;
  return { files, method: 'glob', why, listed: globbed, startedMs };
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

/**
 * The ignore rule that matches the root itself (`/abs/.gitignore:4:.cache/`), '' when git ignores
 * it without saying why, undefined when it is not ignored (or git cannot tell).
 */
async function gitIgnoreRule(root: string): Promise<string | undefined> {
  const output = await gitOutput(root, ['check-ignore', '-v', '.']);
  // Exit 1: not ignored. Anything else that fails: cannot tell, so not ignored.
  if (output === undefined) return undefined;
  const line = output.split('\n')[0] ?? '';
  const tab = line.indexOf('\t');
  if (tab === -1) return '';
  const rule = line.slice(0, tab);
  // git names an ignore file inside the repository relative to its top level.
  if (rule.startsWith('/')) return rule;
  const top = (await gitOutput(root, ['rev-parse', '--show-toplevel']))?.trim();
  return top ? `${top}/${rule}` : rule;
}

function gitOutput(root: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => execFile('git', args, { cwd: root, encoding: 'utf8' }, (error, stdout) => resolve(error ? undefined : stdout)));
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
