// workspace/didChangeWorkspaceFolders: roots added are indexed, roots removed have their
// diagnostics cleared, and the roots that stay keep their index.

import type { WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import type { Context } from './session';
import { uriToPath } from '../features/uris';
import { describeDiscovery } from '../index/discover';
import { warnEmptyRoot } from './indexing';

export async function workspaceFoldersChanged({ connection, session, diagnostics, status }: Context, params: { event: WorkspaceFoldersChangeEvent }): Promise<void> {
  await session.ready;
  const removed = new Set(params.event.removed.map((folder) => uriToPath(folder.uri)));
  const added = params.event.added.map((folder) => uriToPath(folder.uri)).filter((path): path is string => path !== undefined);
  const roots = [...session.workspaces.all.map((workspace) => workspace.root).filter((root) => !removed.has(root)), ...added];
  const toIndex = session.serve(roots);
  diagnostics.clearUnder([...removed].filter((root): root is string => !!root));
  for (const workspace of toIndex) {
    const stats = await workspace.load();
    workspace.releaseCacheBytesSoon();
    connection.console.log(`Indexed ${workspace.root}: ${stats.files} files in ${stats.elapsedMs} ms; ${describeDiscovery(stats.discovery, stats.discoveryWhy)}`);
    if (stats.files === 0) warnEmptyRoot(connection, workspace.root, stats);
    diagnostics.publishAll(workspace);
  }
  status.report('ready');
}
