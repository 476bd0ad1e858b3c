// Replaces and deletes files in a checkout without ever writing outside it, and without leaving a
// half-written file or a temporary file behind.
//
// NOTE: why. Cleanup used to write `<file>.gitlab-flags.tmp` with writeFileSync, then rename it.
// A symbolic link planted (or left) at that fixed name was followed, so a file outside the
// repository was overwritten, and the link itself was then renamed over the source file. The new
// file also got the default mode (an executable script lost its 0755), and nothing was flushed to
// disk before the rename, so a crash could leave an empty file where the source was.
//
// What a replacement does instead:
// - refuses a target that is a symbolic link, or that sits under a symbolic link between the root
//   and the file (the caller lists it for manual review), and a target that changed since it was
//   read (the rewrite was planned from the old text);
// - creates a temporary file with a fresh random name in the same directory with O_CREAT|O_EXCL
//   (`wx`), which fails on any existing name, a symbolic link included, instead of following it;
// - gives it the original's permission bits (and owner, when allowed), writes, fsyncs, renames it
//   over the target, then fsyncs the directory (best effort: not every file system allows it);
// - on any failure removes its temporary file and answers one line naming the cause.
// Deletions unlink the path itself (a symbolic link is removed, never followed) and refuse a path
// under a symbolic link directory.

import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';

/** Undefined when the file was replaced or removed; otherwise why not. */
export type SafeWriteResult = undefined | { skipped: string } | { failed: string };

export const SYMLINK_REASON = 'is a symbolic link; not rewritten, edit it by hand';

/** New files get what `git checkout` gives a normal file. */
const NEW_FILE_MODE = 0o644;

/**
 * Why `path` must not be touched: it is outside `root`, or it is a symbolic link, or a directory
 * between `root` and it is one (`link`, relative to root, with / separators). `root` itself may be
 * a link (as /tmp is on some systems).
 */
export function unsafePath(path: string, root: string): { outside: true } | { link: string; isTarget: boolean } | undefined {
  const inside = relative(root, path);
  if (inside === '' || isAbsolute(inside) || inside === '..' || inside.startsWith(`..${sep}`)) return { outside: true };
  const parts = inside.split(sep);
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    current = join(current, parts[i]);
    const stat = lstatSync(current, { throwIfNoEntry: false });
    if (!stat) return undefined;
    if (stat.isSymbolicLink()) return { link: parts.slice(0, i + 1).join('/'), isTarget: i === parts.length - 1 };
  }
  return undefined;
}

function unsafeReason(path: string, root: string, verb: 'edit' | 'delete'): string | undefined {
  const unsafe = unsafePath(path, root);
  if (!unsafe) return undefined;
  if ('outside' in unsafe) return 'is outside the root; not touched';
  if (unsafe.isTarget) return verb === 'edit' ? SYMLINK_REASON : undefined;
  return `is under ${unsafe.link}, a symbolic link; not touched, ${verb} it by hand`;
}

/**
 * Replaces the file at `path` with `text`. With `expected`, the file must still hold exactly that
 * text (what the rewrite was planned from); a changed file is skipped, not overwritten.
 */
export function replaceFile(path: string, text: string, options: { root: string; expected?: string }): SafeWriteResult {
  let unsafe: string | undefined;
  try {
    unsafe = unsafeReason(path, options.root, 'edit');
  } catch (error) {
    return { failed: describe(error) };
  }
  if (unsafe) return { skipped: unsafe };

  let mode = NEW_FILE_MODE;
  let owner: { uid: number; gid: number } | undefined;
  let fd: number | undefined;
  try {
    // O_NOFOLLOW: a link swapped in since the check above fails with ELOOP instead of being read.
    // O_NONBLOCK: a FIFO swapped in does not block the open (it is then refused as not a file).
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { failed: stat.isDirectory() ? 'a directory is in the way' : 'is not a regular file' };
    if (options.expected !== undefined && readFileSync(fd, 'utf8') !== options.expected) {
      return { skipped: 'changed on disk since cleanup read it; not rewritten, run cleanup again' };
    }
    mode = stat.mode & 0o7777;
    owner = { uid: stat.uid, gid: stat.gid };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { skipped: SYMLINK_REASON };
    if (code === 'ENOENT' && options.expected !== undefined) return { skipped: 'no longer exists; not rewritten' };
    if (code !== 'ENOENT') return { failed: describe(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }

  const directory = dirname(path);
  let temporary: string | undefined;
  let temporaryFd: number | undefined;
  try {
    ({ path: temporary, fd: temporaryFd } = createTemporary(directory, basename(path)));
    writeFileSync(temporaryFd, text);
    // NOTE: the mode given to open() is cut by the umask; fchmod sets it exactly.
    fchmodSync(temporaryFd, mode);
    if (owner && (owner.uid !== process.getuid?.() || owner.gid !== process.getgid?.())) {
      try {
        fchownSync(temporaryFd, owner.uid, owner.gid);
      } catch {
        // Only root may give a file away; anyone else keeps the file as their own, as an editor would.
      }
    }
    fsyncSync(temporaryFd);
    closeSync(temporaryFd);
    temporaryFd = undefined;
    renameSync(temporary, path);
    temporary = undefined;
  } catch (error) {
    return { failed: describe(error) };
  } finally {
    if (temporaryFd !== undefined) closeQuietly(temporaryFd);
    if (temporary !== undefined) unlinkQuietly(temporary);
  }
  syncDirectory(directory);
  return undefined;
}

/** Deletes `path` itself: a symbolic link is unlinked, never followed. A missing file is fine. */
export function removeFile(path: string, options: { root: string }): SafeWriteResult {
  try {
    // A link at the path itself is removed like a file: unlink never follows it.
    const unsafe = unsafeReason(path, options.root, 'delete');
    if (unsafe) return { skipped: unsafe };
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (!stat) return undefined;
    if (stat.isDirectory()) return { failed: 'a directory is in the way' };
    unlinkSync(path);
  } catch (error) {
    return { failed: describe(error) };
  }
  syncDirectory(dirname(path));
  return undefined;
}

function createTemporary(directory: string, name: string): { path: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const path = join(directory, `.${name}.gitlab-flags-${randomBytes(6).toString('hex')}.tmp`);
    try {
      // `wx` is O_CREAT|O_EXCL: an existing name, even a dangling symbolic link, is never opened.
      return { path, fd: openSync(path, 'wx', 0o600) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 4) throw error;
    }
  }
}

function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: some file systems refuse to open or fsync a directory.
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing; the first error is the one reported.
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already failing; the first error is the one reported.
  }
}

const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EISDIR: 'a directory is in the way',
  ENOTDIR: 'a path component is not a directory',
  ENOENT: 'its directory no longer exists',
  EIO: 'input/output error',
  EBUSY: 'the file is busy',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
};

/** One line, never a stack trace, never the temporary file's name. */
function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && CAUSES[code]) return `${CAUSES[code]} (${code})`;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  // Node's messages end with the syscall and paths (", rename 'a' -> 'b'"): the temporary name is noise.
  return code ? message.replace(/, \w+ '.*$/, '') : message;
}
