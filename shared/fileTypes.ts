// The one list of file types the index reads. The server's discovery and classification, its
// file watcher, and the VS Code client's document selector and watcher all derive from it, so a
// type can never be indexed but not watched, or served but not indexed. No imports: the client
// bundles it too.

/** Ruby, HAML and ERB: read by the Ruby scanner. */
export const RUBY_EXTENSIONS = ['rb', 'rake', 'haml', 'erb', 'ru'] as const;

/** JavaScript, TypeScript and Vue: read by the JS scanner. */
export const JS_EXTENSIONS = ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue'] as const;

export const SOURCE_EXTENSIONS = [...RUBY_EXTENSIONS, ...JS_EXTENSIONS] as const;

/** Every source file that may reference a flag. */
export const SOURCE_GLOB = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;

/** Flag definitions: config/feature_flags/<type>/<name>.yml, also under ee/ and jh/. */
export const DEFINITION_GLOB = '**/config/feature_flags/*/*.yml';

/** Rollout plans (Markdown) the index reads for chatops lines; see index/languages.ts isRolloutPlan. */
export const ROLLOUT_PLAN_GLOBS = ['.gitlab/issue_templates/**/*.md', '**/*{rollout,Rollout,ROLLOUT}*.md'] as const;
