// What one indexed file says, seen from outside the index: whether it says anything at all
// (hasFindings), and per flag key what it says about that flag, positions aside (its
// signatures). Two signatures that are equal mean no other file's problems can have changed;
// FlagIndex.setFile and the warm start's change report (IndexChanges.keys) both rely on it.

import { flagKey } from '../flags/naming';
import type { ScannedFile } from './scanFile';

export interface IndexedFile extends ScannedFile {
  /** Path relative to the root, with forward slashes. */
  relativePath: string;
  spec: boolean;
}

/** References, dynamic names, a definition, or a rollout plan's percentage-of-time lines. */
export function hasFindings(scan: ScannedFile): boolean {
  return scan.references.length > 0 || scan.dynamic.length > 0 || scan.definition !== undefined || (scan.timeRollouts?.length ?? 0) > 0;
}

/** Per flag key, what a file's references say about it, ignoring positions. */
export function referenceSignatures(file: IndexedFile | undefined): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const reference of file?.references ?? []) {
    const key = flagKey(reference.name);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(`${reference.kind}:${reference.typeArg ?? ''}:${reference.name}`);
  }
  return new Map([...out].map(([key, list]) => [key, list.sort().join(',')]));
}

/** Per flag key, what a file says about it: its references' signatures, plus its definition whole. */
export function keySignatures(file: IndexedFile | undefined): Map<string, string> {
  const out = referenceSignatures(file);
  const definition = file?.definition;
  if (definition?.name) {
    const key = flagKey(definition.name);
    out.set(key, `${out.get(key) ?? ''}|${JSON.stringify(definition)}`);
  }
  return out;
}

/** Adds to `into` every key whose signature differs between `before` and `after`. */
export function addChangedKeys(before: Map<string, string>, after: Map<string, string>, into: Set<string>): Set<string> {
  for (const key of before.keys()) if (before.get(key) !== after.get(key)) into.add(key);
  for (const key of after.keys()) if (!before.has(key)) into.add(key);
  return into;
}
