// The `.patch` that GitLab's housekeeper applies when its `delete_old_feature_flags` keep removes
// a flag (gitlab-org/gitlab keeps/delete_old_feature_flags.rb, gems/gitlab-housekeeper), read
// from its source:
// - it looks for the definition's path with `.yml` replaced by `.patch`, beside the YAML;
// - it deletes the YAML itself first, then runs `git apply` on the patch from the repository
//   root, then deletes the patch; so the patch must not touch the YAML (or itself);
// - it commits the YAML, the patch and every path named on a `diff --git a/… b/…` line, and
//   nothing else: every file needs that header;
// - it only considers development, gitlab_com_derisk and beta definitions, and its merge
//   request always says `Changelog: removed`, whichever behaviour the patch keeps.
// A patch that no longer applies makes the keep give up on the flag, so the patch is only as
// good as the tree it was made from: make it again when the files it touches change.

import type { CleanupOutput } from './index';
import { unifiedDiff } from './unifiedDiff';

export const HOUSEKEEPER_TYPES = ['development', 'gitlab_com_derisk', 'beta'];

export interface HousekeeperPatch {
  /** Beside the definition: `config/feature_flags/<type>/<name>.patch`. */
  path: string;
  text: string;
  /** The files the patch edits or deletes (paths as given, not relative). */
  files: string[];
}

export function housekeeperPatchPath(definition: string): string {
  return definition.replace(/\.ya?ml$/, '.patch');
}

/** The patch for `definition`'s removal; undefined when it would be empty (only the YAML mentions the flag). */
export function housekeeperPatch(output: CleanupOutput, root: string, definition: string, command: string): HousekeeperPatch | undefined {
  const path = housekeeperPatchPath(definition);
  const deletes = output.deletes.filter((deleted) => deleted !== definition && deleted !== path);
  const files = [...output.changes.map((change) => change.path), ...deletes];
  if (files.length === 0) return undefined;
  // NOTE: git apply skips the text before the first `diff --git`, so the first line can say what made it.
  const header = `Made by \`${command}\`; GitLab's housekeeper (keep delete_old_feature_flags) applies it with git apply.\n\n`;
  return { path, text: header + unifiedDiff({ changes: output.changes, deletes }, root), files };
}
