// Flag cleanup: the pure core behind the "Remove flag…" code action and `gitlab-flags cleanup`.
//
// planCleanup rewrites every file that references a flag so the code keeps one behaviour
// (enabled or disabled), deletes the YAML definition (and its prepared .patch), and lists
// what it could not do safely. Nothing is written to disk here: callers apply `changes` and
// `deletes`, or print `unifiedDiff`.
//
// Conventions of the output:
// - `manual` positions are 0-based (LSP style) and point into `after` for a changed file,
//   into the original text otherwise.
// - A file whose rewrite adds parse errors, or whose rules do not settle, is left untouched
//   and listed in `refused`; its references are not repeated in `manual`.
// - `wasmDir` is either dist/wasm (files side by side) or node_modules (files inside their
//   packages); see nodeModulesWasmDir for tests.
// See docs/cleanup.md for every rewrite.

import { existsSync } from 'node:fs';
import { camelize } from '../flags/naming';
import { checklist, commitMessage } from './changelog';
import type { FlagNames, RewriteResult } from './engine';
import { treeSitterErrors } from './guards';
import { hamlIndentProblems, rewriteHaml } from './haml';
import { grammarForPath, rewriteJs } from './javascript';
import { loadParsers, type Parsers } from './parsers';
import { rewriteRuby } from './ruby';
import { Lines } from './text';
import { unifiedDiff as diffText } from './unifiedDiff';
import { rewriteVue, sfcParseErrors } from './vue';

export { nodeModulesWasmDir } from './parsers';

export interface CleanupInput {
  /** snake_case name, e.g. 'my_flag'; the frontend spelling is camelize(flag). */
  flag: string;
  keep: 'enabled' | 'disabled';
  /** Every file that references the flag (Ruby, HAML, ERB, JS, TS, Vue, YAML). */
  files: { path: string; text: string }[];
  /** YAML definition paths to delete; a sibling .patch is deleted too when it exists on disk. */
  definitionFiles: string[];
  /** dist/wasm at run time, node_modules in a source checkout. */
  wasmDir: string;
}

export interface ManualItem {
  path: string;
  line: number;
  character: number;
  reason: string;
}

export interface CleanupOutput {
  changes: { path: string; before: string; after: string }[];
  deletes: string[];
  manual: ManualItem[];
  refused: { path: string; reason: string }[];
  commitMessage: string;
  checklist: string[];
}

type Language = 'ruby' | 'haml' | 'js' | 'vue' | 'erb' | 'other';

function languageOf(path: string): Language {
  if (/\.(rb|rake)$/.test(path) || /(^|\/)(Gemfile|Rakefile)$/.test(path)) return 'ruby';
  if (path.endsWith('.haml')) return 'haml';
  if (/\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/.test(path)) return 'js';
  if (path.endsWith('.vue')) return 'vue';
  if (path.endsWith('.erb')) return 'erb';
  return 'other';
}

function rewrite(language: Language, path: string, text: string, parsers: Parsers, names: FlagNames): RewriteResult | undefined {
  switch (language) {
    case 'ruby':
      return rewriteRuby(text, parsers, names);
    case 'haml':
      return rewriteHaml(text, parsers, names);
    case 'js':
      return rewriteJs(text, grammarForPath(path), parsers, names);
    case 'vue':
      return rewriteVue(text, parsers, names);
    default:
      return undefined;
  }
}

/** A number that grows when a file stops parsing; compared before and after a rewrite. */
function parseProblems(language: Language, path: string, text: string, parsers: Parsers): number {
  switch (language) {
    case 'ruby':
      return treeSitterErrors(parsers, 'ruby', text);
    case 'js':
      return treeSitterErrors(parsers, grammarForPath(path), text);
    case 'vue':
      return sfcParseErrors(text) + vueScriptErrors(text, parsers);
    case 'haml':
      return hamlIndentProblems(text);
    default:
      return 0;
  }
}

function vueScriptErrors(text: string, parsers: Parsers): number {
  const match = /<script\b([^>]*)>([\s\S]*?)<\/script>/.exec(text);
  if (!match) return 0;
  const lang = /\blang=["'](\w+)["']/.exec(match[1])?.[1];
  return treeSitterErrors(parsers, lang === 'ts' ? 'typescript' : lang === 'tsx' ? 'tsx' : 'javascript', match[2]);
}

/** Every place the flag's name still appears: shapes no rule rewrote must not be lost. */
function leftovers(text: string, names: FlagNames): number[] {
  const spellings = names.camel === names.flag ? [names.flag] : [names.flag, names.camel];
  const offsets: number[] = [];
  for (const spelling of spellings) {
    for (const match of text.matchAll(new RegExp(`(?<![A-Za-z0-9_])${spelling}(?![A-Za-z0-9_])`, 'g'))) offsets.push(match.index);
  }
  return offsets.sort((a, b) => a - b);
}

const LEFTOVER_REASON = 'flag name still present (a description, a comment, or a shape cleanup does not rewrite)';
const UNSUPPORTED_REASON: Partial<Record<Language, string>> = {
  erb: 'ERB template: rewrite this reference by hand',
  other: 'reference in a file type cleanup does not rewrite',
};

export async function planCleanup(input: CleanupInput): Promise<CleanupOutput> {
  const names: FlagNames = { flag: input.flag, camel: camelize(input.flag), keep: input.keep };
  const parsers = await loadParsers(input.wasmDir);
  const definitions = new Set(input.definitionFiles);
  const output: CleanupOutput = { changes: [], deletes: [], manual: [], refused: [], commitMessage: '', checklist: [] };

  for (const file of [...input.files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (definitions.has(file.path)) continue;
    const language = languageOf(file.path);
    const result = rewrite(language, file.path, file.text, parsers, names);
    if (result?.failure) {
      output.refused.push({ path: file.path, reason: result.failure });
      continue;
    }
    const after = result?.text ?? file.text;
    if (after !== file.text && parseProblems(language, file.path, after, parsers) > parseProblems(language, file.path, file.text, parsers)) {
      output.refused.push({ path: file.path, reason: 'the rewritten file would not parse; clean it up by hand' });
      continue;
    }
    if (after !== file.text) output.changes.push({ path: file.path, before: file.text, after });

    const lines = new Lines(after);
    const noted = new Set<number>();
    const add = (offset: number, reason: string) => {
      const { line, character } = lines.position(offset);
      output.manual.push({ path: file.path, line, character, reason });
      noted.add(line);
    };
    for (const note of result?.notes ?? []) add(note.offset, note.reason);
    for (const offset of leftovers(after, names)) {
      if (!noted.has(lines.lineOf(offset))) add(offset, UNSUPPORTED_REASON[language] ?? LEFTOVER_REASON);
    }
  }

  for (const definition of [...input.definitionFiles].sort()) {
    output.deletes.push(definition);
    const patch = definition.replace(/\.ya?ml$/, '.patch');
    if (patch !== definition && existsSync(patch)) output.deletes.push(patch);
  }

  const summary = {
    flag: input.flag,
    keep: input.keep,
    definitionFiles: input.definitionFiles,
    touchedPaths: [...output.changes.map((change) => change.path), ...output.deletes],
    manualCount: output.manual.length,
    refusedCount: output.refused.length,
  };
  output.commitMessage = commitMessage(summary);
  output.checklist = checklist(summary);
  return output;
}

export function unifiedDiff(output: CleanupOutput, root: string): string {
  return diffText(output, root);
}
