// Building the index of every root at start, with progress, and what to say about a root
// that had nothing to index.

import type { Connection } from 'vscode-languageserver/node';
import type { Context } from './session';
import { describeDiscovery, type DiscoveryWhy } from '../index/discover';

export async function indexAll({ connection, session, diagnostics, status }: Context): Promise<void> {
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('Indexing feature flags', 0, undefined, false);
  status.report('indexing');
  const started = performance.now();
  try {
    for (const workspace of session.workspaces.all) {
      const stats = await workspace.load();
      workspace.releaseCacheBytesSoon();
      connection.console.log(`Indexed ${workspace.root}: ${stats.files} files (${stats.scanned} scanned, ${stats.fromCache} from cache) in ${stats.elapsedMs} ms; ${describeDiscovery(stats.discovery, stats.discoveryWhy)}`);
      if (stats.files === 0) warnEmptyRoot(connection, workspace.root, stats);
      for (const skipped of stats.skippedFiles) connection.console.log(`Skipped ${skipped.path}: ${skipped.reason}${skipped.detail ? ` (${skipped.detail})` : ''}`);
      progress.report(`${workspace.root}: ${stats.files} files`);
    }
  } catch (error) {
    status.report('error', `Indexing failed: ${(error as Error).message}`);
    progress.done();
    session.markReady();
    return;
  }
  progress.done();
  session.markReady();
  for (const workspace of session.workspaces.all) diagnostics.publishAll(workspace);
  status.report('ready', undefined, Math.round(performance.now() - started));
}

/** A root with nothing to index shows "No flags found" with no hint why; say what discovery saw. */
export function warnEmptyRoot(connection: Connection, root: string, stats: { discovery: 'git' | 'glob'; discoveryWhy?: DiscoveryWhy }): void {
  void connection.window.showWarningMessage(`GitLab Flags: no files to index in ${root}; ${describeDiscovery(stats.discovery, stats.discoveryWhy)}.`);
}
