// Builds the index for a CLI command from its options.

import type { CliIo } from '../cliIo';
import { Workspace } from '../index/workspace';
import { resolveRoot, warnIfEmpty } from './options';
import { resolve } from 'node:path';

/** `deferCachedIndex`: for a command that may need no index at all (see BuildOptions). */
export async function loadRoot(io: CliIo, values: { root?: string; 'no-cache'?: boolean; 'cache-dir'?: string }, deferCachedIndex = false): Promise<Workspace> {
  const root = resolveRoot(io, values.root);
  const workspace = new Workspace(root, {
    useCache: !values['no-cache'],
    deferCachedIndex,
    ...(values['cache-dir'] ? { cacheBase: resolve(io.cwd, values['cache-dir']) } : {}),
  });
  await workspace.load();
  warnIfEmpty(io, root, workspace.stats);
  return workspace;
}
