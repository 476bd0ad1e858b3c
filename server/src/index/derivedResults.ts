// Results computed from a whole index (such as `scan`'s counts), remembered in a file beside
// the cache. Each is tied to the persisted state it was computed from (the cache and journal
// checksums, see CacheState.persisted) and to the build that computed it, so a remembered result
// is used as it is only when both the files and the code are the same as when it was computed;
// a caller may update one from the state a warm start loaded (see Workspace.remembered).
// Like the cache, the file is never trusted: anything unexpected means "compute it again".

import { lstatSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_VERSION } from './indexCache';

const FORMAT = 'gitlab-flags-derived';

interface DerivedFile {
  format: string;
  state: string;
  build: string;
  value: unknown;
}

let buildIdentity: string | undefined;

/** The running code: the cache version and this bundle's size and mtime (a rebuild forgets). */
function currentBuild(): string {
  if (buildIdentity === undefined) {
    const stat = lstatSync(__filename, { throwIfNoEntry: false });
    buildIdentity = `${CACHE_VERSION}:${stat?.size ?? 0}:${stat?.mtimeMs ?? 0}`;
  }
  return buildIdentity;
}

function fileOf(directory: string, name: string): string {
  return join(directory, `derived-${name}.json`);
}

/** The remembered result and the state it was computed for, if this build computed it. */
export function readDerived<T>(directory: string, name: string, isValue: (value: unknown) => value is T): { state: string; value: T } | undefined {
  try {
    const stored = JSON.parse(readFileSync(fileOf(directory, name), 'utf8')) as Partial<DerivedFile>;
    if (stored.format !== FORMAT || typeof stored.state !== 'string' || stored.build !== currentBuild()) return undefined;
    return isValue(stored.value) ? { state: stored.state, value: stored.value } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes atomically; a failure only means computing it again next time. */
export function writeDerived(directory: string, name: string, state: string, value: unknown): void {
  const target = fileOf(directory, name);
  const temporary = `${target}.${process.pid}.tmp`;
  const stored: DerivedFile = { format: FORMAT, state, build: currentBuild(), value };
  try {
    writeFileSync(temporary, JSON.stringify(stored));
    renameSync(temporary, target);
  } catch {
    // NOTE: an unwritable cache directory costs only time.
  }
}
