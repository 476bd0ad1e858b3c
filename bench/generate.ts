// Generates a GitLab-shaped tree (flags, YAML definitions, Ruby, specs, HAML, JS, Vue, Jest,
// QA) deterministically from a seed, plus a manifest of every planted reference, written
// OUTSIDE the tree so the index under test never sees it.
//
//   node --import tsx bench/generate.ts [--out DIR] [--flags N] [--files N] [--seed S] [--no-git]

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, runMain, ArgsError } from './args';
import { layOut } from './generator/files';
import { Filler } from './generator/filler';
import { definitionPath, definitionYaml, generateFlags } from './generator/flags';
import { planFiles } from './generator/layout';
import type { Manifest, ManifestLargeFile } from './generator/manifest';
import { plantReferences } from './generator/plan';
import { Random } from './generator/random';
import { renderFile } from './generator/render';

export interface GenerateOptions {
  out: string;
  flags: number;
  files: number;
  seed: number;
  git: boolean;
}

export interface GenerateResult {
  manifest: Manifest;
  manifestPath: string;
  generateMs: number;
  gitMs: number;
}

export const DEFAULTS = { flags: 2500, files: 60000, seed: 1 };

export function defaultTreeDir(flags: number, files: number, seed: number): string {
  return join(tmpdir(), 'gitlab-flags-bench', `tree-${flags}-${files}-${seed}`);
}

/** The manifest sits beside the tree, never inside it. */
export function manifestPathFor(tree: string): string {
  return `${resolve(tree)}.manifest.json`;
}

function prepareOutDir(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) {
    // NOTE: only a directory we generated (it has a manifest beside it) is ever deleted.
    if (!existsSync(manifestPathFor(out))) {
      throw new ArgsError(`'${out}' is not empty and is not a generated tree; choose a new directory`);
    }
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
}

export function generateTree(options: GenerateOptions): GenerateResult {
  if (options.flags < 4) throw new ArgsError('--flags must be at least 4');
  const out = resolve(options.out);
  prepareOutDir(out);
  const started = performance.now();

  const rng = new Random(options.seed);
  const flags = generateFlags(rng, options.flags);
  const filler = new Filler(rng, flags);
  const definedFlags = flags.filter((f) => f.defined);
  const sourceCount = Math.max(40, options.files - definedFlags.length);
  const files = planFiles(rng, filler, sourceCount);
  plantReferences(rng, flags, files);

  const manifest: Manifest = {
    version: 1,
    seed: options.seed,
    flagCount: definedFlags.length,
    fileCount: 0,
    bytes: 0,
    flags: flags.map((f) => ({ name: f.name, camel: f.camel, type: f.type, ee: f.ee, ...(f.defined ? { definition: definitionPath(f) } : {}) })),
    references: [],
    dynamic: [],
    optional: [],
    largeFiles: [],
  };
  const madeDirs = new Set<string>();
  const write = (path: string, content: string | Buffer) => {
    const absolute = join(out, path);
    const dir = dirname(absolute);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeFileSync(absolute, content);
    manifest.fileCount++;
    manifest.bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  };

  for (const flag of definedFlags) {
    const path = definitionPath(flag);
    const text = definitionYaml(rng, flag, flags);
    write(path, text);
    const character = 'name: '.length;
    manifest.references.push({
      flag: flag.name,
      path,
      line: 1,
      character,
      endLine: 1,
      endCharacter: character + flag.name.length,
      kind: 'definition',
      form: flag.ee ? 'ee-yaml-definition' : 'yaml-definition',
      name: flag.name,
    });
  }

  for (const file of files) {
    if (file.category === 'binary') {
      const bytes = Buffer.alloc(rng.int(200, 20000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
      write(file.path, bytes);
      continue;
    }
    const laidOut = layOut(file, filler);
    const rendered = renderFile(file.path, laidOut.lines);
    write(file.path, rendered.text);
    manifest.references.push(...rendered.references);
    manifest.dynamic.push(...rendered.dynamic);
    manifest.optional.push(...rendered.optional);
    if (file.large && rendered.references.length > 0 && laidOut.statementLine !== undefined) {
      const large: ManifestLargeFile = {
        path: file.path,
        lines: laidOut.lines.length,
        references: rendered.references.length,
        statementLine: laidOut.statementLine,
        indent: laidOut.statementIndent ?? '',
      };
      manifest.largeFiles.push(large);
    }
  }
  manifest.references.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.character - b.character));

  const manifestPath = manifestPathFor(out);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
  const generateMs = performance.now() - started;

  const gitStarted = performance.now();
  if (options.git) initGitRepo(out);
  return { manifest, manifestPath, generateMs, gitMs: performance.now() - gitStarted };
}

/**
 * The indexer lists files with `git ls-files`, so the tree is committed like a checkout. Automatic
 * gc is off: after committing 60,000 loose objects, git would otherwise repack in the background
 * for minutes, on the same two cores the first measured runs use.
 */
function initGitRepo(dir: string): void {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  git('init', '-q');
  git('config', 'gc.auto', '0');
  git('config', 'maintenance.auto', 'false');
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '--no-verify', '-m', 'Generated tree');
}

const OPTIONS = { out: 'string', flags: 'number', files: 'number', seed: 'number', git: 'boolean' } as const;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), OPTIONS);
  const flags = args.flags ?? DEFAULTS.flags;
  const files = args.files ?? DEFAULTS.files;
  const seed = args.seed ?? DEFAULTS.seed;
  const result = generateTree({ out: args.out ?? defaultTreeDir(flags, files, seed), flags, files, seed, git: args.git ?? true });
  const m = result.manifest;
  process.stdout.write(
    [
      `tree:       ${resolve(args.out ?? defaultTreeDir(flags, files, seed))}`,
      `manifest:   ${result.manifestPath}`,
      `files:      ${m.fileCount} (${(m.bytes / 1e6).toFixed(1)} MB), flags defined: ${m.flagCount}`,
      `references: ${m.references.length} (+ ${m.dynamic.length} dynamic, ${m.optional.length} optional)`,
      `large files with references: ${m.largeFiles.length}`,
      `generated in ${(result.generateMs / 1000).toFixed(1)} s; git setup ${(result.gitMs / 1000).toFixed(1)} s`,
    ].join('\n') + '\n',
  );
  return 0;
}

if (require.main === module) runMain('generate', main);
