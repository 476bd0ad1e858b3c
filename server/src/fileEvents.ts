// Files changing under the index: open buffers as they are edited and closed, and the watcher's
// events from disk, applied in batches; then the diagnostics and counts they affect.

import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Session } from './handlers/session';
import type { Diagnostics } from './diagnostics';
import type { IndexStatus } from './status';
import type { Workspace } from './index/workspace';
import { eventDebounceMs } from './environmentVariables';

export class FileEvents {
  /** Watcher events not applied yet, by URI: the last one for a file wins. */
  private pending = new Map<string, FileChangeType>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly session: Session,
    private readonly diagnostics: Diagnostics,
    private readonly status: IndexStatus,
  ) {}

  async documentChanged(document: TextDocument): Promise<void> {
    await this.session.ready;
    const found = this.session.locate(document.uri);
    if (!found) return;
    this.afterChange(found.workspace, found.workspace.updateOpenDocument(found.path, document.getText()), [found.path]);
  }

  async documentClosed(document: TextDocument): Promise<void> {
    await this.session.ready;
    const found = this.session.locate(document.uri);
    if (!found) return;
    this.afterChange(found.workspace, found.workspace.closeOpenDocument(found.path), [found.path]);
  }

  // NOTE: a `git checkout` delivers thousands of events at once; they are applied in one batch.
  watched(changes: readonly FileEvent[]): void {
    for (const change of changes) this.pending.set(change.uri, change.type);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.applyPending(), eventDebounceMs());
  }

  private async applyPending(): Promise<void> {
    await this.session.ready;
    const events = this.pending;
    this.pending = new Map();
    const touched = new Map<Workspace, { keys: Set<string>; files: string[] }>();
    for (const [uri, type] of events) {
      const found = this.session.locate(uri);
      if (!found) continue;
      const { path, workspace } = found;
      const keys = type === FileChangeType.Deleted ? workspace.removed(path) : workspace.refreshFromDisk(path);
      let entry = touched.get(workspace);
      if (!entry) touched.set(workspace, (entry = { keys: new Set(), files: [] }));
      for (const key of keys) entry.keys.add(key);
      entry.files.push(path);
    }
    for (const [workspace, { keys, files }] of touched) this.afterChange(workspace, keys, files);
    if (touched.size > 0) this.status.report('ready');
  }

  private afterChange(workspace: Workspace, keys: Set<string>, changed: string[]): void {
    const problemsBefore = this.diagnostics.problemTotal;
    this.diagnostics.publishAffected(workspace, keys, changed);
    // Counts in the status bar follow edits, but not on every keystroke.
    if (keys.size === 0 && this.diagnostics.problemTotal === problemsBefore) return;
    this.status.schedule();
  }
}
