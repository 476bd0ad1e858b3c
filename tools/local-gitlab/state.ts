// The local instance's state: flags, definitions and known actors, kept in one JSON file that is
// replaced atomically (temp file, then rename) after every change, so a crash or Ctrl-C never
// leaves half a file and a restart loses nothing.

import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_ACTORS, type ActorDirectory, type StoredFeature } from './flipper';

export interface LocalState {
  version: 1;
  features: Record<string, StoredFeature>;
  /** What GET /features/definitions returns; also each feature's `definition`. */
  definitions: Record<string, unknown>[];
  actors: ActorDirectory;
}

export function emptyState(): LocalState {
  return { version: 1, features: {}, definitions: [], actors: structuredClone(DEFAULT_ACTORS) };
}

/** Reads the state file; undefined when it does not exist. Throws a one-line message when it is unusable. */
export function readStateFile(file: string): LocalState | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`state file ${file} is not valid JSON (${(error as Error).message}); fix it or move it away to start empty.`);
  }
  const state = json as Partial<LocalState>;
  if (typeof state !== 'object' || state === null || state.version !== 1 || typeof state.features !== 'object' || state.features === null) {
    throw new Error(`state file ${file} is not a local-gitlab state file (expected {"version": 1, "features": {...}}).`);
  }
  return {
    version: 1,
    features: state.features,
    definitions: Array.isArray(state.definitions) ? state.definitions : [],
    actors: state.actors ?? structuredClone(DEFAULT_ACTORS),
  };
}

export function writeStateFile(file: string, state: LocalState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n');
  renameSync(temporary, file);
}
