// Which files the index reads, and how it classifies them, from the path alone.

import { parseDefinitionPath } from '../flags/definitionPath';

export type FileLanguage = 'ruby' | 'js' | 'definition';

const BY_EXTENSION = new Map<string, FileLanguage>([
  ...['rb', 'rake', 'haml', 'erb', 'ru'].map((extension): [string, FileLanguage] => [extension, 'ruby']),
  ...['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue'].map((extension): [string, FileLanguage] => [extension, 'js']),
]);

/**
 * Which scanner handles a path (relative to the root, with forward slashes), if any.
 * NOTE: called for every listed file (60,000 in GitLab), so a map lookup rather than regexes.
 */
export function languageOf(relativePath: string): FileLanguage | undefined {
  const dot = relativePath.lastIndexOf('.');
  if (dot === -1) return undefined;
  const extension = relativePath.slice(dot + 1);
  const language = BY_EXTENSION.get(extension);
  if (language) return language;
  if (extension === 'yml' && parseDefinitionPath(relativePath)) return 'definition';
  return undefined;
}

export function isSpecPath(relativePath: string): boolean {
  return /(?:^|\/)(?:spec|specs|qa|test|tests|__tests__)\//.test(relativePath) || /(?:_spec\.rb|\.spec\.[jt]sx?|\.test\.[jt]sx?)$/.test(relativePath);
}
