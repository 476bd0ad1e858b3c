// The counts `scan` prints for a whole tree: definitions, flags, references and problems. They
// are remembered beside the cache (Workspace.remembered) with each file's share, so that after a
// warm start that re-read a few files, only those files are counted again, plus the files that
// mention a flag about which one of them now says something else.

import type { IndexChanges } from '../index/buildIndex';
import type { FlagIndex } from '../index/flagIndex';
import { absolutePath } from '../index/paths';
import { newestMilestone, problemsForFile } from './problems';

export interface TreeCounts {
  definitions: number;
  flags: number;
  references: number;
  problems: number;
  /**
   * Per file with findings: the relative paths joined by '\0', and three counts per path
   * (definitions, references, problems). NOTE: two flat values, because a warm start reads this
   * back and 9,000 small arrays take several times longer to parse.
   */
  files: { paths: string; counts: number[] };
  /**
   * What a file's problems depend on besides the flags it mentions: the milestone staleness is
   * measured against, and the prefixes of dynamic names (which make a flag "maybe used").
   */
  milestone: string | null;
  prefixes: string[];
}

type FileCounts = [definitions: number, references: number, problems: number];

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
  if (dependsOn.milestone !== previous.milestone || dependsOn.prefixes.join('\0') !== previous.prefixes.join('\0')) return undefined;
  const files = new Map<string, FileCounts>();
  const { counts } = previous.files;
  previous.files.paths.split('\0').forEach((path, i) => {
    if (path) files.set(path, [counts[3 * i], counts[3 * i + 1], counts[3 * i + 2]]);
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
  return (
    ['definitions', 'flags', 'references', 'problems'].every((field) => isCount(counts[field])) &&
    (counts.milestone === null || typeof counts.milestone === 'string') &&
    Array.isArray(counts.prefixes) &&
    counts.prefixes.every((prefix) => typeof prefix === 'string') &&
    isFileCounts(counts.files, isCount)
  );
}

function isFileCounts(value: unknown, isCount: (n: unknown) => boolean): value is TreeCounts['files'] {
  if (typeof value !== 'object' || value === null) return false;
  const { paths, counts } = value as Record<string, unknown>;
  if (typeof paths !== 'string' || !Array.isArray(counts) || !counts.every(isCount)) return false;
  return counts.length === (paths === '' ? 0 : 3 * paths.split('\0').length);
}

function globalsOf(index: FlagIndex): { milestone: string | null; prefixes: string[] } {
  return { milestone: newestMilestone(index.allDefinitions()) ?? null, prefixes: [...index.dynamicPrefixes()].sort() };
}

function countFile(index: FlagIndex, path: string, milestone: string | null): FileCounts {
  const file = index.file(path)!;
  let references = 0;
  for (const reference of file.references) if (reference.kind !== 'definition') references++;
  return [file.definition ? 1 : 0, references, problemsForFile({ index, currentMilestone: milestone ?? undefined }, path).length];
}

function totals(index: FlagIndex, files: Map<string, FileCounts>, dependsOn: { milestone: string | null; prefixes: string[] }): TreeCounts {
  let definitions = 0;
  let references = 0;
  let problems = 0;
  const counts: number[] = [];
  for (const fileCounts of files.values()) {
    definitions += fileCounts[0];
    references += fileCounts[1];
    problems += fileCounts[2];
    counts.push(...fileCounts);
  }
  return { definitions, flags: [...index.keys()].length, references, problems, files: { paths: [...files.keys()].join('\0'), counts }, ...dependsOn };
}
