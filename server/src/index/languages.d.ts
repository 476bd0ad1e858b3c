export type FileLanguage = 'ruby' | 'js' | 'definition' | 'markdown';
/**
 * Which scanner handles a path (relative to the root, with forward slashes), if any.
 * NOTE: called for every listed file (60,000 in GitLab), so a map lookup rather than regexes.
 */
export declare function languageOf(relativePath: string): FileLanguage | undefined;
/**
 * The Markdown files that hold rollout plans: GitLab's issue templates (the rollout template
 * among them), and any file whose name says "rollout" (a rollout issue kept beside the code),
 * except under doc/, where GitLab documents chatops' options, deprecated ones included. Only
 * these are read, for chatops lines that use percentage of time (see scanMarkdown.ts).
 */
export declare function isRolloutPlan(relativePath: string): boolean;
export declare function isSpecPath(relativePath: string): boolean;
