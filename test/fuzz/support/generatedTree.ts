// A GitLab-shaped tree from the bench generator (bench/generate.ts), sized for CI or for
// `npm run fuzz`, in a fresh temporary directory with its manifest of planted references.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTree } from '../../../bench/generate';
import type { Manifest } from '../../../bench/generator/manifest';
import { LONG_RUN } from './fuzzConfig';

export interface Tree {
  root: string;
  manifest: Manifest;
  remove(): void;
}

export const TREE_SIZE = LONG_RUN ? { flags: 1000, files: 20_000 } : { flags: 300, files: 6000 };

export function generatedTree(seed: number, size = TREE_SIZE): Tree {
  const parent = mkdtempSync(join(tmpdir(), 'gitlab-flags-load-tree-'));
  const root = join(parent, 'tree');
  const { manifest } = generateTree({ out: root, flags: size.flags, files: size.files, seed, git: false });
  return { root, manifest, remove: () => rmSync(parent, { recursive: true, force: true }) };
}
