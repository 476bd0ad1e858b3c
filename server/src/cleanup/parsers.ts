// Loads web-tree-sitter and the grammars once per process. The same wasm files sit flat in
// dist/wasm at run time and under node_modules/<package>/ in a source checkout, so a file is
// looked up in both layouts.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export type GrammarName = 'ruby' | 'javascript' | 'typescript' | 'tsx';

const GRAMMAR_FILES: Record<GrammarName, { pkg: string; file: string }> = {
  ruby: { pkg: 'tree-sitter-ruby', file: 'tree-sitter-ruby.wasm' },
  javascript: { pkg: 'tree-sitter-javascript', file: 'tree-sitter-javascript.wasm' },
  typescript: { pkg: 'tree-sitter-typescript', file: 'tree-sitter-typescript.wasm' },
  tsx: { pkg: 'tree-sitter-typescript', file: 'tree-sitter-tsx.wasm' },
};

/** Finds `file` directly in `wasmDir` (dist/wasm) or in `wasmDir/<pkg>/` (node_modules). */
export function resolveWasmFile(wasmDir: string, pkg: string, file: string): string {
  for (const candidate of [join(wasmDir, file), join(wasmDir, pkg, file)]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`Cannot find ${file} in ${wasmDir} (expected dist/wasm or node_modules layout).`);
}

/** The wasm directory of a source checkout: node_modules, whose packages hold the grammars. */
export function nodeModulesWasmDir(projectRoot: string): string {
  return join(projectRoot, 'node_modules');
}

let runtime: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

function initRuntime(wasmDir: string): Promise<void> {
  runtime ??= Parser.init({
    locateFile: () => resolveWasmFile(wasmDir, 'web-tree-sitter', 'tree-sitter.wasm'),
  });
  return runtime;
}

export interface Parsers {
  parse(grammar: GrammarName, text: string): Tree;
}

/** Loads every grammar up front so the rewrites themselves stay synchronous. */
export async function loadParsers(wasmDir: string): Promise<Parsers> {
  await initRuntime(wasmDir);
  const parsers = new Map<GrammarName, Parser>();
  for (const name of Object.keys(GRAMMAR_FILES) as GrammarName[]) {
    const { pkg, file } = GRAMMAR_FILES[name];
    const path = resolveWasmFile(wasmDir, pkg, file);
    let language = languages.get(path);
    if (!language) {
      language = Language.load(path);
      languages.set(path, language);
    }
    const parser = new Parser();
    parser.setLanguage(await language);
    parsers.set(name, parser);
  }
  return {
    parse(grammar, text) {
      const tree = parsers.get(grammar)!.parse(text);
      if (!tree) throw new Error(`tree-sitter returned no tree for a ${grammar} file`);
      return tree;
    },
  };
}
