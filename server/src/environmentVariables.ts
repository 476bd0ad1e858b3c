// Every environment variable the program reads, read here and only here, so one table (README,
// "Environment variables") lists them all. Callers pass `env` where a test or the CLI's own
// environment matters; the default is the process's. Tokens (GITLAB_FLAGS_TOKEN_<NAME>) are named
// per environment, so TokenStore (gitlab/environments.ts) reads them through tokenFromEnvironment.

import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = NodeJS.ProcessEnv;

/** GITLAB_FLAGS_ENVIRONMENTS: the environment list as JSON text (undefined when unset or blank). */
export const environmentsJson = (env: Env = process.env): string | undefined => (env.GITLAB_FLAGS_ENVIRONMENTS?.trim() ? env.GITLAB_FLAGS_ENVIRONMENTS : undefined);

/** GITLAB_FLAGS_ENVIRONMENTS_FILE: the language server's environment list file. */
export const environmentsFile = (env: Env = process.env): string | undefined => env.GITLAB_FLAGS_ENVIRONMENTS_FILE || undefined;

/** GITLAB_FLAGS_TOKEN_<NAME>: an environment's admin token. */
export const tokenFromEnvironment = (variable: string, env: Env = process.env): string | undefined => env[variable] || undefined;

/** GITLAB_FLAGS_AUDIT_LOG, else $XDG_STATE_HOME/gitlab-flags/audit.jsonl, else ~/.local/state/…. */
export function auditLogFile(env: Env = process.env): string {
  if (env.GITLAB_FLAGS_AUDIT_LOG) return env.GITLAB_FLAGS_AUDIT_LOG;
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'gitlab-flags', 'audit.jsonl');
}

/** $XDG_CACHE_HOME/gitlab-flags (default ~/.cache/gitlab-flags): where index caches live. */
export const cacheHome = (env: Env = process.env): string => join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gitlab-flags');

/** $XDG_CONFIG_HOME (default ~/.config): git's global ignore and config files live under it. */
export const configHome = (env: Env = process.env): string => env.XDG_CONFIG_HOME || join(homedir(), '.config');

/** GITLAB_FLAGS_NO_CACHE=1: the language server keeps no index cache. */
export const noCache = (env: Env = process.env): boolean => env.GITLAB_FLAGS_NO_CACHE === '1';

/** GITLAB_FLAGS_WORKERS: scan threads besides the main one (0: everything on one thread). */
export function workerCount(env: Env = process.env): number | undefined {
  if (env.GITLAB_FLAGS_WORKERS === undefined || env.GITLAB_FLAGS_WORKERS === '') return undefined;
  const value = Number(env.GITLAB_FLAGS_WORKERS);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** GITLAB_FLAGS_SCAN_TIMEOUT_MS: the per-file scan budget, when a number of at least 0. */
export function scanTimeoutMs(env: Env = process.env): number | undefined {
  const text = env.GITLAB_FLAGS_SCAN_TIMEOUT_MS;
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** GITLAB_FLAGS_EVENT_DEBOUNCE_MS: how long the server gathers file events (default 100). */
export function eventDebounceMs(env: Env = process.env): number {
  const value = Number(env.GITLAB_FLAGS_EVENT_DEBOUNCE_MS ?? 100);
  return Number.isFinite(value) && value >= 0 ? value : 100;
}

/** GITLAB_FLAGS_TRACE=1: print each indexing phase's time to stderr. */
export const traceEnabled = (env: Env = process.env): boolean => env.GITLAB_FLAGS_TRACE === '1';

/** GITLAB_FLAGS_DEBUG: the CLI prints the stack of an unexpected error. */
export const debugEnabled = (env: Env = process.env): boolean => !!env.GITLAB_FLAGS_DEBUG;

/** GITLAB_FLAGS_WASM_DIR: where the tree-sitter runtime and grammars are (default: beside the bundle). */
export const wasmDirectoryOverride = (env: Env = process.env): string | undefined => env.GITLAB_FLAGS_WASM_DIR || undefined;
