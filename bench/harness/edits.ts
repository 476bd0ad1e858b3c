// Changes 1% of a tree's files for the warm-start-after-edits measurement. Lines are appended
// as comments in each file's syntax, so the manifest's positions stay valid.

import { appendFileSync, readdirSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { Random } from '../generator/random';

const COMMENT: Record<string, (n: number) => string> = {
  '.rb': (n) => `# bench edit ${n}\n`,
  '.yml': (n) => `# bench edit ${n}\n`,
  '.haml': (n) => `-# bench edit ${n}\n`,
  '.js': (n) => `// bench edit ${n}\n`,
  '.scss': (n) => `// bench edit ${n}\n`,
  '.vue': (n) => `<!-- bench edit ${n} -->\n`,
  '.md': (n) => `Bench edit ${n}.\n`,
};

/** Text files of the tree (no .git), relative and sorted, so picks are reproducible. */
export function listTextFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && COMMENT[extname(entry.name)]) out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

/** Appends a comment line to `count` of the files. */
export function editFiles(root: string, files: string[], count: number, rng: Random, round: number): void {
  const picked = rng.shuffle([...files]).slice(0, count);
  for (const file of picked) appendFileSync(join(root, file), COMMENT[extname(file)](round));
}
