// Decides, without running git, whether a root's file listing can have changed since the cache
// was saved. A file is created, deleted or renamed only by changing its directory's entries,
// which moves that directory's mtime; and what git lists beyond that depends only on its ignore
// files, its config and its index. So a warm start that finds every one of those unchanged can
// reuse the saved listing, and skip the ~350 ms `git ls-files` costs on a GitLab checkout.
//
// The stamp is conservative: anything it cannot vouch for (a directory touched during the
// listing, a file system without subdirectory counts) makes it fail, and the caller lists again.

import { execFile } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { isIgnoredPath } from './discover';
import { configHome } from '../environmentVariables';

export interface ListingStamp {
  /** Directories relative to the root ('' is the root), with their mtimes (UNTRUSTED: always re-list). */
  directories: string[];
  directoryMtimes: number[];
  /** Absolute paths of the files git's listing depends on, with size and mtime (MISSING, UNTRUSTED). */
  watchedFiles: string[];
  watchedSizes: number[];
  watchedMtimes: number[];
}

// NOTE: a directory changed less than this long before the listing started may have changed
// while git read it; its mtime is not trusted (git calls such entries "racily clean").
const RACY_MARGIN_MS = 2000;

// Past this many directories outside the listing, stamping costs more than listing again.
const MAX_UNKNOWN_DIRECTORIES = 2000;

// Stored in place of an mtime: a file that did not exist, and one whose mtime is not trusted.
const MISSING = -1;
const UNTRUSTED = -2;

function stampOf(stat: { size: number; mtimeMs: number } | undefined, racyAfter: number): [size: number, mtimeMs: number] {
  if (!stat) return [MISSING, MISSING];
  return [stat.size, stat.mtimeMs >= racyAfter ? UNTRUSTED : stat.mtimeMs];
}

/**
 * Stamps a listing. `listed` is every path the listing saw before filtering to indexable files
 * (so every directory that holds something is known); `listingStartedMs` is Date.now() when the
 * listing began. `watchGit`: git's state decides the listing, so its index, config and ignore
 * files are watched; true for a git listing, and for a root walked because git lists nothing
 * under it (once git tracks it, or stops ignoring it, it must be listed by git again).
 * Undefined when the listing cannot be stamped cheaply.
 */
export async function takeListingStamp(root: string, listed: readonly string[], method: 'git' | 'glob', listingStartedMs: number, watchGit = method === 'git'): Promise<ListingStamp | undefined> {
  const known = new Set<string>(['']);
  for (const path of listed) {
    for (let directory = posix.dirname(path); directory !== '.' && !known.has(directory); directory = posix.dirname(directory)) known.add(directory);
  }
  const racyAfter = listingStartedMs - RACY_MARGIN_MS;
  const directories: string[] = [];
  const directoryMtimes: number[] = [];
  const stampDirectory = (directory: string): { nlink: number } | undefined => {
    const stat = lstatSync(join(root, directory), { throwIfNoEntry: false });
    directories.push(directory);
    if (!stat?.isDirectory()) {
      directoryMtimes.push(UNTRUSTED);
      return undefined;
    }
    directoryMtimes.push(stampOf(stat, racyAfter)[1]);
    return stat;
  };
  const subdirectoryCount = new Map<string, number>();
  for (const directory of known) {
    if (directory === '') continue;
    const parent = posix.dirname(directory) === '.' ? '' : posix.dirname(directory);
    subdirectoryCount.set(parent, (subdirectoryCount.get(parent) ?? 0) + 1);
  }
  // A directory holding nothing listed (empty, or only ignored files) is not known from the
  // listing, yet a file created in it later would be listed. On ext4 and most Linux file systems
  // a directory's link count is 2 + its subdirectories, which tells us when a known directory has
  // unknown subdirectories; only then (or when the count is not kept: nlink 1) do we read it.
  let unknown: string[] = [];
  const collectUnknownChildren = (directory: string, stat: { nlink: number }) => {
    if (stat.nlink === 2 + (subdirectoryCount.get(directory) ?? 0)) return;
    for (const entry of safeReaddir(join(root, directory))) {
      if (!entry.isDirectory() || entry.name === '.git') continue;
      const child = directory === '' ? entry.name : `${directory}/${entry.name}`;
      if (!known.has(child) && !isIgnoredPath(`${child}/`)) unknown.push(child);
    }
  };
  for (const directory of known) {
    const stat = stampDirectory(directory);
    if (stat) collectUnknownChildren(directory, stat);
  }
  // Unknown directories that git ignores can be left out: what appears in them stays ignored
  // unless the ignore rules change, and those are watched below. The others are walked down.
  let unknownStamped = 0;
  while (unknown.length > 0) {
    const ignored = method === 'git' ? await gitIgnored(root, unknown) : new Set<string>();
    const level = unknown.filter((directory) => !ignored.has(directory));
    unknown = [];
    for (const directory of level) {
      if (++unknownStamped > MAX_UNKNOWN_DIRECTORIES) return undefined;
      known.add(directory);
      const stat = stampDirectory(directory);
      // Unknown directories have no known subdirectories, so any subdirectory is unknown too.
      if (stat && stat.nlink !== 2) collectUnknownChildren(directory, { nlink: -1 });
    }
  }
  const watchedFiles = watchGit ? await gitWatchedFiles(root) : [];
  for (const path of listed) if (path === '.gitignore' || path.endsWith('/.gitignore')) watchedFiles.push(join(root, path));
  const watchedSizes: number[] = [];
  const watchedMtimes: number[] = [];
  for (const file of watchedFiles) {
    const [size, mtimeMs] = stampOf(lstatSync(file, { throwIfNoEntry: false }), racyAfter);
    watchedSizes.push(size);
    watchedMtimes.push(mtimeMs);
  }
  return { directories, directoryMtimes, watchedFiles, watchedSizes, watchedMtimes };
}

