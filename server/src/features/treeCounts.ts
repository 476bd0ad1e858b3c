// The counts `scan` prints for a whole tree: definitions, flags, references and problems (per
// kind, so that any severity map can be applied to them without counting again). They
// are remembered beside the cache (Workspace.remembered) with each file's share, so that after a
// warm start that re-read a few files, only those files are counted again, plus the files that
// mention a flag about which one of them now says something else.

import type { IndexChanges } from '../index/buildIndex';
import type { FlagIndex } from '../index/flagIndex';
import { absolutePath } from '../index/paths';
import { newestMilestone, problemsForFile } from './problems';
import type { ProblemKind } from '../flags/model';
import { TODO_FILES, todoSignature, type TodoCop } from './rubocopTodo';
import { PROBLEM_KINDS } from './severity';

export interface TreeCounts {
  definitions: number;
  flags: number;
  references: number;
  /** Problems per kind (every kind, zero included), before any severity map. */
  problemsByKind: Record<ProblemKind, number>;
  /**
   * Per file with findings: the relative paths joined by '\0', and per path its definitions,
   * its references and its problems of each kind in PROBLEM_KINDS order. NOTE: two flat
   * values, because a warm start reads this back and 9,000 small arrays take several times
   * longer to parse.
   */
  files: { paths: string; counts: number[] };
  /**
   * What a file's problems depend on besides the flags it mentions: the milestone staleness is
   * measured against, the day (intended_to_rollout_by dates pass), the prefixes of dynamic
   * names (which make a flag "maybe used"), and rubocop's todo lists for the cops the problems
   * reproduce (features/rubocopTodo.ts), by size and mtime.
   */
  milestone: string | null;
  day: string;
  prefixes: string[];
  rubocopTodo: string;
}

/** definitions, references, then one count per kind in PROBLEM_KINDS order. */
type FileCounts = number[];
const PER_FILE = 2 + PROBLEM_KINDS.length;

export function countTree(index: FlagIndex): TreeCounts {
  const dependsOn = globalsOf(index);
  const files = new Map<string, FileCounts>();
  for (const path of index.paths()) files.set(index.file(path)!.relativePath, countFile(index, path, dependsOn.milestone));
  return totals(index, files, dependsOn);
}

/**
 * The counts remembered before a warm start, brought up to date from its changes (see
 * IndexChanges). Undefined when something every file depends on changed, and all must be
 * counted again.
 */
export function updateTreeCounts(previous: TreeCounts, changes: IndexChanges, index: FlagIndex): TreeCounts | undefined {
  const dependsOn = globalsOf(index);
  if (dependsOn.milestone !== previous.milestone || dependsOn.day !== previous.day || dependsOn.prefixes.join('\0') !== previous.prefixes.join('\0') || dependsOn.rubocopTodo !== previous.rubocopTodo) return undefined;
  const files = new Map<string, FileCounts>();
  const { counts } = previous.files;
  previous.files.paths.split('\0').forEach((path, i) => {
    if (path) files.set(path, counts.slice(PER_FILE * i, PER_FILE * (i + 1)));
  });
  // Files that changed may have left the index (removed, or no findings any more).
  for (const relativePath of changes.files) files.delete(relativePath);
  const recount = new Set(changes.files.map((relativePath) => absolutePath(index.root, relativePath)));
  for (const key of changes.keys) for (const path of index.filesMentioning(key)) recount.add(path);
  for (const path of recount) {
    const file = index.file(path);
    if (file) files.set(file.relativePath, countFile(index, path, dependsOn.milestone));
  }
  return totals(index, files, dependsOn);
}

export function isTreeCounts(value: unknown): value is TreeCounts {
  if (typeof value !== 'object' || value === null) return false;
  const counts = value as Record<string, unknown>;
  const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  const byKind = counts.problemsByKind as Record<string, unknown> | undefined;
  return (
    ['definitions', 'flags', 'references'].every((field) => isCount(counts[field])) &&
    typeof byKind === 'object' &&
    byKind !== null &&
    PROBLEM_KINDS.every((kind) => isCount(byKind[kind])) &&
    (counts.milestone === null || typeof counts.milestone === 'string') &&
    typeof counts.day === 'string' &&
    Array.isArray(counts.prefixes) &&
    counts.prefixes.every((prefix) => typeof prefix === 'string') &&
    typeof counts.rubocopTodo === 'string' &&
    isFileCounts(counts.files, isCount)
  );
}

function isFileCounts(value: unknown, isCount: (n: unknown) => boolean): value is TreeCounts['files'] {
  if (typeof value !== 'object' || value === null) return false;
  const { paths, counts } = value as Record<string, unknown>;
  if (typeof paths !== 'string' || !Array.isArray(counts) || !counts.every(isCount)) return false;
  return counts.length === (paths === '' ? 0 : PER_FILE * paths.split('\0').length);
}

interface Globals {
  milestone: string | null;
  day: string;
  prefixes: string[];
  rubocopTodo: string;
}

function globalsOf(index: FlagIndex): Globals {
  const rubocopTodo = (Object.keys(TODO_FILES) as TodoCop[]).map((cop) => todoSignature(index.root, cop)).join('|');
  return { milestone: newestMilestone(index.allDefinitions()) ?? null, day: new Date().toISOString().slice(0, 10), prefixes: [...index.dynamicPrefixes()].sort(), rubocopTodo };
}

const KIND_POSITION = new Map<ProblemKind, number>(PROBLEM_KINDS.map((kind, i) => [kind, 2 + i]));

function countFile(index: FlagIndex, path: string, milestone: string | null): FileCounts {
  const file = index.file(path)!;
  let references = 0;
  for (const reference of file.references) if (reference.kind !== 'definition') references++;
  const counts: FileCounts = new Array(PER_FILE).fill(0);
  counts[0] = file.definition ? 1 : 0;
  counts[1] = references;
  // NOTE: the default severities turn no kind off, so every problem is counted under its kind.
  for (const problem of problemsForFile({ index, currentMilestone: milestone ?? undefined }, path)) counts[KIND_POSITION.get(problem.kind)!]++;
  return counts;
}

function totals(index: FlagIndex, files: Map<string, FileCounts>, dependsOn: Globals): TreeCounts {
  let definitions = 0;
  let references = 0;
  const byKind = new Array<number>(PROBLEM_KINDS.length).fill(0);
  const counts: number[] = [];
  for (const fileCounts of files.values()) {
    definitions += fileCounts[0];
    references += fileCounts[1];
    for (let i = 0; i < byKind.length; i++) byKind[i] += fileCounts[2 + i];
    for (const count of fileCounts) counts.push(count);
  }
  const problemsByKind = Object.fromEntries(PROBLEM_KINDS.map((kind, i) => [kind, byKind[i]])) as Record<ProblemKind, number>;
  return { definitions, flags: [...index.keys()].length, references, problemsByKind, files: { paths: [...files.keys()].join('\0'), counts }, ...dependsOn };
}
