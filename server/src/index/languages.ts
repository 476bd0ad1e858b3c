// Which files the index reads, and how it classifies them, from the path alone.

import { parseDefinitionPath } from '../flags/definitionPath';
import { JS_EXTENSIONS, RUBY_EXTENSIONS } from '../../../shared/fileTypes';

export type FileLanguage = 'ruby' | 'js' | 'definition' | 'markdown';

const BY_EXTENSION = new Map<string, FileLanguage>([
  ...RUBY_EXTENSIONS.map((extension): [string, FileLanguage] => [extension, 'ruby']),
  ...JS_EXTENSIONS.map((extension): [string, FileLanguage] => [extension, 'js']),
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
  if (extension === 'md' && isRolloutPlan(relativePath)) return 'markdown';
  return undefined;
}

/**
 * The Markdown files that hold rollout plans: GitLab's issue templates (the rollout template
 * among them), and any file whose name says "rollout" (a rollout issue kept beside the code),
 * except under doc/, where GitLab documents chatops' options, deprecated ones included. Only
 * these are read, for chatops lines that use percentage of time (see scanMarkdown.ts).
 */
export function isRolloutPlan(relativePath: string): boolean {
  if (relativePath.startsWith('.gitlab/issue_templates/')) return true;
  if (relativePath.startsWith('doc/')) return false;
  return /rollout/i.test(relativePath.slice(relativePath.lastIndexOf('/') + 1));
}

export function isSpecPath(relativePath: string): boolean {
  return /(?:^|\/)(?:spec|specs|qa|test|tests|__tests__)\//.test(relativePath) || /(?:_spec\.rb|\.spec\.[jt]sx?|\.test\.[jt]sx?)$/.test(relativePath);
}
