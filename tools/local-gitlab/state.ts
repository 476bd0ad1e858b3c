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
  /** Project paths the instance knows; GET /projects/:id/issues answers 404 for any other. */
  projects: string[];
  /** Issues of those projects, as GET /projects/:id/issues lists them (incidents for the production check). */
  issues: LocalIssue[];
}

/** GitLab.com's production incident tracker, so the production check has a project by default. */
export const DEFAULT_PROJECTS = ['gitlab-com/gl-infra/production'];

/** The fields of a GitLab issue that the production check reads. */
export interface LocalIssue {
  /** The project's full path, e.g. gitlab-com/gl-infra/production. */
  project: string;
  iid: number;
  title: string;
  state: 'opened' | 'closed';
  issue_type: 'issue' | 'incident';
  labels: string[];
  /** Notes added through POST /projects/:id/issues/:iid/notes, oldest first. */
  notes?: LocalNote[];
}

export interface LocalNote {
  id: number;
  body: string;
  author: { username: string };
  created_at: string;
}

export function emptyState(): LocalState {
  return { version: 1, features: {}, definitions: [], actors: structuredClone(DEFAULT_ACTORS), projects: [...DEFAULT_PROJECTS], issues: [] };
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
    projects: Array.isArray(state.projects) ? state.projects : [...DEFAULT_PROJECTS],
    issues: Array.isArray(state.issues) ? state.issues : [],
  };
}

export function writeStateFile(file: string, state: LocalState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n');
  renameSync(temporary, file);
}
