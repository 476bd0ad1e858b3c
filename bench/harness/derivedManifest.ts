// A stand-in manifest for a tree the generator did not write (a held-out tree, or a real
// checkout): flag names come from the tree's YAML definitions, request positions and the large
// file for didChange from `gitlab-flags refs`. Timings need nothing more; accuracy scoring does
// (it needs ground truth), so it is refused for such trees.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { camelize } from '../../server/src/flags/naming';
import { runRefs } from '../accuracy';
import type { Manifest, ManifestFlag, ManifestLargeFile, ManifestReference } from '../generator/manifest';

const DEFINITION = /(?:^|\/)(ee\/|jh\/)?config\/feature_flags\/([^/]+)\/[^/]+\.yml$/;
const LARGE_FILE_LINES = 2000;

/** Every file under the tree (not .git), relative, with its size. */
function walk(root: string): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  const visit = (directory: string, prefix: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(join(directory, entry.name), relative);
      else if (entry.isFile()) out.push({ path: relative, size: statSync(join(directory, entry.name)).size });
    }
  };
  visit(root, '');
  return out;
}

export async function deriveManifest(tree: string): Promise<Manifest> {
  const files = walk(tree);
  const flags: ManifestFlag[] = [];
  for (const { path } of files) {
    const match = DEFINITION.exec(path);
    if (!match) continue;
    const name = basename(path, '.yml');
    flags.push({ name, camel: camelize(name), type: match[2], ee: match[1] === 'ee/', definition: path });
  }
  const references: ManifestReference[] = (await runRefs(tree))
    .filter((row) => row.kind !== 'definition')
    .map((row) => ({ flag: row.flag, kind: row.kind as ManifestReference['kind'], path: row.path, line: row.line, character: row.character, endLine: row.endLine, endCharacter: row.endCharacter, form: 'derived', name: row.flag }));
  return {
    version: 1,
    seed: 0,
    flagCount: flags.length,
    fileCount: files.length,
    bytes: files.reduce((sum, file) => sum + file.size, 0),
    flags,
    references,
    dynamic: [],
    optional: [],
    largeFiles: largeRubyFiles(tree, references),
  };
}

/** Ruby files of 2,000+ lines with references; a new statement goes before the first check. */
function largeRubyFiles(tree: string, references: ManifestReference[]): ManifestLargeFile[] {
  const byPath = new Map<string, ManifestReference[]>();
  for (const reference of references) {
    if (!reference.path.endsWith('.rb')) continue;
    byPath.set(reference.path, [...(byPath.get(reference.path) ?? []), reference]);
  }
  const out: ManifestLargeFile[] = [];
  for (const [path, found] of byPath) {
    const lines = readFileSync(join(tree, path), 'utf8').split('\n');
    const check = found.find((reference) => reference.kind === 'check');
    if (lines.length < LARGE_FILE_LINES || !check) continue;
    out.push({ path, lines: lines.length, references: found.length, statementLine: check.line, indent: /^\s*/.exec(lines[check.line])![0] });
  }
  return out;
}
