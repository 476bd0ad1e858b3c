type Env = NodeJS.ProcessEnv;
/** GITLAB_FLAGS_ENVIRONMENTS: the environment list as JSON text (undefined when unset or blank). */
export declare const environmentsJson: (env?: Env) => string | undefined;
/** GITLAB_FLAGS_ENVIRONMENTS_FILE: the language server's environment list file. */
export declare const environmentsFile: (env?: Env) => string | undefined;
/** GITLAB_FLAGS_TOKEN_<NAME>: an environment's admin token. */
export declare const tokenFromEnvironment: (variable: string, env?: Env) => string | undefined;
/** GITLAB_FLAGS_AUDIT_LOG, else $XDG_STATE_HOME/gitlab-flags/audit.jsonl, else ~/.local/state/…. */
export declare function auditLogFile(env?: Env): string;
/** $XDG_CACHE_HOME/gitlab-flags (default ~/.cache/gitlab-flags): where index caches live. */
export declare const cacheHome: (env?: Env) => string;
/** $XDG_CONFIG_HOME (default ~/.config): git's global ignore and config files live under it. */
export declare const configHome: (env?: Env) => string;
/** GITLAB_FLAGS_NO_CACHE=1: the language server keeps no index cache. */
export declare const noCache: (env?: Env) => boolean;
/** GITLAB_FLAGS_WORKERS: scan threads besides the main one (0: everything on one thread). */
export declare function workerCount(env?: Env): number | undefined;
/** GITLAB_FLAGS_SCAN_TIMEOUT_MS: the per-file scan budget, when a number of at least 0. */
export declare function scanTimeoutMs(env?: Env): number | undefined;
/** GITLAB_FLAGS_EVENT_DEBOUNCE_MS: how long the server gathers file events (default 100). */
export declare function eventDebounceMs(env?: Env): number;
/** GITLAB_FLAGS_TRACE=1: print each indexing phase's time to stderr. */
export declare const traceEnabled: (env?: Env) => boolean;
/** GITLAB_FLAGS_DEBUG: the CLI prints the stack of an unexpected error. */
export declare const debugEnabled: (env?: Env) => boolean;
/** GITLAB_FLAGS_WASM_DIR: where the tree-sitter runtime and grammars are (default: beside the bundle). */
export declare const wasmDirectoryOverride: (env?: Env) => string | undefined;
export {};
