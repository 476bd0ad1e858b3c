// The files the server indexes, as the client's document selector and file watchers see them.
// One list, so the editor never serves or watches a file type the index ignores, or the reverse.
//
// NOTE: this must equal the extensions of server/src/index/languages.ts (BY_EXTENSION, not exported
// yet); once that module exports its list, import it here instead of repeating it.

export const INDEXED_EXTENSIONS = ['rb', 'rake', 'haml', 'erb', 'ru', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue'] as const;

/** Source files that may reference flags, by extension (no language id is needed: HAML, ERB and Vue have none built in). */
export const SOURCE_GLOB = `**/*.{${INDEXED_EXTENSIONS.join(',')}}`;

/** Flag definitions: config/feature_flags/<type>/<name>.yml, also under ee/ and jh/. */
export const DEFINITION_GLOB = '**/config/feature_flags/*/*.yml';

export const INDEXED_GLOBS = [SOURCE_GLOB, DEFINITION_GLOB] as const;
