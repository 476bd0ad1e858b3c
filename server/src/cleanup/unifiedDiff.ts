// `git apply`-compatible text for `gitlab-flags cleanup` without --write.

import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { structuredPatch } from 'diff';

export interface DiffInput {
  changes: { path: string; before: string; after: string }[];
  deletes: string[];
}

function displayPath(path: string, root: string): string {
  return relative(root, isAbsolute(path) ? path : resolve(root, path)).split('\\').join('/');
}

function hunks(before: string, after: string): string {
  const patch = structuredPatch('', '', before, after, '', '', { context: 3 });
  return patch.hunks
    .map((hunk) => {
      // NOTE: git numbers an empty side by the line before it (`+0,0` for a deleted file).
      const oldStart = hunk.oldLines === 0 && hunk.oldStart > 0 ? hunk.oldStart - 1 : hunk.oldStart;
      const newStart = hunk.newLines === 0 && hunk.newStart > 0 ? hunk.newStart - 1 : hunk.newStart;
      const header = `@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`;
      return [header, ...hunk.lines].join('\n') + '\n';
    })
    .join('');
}

export function unifiedDiff(output: DiffInput, root: string): string {
  let out = '';
  for (const change of output.changes) {
    const path = displayPath(change.path, root);
    out += `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n${hunks(change.before, change.after)}`;
  }
  for (const deleted of output.deletes) {
    const path = displayPath(deleted, root);
    const absolute = isAbsolute(deleted) ? deleted : resolve(root, deleted);
    const text = existsSync(absolute) ? readFileSync(absolute, 'utf8') : '';
    out += `diff --git a/${path} b/${path}\ndeleted file mode 100644\n`;
    if (text !== '') out += `--- a/${path}\n+++ /dev/null\n${hunks(text, '')}`;
  }
  return out;
}
