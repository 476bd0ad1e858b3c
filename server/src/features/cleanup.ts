// Connects the cleanup rewrites to the index: gathers every file that references the flag,
// runs the rewrites, and turns the result into one change-annotated WorkspaceEdit, so that
// VS Code shows the refactor preview before anything is applied.

import { join } from 'node:path';
import { diffLines } from 'diff';
import type { AnnotatedTextEdit, DeleteFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { CleanupOutput } from '../cleanup';
import { checklist } from '../cleanup/changelog';
import { liveStateWarnings, type LiveStates } from '../cleanup/liveState';
import type { Workspace } from '../index/workspace';
import type { CleanupResult } from '../../../shared/protocol';
import { pathToUri } from './uris';
import { flagKey } from '../flags/naming';
import { scanFile } from '../index/scanFile';
import { wasmDirectoryOverride } from '../environmentVariables';

const ANNOTATION = 'gitlab-flags-cleanup';

/** Where the tree-sitter runtime and grammars are: next to the bundle, or in node_modules in tests. */
export function wasmDirectory(): string {
  return wasmDirectoryOverride() ?? join(__dirname, 'wasm');
}

export async function runCleanup(workspace: Workspace, flag: string, keep: 'enabled' | 'disabled', readText: (path: string) => string): Promise<CleanupOutput> {
  const { index } = workspace;
  const definitionFiles = index.definitions(flag).map((definition) => definition.file);
  const referencing = new Set(index.references(flag).map((found) => found.file));
  for (const file of definitionFiles) referencing.delete(file);
  const files = [...referencing].sort().map((path) => ({ path, text: readText(path) }));
  // NOTE: loaded on first use; the bundle keeps tree-sitter and the Vue compiler in dist/cleanup.js.
  const { planCleanup } = await import('../cleanup');
  const output = await planCleanup({ flag: index.displayName(flag), keep, files, definitionFiles, wasmDir: wasmDirectory() });
  // Whatever the rewrites left behind (a constant used at a call, an unusual shape) is found by the
  // same scanner as the index, so no reference is ever skipped silently.
  const key = flagKey(flag);
  const planned = output.manual.length;
  const covered = new Set(output.manual.map((item) => `${item.path}:${item.line}`));
  const refused = new Set(output.refused.map((item) => item.path));
  for (const file of files) {
    if (refused.has(file.path)) continue;
    const after = output.changes.find((change) => change.path === file.path)?.after ?? file.text;
    for (const reference of scanFile(file.path, workspace.relativePath(file.path), after).references) {
      const line = reference.range.start.line;
      if (flagKey(reference.name) !== key || covered.has(`${file.path}:${line}`)) continue;
      covered.add(`${file.path}:${line}`);
      output.manual.push({ path: file.path, line, character: reference.range.start.character, reason: `this ${reference.kind} reference could not be rewritten; remove it by hand` });
    }
  }
  // Dynamic names that could mean this flag cannot be rewritten: list them for review.
  for (const dynamic of index.dynamicReferences()) {
    const name = index.displayName(flag);
    if (dynamic.item.prefix.length > 0 && name.startsWith(dynamic.item.prefix)) {
      output.manual.push({ path: dynamic.file, line: dynamic.item.range.start.line, character: dynamic.item.range.start.character, reason: `dynamic flag name ${dynamic.item.expression} may mean '${name}'` });
    }
  }
  if (output.manual.length !== planned) {
    // The checklist counts the places to review: the ones found here too.
    const touchedPaths = [...output.changes.map((change) => change.path), ...output.deletes];
    output.checklist = checklist({ flag: index.displayName(flag), keep, definitionFiles, touchedPaths, manualCount: output.manual.length, refusedCount: output.refused.length });
  }
  return output;
}

export function cleanupToWorkspaceEdit(output: CleanupOutput, flag: string): WorkspaceEdit {
  const documentChanges: (TextDocumentEdit | DeleteFile)[] = [];
  for (const change of output.changes) {
    documentChanges.push({ textDocument: { uri: pathToUri(change.path), version: null }, edits: lineEdits(change.before, change.after) });
  }
  for (const path of output.deletes) documentChanges.push({ kind: 'delete', uri: pathToUri(path), options: { ignoreIfNotExists: true }, annotationId: ANNOTATION });
  return {
    documentChanges,
    changeAnnotations: {
      [ANNOTATION]: { label: `Remove feature flag '${flag}'`, needsConfirmation: true, description: `${output.changes.length} files edited, ${output.deletes.length} deleted` },
    },
  };
}

/** One edit per changed run of lines, so the preview shows small hunks instead of whole files. */
function lineEdits(before: string, after: string): AnnotatedTextEdit[] {
  const edits: AnnotatedTextEdit[] = [];
  let line = 0;
  let pending: { start: number; end: number; text: string } | undefined;
  const flush = (): void => {
    if (!pending) return;
    edits.push({ range: { start: { line: pending.start, character: 0 }, end: { line: pending.end, character: 0 } }, newText: pending.text, annotationId: ANNOTATION });
    pending = undefined;
  };
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0;
    if (!part.added && !part.removed) {
      flush();
      line += count;
    } else if (part.removed) {
      if (!pending) pending = { start: line, end: line, text: '' };
      pending.end += count;
      line += count;
    } else {
      if (!pending) pending = { start: line, end: line, text: '' };
      pending.text += part.value;
    }
  }
  flush();
  return edits;
}

export function toCleanupResult(output: CleanupOutput, flag: string, warnings: string[] = []): CleanupResult {
  return {
    edit: cleanupToWorkspaceEdit(output, flag),
    editedFiles: output.changes.map((change) => pathToUri(change.path)),
    deletedFiles: output.deletes.map(pathToUri),
    manual: output.manual.map((item) => ({ uri: pathToUri(item.path), range: { start: { line: item.line, character: item.character }, end: { line: item.line, character: item.character } }, reason: item.reason })),
    refused: output.refused.map((item) => ({ uri: pathToUri(item.path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, reason: item.reason })),
    commitMessage: output.commitMessage,
    checklist: output.checklist,
    warnings,
  };
}

/** How long the editor's cleanup waits for production's state before calling it unknown. */
const LIVE_STATE_WAIT_MS = 3000;

/**
 * The cleanup as the editor asks for it. With `live` (the server's GitLabService), production's
 * state is read while the rewrites run, and a kept behaviour that contradicts it is a warning.
 */
export async function cleanupFlag(
  workspace: Workspace,
  flag: string,
  keep: 'enabled' | 'disabled',
  readText: (path: string) => string = (path) => workspace.readText(path),
  live?: LiveStates,
): Promise<CleanupResult> {
  const name = workspace.index.displayName(flag);
  const warnings = liveStateWarnings(live, name, keep, workspace.index.definitions(flag)[0]?.defaultEnabled, LIVE_STATE_WAIT_MS);
  const output = await runCleanup(workspace, flag, keep, readText);
  return toCleanupResult(output, name, await warnings);
}