/** True when nothing the listing depends on has changed since the stamp was taken. */
export function listingStampHolds(root: string, stamp: ListingStamp): boolean {
  for (let i = 0; i < stamp.directories.length; i++) {
    const stat = lstatSync(join(root, stamp.directories[i]), { throwIfNoEntry: false });
    if (!stat?.isDirectory() || stat.mtimeMs !== stamp.directoryMtimes[i]) return false;
  }
  for (let i = 0; i < stamp.watchedFiles.length; i++) {
    const stat = lstatSync(stamp.watchedFiles[i], { throwIfNoEntry: false });
    const [size, mtimeMs] = stat ? [stat.size, stat.mtimeMs] : [MISSING, MISSING];
    if (size !== stamp.watchedSizes[i] || mtimeMs !== stamp.watchedMtimes[i]) return false;
  }
  return true;
}

export function isListingStamp(value: unknown): value is ListingStamp {
  if (typeof value !== 'object' || value === null) return false;
  const stamp = value as Record<string, unknown>;
  const strings = (key: string) => Array.isArray(stamp[key]) && (stamp[key] as unknown[]).every((item) => typeof item === 'string');
  const numbers = (key: string, length: number) => Array.isArray(stamp[key]) && (stamp[key] as unknown[]).length === length && (stamp[key] as unknown[]).every((item) => typeof item === 'number');
  if (!strings('directories') || !strings('watchedFiles')) return false;
  const directories = (stamp.directories as string[]).length;
  const watched = (stamp.watchedFiles as string[]).length;
  return numbers('directoryMtimes', directories) && numbers('watchedSizes', watched) && numbers('watchedMtimes', watched);
}

/** The directories (relative, no trailing slash) that git's ignore rules exclude. */
function gitIgnored(root: string, directories: string[]): Promise<Set<string>> {
  return new Promise((resolve) => {
    const child = execFile('git', ['check-ignore', '--stdin', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      // Exit 1 means nothing is ignored; any other failure counts as nothing ignored (safe).
      const paths = (error && (error as { code?: unknown }).code !== 1) || !stdout ? [] : stdout.split('\0');
      resolve(new Set(paths.filter((path) => path.length > 0).map((path) => path.replace(/\/$/, ''))));
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(directories.map((directory) => `${directory}/`).join('\0'));
  });
}

function safeReaddir(path: string) {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * The files besides .gitignore that decide what `git ls-files --cached --others
 * --exclude-standard` prints: the index (tracked files), info/exclude, the repository and user
 * config, the global excludes file, and .gitignore files above the root inside the work tree.
 */
async function gitWatchedFiles(root: string): Promise<string[]> {
  const output = await new Promise<string | undefined>((resolve) =>
    execFile('git', ['rev-parse', '--absolute-git-dir', '--git-common-dir', '--show-toplevel'], { cwd: root, encoding: 'utf8' }, (error, stdout) => resolve(error ? undefined : stdout)),
  );
  const [gitDirectory, commonDirectory, topLevel] = (output ?? '').trim().split('\n');
  const files: string[] = [];
  if (gitDirectory) {
    const common = commonDirectory ? (commonDirectory.startsWith('/') ? commonDirectory : join(root, commonDirectory)) : gitDirectory;
    files.push(join(gitDirectory, 'index'), join(common, 'info', 'exclude'), join(common, 'config'));
  }
  const gitConfigHome = configHome();
  files.push(join(homedir(), '.gitconfig'), join(gitConfigHome, 'git', 'config'), join(gitConfigHome, 'git', 'ignore'));
  if (topLevel) {
    for (let directory = dirname(root); directory.length >= topLevel.length && directory !== dirname(directory); directory = dirname(directory)) {
      files.push(join(directory, '.gitignore'));
      if (directory === topLevel) break;
    }
  }
  return files;
}
