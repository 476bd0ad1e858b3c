// A small git work tree for warm-start tests: a definition, references, an empty nested
// directory and an ignored one, with every time set back outside the listing stamp's racy window.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FlagIndex } from '../../server/src/index/flagIndex';

export function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Sets every directory's and file's times (git's index and config too) a minute back, outside the racy window. */
export function backdate(root: string): void {
  const past = new Date(Date.now() - 60_000);
  for (const file of ['.git/index', '.git/config', '.git/info/exclude']) utimesSync(join(root, file), past, past);
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      utimesSync(path, past, past);
    }
  };
  walk(root);
  utimesSync(root, past, past);
}

/** A git work tree with a definition, references, an empty nested directory and an ignored one. */
export function makeRepository(): { root: string; cacheBase: string } {
  const root = mkdtempSync(join(tmpdir(), 'gitlab-flags-stamp-'));
  const cacheBase = mkdtempSync(join(tmpdir(), 'gitlab-flags-stamp-cache-'));
  write(root, 'config/feature_flags/wip/known_flag.yml', '---\nname: known_flag\ntype: wip\ndefault_enabled: false\n');
  write(root, 'app/models/user.rb', 'Feature.enabled?(:known_flag)\n');
  write(root, 'app/assets/javascripts/a.js', 'gon.features.knownFlag;\n');
  write(root, 'app/ignored.rb', 'Feature.enabled?(:ignored_flag)\n');
  write(root, 'uploads/x.rb', 'Feature.enabled?(:uploaded_flag)\n');
  write(root, '.gitignore', 'app/ignored.rb\n/uploads/\n');
  mkdirSync(join(root, 'app/empty/deeper'), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'tree');
  backdate(root);
  return { root, cacheBase };
}

export function snapshot(index: FlagIndex): string[] {
  const out: string[] = [];
  for (const key of [...index.keys()].sort()) {
    for (const found of index.references(key)) out.push(`${key} ${found.file} ${found.item.kind} ${found.item.range.start.line}:${found.item.range.start.character}`);
    for (const definition of index.definitions(key)) out.push(`${key} defined ${definition.file}`);
  }
  return out;
}

