// Applies a cleanup plan to disk for `gitlab-flags cleanup --write`, and says exactly what was done.
//
// Every file goes through safeWrite.ts (never through a symbolic link, mode kept, fsync, no
// temporary file left). A file that must not be touched (a symbolic link, a file under one, a
// file changed since it was read) is skipped and becomes one manual-review item; its other
// manual items are dropped, as they point into a text that was not written. The first failure
// stops everything after it: the definition is deleted only after every edit was made, so an
// interrupted cleanup leaves the flag defined and the same command can be run again to finish.

import { checklist, commitMessage } from './changelog';
import type { CleanupOutput, ManualItem } from './index';
import { removeFile, replaceFile, unsafePath, SYMLINK_REASON } from './safeWrite';

export interface AppliedCleanup {
  /** The plan as applied: skipped files are in `manual` instead of `changes` or `deletes`. */
  output: CleanupOutput;
  /** Files rewritten and deleted, in order. */
  written: string[];
  deleted: string[];
  /** The write or deletion that failed; nothing after it was attempted. */
  failed?: { path: string; reason: string };
  /** Planned edits and deletions not made because of `failed` (the failed one first). */
  notWritten: { path: string; action: 'edit' | 'delete' }[];
}

export interface PlanContext {
  root: string;
  flag: string;
  keep: 'enabled' | 'disabled';
}

/**
 * The plan without the files that --write would skip (symbolic links, files under one, files
 * outside the root), each listed for manual review instead, with the checklist counted again.
 * Used for the preview too, so that it announces what --write will do.
 */
export function skipUnsafeTargets(output: CleanupOutput, context: PlanContext): CleanupOutput {
  const skipped = new Map<string, string>();
  for (const path of [...output.changes.map((change) => change.path), ...output.deletes]) {
    const unsafe = safely(() => unsafePath(path, context.root));
    if (!unsafe) continue;
    const isDelete = output.deletes.includes(path);
    if ('outside' in unsafe) skipped.set(path, 'is outside the root; not touched');
    else if (!unsafe.isTarget) skipped.set(path, `is under ${unsafe.link}, a symbolic link; not touched, ${isDelete ? 'delete' : 'edit'} it by hand`);
    // Deleting a link removes the link itself, which is what cleanup means to do.
    else if (!isDelete) skipped.set(path, SYMLINK_REASON);
  }
  if (skipped.size === 0) return output;
  return withSkipped(output, skipped, context);
}

/** Writes `output` (already through skipUnsafeTargets) under `root`; never throws for a file. */
export function applyCleanup(output: CleanupOutput, context: PlanContext): AppliedCleanup {
  const written: string[] = [];
  const deleted: string[] = [];
  const skipped = new Map<string, string>();
  const steps = [...output.changes.map((change) => ({ path: change.path, action: 'edit' as const, change })), ...output.deletes.map((path) => ({ path, action: 'delete' as const, change: undefined }))];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const result = step.change ? replaceFile(step.path, step.change.after, { root: context.root, expected: step.change.before }) : removeFile(step.path, { root: context.root });
    if (!result) {
      (step.action === 'edit' ? written : deleted).push(step.path);
    } else if ('skipped' in result) {
      skipped.set(step.path, result.skipped);
    } else {
      const applied = skipped.size > 0 ? withSkipped(output, skipped, context, false) : output;
      return { output: applied, written, deleted, failed: { path: step.path, reason: result.failed }, notWritten: steps.slice(i).map(({ path, action }) => ({ path, action })) };
    }
  }
  return { output: skipped.size > 0 ? withSkipped(output, skipped, context, false) : output, written, deleted, notWritten: [] };
}

/**
 * `output` with the `skipped` paths moved to the end of `manual`. `recount`: the commit message and checklist
 * are made again (they read the definition, so only before anything is deleted).
 */
function withSkipped(output: CleanupOutput, skipped: Map<string, string>, context: PlanContext, recount = true): CleanupOutput {
  const manual: ManualItem[] = output.manual.filter((item) => !skipped.has(item.path));
  for (const [path, reason] of skipped) manual.push({ path, line: 0, character: 0, reason });
  const result: CleanupOutput = {
    ...output,
    changes: output.changes.filter((change) => !skipped.has(change.path)),
    deletes: output.deletes.filter((path) => !skipped.has(path)),
    manual,
  };
  if (recount) {
    const summary = {
      flag: context.flag,
      keep: context.keep,
      definitionFiles: output.deletes.filter((path) => /\.ya?ml$/.test(path)),
      touchedPaths: [...result.changes.map((change) => change.path), ...result.deletes],
      manualCount: manual.length,
      refusedCount: output.refused.length,
    };
    result.commitMessage = commitMessage(summary);
    result.checklist = checklist(summary);
  }
  return result;
}

function safely<T>(check: () => T): T | undefined {
  try {
    return check();
  } catch {
    // An lstat that fails (EACCES on a directory): the write itself will fail and say why.
    return undefined;
  }
}
