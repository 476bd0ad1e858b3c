// The files the server indexes, as the client's document selector and file watchers see them.
// Derived from shared/fileTypes.ts, the one list the server's discovery and watcher use too,
// so the editor never serves or watches a file type the index ignores, or the reverse.

import { DEFINITION_GLOB, ROLLOUT_PLAN_GLOBS, SOURCE_GLOB } from '../../shared/fileTypes';

export { DEFINITION_GLOB, SOURCE_GLOB };

export const INDEXED_GLOBS = [SOURCE_GLOB, DEFINITION_GLOB, ...ROLLOUT_PLAN_GLOBS] as const;
