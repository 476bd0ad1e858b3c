// Which files the index reads, and how it classifies them, from the path alone.

import { parseDefinitionPath } from '../flags/definitionPath';

export type FileLanguage = 'ruby' | 'js' | 'definition';

const RUBY = /\.(rb|rake|haml|erb|ru)$/;
const JS = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx|vue)$/;

/** Which scanner handles a path (relative to the root, with forward slashes), if any. */
export function languageOf(relativePath: string): FileLanguage | undefined {
  if (RUBY.test(relativePath)) return 'ruby';
  if (JS.test(relativePath)) return 'js';
  if (relativePath.endsWith('.yml') && parseDefinitionPath(relativePath)) return 'definition';
  return undefined;
}

export function isSpecPath(relativePath: string): boolean {
  return /(?:^|\/)(?:spec|specs|qa|test|tests|__tests__)\//.test(relativePath) || /(?:_spec\.rb|\.spec\.[jt]sx?|\.test\.[jt]sx?)$/.test(relativePath);
}
